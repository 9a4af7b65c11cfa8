// The office's お知らせ editor and お問合せ inbox (issue 15, part 5b).
//
// お知らせ gain a life: 下書き (draft) → 公開 (published; a publication time in the future is
// 予約, scheduled) → 取り下げ (withdrawn, kept for the record). Users see only published rows whose
// time has come. `version` counts saves: an editor's form carries the version it showed, and a save
// of an older one is refused instead of overwriting a colleague's. A draft's published_at is only
// when it was written (the column stays NOT NULL); publishing sets the real time.
//
// お問合せ gain the office's state (new 新規 → in_progress 対応中 → answered 回答済 → closed 完了,
// reopened back to 対応中), their own version for the same optimistic check, a search key, and the
// thread of answers mailed to the sender (each answer names its outbox mail).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  // One column per statement: SQLite's ALTER TABLE adds one column at a time.
  await db.schema
    .alterTable('gmis_notices')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('published')
        .check(sql`status in ('draft', 'published', 'withdrawn')`),
    )
    .execute();
  await db.schema
    .alterTable('gmis_notices')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('gmis_notices').addColumn('updated_at', t).execute();
  await db.schema.alterTable('gmis_notices').addColumn('updated_by', 'text').execute();
  await db.schema.alterTable('gmis_notices').addColumn('withdrawn_at', t).execute();
  await db.schema.alterTable('gmis_notices').addColumn('withdrawn_by', 'text').execute();
  await db.schema.createIndex('gmis_notices_status').on('gmis_notices').columns(['status', 'published_at']).execute();

  await db.schema
    .alterTable('gmis_inquiries')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('new')
        .check(sql`status in ('new', 'in_progress', 'answered', 'closed')`),
    )
    .execute();
  await db.schema
    .alterTable('gmis_inquiries')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // When the office first opened it, and who.
  await db.schema.alterTable('gmis_inquiries').addColumn('read_at', t).execute();
  await db.schema.alterTable('gmis_inquiries').addColumn('read_by', 'text').execute();
  await db.schema.alterTable('gmis_inquiries').addColumn('updated_at', t).execute();
  await db.schema.alterTable('gmis_inquiries').addColumn('closed_at', t).execute();
  await db.schema.alterTable('gmis_inquiries').addColumn('closed_by', 'text').execute();
  // Reference, subject, body and contact normalised for search (searchKey), written with the row;
  // empty for rows from before this migration until backfilled below.
  await db.schema
    .alterTable('gmis_inquiries')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('gmis_inquiries_status').on('gmis_inquiries').columns(['status', 'created_at']).execute();
  // Rows from before: a plain lower-cased key (the search's keys are NFKC and lower case; older rows
  // were typed through the same normalising form).
  await sql`update gmis_inquiries set search_text = lower(reference || ' ' || subject || ' ' || body || ' ' || contact_email)`.execute(db);

  await db.schema
    .createTable('gmis_inquiry_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('gmis_inquiries.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('answered_at', t, (c) => c.notNull())
    // The office member's account and name when answered (the name stays if the account goes).
    .addColumn('answered_by', 'text')
    .addColumn('answered_by_name', 'text', (c) => c.notNull())
    .addColumn('sent_to', 'text', (c) => c.notNull())
    .addColumn('mail_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gmis_inquiry_answers_inquiry').on('gmis_inquiry_answers').columns(['inquiry_id', 'answered_at']).execute();
}
