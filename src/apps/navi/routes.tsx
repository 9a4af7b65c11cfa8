// 医療情報ネット origin: the public home, search and facility pages (their routes are plugins of their own) and the 関係者 area — 関係者ログイン,
// 関係者メニュー, パスワードの変更 and パスワードの再設定. Thin: read the form, call the flow, render or
// redirect. Single sign-on (/sso/*) is a plugin of its own registered here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Ports } from '../../ports.ts';
import { DEVICE_COOKIE_MAX_AGE_S } from '../../identity/login/device-cookie.ts';
import type { LinkProblem } from '../../identity/tokens/one-time-link.ts';
import { changeNaviPassword, currentPasswordAsked, newPasswordErrors } from '../../navi/password.ts';
import { naviRecovery } from '../../navi/recovery.ts';
import { clearNaviSessionCookie, setNaviSessionCookie } from '../../navi/session-cookie.ts';
import { naviSessions } from '../../identity/sessions/session-store.ts';
import { signOutOfNavi } from '../../navi/sessions.ts';
import { NAVI_DEVICE_COOKIE, naviDeviceCookieFor, signInToNavi } from '../../navi/sign-in.ts';
import { endSessionUrl } from '../../sso/logout-url.ts';
import type { FieldErrors } from '../../web/forms.tsx';
import { MESSAGES } from '../../platform/messages/index.ts';
import { originOf, sendHtml } from '../../web/request.ts';
import {
  ChangePasswordPage,
  CheckMailPage,
  ForgotPage,
  LinkProblemPage,
  ResetConfirmPage,
  ResetNewPasswordPage,
  StaffLoginPage,
  StaffMenuPage,
} from './pages.tsx';
import { changePasswordForm, forgotForm, newPasswordForm, readForm, signInForm, typedUserId } from './schema.ts';
import { naviViewerOf, requireNaviViewer, resolveNaviViewer } from './viewer.ts';
import { naviFacilityRoutes } from './facility-routes.tsx';
import { naviApiRoutes } from './api/api-routes.ts';
import { naviSearchRoutes } from './search-routes.tsx';
import { naviStaffSearchRoutes } from './staff-search-routes.ts';
import { naviPreferenceRoutes } from './preference-routes.ts';
import { naviFeedbackRoutes } from './feedback-routes.ts';

export interface NaviRoutesOptions {
  deps: Ports;
  config: Config;
}

