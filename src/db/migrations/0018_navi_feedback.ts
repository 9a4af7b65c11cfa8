// 医療情報ネット's ご意見 and 満足度調査 (issue 14): what visitors send the office, one row each, with
// no account and no address kept (the per-address flood limit counts in login_throttles; the audit
// event holds the origin as every event does). `kind` says which form: an opinion has a body and
// maybe a contact; a survey has its 5-level satisfaction, whether the visitor found what they looked
// for, and maybe a comment.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema
    .createTable('navi_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('opinion', 'survey')`))
    .addColumn('received_at', d.bigint, (c) => c.notNull())
    // The interface language the visitor used (ja, en).
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('topic', 'text')
    .addColumn('body', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('satisfaction', 'integer', (c) => c.check(sql`satisfaction between 1 and 5`))
    .addColumn('found', 'text', (c) => c.check(sql`found in ('yes', 'partly', 'no')`))
    .execute();
  await db.schema.createIndex('navi_feedback_received').on('navi_feedback').columns(['received_at', 'id']).execute();
}
