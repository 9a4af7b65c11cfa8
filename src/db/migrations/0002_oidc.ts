// Single sign-on: oidc-provider's state (one table for every model it stores), its signing keys,
// the registered clients, the links between Med-Login sessions and the provider's sessions, the
// consents users gave, and the G-MIS sessions of the relying party.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .createTable('oidc_payloads')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('user_code', 'text')
    .addColumn('uid', 'text')
    .addColumn('expires_at', t)
    .addColumn('consumed_at', t)
    .addPrimaryKeyConstraint('oidc_payloads_pk', ['model', 'id'])
    .execute();
  await db.schema.createIndex('oidc_payloads_grant').on('oidc_payloads').column('grant_id').execute();
  await db.schema.createIndex('oidc_payloads_uid').on('oidc_payloads').columns(['model', 'uid']).execute();
  await db.schema.createIndex('oidc_payloads_expires').on('oidc_payloads').column('expires_at').execute();

  await db.schema
    .createTable('oidc_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    /** The private JWK, encrypted (AES-256-GCM) under a key derived from SECRET_KEY. */
    .addColumn('sealed_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('retired_at', t)
    .execute();

  await db.schema
    .createTable('oidc_clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('home_url', 'text', (c) => c.notNull())
    /** redirect_uris, post_logout_redirect_uris, backchannel_logout_uri … (never the secret). */
    .addColumn('metadata', 'text', (c) => c.notNull())
    /** 1: an application of this platform; signing in needs no consent screen. */
    .addColumn('first_party', 'integer', (c) => c.notNull())
    /** Bumped to change the client secret (which is derived, never stored). */
    .addColumn('secret_version', 'integer', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_session_links')
    .addColumn('login_session_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider_session_id', 'text', (c) => c.notNull())
    .addColumn('sid', 'text', (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('last_used_at', t, (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_session_links_pk', ['login_session_id', 'client_id'])
    .execute();
  await db.schema.createIndex('sso_session_links_account').on('sso_session_links').column('account_id').execute();

  await db.schema
    .createTable('oidc_consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('claims', 'text', (c) => c.notNull())
    .addColumn('granted_at', t, (c) => c.notNull())
    .addColumn('revoked_at', t)
    .execute();
  await db.schema.createIndex('oidc_consents_account').on('oidc_consents').columns(['account_id', 'client_id']).execute();

  await db.schema
    .createTable('gmis_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
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
  await db.schema.createIndex('gmis_sessions_sid').on('gmis_sessions').column('oidc_sid').execute();
}
