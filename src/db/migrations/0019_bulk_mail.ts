// 一括メール配信 (issue 15): a campaign (what was written, to whom by which filter, sent once per
// idempotency key of its form), its recipients as chosen when it was sent (with the values of their
// placeholders), and one outbox row per recipient, unique by campaign and account so a restarted
// enqueue writes nobody twice. Outbox rows get a priority: transactional mail (0) is claimed before
// bulk mail (1), which the worker also rate-limits. A permanent refusal (SMTP 5xx) of mail to an
// account's address is kept as a 宛先不明 mark for that address (email_bounces), shown while the
// account still has it.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  await db.schema
    .alterTable('mail_outbox')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('mail_outbox').addColumn('campaign_id', 'text').execute();
  // NULLs are distinct in a unique index on both engines: only campaign mail is constrained.
  await db.schema.createIndex('mail_outbox_campaign_recipient').on('mail_outbox').columns(['campaign_id', 'account_id']).unique().execute();
  await db.schema.createIndex('mail_outbox_claim').on('mail_outbox').columns(['status', 'priority', 'next_attempt_at']).execute();

  await db.schema
    .createTable('bulk_mail_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    // From the compose form: two presses of 送信 carry the same key and make one campaign.
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // The recipient filter as chosen (JSON) and in words, for the result page.
    .addColumn('filter_json', 'text', (c) => c.notNull())
    .addColumn('filter_label', 'text', (c) => c.notNull())
    .addColumn('recipient_count', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('enqueuing', 'enqueued')`))
    .addColumn('created_at', d.bigint, (c) => c.notNull())
    .addColumn('enqueued_at', d.bigint)
    .execute();
  await db.schema.createIndex('bulk_mail_campaigns_key').on('bulk_mail_campaigns').columns(['sender_id', 'idempotency_key']).unique().execute();
  await db.schema.createIndex('bulk_mail_campaigns_sender').on('bulk_mail_campaigns').columns(['sender_id', 'created_at']).execute();

  await db.schema
    .createTable('bulk_mail_recipients')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    // The placeholders' values for this recipient (JSON), as they were when the campaign was sent.
    .addColumn('values_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bulk_mail_recipients_pk', ['campaign_id', 'account_id'])
    .execute();

  await db.schema
    .createTable('email_bounces')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('bounced_at', d.bigint, (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('mail_id', 'text')
    .execute();
}
