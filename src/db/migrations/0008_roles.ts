// Who an account acts for, beyond its category: the institution an institution account belongs to,
// the permissions it holds (医療機能情報提供制度 …), the municipalities a health centre covers, and
// what a prefecture has delegated to another account (関係団体) for that prefecture.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .alterTable('accounts')
    .addColumn('institution_id', 'text', (c) => c.references('institutions.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('accounts_institution').on('accounts').column('institution_id').execute();

  await db.schema
    .createTable('account_permissions')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('permission', 'text', (c) => c.notNull())
    .addColumn('granted_at', t, (c) => c.notNull())
    .addColumn('granted_by', 'text')
    .addPrimaryKeyConstraint('account_permissions_pk', ['account_id', 'permission'])
    .execute();

  await db.schema
    .createTable('account_municipalities')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_municipalities_pk', ['account_id', 'municipality_code'])
    .execute();
  await db.schema.createIndex('account_municipalities_code').on('account_municipalities').column('municipality_code').execute();

  await db.schema
    .createTable('prefecture_delegations')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('prefecture_code', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('granted_at', t, (c) => c.notNull())
    .addPrimaryKeyConstraint('prefecture_delegations_pk', ['account_id', 'prefecture_code', 'action'])
    .execute();
}
