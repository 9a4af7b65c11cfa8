// Ending single sign-on with a Med-Login session: every provider session started from it ends, and
// each application the user signed in to is told (OIDC back-channel logout), so signing out of
// Med-Login — or ending a session on 「ログイン中の端末と連携アプリ」, or a password reset — signs
// out of G-MIS and 医療情報ネット too.
import type { Db } from '../../db/dialect.ts';
import type { Logger } from 'pino';
import type Provider from 'oidc-provider';
import { deleteGrants, deleteSessions, sessionPayloads } from './oidc-repository.ts';
import {
  deleteLinksOfAccount,
  deleteLinksOfClient,
  deleteLinksOfLoginSessions,
  linksOfClient,
  linksOfLoginSessions,
  loginSessionsWithLinks,
  providerSessionsOfAccount,
  type LinkRow,
} from './sso-session-repository.ts';

/** Ends the provider sessions started from these Med-Login sessions and notifies the applications,
 * except those already told of their session (by sid: oidc-provider tells them on end-session). */
export async function endSingleSignOn(
  db: Db,
  provider: Provider,
  logger: Logger,
  loginSessionIds: string[],
  o: { alreadyTold?: ReadonlySet<string> } = {},
): Promise<number> {
  if (!loginSessionIds.length) return 0;
  const links = await linksOfLoginSessions(db, loginSessionIds);
  const notified = await notifyApplications(
    provider,
    logger,
    links.filter((l) => !o.alreadyTold?.has(l.sid)),
  );
  for (const id of new Set(links.map((l) => l.provider_session_id))) {
    const session = await provider.Session.find(id);
    await session?.destroy();
  }
  await deleteLinksOfLoginSessions(db, loginSessionIds);
  return notified;
}

/** OIDC back-channel logout to each application of these links. Returns how many were told. */
async function notifyApplications(provider: Provider, logger: Logger, links: LinkRow[]): Promise<number> {
  let notified = 0;
  await Promise.all(
    links.map(async (link) => {
      try {
        const client = (await provider.Client.find(link.client_id)) as unknown as
          { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid: string): Promise<void> } | undefined;
        if (client?.backchannelLogoutUri) {
          await client.backchannelLogout(link.account_id, link.sid);
          notified++;
        }
      } catch (err) {
        logger.warn({ err, client: link.client_id }, 'back-channel logout failed');
      }
    }),
  );
  return notified;
}

/** After a consent is revoked: the application ends the user's sessions begun by single sign-on. */
export async function signOutOfApplication(db: Db, provider: Provider, logger: Logger, accountId: string, clientId: string): Promise<number> {
  const links = await linksOfClient(db, accountId, clientId);
  const notified = await notifyApplications(provider, logger, links);
  await deleteLinksOfClient(db, accountId, clientId);
  return notified;
}

/** After a password reset: single sign-on ends for every session of the account. */
export async function endSingleSignOnForAccount(db: Db, provider: Provider, logger: Logger, accountId: string): Promise<number> {
  return endSingleSignOn(db, provider, logger, await loginSessionsWithLinks(db, accountId));
}

/** The worker's job that tells applications of single sign-on removed without the provider at hand. */
export const SSO_LOGOUT_JOB = 'sso.backchannel_logout';

/**
 * In the caller's transaction and without the provider at hand (the office's console runs on G-MIS):
 * removes the account's provider sessions, the grants they hold and every code and token issued
 * under those grants, so nothing signs a browser back in silently. Returns the links it removed:
 * the applications to tell (by SSO_LOGOUT_JOB, see notifyLogout).
 */
export async function removeSingleSignOnOfAccount(db: Db, accountId: string): Promise<LinkRow[]> {
  const links = await providerSessionsOfAccount(db, accountId);
  const sessionIds = [...new Set(links.map((l) => l.provider_session_id))];
  if (sessionIds.length) {
    const sessions = await sessionPayloads(db, sessionIds);
    const grantIds = sessions.flatMap((payload) => {
      const { authorizations } = JSON.parse(payload) as { authorizations?: Record<string, { grantId?: string }> };
      return Object.values(authorizations ?? {}).flatMap((a) => (a.grantId ? [a.grantId] : []));
    });
    if (grantIds.length) await deleteGrants(db, grantIds);
    await deleteSessions(db, sessionIds);
  }
  await deleteLinksOfAccount(db, accountId);
  return links.map(({ client_id, account_id, sid }) => ({ client_id, account_id, sid }));
}

/** SSO_LOGOUT_JOB: back-channel logout to each application of the removed links. */
export async function notifyLogout(provider: Provider, logger: Logger, payload: unknown): Promise<number> {
  return notifyApplications(provider, logger, (payload as { links: LinkRow[] }).links);
}
