// The G-MIS portal: ユーザ基礎情報 columns on accounts, pending e-mail changes, お知らせ with per-user
// read marks, and お問合せ.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  // One column per statement: SQLite's ALTER TABLE adds one column at a time.
  for (const column of ['family_name', 'given_name', 'phone', 'extension', 'fax', 'department']) {
    await db.schema.alterTable('accounts').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('accounts').addColumn('profile_confirmed_at', t).execute();

  // A change of e-mail waits here until the link mailed to the new address is followed.
  await db.schema
    .createTable('account_email_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('old_email', 'text', (c) => c.notNull())
    .addColumn('new_email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('expires_at', t, (c) => c.notNull())
    .addColumn('consumed_at', t)
    .addColumn('superseded_at', t)
    .execute();
  await db.schema.createIndex('account_email_changes_account').on('account_email_changes').column('account_id').execute();

  await db.schema
    .createTable('gmis_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('published_at', t, (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    // Title and body normalised for search (NFKC, lower case), written with the notice.
    .addColumn('search_text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gmis_notices_published').on('gmis_notices').column('published_at').execute();

  await db.schema
    .createTable('gmis_notice_reads')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('gmis_notices.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('read_at', t, (c) => c.notNull())
    .addPrimaryKeyConstraint('gmis_notice_reads_pk', ['notice_id', 'account_id'])
    .execute();
  await db.schema.createIndex('gmis_notice_reads_account').on('gmis_notice_reads').column('account_id').execute();

  await db.schema
    .createTable('gmis_inquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    // Kept when the account goes: the office still needs the history.
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'text')
    .addColumn('created_at', t, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gmis_inquiries_account').on('gmis_inquiries').columns(['account_id', 'created_at']).execute();
}
