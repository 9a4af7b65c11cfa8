// The applications that sign in through Med-Login (OIDC clients). They live in the database:
// G-MIS and 医療情報ネット are registered at first start, others with `npx gmis oidc-client add`.
// A client's secret is never stored: it is derived from SECRET_KEY, the client id, a random salt
// drawn at registration and a version number, so rotating one client's secret is `oidc-client
// rotate-secret`, and an id removed and registered again gets a new secret.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/dialect.ts';
import type { Secrets } from '../../platform/secrets.ts';
import { recordAudit } from '../../audit/audit-log.ts';
import type { Ports } from '../../ports.ts';
import { clientMetadataRows, clientRow, clientRows, deleteClientRow, insertClientRow, updateClientRow, type ClientRow } from './client-repository.ts';
import { deleteConsentsToClient } from './consent-repository.ts';
import { deletePayloadsOfClient } from './oidc-repository.ts';
import { deleteLinksToClient } from './sso-session-repository.ts';

export interface ClientRegistration {
  clientId: string;
  name: string;
  description: string;
  /** Where the 接続先選択 tile leads (the application's home). */
  homeUrl: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri?: string | undefined;
  firstParty: boolean;
}

export interface RegisteredClient extends ClientRegistration {
  secretVersion: number;
  /** Drawn when the client was registered with registerClient; null for the built-in clients. */
  secretSalt: string | null;
  sortOrder: number;
  createdAt: number;
}

export const SCOPES = 'openid profile email gmis';

export function clientSecret(secrets: Secrets, clientId: string, version: number, salt: string | null = null): string {
  return secrets.digest(salt === null ? `${clientId}#${version}` : `${clientId}#${salt}#${version}`, 'oidc-client-secret');
}

/** A registered client's current secret. */
export const secretOf = (secrets: Secrets, c: Pick<RegisteredClient, 'clientId' | 'secretVersion' | 'secretSalt'>) =>
  clientSecret(secrets, c.clientId, c.secretVersion, c.secretSalt);

