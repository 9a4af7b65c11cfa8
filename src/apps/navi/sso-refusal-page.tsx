// The body of the page shown when single sign-on to 医療情報ネット is refused: what happened, in plain
// words, and the one next step, as a link into G-MIS, in the catalogue's sso_refusal.<reason> words.
// 医療情報ネット's callback and Med-Login's consent screen wrap it in their Layout.
import { MESSAGES } from '../../platform/messages/index.ts';
import { APPLICATION_PATH, type SsoRefusalAccess } from '../../sso/access/access.ts';

/** Whether the user's own 医療情報ネット account is a way in meanwhile (not while blocked: the office calls first). */
const mentionsNaviLogin = (reason: SsoRefusalAccess['reason']): boolean => reason !== 'blocked_after_refusal';

/** The page title for a refusal (for the Layout's <title>). */
export const ssoRefusalTitle = (access: SsoRefusalAccess): string => MESSAGES[`sso_refusal.${access.reason}`];

export function SsoRefusal(p: { access: SsoRefusalAccess; gmisUrl: string }): JSX.Element {
  const { reason } = p.access;
  const href = `${p.gmisUrl.replace(/\/$/, '')}${APPLICATION_PATH}`;
  return (
    <section class="sso-refusal" aria-labelledby="sso-refusal-title">
      <h1 class="page-title" id="sso-refusal-title" safe>
        {ssoRefusalTitle(p.access)}
      </h1>
      <p>{MESSAGES[`sso_refusal.${reason}.explanation`]}</p>
      {p.access.reason === 'application_refused' && p.access.decisionReason ? (
        <div class="sso-refusal__reason">
          <p class="sso-refusal__reason-label">事務局からの理由</p>
          <p class="sso-refusal__reason-text" safe>
            {p.access.decisionReason}
          </p>
        </div>
      ) : (
        ''
      )}
      <h2 class="section-title">次にしていただくこと</h2>
      <p>{MESSAGES[`sso_refusal.${reason}.next_step`]}</p>
      <p>
        <a class="button button--primary" href={href}>
          {MESSAGES[`sso_refusal.${reason}.link`]}
        </a>
      </p>
      {mentionsNaviLogin(reason) ? (
        <p class="muted">
          医療情報ネットのユーザーIDとパスワードをお持ちの場合は、医療情報ネットの関係者ログイン画面からそのアカウントでログインすることもできます。
        </p>
      ) : (
        ''
      )}
    </section>
  );
}