export async function naviRoutes(app: FastifyInstance, o: NaviRoutesOptions): Promise<void> {
  const { deps, config } = o;
  const signedIn = { preHandler: requireNaviViewer };
  const query = (req: FastifyRequest) => req.query as Record<string, string | undefined>;
  const secondsOf = (ms: number) => Math.ceil(ms / 1000);
  /** After a sign-in, a reset or a password change: this browser counts its failures on its own. */
  const setDeviceCookie = (reply: FastifyReply, value: string) =>
    reply.setCookie(NAVI_DEVICE_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.production, maxAge: DEVICE_COOKIE_MAX_AGE_S });

  resolveNaviViewer(app, deps);

  await app.register(naviSearchRoutes, { deps });
  await app.register(naviFacilityRoutes, { deps });
  await app.register(naviApiRoutes, { deps, config });
  await app.register(naviStaffSearchRoutes, { deps });
  await app.register(naviPreferenceRoutes, { config });
  await app.register(naviFeedbackRoutes, { deps });

  // ── 関係者ログイン ──────────────────────────────────────────────────
  app.get('/staff/login', (req, reply) => {
    if (req.naviViewer) return reply.redirect('/staff', 303);
    const q = query(req);
    return sendHtml(
      reply,
      200,
      StaffLoginPage({
        csrf: reply.generateCsrf(),
        info: q.ended ? MESSAGES['navi.logout.done'] : undefined,
        notice: q.expired ? MESSAGES['navi.session.ended'] : undefined,
      }),
    );
  });

  app.post('/staff/login', async (req, reply) => {
    const userId = typedUserId(req);
    const render = (status: number, extra: Partial<Parameters<typeof StaffLoginPage>[0]>) =>
      sendHtml(reply, status, StaffLoginPage({ csrf: reply.generateCsrf(), userId, ...extra }));

    const form = readForm(req, signInForm);
    if (!form.ok) return render(422, { fieldErrors: form.errors });
    const result = await signInToNavi(deps, {
      userId: form.data.user_id,
      password: form.data.password,
      deviceCookie: req.cookies[NAVI_DEVICE_COOKIE],
      origin: originOf(req),
    });
    if (!result.ok && result.reason === 'throttled') {
      const seconds = secondsOf(result.retryAfterMs);
      reply.header('retry-after', String(seconds));
      return render(429, { error: MESSAGES['navi.login.throttled'](seconds) });
    }
    if (!result.ok) return render(401, { error: MESSAGES['navi.login.invalid'] });
    // A new session id at every sign-in; the one this browser had (if any) ends.
    if (req.naviViewer) await naviSessions.end(deps.db, deps, req.naviViewer.sessionId, 'replaced');
    setDeviceCookie(reply, result.deviceCookie);
    setNaviSessionCookie(reply, result.sessionToken, config);
    return reply.redirect(result.account.must_change_password === 1 ? '/staff/password/change' : '/staff', 303);
  });

  app.post('/staff/logout', async (req, reply) => {
    const viewer = req.naviViewer;
    clearNaviSessionCookie(reply, config);
    if (!viewer) return reply.redirect('/staff/login', 303);
    await signOutOfNavi(deps, viewer, originOf(req));
    const signedOut = `${config.publicUrl.navi}/staff/login?ended=1`;
    // A single sign-on session ends at Med-Login too, which then tells the other applications.
    if (viewer.method === 'sso') {
      return reply.redirect(endSessionUrl(config, { clientId: 'navi', idToken: viewer.oidcIdToken, postLogoutRedirectUri: signedOut }), 303);
    }
    return reply.redirect('/staff/login?ended=1', 303);
  });

  // ── 関係者メニュー ──────────────────────────────────────────────────
  app.get('/staff', signedIn, (req, reply) => {
    const q = query(req);
    const notice = q.changed ? MESSAGES['navi.password.changed'] : q.reset ? MESSAGES['navi.recovery.done'] : undefined;
    return sendHtml(reply, 200, StaffMenuPage({ csrf: reply.generateCsrf(), viewer: naviViewerOf(req), notice }));
  });

  // ── パスワードの変更 (forced after a temporary password, or by choice) ──────────
  const changePage = (req: FastifyRequest, reply: FastifyReply, status: number, errors?: FieldErrors, error?: string) => {
    const viewer = naviViewerOf(req);
    const askCurrent = currentPasswordAsked(viewer.account, viewer, deps.clock.now());
    return sendHtml(reply, status, ChangePasswordPage({ csrf: reply.generateCsrf(), viewer, askCurrent, errors, error }));
  };

  app.get('/staff/password/change', signedIn, (req, reply) => changePage(req, reply, 200));

  app.post('/staff/password/change', signedIn, async (req, reply) => {
    const viewer = naviViewerOf(req);
    const form = readForm(req, changePasswordForm);
    if (!form.ok) return changePage(req, reply, 422, form.errors);
    const result = await changeNaviPassword(deps, {
      account: viewer.account,
      sessionId: viewer.sessionId,
      session: viewer,
      currentPassword: form.data.current_password,
      password: form.data.password,
      confirmation: form.data.confirmation,
      origin: originOf(req),
    });
    if (result.ok) {
      setDeviceCookie(reply, naviDeviceCookieFor(deps, viewer.account));
      return reply.redirect('/staff?changed=1', 303);
    }
    if (result.reason === 'invalid') return changePage(req, reply, 422, result.errors);
    if (result.reason === 'throttled') {
      const seconds = secondsOf(result.retryAfterMs);
      reply.header('retry-after', String(seconds));
      return changePage(req, reply, 429, undefined, MESSAGES['navi.password.throttled'](seconds));
    }
    return changePage(req, reply, 409);
  });

  // ── パスワードの再設定 ──────────────────────────────────────────────
  app.get('/staff/password/forgot', (_req, reply) => sendHtml(reply, 200, ForgotPage({ csrf: reply.generateCsrf() })));

  app.post('/staff/password/forgot', async (req, reply) => {
    const userId = typedUserId(req);
    const form = readForm(req, forgotForm);
    if (!form.ok) return sendHtml(reply, 422, ForgotPage({ csrf: reply.generateCsrf(), userId, errors: form.errors }));
    const result = await naviRecovery.request(deps, form.data.user_id, originOf(req));
    if (result === 'rate_limited') {
      return sendHtml(reply, 429, ForgotPage({ csrf: reply.generateCsrf(), userId, rateLimited: MESSAGES['navi.recovery.rate_limited'] }));
    }
    return reply.redirect('/staff/password/forgot/sent', 303);
  });

  app.get('/staff/password/forgot/sent', (_req, reply) => sendHtml(reply, 200, CheckMailPage({ fromAddress: config.mail.fromAddress })));

  const linkProblem = (reply: FastifyReply, problem: LinkProblem) => sendHtml(reply, 410, LinkProblemPage({ problem }));

  // GET only shows the question; the link is used up by the last POST.
  app.get('/staff/password/reset/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const link = await naviRecovery.view(deps, token);
    if (!link.ok) return linkProblem(reply, link.problem);
    return sendHtml(reply, 200, ResetConfirmPage({ csrf: reply.generateCsrf(), token, userId: link.account.user_id }));
  });

  app.post('/staff/password/reset/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const page = (status: number, account: Parameters<typeof ResetNewPasswordPage>[0]['account'], errors?: FieldErrors) =>
      sendHtml(reply, status, ResetNewPasswordPage({ csrf: reply.generateCsrf(), token, account, errors }));
    const link = await naviRecovery.view(deps, token);
    if (!link.ok) return linkProblem(reply, link.problem);
    if ((req.body as Record<string, unknown> | undefined)?.step !== 'set') return page(200, link.account);

    const form = readForm(req, newPasswordForm);
    if (!form.ok) return page(422, link.account, form.errors);
    const result = await naviRecovery.complete(deps, token, form.data, originOf(req));
    if (!result.ok && result.kind === 'link') return linkProblem(reply, result.problem);
    if (!result.ok) return page(422, result.account, newPasswordErrors(result.account, form.data));
    if (req.naviViewer) await naviSessions.end(deps.db, deps, req.naviViewer.sessionId, 'replaced');
    setDeviceCookie(reply, naviDeviceCookieFor(deps, result.account));
    setNaviSessionCookie(reply, result.sessionToken, config);
    return reply.redirect('/staff?reset=1', 303);
  });
}
