// 新規ユーザ登録申請 drafts: what the applicant has typed so far, kept on the server between the steps
// so that every POST answers 303 to a GET (back and reload never resend the form). A draft belongs to
// the browser holding its cookie (only the cookie's keyed hash is stored); a draft made for a returned
// application waits for the link in the 差し戻し mail instead (again only its keyed hash, used once).
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .createTable('registration_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('link_hash', 'text', (c) => c.unique())
    .addColumn('link_used_at', t)
    .addColumn('base', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('application_id', 'text', (c) => c.references('registration_applications.id').onDelete('cascade'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('submitted_number', 'text')
    .addColumn('submitted_id', 'text')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addColumn('expires_at', t, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('registration_drafts_expiry').on('registration_drafts').column('expires_at').execute();
  await db.schema.createIndex('registration_drafts_application').on('registration_drafts').column('application_id').execute();
}
