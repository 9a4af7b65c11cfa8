// 「ログイン中の端末と連携アプリ」: the user's open Med-Login sessions (browser, since when, from
// where), the applications each one signed in to, and the consents given to applications — each
// can be ended or revoked here (ASVS 7.5.2, 10.7).
import Html from '@kitajs/html';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { recordAudit } from '../../audit/audit-log.ts';
import type { Ports } from '../../ports.ts';
import { openSessionsOfAccount, ownSessionNotEnded } from '../../identity/sessions/own-session-repository.ts';
import { endSessionByKey } from '../../identity/sessions/session-store.ts';
import { formatJst } from '../../platform/japanese/time.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { revokeGrantTokens } from '../../sso/provider/oidc-repository.ts';
import { listClients } from '../../sso/provider/clients.ts';
import { listConsents, revokeConsent } from '../../sso/provider/consents.ts';
import type { ProviderHolder } from '../../sso/provider/provider.ts';
import { linksOfAccount } from '../../sso/provider/sso-session-repository.ts';
import { endSingleSignOn, signOutOfApplication } from '../../sso/provider/sso-sessions.ts';
import { CsrfField, Notice } from '../../web/forms.tsx';
import { Layout } from '../../web/layout.tsx';
import { originOf, sendHtml } from '../../web/request.ts';
import { endSessionFields, readFields, revokeConsentFields, sessionsQuery } from './schema.ts';

/** A readable name for a User-Agent string: browser and platform, nothing more. */
export function describeBrowser(ua: string): string {
  const browser = /Edg\//.test(ua)
    ? 'Microsoft Edge'
    : /Chrome\//.test(ua)
      ? 'Google Chrome / Chromium'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'その他のブラウザ';
  const platform = /iPhone|iPad/.test(ua)
    ? 'iPhone / iPad'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'Mac'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return platform ? `${browser}（${platform}）` : browser;
}

export function accountRoutes(app: FastifyInstance, o: { deps: Ports; holder: ProviderHolder; logger: Logger; sessionCookie: string }): void {
  const { deps } = o;

  app.get('/account/sessions', async (req, reply) => {
    const s = req.signedIn;
    if (!s) return reply.redirect(`/login?return_to=${encodeURIComponent('/account/sessions')}`, 303);
    const now = deps.clock.now();
    const sessions = await openSessionsOfAccount(deps.db, s.account.id, now, deps.config.session.idleMs);
    const links = await linksOfAccount(deps.db, s.account.id);
    const clients = new Map((await listClients(deps.db)).map((c) => [c.clientId, c.name]));
    const consents = (await listConsents(deps.db, s.account.id)).filter((c) => c.revokedAt === null);
    const csrf = reply.generateCsrf();
    const { done } = sessionsQuery.parse(req.query ?? {});
    const notice = done === 'ended' ? MESSAGES['account_sessions.ended'] : done === 'revoked' ? MESSAGES['account_sessions.consent_revoked'] : undefined;
    return sendHtml(
      reply,
      200,
      <Layout title="ログイン中の端末と連携アプリ" product="Med-Login" signedIn={{ name: s.account.display_name, csrf }}>
        <p class="breadcrumb">
          <a href="/">接続先選択</a> ＞ ログイン中の端末と連携アプリ
        </p>
        <h1 class="page-title">ログイン中の端末と連携アプリ</h1>
        {notice ? <Notice kind="success" title={notice} /> : ''}
        <h2>ログイン中の端末</h2>
        <p>心当たりのない端末があれば、ログインを終了してから、パスワードを変更してください。</p>
        <ul class="card-list">
          {sessions.map((row) => {
            const current = row.id_hash === s.session.id_hash;
            const apps = links.filter((l) => l.loginSessionId === row.id_hash);
            return (
              <li class="card">
                <p class="card__title">
                  <span safe>{describeBrowser(row.user_agent)}</span>
                  {current ? <span class="badge">この端末</span> : ''}
                </p>
                <dl class="summary-list summary-list--compact">
                  <div class="summary-list__row">
                    <dt>ログイン日時</dt>
                    <dd safe>{formatJst(row.created_at)}</dd>
                  </div>
                  <div class="summary-list__row">
                    <dt>最後の操作</dt>
                    <dd safe>{formatJst(row.last_seen_at)}</dd>
                  </div>
                  <div class="summary-list__row">
                    <dt>接続元IPアドレス</dt>
                    <dd class="mono" safe>
                      {row.ip}
                    </dd>
                  </div>
                  <div class="summary-list__row">
                    <dt>ログインしたアプリ</dt>
                    <dd>{Html.escapeHtml(apps.length ? apps.map((l) => l.clientName).join('、') : 'なし')}</dd>
                  </div>
                </dl>
                <form method="post" action="/account/sessions/end">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="session" value={row.id_hash} />
                  <button class="button button--secondary button--small" type="submit">
                    {current ? 'この端末からログアウト' : 'この端末のログインを終了'}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
        <h2>連携を許可したアプリ</h2>
        {consents.length === 0 ? (
          <p>情報の連携に同意したアプリはありません。</p>
        ) : (
          <ul class="card-list">
            {consents.map((c) => (
              <li class="card">
                <p class="card__title" safe>
                  {clients.get(c.clientId) ?? c.clientId}
                </p>
                <p safe>{`同意した日時：${formatJst(c.grantedAt)}`}</p>
                <p safe>{`連携している情報：${c.claims.join('、')}`}</p>
                <form method="post" action="/account/consents/revoke">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="consent" value={c.id} />
                  <button class="button button--secondary button--small" type="submit">
                    同意を取り消す
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </Layout>,
    );
  });

  app.post('/account/sessions/end', async (req, reply) => {
    const s = req.signedIn;
    if (!s) return reply.redirect('/login', 303);
    const target = readFields(req, endSessionFields).session;
    const key = await ownSessionNotEnded(deps.db, s.account.id, target);
    if (key) {
      // The session's end and its audit event in one transaction.
      await deps.db.transaction().execute(async (trx) => {
        await endSessionByKey(trx, deps, key, 'ended_by_user');
        await recordAudit(trx, deps.clock, {
          type: 'sso.session.ended',
          accountId: s.account.id,
          username: s.account.username,
          origin: originOf(req),
          details: { current: key === s.session.id_hash },
        });
      });
      await endSingleSignOn(deps.db, o.holder.provider, o.logger, [key]);
    }
    if (key === s.session.id_hash) {
      reply.clearCookie(o.sessionCookie, { path: '/' });
      return reply.redirect('/login?logged_out=1', 303);
    }
    return reply.redirect('/account/sessions?done=ended', 303);
  });

  app.post('/account/consents/revoke', async (req, reply) => {
    const s = req.signedIn;
    if (!s) return reply.redirect('/login', 303);
    const origin = originOf(req);
    const revoked = await revokeConsent(deps, {
      accountId: s.account.id,
      username: s.account.username,
      consentId: readFields(req, revokeConsentFields).consent,
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    if (revoked) {
      const provider = o.holder.provider;
      const grant = await provider.Grant.find(revoked.grantId);
      await grant?.destroy();
      await revokeGrantTokens(deps.db, revoked.grantId);
      await signOutOfApplication(deps.db, provider, o.logger, s.account.id, revoked.clientId);
    }
    return reply.redirect('/account/sessions?done=revoked', 303);
  });
}
