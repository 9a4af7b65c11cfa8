// Who is signed in to 医療情報ネット's 関係者メニュー. A preHandler on every route of the origin resolves
// the session cookie into req.naviViewer; pages read it and never look at cookies.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NaviAccount, NaviSessionMethod } from '../../db/schema.ts';
import type { NaviSessionDeps } from '../../navi/deps.ts';
import { clearNaviSessionCookie, NAVI_SESSION_COOKIE, NAVI_SESSION_COOKIE_PRODUCTION, naviSessionCookieOf } from '../../navi/session-cookie.ts';
import { naviSessions } from '../../identity/sessions/session-store.ts';

export interface NaviViewer {
  account: NaviAccount;
  method: NaviSessionMethod;
  /** The session's id (its keyed hash), for audit and for ending it. */
  sessionId: string;
  /** The ID token of a single sign-on session, for RP-initiated logout. */
  oidcIdToken: string | null;
  /** When this session signed in. */
  signedInAt: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    naviViewer: NaviViewer | undefined;
  }
}

/** Pages a user with a temporary password may still open: the change itself, and signing out. */
const OPEN_DURING_FORCED_CHANGE = new Set(['/staff/password/change', '/staff/logout']);

/**
 * Registers req.naviViewer and the preHandler that fills it. A session that has ended (idle,
 * lifetime, password reset elsewhere) loses its cookie. While the account must change its
 * password, every 関係者メニュー page leads to パスワードの変更 and nothing else.
 */
export function resolveNaviViewer(app: FastifyInstance, deps: NaviSessionDeps): void {
  app.decorateRequest('naviViewer', undefined);
  app.addHook('preHandler', async (req, reply) => {
    const raw = naviSessionCookieOf(req, deps.config);
    if (!raw) return;
    const active = await naviSessions.resolve(deps.db, deps, raw);
    if (!active) {
      clearNaviSessionCookie(reply, deps.config);
      return;
    }
    const { session, account } = active;
    req.naviViewer = { account, method: session.method, sessionId: session.id_hash, oidcIdToken: session.oidc_id_token, signedInAt: session.created_at };
    const path = req.routeOptions.url ?? '';
    if (account.must_change_password === 1 && path.startsWith('/staff') && !OPEN_DURING_FORCED_CHANGE.has(path)) {
      return reply.redirect('/staff/password/change', 303);
    }
  });
}

/**
 * preHandler for pages that need a signed-in staff user; otherwise off to 関係者ログイン, with a word
 * of explanation when the browser still carried a session that has ended.
 */
export async function requireNaviViewer(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.naviViewer) return;
  const hadSession = req.cookies[NAVI_SESSION_COOKIE] !== undefined || req.cookies[NAVI_SESSION_COOKIE_PRODUCTION] !== undefined;
  await reply.redirect(hadSession ? '/staff/login?expired=1' : '/staff/login', 303);
}

/** The viewer on a route guarded by requireNaviViewer. */
export function naviViewerOf(req: FastifyRequest): NaviViewer {
  if (!req.naviViewer) throw new Error('route needs requireNaviViewer');
  return req.naviViewer;
}
