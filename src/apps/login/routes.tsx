// Med-Login's HTTP routes. Thin: read the form, call the flow, render or redirect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../audit/audit-log.ts';
import type { Ports } from '../../ports.ts';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S } from '../../identity/login/device-cookie.ts';
import { accountPassword } from '../../identity/login/account-password.ts';
import { deviceCookieFor, signIn } from '../../identity/login/sign-in.ts';
import { setFirstPassword, viewWelcomeLink } from '../../identity/first-password/first-password.ts';
import type { PasswordProblem } from '../../identity/password/policy.ts';
import { completeRecovery, requestRecovery, viewRecoveryLink } from '../../identity/recovery/recovery.ts';
import { endSession, resolveSession, sessionKey, type ActiveSession } from '../../identity/sessions/session-store.ts';
import type { ProviderHolder } from '../../sso/provider/provider.ts';
import { interactionRoutes } from './sso/interactions.tsx';
import { carrySingleSignOn } from '../../sso/provider/sso-session-repository.ts';
import { endSingleSignOn, endSingleSignOnForAccount } from '../../sso/provider/sso-sessions.ts';
import type { Logger } from 'pino';
import { accountRoutes } from './account-routes.tsx';
import { listMail } from '../../mail/outbox.ts';
import { signIns } from '../../platform/metrics.ts';
import type { FieldErrors } from '../../web/forms.tsx';
import { MESSAGES } from '../../platform/messages/index.ts';
import { originOf, sendHtml } from '../../web/request.ts';
import { applicationsFor } from './applications.ts';
import { CheckMailPage, ChooserPage, ForgotPage, LinkProblemPage, LoginPage, MailboxPage, NewPasswordPage, ResetConfirmPage } from './pages.tsx';
import {
  chooserQuery,
  fieldErrors,
  forgotFields,
  forgotForm,
  loginQueryWith,
  newPasswordFields,
  readFields,
  resetStepFields,
  sentQuery,
  signInFieldsWith,
  signInForm,
} from './schema.ts';

export interface LoginRoutesOptions {
  deps: Ports;
  devMailbox: boolean;
  /** The OpenID provider: its interactions are these pages; ending a session here ends single sign-on. */
  holder: ProviderHolder;
  logger: Logger;
}

/** Request-scoped signed-in state, resolved once per request. */
declare module 'fastify' {
  interface FastifyRequest {
    signedIn: ActiveSession | undefined;
  }
}

/** The two flows that end in a new-password form: where the form posts, and what the page says. */
const NEW_PASSWORD_FLOW = {
  welcome: { title: 'パスワード初期設定', heading: 'パスワードを設定する', action: (t: string) => `/welcome/${t}`, extraHidden: undefined },
  recovery: { title: 'パスワードの再設定', heading: '新しいパスワードを設定する', action: (t: string) => `/password/reset/${t}`, extraHidden: { step: 'set' } },
} as const;

function newPasswordPage(
  reply: FastifyReply,
  status: number,
  flow: keyof typeof NEW_PASSWORD_FLOW,
  token: string,
  account: { email: string; username: string },
  errors?: FieldErrors,
) {
  const f = NEW_PASSWORD_FLOW[flow];
  return sendHtml(
    reply,
    status,
    NewPasswordPage({
      title: f.title,
      heading: f.heading,
      action: f.action(token),
      csrf: reply.generateCsrf(),
      email: account.email,
      username: account.username,
      errors,
      extraHidden: f.extraHidden,
    }),
  );
}

const passwordErrors = (problems: PasswordProblem[]): FieldErrors => {
  const errors: FieldErrors = {};
  for (const p of problems) errors[p.field] ??= p.message;
  return errors;
};

