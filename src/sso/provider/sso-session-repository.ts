// Which Med-Login session each single sign-on to an application came from (sso_session_links):
// written at every sign-in to a client, read when the Med-Login session ends.
import type { Db } from '../../db/dialect.ts';
import { statement } from '../../db/prepared.ts';
import type { SsoSessionLinksTable } from '../../db/schema.ts';

export interface SsoLink {
  loginSessionId: string;
  clientId: string;
  clientName: string;
  createdAt: number;
  lastUsedAt: number;
}

/** An application to tell of a removed link (by back-channel logout). */
export type LinkRow = { client_id: string; account_id: string; sid: string };

/** Written at every single sign-on, so prepared once. */
export const saveLink = statement(
  (db, p: { loginSessionId: string; clientId: string; accountId: string; providerSessionId: string; sid: string; now: number }) =>
    db
      .insertInto('sso_session_links')
      .values({
        login_session_id: p.loginSessionId,
        client_id: p.clientId,
        created_at: p.now,
        account_id: p.accountId,
        provider_session_id: p.providerSessionId,
        sid: p.sid,
        last_used_at: p.now,
      })
      .onConflict((oc) =>
        oc
          .columns(['login_session_id', 'client_id'])
          .doUpdateSet({ account_id: p.accountId, provider_session_id: p.providerSessionId, sid: p.sid, last_used_at: p.now }),
      ),
);

export async function linksOfAccount(db: Db, accountId: string): Promise<SsoLink[]> {
  const rows = await db
    .selectFrom('sso_session_links')
    .leftJoin('oidc_clients', 'oidc_clients.client_id', 'sso_session_links.client_id')
    .select(['login_session_id', 'sso_session_links.client_id', 'oidc_clients.name', 'sso_session_links.created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((r) => ({
    loginSessionId: r.login_session_id,
    clientId: r.client_id,
    clientName: r.name ?? r.client_id,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** A Med-Login session replaced in the same browser by a new sign-in of the same account (signing
 * in again, e.g. for prompt=login) hands its applications on: ending the new one ends them too. */
export async function carrySingleSignOn(db: Db, accountId: string, fromKey: string, toKey: string): Promise<void> {
  await db
    .updateTable('sso_session_links')
    .set({ login_session_id: toKey })
    .where('login_session_id', '=', fromKey)
    .where('account_id', '=', accountId)
    .execute();
}

export function linksOfLoginSessions(db: Db, loginSessionIds: string[]): Promise<SsoSessionLinksTable[]> {
  return db.selectFrom('sso_session_links').selectAll().where('login_session_id', 'in', loginSessionIds).execute();
}

export async function deleteLinksOfLoginSessions(db: Db, loginSessionIds: string[]): Promise<void> {
  await db.deleteFrom('sso_session_links').where('login_session_id', 'in', loginSessionIds).execute();
}

export function linksOfClient(db: Db, accountId: string, clientId: string): Promise<SsoSessionLinksTable[]> {
  return db.selectFrom('sso_session_links').selectAll().where('account_id', '=', accountId).where('client_id', '=', clientId).execute();
}

export async function deleteLinksOfClient(db: Db, accountId: string, clientId: string): Promise<void> {
  await db.deleteFrom('sso_session_links').where('account_id', '=', accountId).where('client_id', '=', clientId).execute();
}

/** The Med-Login sessions of the account that signed in to an application. */
export async function loginSessionsWithLinks(db: Db, accountId: string): Promise<string[]> {
  const rows = await db.selectFrom('sso_session_links').select('login_session_id').where('account_id', '=', accountId).execute();
  return [...new Set(rows.map((r) => r.login_session_id))];
}

export function providerSessionsOfAccount(db: Db, accountId: string): Promise<(LinkRow & { provider_session_id: string })[]> {
  return db.selectFrom('sso_session_links').select(['provider_session_id', 'client_id', 'account_id', 'sid']).where('account_id', '=', accountId).execute();
}

export async function deleteLinksOfAccount(db: Db, accountId: string): Promise<void> {
  await db.deleteFrom('sso_session_links').where('account_id', '=', accountId).execute();
}

export async function deleteLinksToClient(db: Db, clientId: string): Promise<void> {
  await db.deleteFrom('sso_session_links').where('client_id', '=', clientId).execute();
}
