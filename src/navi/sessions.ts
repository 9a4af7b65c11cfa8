// 医療情報ネット sessions, signed in locally (ユーザーID + パスワード) or by single sign-on from Med-Login.
// The cookie carries a random id; the database keeps its keyed hash, the idle and absolute limits
// (config.session, as on Med-Login) and, for single sign-on, the provider's sid and ID token so that
// back-channel logout and RP-initiated logout can find and end it.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { NaviAccount, NaviSession, NaviSessionMethod } from '../db/schema.ts';
import type { NaviSessionDeps } from './deps.ts';

/** Write last_seen_at at most this often, so every request is not a write. */
const TOUCH_INTERVAL_MS = 60_000;

export interface NewNaviSession {
  naviAccountId: string;
  method: NaviSessionMethod;
  oidcSid?: string;
  oidcIdToken?: string;
  ip: string;
  userAgent: string;
}

export interface ActiveNaviSession {
  session: NaviSession;
  account: NaviAccount;
}

export const naviSessionKey = (deps: Pick<NaviSessionDeps, 'secrets'>, raw: string) => deps.secrets.digest(raw, 'navi-session');

export class NaviAccountUnavailableError extends Error {
  constructor(readonly naviAccountId: string) {
    super(`navi account ${naviAccountId} does not exist or is not active`);
  }
}

/**
 * Opens a session inside the caller's transaction and records the sign-in. Throws
 * NaviAccountUnavailableError for an unknown or disabled account (callers check the state first).
 */
export async function openNaviSession(db: Db, deps: NaviSessionDeps, p: NewNaviSession): Promise<string> {
  const account = await db.selectFrom('navi_accounts').select(['user_id', 'state']).where('id', '=', p.naviAccountId).executeTakeFirst();
  if (!account || account.state !== 'active') throw new NaviAccountUnavailableError(p.naviAccountId);
  const raw = deps.random.token();
  const now = deps.clock.now();
  await db
    .insertInto('navi_sessions')
    .values({
      id_hash: naviSessionKey(deps, raw),
      navi_account_id: p.naviAccountId,
      method: p.method,
      oidc_sid: p.oidcSid ?? null,
      oidc_id_token: p.oidcIdToken ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: now + deps.config.session.absoluteMs,
      ip: p.ip,
      user_agent: p.userAgent.slice(0, 500),
      ended_at: null,
      end_reason: null,
    })
    .execute();
  await recordAudit(db, deps.clock, {
    type: 'navi.login.succeeded',
    accountId: p.naviAccountId,
    username: account.user_id,
    origin: { ip: p.ip, userAgent: p.userAgent },
    details: { method: p.method },
  });
  return raw;
}

/** Starts a session (and records the sign-in) for an active account; the token goes in the cookie. */
export async function createNaviSession(deps: NaviSessionDeps, p: NewNaviSession): Promise<{ token: string }> {
  const token = await deps.db.transaction().execute((trx) => openNaviSession(trx, deps, p));
  return { token };
}

/** The signed-in account for a session cookie, or undefined when it ended, idled out or expired. */
export async function resolveNaviSession(deps: NaviSessionDeps, raw: string | undefined): Promise<ActiveNaviSession | undefined> {
  if (!raw || raw.length > 100) return undefined;
  const { db } = deps;
  const key = naviSessionKey(deps, raw);
  const session = await db.selectFrom('navi_sessions').selectAll().where('id_hash', '=', key).executeTakeFirst();
  if (!session || session.ended_at !== null) return undefined;
  const account = await db.selectFrom('navi_accounts').selectAll().where('id', '=', session.navi_account_id).executeTakeFirstOrThrow();
  const now = deps.clock.now();
  const problem =
    session.expires_at <= now
      ? 'expired'
      : session.last_seen_at + deps.config.session.idleMs <= now
        ? 'idle'
        : account.state !== 'active'
          ? 'account_inactive'
          : undefined;
  if (problem) {
    await endSessions(db, deps, (q) => q.where('id_hash', '=', key), problem);
    return undefined;
  }
  if (now - session.last_seen_at >= TOUCH_INTERVAL_MS) {
    await db.updateTable('navi_sessions').set({ last_seen_at: now }).where('id_hash', '=', key).execute();
    session.last_seen_at = now;
  }
  return { session, account };
}

type SessionUpdate = ReturnType<typeof openSessions>;
const openSessions = (db: Db, deps: Pick<NaviSessionDeps, 'clock'>, reason: string) =>
  db.updateTable('navi_sessions').set({ ended_at: deps.clock.now(), end_reason: reason }).where('ended_at', 'is', null);

async function endSessions(
  db: Db,
  deps: Pick<NaviSessionDeps, 'clock'>,
  which: (q: SessionUpdate) => SessionUpdate,
  reason: string,
): Promise<number> {
  const result = await which(openSessions(db, deps, reason)).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends one session by its key (the id_hash, as in NaviViewer.sessionId). */
export function endNaviSession(db: Db, deps: Pick<NaviSessionDeps, 'clock'>, sessionId: string, reason: string): Promise<number> {
  return endSessions(db, deps, (q) => q.where('id_hash', '=', sessionId), reason);
}

/** Ends every open session of an account, except the one given (if any). Returns how many ended. */
export function endNaviAccountSessions(
  db: Db,
  deps: Pick<NaviSessionDeps, 'clock'>,
  naviAccountId: string,
  reason: string,
  exceptSessionId?: string,
): Promise<number> {
  return endSessions(
    db,
    deps,
    (q) => {
      const mine = q.where('navi_account_id', '=', naviAccountId);
      return exceptSessionId ? mine.where('id_hash', '!=', exceptSessionId) : mine;
    },
    reason,
  );
}

/**
 * Back-channel logout: Med-Login ended the single sign-on session `sid`, so every 医療情報ネット
 * session it opened ends too. Returns how many ended.
 */
export async function endNaviSessionsByOidcSid(deps: NaviSessionDeps, sid: string, reason: string): Promise<number> {
  if (!sid) return 0;
  return deps.db.transaction().execute(async (trx) => {
    const accounts = await trx
      .selectFrom('navi_sessions')
      .select('navi_account_id')
      .distinct()
      .where('oidc_sid', '=', sid)
      .where('ended_at', 'is', null)
      .execute();
    const ended = await endSessions(trx, deps, (q) => q.where('oidc_sid', '=', sid), reason);
    for (const { navi_account_id } of accounts) {
      await recordAudit(trx, deps.clock, {
        type: 'navi.session.ended_by_provider',
        accountId: navi_account_id,
        details: { reason },
      });
    }
    return ended;
  });
}

/** ログアウト: ends this browser's session and records it, in one transaction. */
export async function signOutOfNavi(
  deps: NaviSessionDeps,
  p: { sessionId: string; account: NaviAccount; method: NaviSessionMethod },
  origin: RequestOrigin,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await endNaviSession(trx, deps, p.sessionId, 'logout');
    await recordAudit(trx, deps.clock, {
      type: 'navi.logout',
      accountId: p.account.id,
      username: p.account.user_id,
      origin,
      details: { method: p.method },
    });
  });
}
