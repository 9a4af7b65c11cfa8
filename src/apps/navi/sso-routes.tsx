// 医療情報ネット's side of single sign-on from G-MIS: /sso/start asks Med-Login to sign the user in
// (which shows the consent screen the first time), /sso/callback links the account and opens the
// 関係者メニュー, /sso/backchannel-logout is how Med-Login ends those sessions.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { activeAccountById } from '../../identity/accounts/account-repository.ts';
import type { Ports } from '../../ports.ts';
import { createNaviSession, endNaviSessionsByOidcSid, linkNaviAccountForGmis, setNaviSessionCookie } from '../../navi/index.ts';
import { ssoAccess } from '../../sso/access/index.ts';
import { NAVI_CLIENT_ID } from '../../sso/provider/clients.ts';
import { RelyingParty, SsoFlowError } from '../../sso/rp/relying-party.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { Notice } from '../../web/forms.tsx';
import { Layout } from '../../web/layout.tsx';
import { originOf, sendHtml } from '../../web/request.ts';
import { SsoRefusal } from './sso-refusal-page.tsx';

/** Why G-MISからのログイン did not finish: each has a title and a `.text` in the catalogue. */
type SsoProblem = 'provider_unreachable' | 'flow_failed' | 'account_unavailable' | 'navi_account_stopped';

function Problem(p: { problem: SsoProblem }): JSX.Element {
  const title = MESSAGES[`navi.sso.${p.problem}`];
  return (
    <Layout title={title} product="医療情報ネット" narrow>
      <h1 class="page-title">{title}</h1>
      <Notice kind="error">
        <p>{MESSAGES[`navi.sso.${p.problem}.text`]}</p>
      </Notice>
      <p class="button-row">
        <a class="button button--primary" href="/sso/start">
          もう一度G-MISからログイン
        </a>
        <a class="button button--secondary" href="/staff/login">
          関係者ログインへ
        </a>
      </p>
    </Layout>
  );
}

export async function naviSsoRoutes(app: FastifyInstance, o: { deps: Ports; logger: Logger }): Promise<void> {
  const { deps } = o;
  const { config } = deps;
  const rp = new RelyingParty(deps, NAVI_CLIENT_ID, `${config.publicUrl.navi}/sso/callback`, '/sso/callback');

  app.get('/sso/start', async (_req, reply) => {
    try {
      return await rp.start(reply, '/staff');
    } catch (err) {
      o.logger.error({ err }, '医療情報ネット could not reach Med-Login');
      return sendHtml(reply, 503, <Problem problem="provider_unreachable" />);
    }
  });

  app.get('/sso/callback', async (req, reply) => {
    let result;
    try {
      result = await rp.complete(req, reply);
    } catch (err) {
      if (err instanceof SsoFlowError && err.kind === 'access_denied') {
        // 却下 on the consent screen: say what happened and what to do next.
        return sendHtml(
          reply,
          403,
          <Layout title="シングルサインオンを利用できません" product="医療情報ネット" narrow>
            <SsoRefusal access={{ allowed: false, reason: 'blocked_after_refusal' }} gmisUrl={config.publicUrl.gmis} />
          </Layout>,
        );
      }
      if (!(err instanceof SsoFlowError)) o.logger.warn({ err }, '医療情報ネット sign-in failed');
      return sendHtml(reply, 400, <Problem problem="flow_failed" />);
    }
    const account = await activeAccountById(deps.db, result.sub);
    if (!account) return sendHtml(reply, 403, <Problem problem="account_unavailable" />);
    // Checked here too, not only on Med-Login's consent screen: a consent given earlier does not
    // outlive a block or a withdrawn application.
    const access = await ssoAccess(deps, account, NAVI_CLIENT_ID);
    if (!access.allowed) {
      return sendHtml(
        reply,
        403,
        <Layout title="シングルサインオンを利用できません" product="医療情報ネット" narrow>
          <SsoRefusal access={access} gmisUrl={config.publicUrl.gmis} />
        </Layout>,
      );
    }
    const navi = await linkNaviAccountForGmis(deps, account);
    if (navi.state !== 'active') {
      return sendHtml(reply, 403, <Problem problem="navi_account_stopped" />);
    }
    const origin = originOf(req);
    const { token } = await createNaviSession(deps, {
      naviAccountId: navi.id,
      method: 'sso',
      ...(result.sid ? { oidcSid: result.sid } : {}),
      oidcIdToken: result.idToken,
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    setNaviSessionCookie(reply, token, config);
    return reply.redirect(result.returnTo, 303);
  });

  rp.backchannelLogoutRoute(app, '/sso/backchannel-logout', o.logger, async ({ sid }) => {
    if (sid) await endNaviSessionsByOidcSid(deps, sid, 'provider_logout');
  });
}
