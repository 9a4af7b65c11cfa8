// 医療情報ネット 関係者ログイン: its own staff accounts (optionally linked to a G-MIS account by single
// sign-on), its sessions and its password-reset links.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .createTable('navi_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The ユーザーID typed at 関係者ログイン: half-width and case-sensitive, stored exactly as issued.
    .addColumn('user_id', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('must_change_password', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('gmis_account_id', 'text', (c) => c.unique().references('accounts.id').onDelete('set null'))
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addColumn('password_changed_at', t)
    .execute();
  // "Did this person have a 医療情報ネット account before their G-MIS account?" looks accounts up by
  // lower(email).
  await db.schema
    .createIndex('navi_accounts_email')
    .on('navi_accounts')
    .expression(sql`lower(email)`)
    .execute();

  await db.schema
    .createTable('navi_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('navi_account_id', 'text', (c) => c.notNull().references('navi_accounts.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('oidc_sid', 'text')
    .addColumn('oidc_id_token', 'text')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('last_seen_at', t, (c) => c.notNull())
    .addColumn('expires_at', t, (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('ended_at', t)
    .addColumn('end_reason', 'text')
    .execute();
  await db.schema.createIndex('navi_sessions_account').on('navi_sessions').column('navi_account_id').execute();
  await db.schema.createIndex('navi_sessions_oidc_sid').on('navi_sessions').column('oidc_sid').execute();

  await db.schema
    .createTable('navi_password_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('navi_account_id', 'text', (c) => c.notNull().references('navi_accounts.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('expires_at', t, (c) => c.notNull())
    .addColumn('consumed_at', t)
    .addColumn('superseded_at', t)
    .execute();
  await db.schema.createIndex('navi_password_links_account').on('navi_password_links').column('navi_account_id').execute();
}
