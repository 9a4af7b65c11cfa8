// The body of the page shown when single sign-on to 医療情報ネット is refused: what happened, in plain
// words, and the one next step, as a link into G-MIS. Med-Login and 医療情報ネット wrap it in their Layout.
import { APPLICATION_PATH, type SsoRefusalAccess } from './access.ts';

interface RefusalText {
  title: string;
  explanation: string;
  nextStep: string;
  linkLabel: string;
  /** Whether the user's own 医療情報ネット account is a way in meanwhile. */
  mentionNaviLogin: boolean;
}

const TEXT: Record<SsoRefusalAccess['reason'], RefusalText> = {
  blocked_after_refusal: {
    title: '医療情報ネットへのシングルサインオンを停止しています',
    explanation:
      '利用者情報を医療情報ネットへ連携するかを確認する画面で「却下」が選ばれたため、このG-MISアカウントからは医療情報ネットへシングルサインオンできない状態になっています。',
    nextStep:
      'G-MIS事務局から、ご登録の連絡先へ、同意いただけなかった理由を伺うご連絡をします。確認が済むと事務局が停止を解除し、メールでお知らせします。解除後に医療情報ネットを選ぶと、確認画面がもう一度表示されます。お急ぎの場合は、次のページに記載の連絡先から事務局へお問い合わせください。',
    linkLabel: '利用状況と事務局の連絡先を確認する',
    mentionNaviLogin: false,
  },
  application_required: {
    title: '医療情報ネットの利用申請が必要です',
    explanation:
      'このアカウントで医療情報ネットへシングルサインオンするには、事前の利用申請が必要です。アカウントの区分が病院・診療所・歯科診療所・助産所・薬局以外の場合や、G-MISアカウントより前に医療情報ネットのアカウントをお持ちだった場合が該当します。',
    nextStep: 'G-MISの利用申請画面で利用目的を入力し、申請してください。事務局が確認し、結果をメールでお知らせします。',
    linkLabel: 'G-MISで利用申請をする',
    mentionNaviLogin: true,
  },
  application_pending: {
    title: '利用申請を確認しています',
    explanation:
      '医療情報ネットへのシングルサインオンの利用申請を受け付け、事務局が内容を確認しています。承認されるまでは、このアカウントからはシングルサインオンできません。',
    nextStep: '結果はメールでお知らせします。申請の内容と状況は、G-MISの利用申請画面でいつでも確認できます。',
    linkLabel: '申請の状況を確認する',
    mentionNaviLogin: true,
  },
  application_refused: {
    title: '利用申請が承認されませんでした',
    explanation: '医療情報ネットへのシングルサインオンの利用申請は、事務局の確認の結果、承認されませんでした。',
    nextStep: '事務局からの理由をご確認のうえ、G-MISの利用申請画面からもう一度申請できます。',
    linkLabel: 'G-MISでもう一度申請する',
    mentionNaviLogin: true,
  },
};

/** The page title for a refusal (for the Layout's <title>). */
export const ssoRefusalTitle = (access: SsoRefusalAccess): string => TEXT[access.reason].title;

export function SsoRefusal(p: { access: SsoRefusalAccess; gmisUrl: string }): JSX.Element {
  const t = TEXT[p.access.reason];
  const href = `${p.gmisUrl.replace(/\/$/, '')}${APPLICATION_PATH}`;
  return (
    <section class="sso-refusal" aria-labelledby="sso-refusal-title">
      <h1 class="page-title" id="sso-refusal-title" safe>
        {t.title}
      </h1>
      <p safe>{t.explanation}</p>
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
      <p safe>{t.nextStep}</p>
      <p>
        <a class="button button--primary" href={href} safe>
          {t.linkLabel}
        </a>
      </p>
      {t.mentionNaviLogin ? (
        <p class="muted">
          医療情報ネットのユーザーIDとパスワードをお持ちの場合は、医療情報ネットの関係者ログイン画面からそのアカウントでログインすることもできます。
        </p>
      ) : (
        ''
      )}
    </section>
  );
}
