// 臨時休診一括処理 (issue 15): a batch of temporary closures or changed hours that a prefecture or a
// health centre applied at once, and its closures, one per facility and date range. A batch is
// applied all or nothing and undone as a whole (its closures deleted, the batch kept with when and by
// whom). `idempotency_key` makes a form sent twice apply once. 医療情報ネット reads the closures by
// facility and date: its facility page, and 急いで探す (open at a moment), which leaves a facility
// closed that day out or uses its changed hours (at most two bands, minutes of the day).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const postgres = d.engine === 'postgres';
  await db.schema
    .createTable('closure_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('prefecture_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', d.bigint, (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('filter', 'csv')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('closures', 'integer', (c) => c.notNull())
    .addColumn('undone_at', d.bigint)
    .addColumn('undone_by', 'text')
    .execute();
  await db.schema.createIndex('closure_batches_prefecture').on('closure_batches').columns(['prefecture_code', 'created_at']).execute();

  await db.schema
    .createTable('temporary_closures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('closure_batches.id'))
    .addColumn('institution_id', 'text', (c) => c.notNull())
    // Compared with search_facilities.facility_id, which is "C" on PostgreSQL.
    .addColumn('facility_id', 'text', (c) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('closed', 'hours')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('open1', 'integer')
    .addColumn('close1', 'integer')
    .addColumn('open2', 'integer')
    .addColumn('close2', 'integer')
    .execute();
  await db.schema.createIndex('temporary_closures_facility').on('temporary_closures').columns(['facility_id', 'starts_on']).execute();
  await db.schema.createIndex('temporary_closures_batch').on('temporary_closures').column('batch_id').execute();
}
