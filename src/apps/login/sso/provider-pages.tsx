// The pages oidc-provider itself shows (sign-out confirmation, signed out, protocol errors), in
// Med-Login's look and in Japanese, handed to the provider as its ProviderPages.
import Html from '@kitajs/html';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ProviderPages } from '../../../sso/provider/provider.ts';
import { Notice } from '../../../web/forms.tsx';
import { Layout } from '../../../web/layout.tsx';

function send(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = 'html';
  ctx.set('cache-control', 'no-store');
  ctx.body = html;
}

/**
 * RP-Initiated Logout 1.0 (§2) lets the provider sign out without asking only when the request
 * carries an ID token of the user's current session with that application: oidc-provider has
 * already checked the hint's signature, issuer and audience; here, that it names this session.
 * Anything else — a bare link from any site, an old or another user's token — is asked about.
 */
function hintNamesThisSession(ctx: KoaContextWithOIDC): boolean {
  const { session, client } = ctx.oidc;
  const hint = ctx.oidc.entities.IdTokenHint as { payload?: { sub?: unknown; sid?: unknown } } | undefined;
  const sid = hint?.payload?.sid;
  if (!session?.accountId || !client || typeof sid !== 'string') return false;
  return hint?.payload?.sub === session.accountId && sid === session.sidFor(client.clientId);
}

/** RP-initiated logout: the provider's form (with its own CSRF token) plus our button. Sent by the
 * application with the session's ID token, a small script presses it at once, so leaving G-MIS leaves
 * Med-Login in one step (without JavaScript the user presses it); otherwise the user decides. */
async function logoutPage(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const app = ctx.oidc.client?.clientName;
  const proceed = hintNamesThisSession(ctx);
  send(
    ctx,
    await (
      <Layout title="ログアウト" product="Med-Login" narrow scripts={proceed ? ['/static/js/auto-submit.js'] : []}>
        <h1 class="page-title">ログアウト</h1>
        <p>
          {Html.escapeHtml(proceed && app ? `${app}からのログアウトを続けています。` : 'ログアウトしますか。')}
          Med-Loginと、Med-Loginからログインしたすべてのアプリケーションからログアウトします。
        </p>
        {form as 'safe'}
        <p class="button-row">
          <button class="button button--primary" type="submit" form="op.logoutForm" name="logout" value="yes" data-auto-submit={proceed}>
            ログアウトする
          </button>
          {proceed ? (
            ''
          ) : (
            <a class="button button--secondary" href="/">
              ログアウトしない
            </a>
          )}
        </p>
      </Layout>
    ),
  );
}

/** A POST to a provider endpoint, repeated as a GET from this page (see post-as-get.ts). A script
 * presses 続ける at once; without JavaScript the user presses it. */
export function ContinueByGetPage(p: { action: string; fields: Array<{ name: string; value: string }> }): JSX.Element {
  return (
    <Layout title="処理を続けています" product="Med-Login" narrow scripts={['/static/js/auto-submit.js']}>
      <h1 class="page-title">処理を続けています</h1>
      <p>画面が切り替わらないときは、「続ける」を押してください。</p>
      <form method="get" action={p.action}>
        {/* Attributes are escaped only for `"` by kitajs; the values must come back exactly, `&` too. */}
        {p.fields.map((f) => (
          <input type="hidden" name={Html.escapeHtml(f.name)} value={Html.escapeHtml(f.value)} />
        ))}
        <button class="button button--primary" type="submit" data-auto-submit>
          続ける
        </button>
      </form>
    </Layout>
  );
}

async function signedOutPage(ctx: KoaContextWithOIDC): Promise<void> {
  send(
    ctx,
    await (
      <Layout title="ログアウトしました" product="Med-Login" narrow>
        <h1 class="page-title">ログアウトしました</h1>
        <Notice kind="success">
          <p>Med-Loginと連携アプリケーションからログアウトしました。</p>
        </Notice>
        <p>
          <a class="button button--primary" href="/login">
            ログイン画面へ
          </a>
        </p>
      </Layout>
    ),
  );
}

const EXPLAIN: Record<string, string> = {
  invalid_request: 'リンクが正しくないか、期限が切れています。',
  invalid_client: 'このアプリケーションはMed-Loginに登録されていません。',
  invalid_redirect_uri: '戻り先のアドレスが登録されていないため、処理を止めました。',
  access_denied: 'ログインが取り消されました。',
  login_required: 'ログインが必要です。',
  consent_required: '同意が必要です。',
  invalid_grant: 'ログインの手続きの期限が切れたか、すでに使われています。',
  session_not_found: 'ログインの手続きの期限が切れました。',
};

/** A sign-in through Med-Login that cannot go on: what happened, and the way back to 接続先選択. */
export function SignInProblemPage(p: { title: string; lines: string[] }): JSX.Element {
  return (
    <Layout title={p.title} product="Med-Login" narrow>
      <h1 class="page-title" safe>
        {p.title}
      </h1>
      <Notice kind="error">
        {p.lines.map((line) => (
          <p safe>{line}</p>
        ))}
      </Notice>
      <p>
        <a class="button button--primary" href="/">
          接続先選択へ
        </a>
      </p>
    </Layout>
  );
}

async function errorPage(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  const explanation = EXPLAIN[out.error] ?? '処理を続けられませんでした。';
  send(
    ctx,
    await (
      <SignInProblemPage
        title="ログインを続けられません"
        lines={[explanation, `もう一度、利用したいアプリケーションの画面から操作してください。（エラーコード: ${out.error}）`]}
      />
    ),
  );
}

/** What runtime.ts gives the provider to render. */
export const MED_LOGIN_PROVIDER_PAGES: ProviderPages = { error: errorPage, logout: logoutPage, signedOut: signedOutPage };
