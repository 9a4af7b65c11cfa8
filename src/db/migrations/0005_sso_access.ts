// Who may use single sign-on to 医療情報ネット: SSO-use applications decided by the office, and the
// blocks a 「却下」 on the consent screen leaves until the office lifts them.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .createTable('sso_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('decision_reason', 'text')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('decided_at', t)
    .execute();
  await db.schema.createIndex('sso_applications_account').on('sso_applications').columns(['account_id', 'created_at']).execute();
  // One application waiting at a time per account, even when two submissions race.
  await db.schema
    .createIndex('sso_applications_one_pending')
    .on('sso_applications')
    .column('account_id')
    .unique()
    .where(sql.ref('status'), '=', sql.lit('pending'))
    .execute();

  await db.schema
    .createTable('sso_blocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('refused_at', t, (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('office_note', 'text')
    .addColumn('lifted_at', t)
    .addColumn('lifted_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .execute();
  // At most one open block per account and client: a second 「却下」 while blocked changes nothing.
  await db.schema
    .createIndex('sso_blocks_one_open')
    .on('sso_blocks')
    .columns(['account_id', 'client_id'])
    .unique()
    .where(sql.ref('lifted_at'), 'is', null)
    .execute();
}
