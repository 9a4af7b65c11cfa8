// 医療情報ネット sessions, signed in locally (ユーザーID + パスワード) or by single sign-on from Med-Login:
// what the staff side adds to the one session store (identity/sessions) — only an active account
// gets one, and signing in, signing out and Med-Login's back-channel logout are audited.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { NaviAccount, NaviSessionMethod, SessionEndReason } from '../db/schema.ts';
import { naviSessions } from '../identity/sessions/session-store.ts';
import { findNaviAccountById } from './account-repository.ts';
import type { NaviSessionDeps } from './deps.ts';

export interface NewNaviSession {
  naviAccountId: string;
  method: NaviSessionMethod;
  oidcSid?: string;
  oidcIdToken?: string;
  ip: string;
  userAgent: string;
}

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
  const account = await findNaviAccountById(db, p.naviAccountId);
  if (!account || account.state !== 'active') throw new NaviAccountUnavailableError(p.naviAccountId);
  const raw = await naviSessions.open(
    db,
    deps,
    p.naviAccountId,
    { ip: p.ip, userAgent: p.userAgent },
    {
      method: p.method,
      oidc_sid: p.oidcSid ?? null,
      oidc_id_token: p.oidcIdToken ?? null,
    },
  );
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

/**
 * Back-channel logout: Med-Login ended the single sign-on session `sid`, so every 医療情報ネット
 * session it opened ends too. Returns how many ended.
 */
export async function endNaviSessionsByOidcSid(deps: NaviSessionDeps, sid: string, reason: SessionEndReason): Promise<number> {
  if (!sid) return 0;
  return deps.db.transaction().execute(async (trx) => {
    const ended = await naviSessions.endBySingleSignOn(trx, deps, { sid }, reason);
    for (const accountId of new Set(ended)) {
      await recordAudit(trx, deps.clock, { type: 'navi.session.ended_by_provider', accountId, details: { reason } });
    }
    return ended.length;
  });
}

/** ログアウト: ends this browser's session and records it, in one transaction. */
export async function signOutOfNavi(
  deps: NaviSessionDeps,
  p: { sessionId: string; account: NaviAccount; method: NaviSessionMethod },
  origin: RequestOrigin,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await naviSessions.end(trx, deps, p.sessionId, 'logout');
    await recordAudit(trx, deps.clock, {
      type: 'navi.logout',
      accountId: p.account.id,
      username: p.account.user_id,
      origin,
      details: { method: p.method },
    });
  });
}
