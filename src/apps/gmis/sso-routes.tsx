// G-MIS sign-in and sign-out through Med-Login: /login starts single sign-on, /callback finishes it,
// /logout leaves G-MIS and Med-Login (RP-initiated logout), /backchannel-logout is how Med-Login
// tells G-MIS that the user signed out there.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { recordAudit } from '../../audit/audit-log.ts';
import { activeAccountById } from '../../identity/accounts/account-repository.ts';
import type { Ports } from '../../ports.ts';
import { Notice } from '../../web/forms.tsx';
import { Layout } from '../../web/layout.tsx';
import { originOf, sendHtml } from '../../web/request.ts';
import { safeReturnTo } from '../../platform/return-to.ts';
import { GMIS_CLIENT_ID } from '../../sso/provider/clients.ts';
import { endSessionUrl } from '../../sso/logout-url.ts';
import { RelyingParty, SsoFlowError } from '../../sso/rp/relying-party.ts';
import { gmisSessions } from '../../identity/sessions/session-store.ts';

export const GMIS_SESSION_COOKIE = (production: boolean) => (production ? '__Host-gmis_app_session' : 'gmis_app_session');

/** Only a path on G-MIS itself (of at most 1000 characters) may be returned to. */
const localPath = (value: unknown): string => safeReturnTo(value, [], 1000) ?? '/';

function SimplePage(p: { title: string; kind: 'success' | 'error'; text: string; action: { href: string; label: string } }): JSX.Element {
  return (
    <Layout title={p.title} product="G-MIS" narrow>
      <h1 class="page-title" safe>
        {p.title}
      </h1>
      <Notice kind={p.kind}>
        <p safe>{p.text}</p>
      </Notice>
      <p>
        <a class="button button--primary" href={p.action.href} safe>
          {p.action.label}
        </a>
      </p>
    </Layout>
  );
}

export interface GmisSsoOptions {
  deps: Ports;
  logger: Logger;
}

/** Sets req.gmisViewer on every request of the scope it is called in, and serves the SSO routes. */
export function gmisSso(app: FastifyInstance, o: GmisSsoOptions): void {
  const { deps } = o;
  const { config } = deps;
  const cookie = GMIS_SESSION_COOKIE(config.production);
  const rp = new RelyingParty(deps, GMIS_CLIENT_ID, `${config.publicUrl.gmis}/callback`, '/callback');

  app.decorateRequest('gmisViewer', undefined);
  app.addHook('preHandler', async (req) => {
    const s = await gmisSessions.resolve(deps.db, deps, req.cookies[cookie]);
    req.gmisViewer = s && { account: s.account, sessionId: s.session.id_hash, idToken: s.session.oidc_id_token };
  });

  app.get<{ Querystring: { return_to?: string } }>('/login', async (req, reply) => {
    const returnTo = localPath(req.query.return_to);
    if (req.gmisViewer) return reply.redirect(returnTo, 303);
    try {
      return await rp.start(reply, returnTo);
    } catch (err) {
      o.logger.error({ err }, 'G-MIS could not reach Med-Login');
      return sendHtml(reply, 503, signInUnavailable());
    }
  });

  app.get('/callback', async (req: FastifyRequest, reply: FastifyReply) => {
    let result;
    try {
      result = await rp.complete(req, reply);
    } catch (err) {
      if (err instanceof SsoFlowError && err.kind !== 'protocol') {
        return sendHtml(
          reply,
          400,
          <SimplePage
            title="ログインを完了できませんでした"
            kind="error"
            text="ログインの手続きが見つからないか、期限が切れました。もう一度ログインしてください。"
            action={{ href: '/login', label: 'Med-Loginでログイン' }}
          />,
        );
      }
      o.logger.warn({ err }, 'G-MIS sign-in failed');
      return sendHtml(reply, 400, signInUnavailable());
    }
    const account = await activeAccountById(deps.db, result.sub);
    if (!account) return sendHtml(reply, 403, signInUnavailable());
    const token = await gmisSessions.open(deps.db, deps, account.id, originOf(req), { oidc_sid: result.sid ?? null, oidc_id_token: result.idToken });
    reply.setCookie(cookie, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.production,
      maxAge: Math.floor(config.session.absoluteMs / 1000),
    });
    return reply.redirect(result.returnTo, 303);
  });

  app.post('/logout', async (req, reply) => {
    const s = req.gmisViewer;
    reply.clearCookie(cookie, { path: '/' });
    if (!s) return reply.redirect('/signed-out', 303);
    const { account } = s;
    await deps.db.transaction().execute(async (trx) => {
      await gmisSessions.end(trx, deps, s.sessionId, 'logout');
      await recordAudit(trx, deps.clock, { type: 'gmis.logout', accountId: account.id, username: account.username, origin: originOf(req) });
    });
    return reply.redirect(
      endSessionUrl(config, { clientId: GMIS_CLIENT_ID, idToken: s.idToken, postLogoutRedirectUri: `${config.publicUrl.gmis}/signed-out` }),
      303,
    );
  });

  app.get('/signed-out', async (_req, reply) =>
    sendHtml(
      reply,
      200,
      <SimplePage
        title="ログアウトしました"
        kind="success"
        text="G-MISとMed-Loginからログアウトしました。共用のパソコンでは、ブラウザも閉じてください。"
        action={{ href: `${config.publicUrl.login}/login`, label: 'Med-Loginのログイン画面へ' }}
      />,
    ),
  );

  rp.backchannelLogoutRoute(app, '/backchannel-logout', o.logger, (t) => gmisSessions.endBySingleSignOn(deps.db, deps, t, 'provider_logout'));
}

function signInUnavailable(): JSX.Element {
  return (
    <SimplePage
      title="ログインできませんでした"
      kind="error"
      text="Med-Loginとの連携で問題が起きました。時間をおいてもう一度お試しください。続く場合は事務局へお問い合わせください。"
      action={{ href: '/', label: 'G-MISのトップへ' }}
    />
  );
}
