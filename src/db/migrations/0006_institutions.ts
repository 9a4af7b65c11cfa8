// The facility master (医療機関マスタ): every hospital, clinic, dental clinic, midwifery home and
// pharmacy an account can belong to. Keyed by prefecture and 機関コード (each prefecture numbers its
// own institutions); the 保険機関コード, when there is one, is unique nationwide.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .createTable('institutions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('prefecture_code', 'text', (c) => c.notNull())
    .addColumn('institution_code', 'text', (c) => c.notNull())
    .addColumn('insurance_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('building', 'text')
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addUniqueConstraint('institutions_code', ['prefecture_code', 'institution_code'])
    .execute();
  await db.schema.createIndex('institutions_insurance_code').on('institutions').column('insurance_code').unique().execute();
  await db.schema.createIndex('institutions_municipality').on('institutions').columns(['municipality_code', 'kind']).execute();
}