export async function loginRoutes(app: FastifyInstance, o: LoginRoutesOptions): Promise<void> {
  const { deps } = o;
  const { config } = deps;
  const SESSION_COOKIE = config.production ? '__Host-gmis_session' : 'gmis_session';
  const RECOVERY_COOKIE = 'gmis_recovery';
  const cookieBase = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.production };
  const loginQuery = loginQueryWith(config.returnToAllowlist);
  const signInFields = signInFieldsWith(config.returnToAllowlist);

  const setSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, { ...cookieBase, maxAge: Math.floor(config.session.absoluteMs / 1000) });
  /** After a sign-in, a first password or a reset: this browser counts its failures on its own. */
  const setDeviceCookie = (reply: FastifyReply, value: string) => reply.setCookie(DEVICE_COOKIE, value, { ...cookieBase, maxAge: DEVICE_COOKIE_MAX_AGE_S });

  app.decorateRequest('signedIn', undefined);
  app.addHook('preHandler', async (req) => {
    req.signedIn = await resolveSession(deps.db, deps, req.cookies[SESSION_COOKIE]);
  });

  /** The username a reset was requested for in this browser, from its signed cookie. */
  const recoveryUsername = (req: FastifyRequest) => deps.secrets.unsign(req.cookies[RECOVERY_COOKIE] ?? '', 'recovery');

  interactionRoutes(app, { deps, holder: o.holder });
  accountRoutes(app, { deps, holder: o.holder, logger: o.logger, sessionCookie: SESSION_COOKIE });

  const chooser = async (req: FastifyRequest, reply: FastifyReply, status = 200, notice?: string) => {
    const s = req.signedIn!;
    return sendHtml(
      reply,
      status,
      ChooserPage({ csrf: reply.generateCsrf(), account: s.account, applications: await applicationsFor(deps.db, s.account), notice }),
    );
  };

  app.get('/', (req, reply) => {
    if (!req.signedIn) {
      // A cookie whose session has ended (idle, lifetime, reset elsewhere) earns a word of explanation.
      if (!req.cookies[SESSION_COOKIE]) return reply.redirect('/login', 303);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/login?ended=1', 303);
    }
    // The chooser greets a user who has just set or reset a password.
    const q = chooserQuery.parse(req.query ?? {});
    const notice = q.welcome ? MESSAGES['welcome.done'] : q.reset ? MESSAGES['recovery.done'] : undefined;
    return chooser(req, reply, 200, notice);
  });

  app.get('/login', (req, reply) => {
    const q = loginQuery.parse(req.query ?? {});
    const returnTo = q.return_to;
    // prompt=login: an application asks for the password again (OIDC prompt=login, max_age), so the
    // form is shown to a signed-in user too, with the username filled in.
    const again = req.signedIn && q.prompt === 'login';
    if (req.signedIn && !again) return reply.redirect(returnTo ?? '/', 303);
    const info = q.logged_out ? MESSAGES['logout.done'] : undefined;
    const notice = again ? MESSAGES['login.again'] : q.ended ? MESSAGES['session.ended'] : undefined;
    return sendHtml(
      reply,
      200,
      LoginPage({ csrf: reply.generateCsrf(), returnTo, info, notice, ...(again ? { username: req.signedIn!.account.username } : {}) }),
    );
  });

  app.post('/login', async (req, reply) => {
    const typed = readFields(req, signInFields);
    const returnTo = typed.return_to;
    const render = (status: number, extra: Partial<Parameters<typeof LoginPage>[0]>) =>
      sendHtml(reply, status, LoginPage({ csrf: reply.generateCsrf(), username: typed.username, returnTo, ...extra }));

    const form = signInForm.safeParse(typed);
    if (!form.success) return render(422, { fieldErrors: fieldErrors(form.error) });
    const { username, password } = form.data;

    const result = await signIn(deps, { username, password, deviceCookie: req.cookies[DEVICE_COOKIE], origin: originOf(req) });
    if (!result.ok) {
      signIns.labels(result.reason).inc();
      if (result.reason === 'throttled') {
        const seconds = Math.ceil(result.retryAfterMs / 1000);
        reply.header('retry-after', String(seconds));
        return render(429, { error: MESSAGES['login.throttled'](seconds) });
      }
      return render(401, { error: MESSAGES['login.invalid'] });
    }
    signIns.labels('ok').inc();
    // A new session id at every sign-in; the previous one (if any) ends.
    const previous = req.cookies[SESSION_COOKIE];
    if (previous) {
      await endSession(deps.db, deps, previous, 'replaced');
      await carrySingleSignOn(deps.db, result.account.id, sessionKey(deps, previous), sessionKey(deps, result.sessionToken));
    }
    setDeviceCookie(reply, result.deviceCookie);
    setSession(reply, result.sessionToken); // last: bench/wrk-signin.lua reads only the last Set-Cookie
    return reply.redirect(returnTo ?? '/', 303);
  });

  app.post('/logout', async (req, reply) => {
    const raw = req.cookies[SESSION_COOKIE];
    if (raw && req.signedIn) {
      const { account } = req.signedIn;
      // The session's end and its audit event in one transaction.
      await deps.db.transaction().execute(async (trx) => {
        await endSession(trx, deps, raw, 'logout');
        await recordAudit(trx, deps.clock, { type: 'logout', accountId: account.id, username: account.username, origin: originOf(req) });
      });
      await endSingleSignOn(deps.db, o.holder.provider, o.logger, [sessionKey(deps, raw)]);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login?logged_out=1', 303);
  });

  // ── パスワード初期設定 ──────────────────────────────────────────────
  app.get('/welcome/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const link = await viewWelcomeLink(deps, token);
    if (!link.ok) return sendHtml(reply, 410, LinkProblemPage({ kind: 'welcome', problem: link.problem }));
    return newPasswordPage(reply, 200, 'welcome', token, link.account);
  });

  app.post('/welcome/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const result = await setFirstPassword(deps, token, readFields(req, newPasswordFields), originOf(req));
    if (!result.ok && result.kind === 'link') return sendHtml(reply, 410, LinkProblemPage({ kind: 'welcome', problem: result.problem }));
    if (!result.ok) return newPasswordPage(reply, 422, 'welcome', token, result.account, passwordErrors(result.problems));
    setDeviceCookie(reply, deviceCookieFor(deps, accountPassword, result.account.username));
    setSession(reply, result.sessionToken);
    return reply.redirect('/?welcome=1', 303);
  });

  // ── パスワードの再設定 ──────────────────────────────────────────────
  app.get('/password/forgot', (_req, reply) => sendHtml(reply, 200, ForgotPage({ csrf: reply.generateCsrf() })));

  const requestAndShow = async (req: FastifyRequest, reply: FastifyReply, username: string, resent: boolean) => {
    const result = await requestRecovery(deps, username, originOf(req));
    if (result === 'rate_limited') {
      return resent
        ? sendHtml(
            reply,
            429,
            CheckMailPage({ csrf: reply.generateCsrf(), canResend: true, error: MESSAGES['recovery.rate_limited'], officeEmail: config.mail.fromAddress }),
          )
        : sendHtml(reply, 429, ForgotPage({ csrf: reply.generateCsrf(), username, notice: MESSAGES['recovery.rate_limited'] }));
    }
    // The username rides in a signed cookie so 「メールの再送信」 needs no retyping and the URL shows nothing.
    reply.setCookie(RECOVERY_COOKIE, deps.secrets.sign(username, 'recovery'), { ...cookieBase, path: '/password', maxAge: 3600 });
    return reply.redirect(resent ? '/password/forgot/sent?resent=1' : '/password/forgot/sent', 303);
  };

  app.post('/password/forgot', async (req, reply) => {
    const form = forgotForm.safeParse(readFields(req, forgotFields));
    if (!form.success) return sendHtml(reply, 422, ForgotPage({ csrf: reply.generateCsrf(), error: fieldErrors(form.error).username }));
    return requestAndShow(req, reply, form.data.username, false);
  });

  app.get('/password/forgot/sent', (req, reply) => {
    const { resent } = sentQuery.parse(req.query ?? {});
    const canResend = Boolean(recoveryUsername(req));
    return sendHtml(
      reply,
      200,
      CheckMailPage({ csrf: reply.generateCsrf(), canResend, notice: resent ? MESSAGES['recovery.resent'] : undefined, officeEmail: config.mail.fromAddress }),
    );
  });

  app.post('/password/forgot/resend', async (req, reply) => {
    const username = recoveryUsername(req);
    if (!username) return reply.redirect('/password/forgot', 303);
    return requestAndShow(req, reply, username, true);
  });

  app.get('/password/reset/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const link = await viewRecoveryLink(deps, token);
    if (!link.ok) return sendHtml(reply, 410, LinkProblemPage({ kind: 'recovery', problem: link.problem }));
    return sendHtml(reply, 200, ResetConfirmPage({ csrf: reply.generateCsrf(), token, username: link.account.username }));
  });

  app.post('/password/reset/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    if (readFields(req, resetStepFields).step !== 'set') {
      const link = await viewRecoveryLink(deps, token);
      if (!link.ok) return sendHtml(reply, 410, LinkProblemPage({ kind: 'recovery', problem: link.problem }));
      return newPasswordPage(reply, 200, 'recovery', token, link.account);
    }
    const result = await completeRecovery(deps, token, readFields(req, newPasswordFields), originOf(req));
    if (!result.ok && result.kind === 'link') return sendHtml(reply, 410, LinkProblemPage({ kind: 'recovery', problem: result.problem }));
    if (!result.ok) return newPasswordPage(reply, 422, 'recovery', token, result.account, passwordErrors(result.problems));
    await endSingleSignOnForAccount(deps.db, o.holder.provider, o.logger, result.account.id);
    setDeviceCookie(reply, deviceCookieFor(deps, accountPassword, result.account.username));
    setSession(reply, result.sessionToken);
    reply.clearCookie(RECOVERY_COOKIE, { path: '/password' });
    return reply.redirect('/?reset=1', 303);
  });

  if (o.devMailbox) {
    app.get('/dev/mailbox', async (_req, reply) => sendHtml(reply, 200, MailboxPage({ mails: await listMail(deps.db, { limit: 100 }) })));
  }
}
