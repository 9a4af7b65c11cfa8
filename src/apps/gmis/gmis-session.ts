// G-MIS's own sessions, begun by single sign-on through Med-Login. Stored server-side as keyed
// hashes with the same idle and absolute limits as Med-Login; each remembers the provider's session
// id (sid) so Med-Login's back-channel logout can end it, and the ID token for RP-initiated logout.
import type { Db } from '../../db/dialect.ts';
import type { Account } from '../../db/schema.ts';
import type { SessionDeps } from '../../identity/sessions/session-store.ts';
import type { RequestOrigin } from '../../audit/audit-log.ts';

const key = (deps: SessionDeps, raw: string) => deps.secrets.digest(raw, 'gmis-session');
const TOUCH_INTERVAL_MS = 60_000;

export async function createGmisSession(
  db: Db,
  deps: SessionDeps,
  p: { accountId: string; sid: string | undefined; idToken: string; origin: RequestOrigin },
): Promise<string> {
  const raw = deps.random.token();
  const now = deps.clock.now();
  await db
    .insertInto('gmis_sessions')
    .values({
      id_hash: key(deps, raw),
      account_id: p.accountId,
      oidc_sid: p.sid ?? null,
      oidc_id_token: p.idToken,
      created_at: now,
      last_seen_at: now,
      expires_at: now + deps.config.session.absoluteMs,
      ip: p.origin.ip,
      user_agent: p.origin.userAgent.slice(0, 500),
      ended_at: null,
      end_reason: null,
    })
    .execute();
  return raw;
}

export async function resolveGmisSession(
  db: Db,
  deps: SessionDeps,
  raw: string | undefined,
): Promise<{ account: Account; sessionId: string; idToken: string | null } | undefined> {
  if (!raw || raw.length > 100) return undefined;
  const id = key(deps, raw);
  const row = await db
    .selectFrom('gmis_sessions')
    .innerJoin('accounts', 'accounts.id', 'gmis_sessions.account_id')
    .selectAll('accounts')
    .select(['gmis_sessions.last_seen_at', 'gmis_sessions.expires_at', 'gmis_sessions.ended_at', 'gmis_sessions.oidc_id_token'])
    .where('gmis_sessions.id_hash', '=', id)
    .executeTakeFirst();
  if (!row || row.ended_at !== null) return undefined;
  const now = deps.clock.now();
  const { last_seen_at, expires_at, ended_at: _ended, oidc_id_token, ...account } = row;
  if (account.state !== 'active' || expires_at <= now || last_seen_at + deps.config.session.idleMs <= now) {
    await endGmisSession(db, deps, id, account.state !== 'active' ? 'account_inactive' : 'expired');
    return undefined;
  }
  if (now - last_seen_at >= TOUCH_INTERVAL_MS) await db.updateTable('gmis_sessions').set({ last_seen_at: now }).where('id_hash', '=', id).execute();
  return { account, sessionId: id, idToken: oidc_id_token };
}

export async function endGmisSession(db: Db, deps: Pick<SessionDeps, 'clock'>, sessionId: string, reason: string): Promise<void> {
  await db.updateTable('gmis_sessions').set({ ended_at: deps.clock.now(), end_reason: reason }).where('id_hash', '=', sessionId).where('ended_at', 'is', null).execute();
}

/** Back-channel logout: ends the sessions begun in that provider session (or all of the subject's). */
export async function endGmisSessionsBySid(db: Db, deps: Pick<SessionDeps, 'clock'>, p: { sid?: string | undefined; sub?: string | undefined }): Promise<number> {
  let q = db.updateTable('gmis_sessions').set({ ended_at: deps.clock.now(), end_reason: 'provider_logout' }).where('ended_at', 'is', null);
  if (p.sid) q = q.where('oidc_sid', '=', p.sid);
  else if (p.sub) q = q.where('account_id', '=', p.sub);
  else return 0;
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}