/** The metadata oidc-provider sees: code + PKCE only, confidential client, back-channel logout. */
function providerMetadata(c: ClientRegistration): Record<string, unknown> {
  return {
    client_name: c.name,
    redirect_uris: c.redirectUris,
    post_logout_redirect_uris: c.postLogoutRedirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    // Every ID token says when the password was last checked, so an application can ask again.
    require_auth_time: true,
    scope: SCOPES,
    ...(c.backchannelLogoutUri ? { backchannel_logout_uri: c.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
  };
}

function fromRow(row: ClientRow): RegisteredClient {
  const m = JSON.parse(row.metadata) as { redirect_uris: string[]; post_logout_redirect_uris?: string[]; backchannel_logout_uri?: string };
  return {
    clientId: row.client_id,
    name: row.name,
    description: row.description,
    homeUrl: row.home_url,
    redirectUris: m.redirect_uris,
    postLogoutRedirectUris: m.post_logout_redirect_uris ?? [],
    backchannelLogoutUri: m.backchannel_logout_uri,
    firstParty: row.first_party === 1,
    secretVersion: row.secret_version,
    secretSalt: row.secret_salt,
    sortOrder: row.sort_order,
    createdAt: row.created_at,
  };
}

export async function listClients(db: Db): Promise<RegisteredClient[]> {
  return (await clientRows(db)).map(fromRow);
}

export async function findClient(db: Db, clientId: string): Promise<RegisteredClient | undefined> {
  const row = await clientRow(db, clientId);
  return row && fromRow(row);
}

/** An origin a CSP source list can hold as it is (URL parsing lets through e.g. `;` in a host). */
const CSP_ORIGIN = /^https?:\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d+)?$/;

/** Where a form on Med-Login may send the browser after its post (its CSP form-action): the origins
 * of every registered client's redirect and post-logout redirect URIs. */
export async function redirectOrigins(db: Db): Promise<string[]> {
  const uris = (await listClients(db)).flatMap((c) => [...c.redirectUris, ...c.postLogoutRedirectUris]);
  return [...new Set(uris.map((u) => new URL(u).origin))].filter((origin) => CSP_ORIGIN.test(origin)).sort();
}

const CLIENT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

function checkUrl(u: string, what: string): void {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    throw new Error(`${what} is not a URL: ${u}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${what} must be http(s): ${u}`);
  if (url.hash) throw new Error(`${what} must not have a fragment: ${u}`);
}

/** Registers (or, with replace, updates) a client. Returns it. */
export async function saveClient(
  db: Db,
  c: ClientRegistration,
  o: { now: number; replace?: boolean; sortOrder?: number; secretSalt?: string },
): Promise<RegisteredClient> {
  if (!CLIENT_ID.test(c.clientId)) throw new Error('client id: 2–63 lower-case letters, digits or hyphens');
  if (!c.redirectUris.length) throw new Error('at least one redirect URI');
  for (const u of c.redirectUris) checkUrl(u, 'redirect URI');
  for (const u of c.postLogoutRedirectUris) checkUrl(u, 'post-logout redirect URI');
  if (c.backchannelLogoutUri) checkUrl(c.backchannelLogoutUri, 'back-channel logout URI');
  checkUrl(c.homeUrl, 'home URL');
  const row = {
    name: c.name,
    description: c.description,
    home_url: c.homeUrl,
    metadata: JSON.stringify(providerMetadata(c)),
    first_party: c.firstParty ? 1 : 0,
  };
  const existing = await findClient(db, c.clientId);
  if (existing && !o.replace) throw new Error(`client ${c.clientId} is already registered`);
  if (existing) await updateClientRow(db, c.clientId, row);
  else
    await insertClientRow(db, {
      client_id: c.clientId,
      ...row,
      secret_version: 1,
      secret_salt: o.secretSalt ?? null,
      sort_order: o.sortOrder ?? 100,
      created_at: o.now,
    });
  return (await findClient(db, c.clientId))!;
}

/** Whether a URL is exactly the back-channel logout URI of a registered client. */
export async function isRegisteredBackchannelUri(db: Db, url: string): Promise<boolean> {
  return (await clientMetadataRows(db)).some((metadata) => (JSON.parse(metadata) as { backchannel_logout_uri?: string }).backchannel_logout_uri === url);
}

/** `gmis oidc-client add`: registers an application with a secret of its own (a fresh salt, so an
 * id removed earlier does not get its old secret back). Audited with the change. */
export async function registerClient(deps: Pick<Ports, 'db' | 'clock' | 'random'>, c: ClientRegistration): Promise<RegisteredClient> {
  return deps.db.transaction().execute(async (trx) => {
    const saved = await saveClient(trx, c, { now: deps.clock.now(), secretSalt: deps.random.token() });
    await recordAudit(trx, deps.clock, { type: 'oidc.client.saved', details: { clientId: c.clientId } });
    return saved;
  });
}

/** `gmis oidc-client remove`: the application, and everything it was given, go — its users'
 * consents, grants, codes and tokens, and the record of its sign-ins — so that an application
 * registered later under the same id starts from nothing. Audited with the change. */
export async function removeClient(deps: Pick<Ports, 'db' | 'clock'>, clientId: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    if (!(await deleteClientRow(trx, clientId))) return false;
    await deleteConsentsToClient(trx, clientId);
    await deleteLinksToClient(trx, clientId);
    await deletePayloadsOfClient(trx, clientId);
    await recordAudit(trx, deps.clock, { type: 'oidc.client.removed', details: { clientId } });
    return true;
  });
}

/** The client with its next secret version (the old secret stops working), or undefined. */
export async function rotateClientSecret(db: Db, clientId: string): Promise<RegisteredClient | undefined> {
  const c = await findClient(db, clientId);
  if (!c) return undefined;
  await updateClientRow(db, clientId, { secret_version: c.secretVersion + 1 });
  return { ...c, secretVersion: c.secretVersion + 1 };
}

export const GMIS_CLIENT_ID = 'gmis';
export const NAVI_CLIENT_ID = 'navi';

/** The platform's own two applications, as the configured origins make them. */
export function builtInClients(config: Config): ClientRegistration[] {
  const { gmis, navi } = config.publicUrl;
  return [
    {
      clientId: GMIS_CLIENT_ID,
      name: 'G-MIS',
      description: '医療機関等情報支援システム。医療機能情報・薬局機能情報の報告、調査への回答、お知らせの確認はこちら。',
      homeUrl: `${gmis}/login`,
      redirectUris: [`${gmis}/callback`],
      postLogoutRedirectUris: [`${gmis}/signed-out`],
      backchannelLogoutUri: `${gmis}/backchannel-logout`,
      firstParty: true,
    },
    {
      clientId: NAVI_CLIENT_ID,
      name: '医療情報ネット',
      description: '全国の医療機関・薬局の検索サイト（ナビイ）の関係者メニュー。',
      homeUrl: `${navi}/sso/start`,
      redirectUris: [`${navi}/sso/callback`],
      postLogoutRedirectUris: [`${navi}/staff/login?ended=1`],
      backchannelLogoutUri: `${navi}/sso/backchannel-logout`,
      firstParty: false,
    },
  ];
}

/** At every start: registers the built-in clients, and follows the configured origins if they moved. */
export async function registerBuiltInClients(db: Db, config: Config, now: number): Promise<void> {
  let order = 1;
  for (const c of builtInClients(config)) await saveClient(db, c, { now, replace: true, sortOrder: order++ });
}
