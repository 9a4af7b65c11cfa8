// 報告のリマインダー (issue 15 part 4): each prefecture's opt-in setting (on or off, how many days
// before its reporting window closes, its own subject and text), one row per reminder sent — unique
// per prefecture, fiscal year, scheme and days before, so inserting it is the claim that makes a
// reminder go out once however many workers poll — and the accounts each went to with their mail.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .createTable('reminder_settings')
    .addColumn('prefecture_code', 'text', (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull().check(sql`enabled in (0, 1)`))
    // The days before the window closes, largest first, comma-separated ("14,3").
    .addColumn('days_before', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('reminder_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('prefecture_code', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('days_before', 'integer', (c) => c.notNull())
    .addColumn('due_at', t, (c) => c.notNull())
    .addColumn('sent_at', t, (c) => c.notNull())
    // Institutions still 未報告 or 報告中 at the time, and mails enqueued for their accounts.
    .addColumn('institutions', 'integer', (c) => c.notNull())
    .addColumn('mails', 'integer', (c) => c.notNull())
    .addUniqueConstraint('reminder_sends_once', ['prefecture_code', 'fiscal_year', 'scheme', 'days_before'])
    .execute();
  await db.schema.createIndex('reminder_sends_by_prefecture').on('reminder_sends').columns(['prefecture_code', 'sent_at']).execute();

  await db.schema
    .createTable('reminder_recipients')
    .addColumn('send_id', 'text', (c) => c.notNull().references('reminder_sends.id').onDelete('cascade'))
    .addColumn('institution_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('mail_id', 'text', (c) => c.notNull())
    // 未報告 (no annual report) or 報告中 (a draft), as it was when the reminder went out.
    .addColumn('report_status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reminder_recipients_once', ['send_id', 'account_id'])
    .execute();
  await db.schema.createIndex('reminder_recipients_mail').on('reminder_recipients').column('mail_id').execute();
}
