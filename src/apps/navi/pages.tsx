// 医療情報ネット's screens: the public home (its search panels from search-page.tsx), 関係者ログイン, 関係者メニュー,
// パスワードの変更 and パスワードの再設定.
import type { NaviAccount } from '../../db/schema.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_RULES } from '../../identity/password/policy.ts';
import type { LinkProblem } from '../../identity/tokens/one-time-link.ts';
import { NAVI_USER_ID_MAX_LENGTH } from '../../navi/accounts.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { CsrfField, ErrorSummary, Notice, SignOutButton, TextField, type FieldErrors } from '../../web/forms.tsx';
import { Layout, type NaviChrome } from '../../web/layout.tsx';
import type { Lang } from './preferences.ts';
import { HomeSearch } from './search-page.tsx';
import { SEARCH_WORDS } from './search-words.ts';
import type { NaviViewer } from './viewer.ts';

const product = '医療情報ネット' as const;

const USER_ID_HINT = '半角英数字で入力してください。大文字と小文字は区別されます。';
const PASSWORD_HINT = '半角で入力してください。大文字と小文字は区別されます。';

/** The frame of every page a signed-in staff user sees: their name and ログアウト in the header. */
function StaffLayout(p: {
  title: string;
  csrf: string;
  account: NaviAccount;
  scripts?: string[];
  narrow?: boolean;
  children: JSX.Element | JSX.Element[] | string;
}): JSX.Element {
  return (
    <Layout
      title={p.title}
      product={product}
      signedIn={{ name: p.account.display_name, csrf: p.csrf, signOut: '/staff/logout' }}
      scripts={p.scripts}
      narrow={p.narrow}
    >
      {p.children as 'safe'}
    </Layout>
  );
}

/** A failure the page explains in a sentence (nothing when there is none). */
function FailureNotice(p: { title: string; message: string | undefined }): JSX.Element {
  if (!p.message) return <></>;
  return (
    <Notice kind="error" title={p.title}>
      <p safe>{p.message}</p>
    </Notice>
  );
}

function UserIdField(p: { value: string | undefined; error: string | undefined; autofocus: boolean }): JSX.Element {
  return (
    <TextField
      name="user_id"
      label="ユーザーID"
      value={p.value ?? ''}
      error={p.error}
      hint={USER_ID_HINT}
      autocomplete="username"
      inputmode="email"
      maxlength={NAVI_USER_ID_MAX_LENGTH}
      required
      autofocus={p.autofocus}
    />
  );
}

export function NaviHomePage(p: { viewer: NaviViewer | undefined; lang?: Lang; navi?: NaviChrome }): JSX.Element {
  const lang = p.lang ?? 'ja';
  const w = SEARCH_WORDS[lang];
  return (
    <Layout
      title={w.homeTitle}
      product={product}
      narrow={false}
      lang={lang}
      styles={['/static/css/search.css']}
      scripts={['/static/js/near-me.js']}
      navi={p.navi}
    >
      <h1 class="page-title">{w.siteTitle}</h1>
      <p class="lead">{w.lead}</p>
      <HomeSearch lang={lang} />
      <section class="card staff-entry" aria-labelledby="staff-entry-title">
        <h2 id="staff-entry-title" class="section-title">
          {w.staffTitle}
        </h2>
        {p.viewer ? (
          <>
            <p safe>{w.staffSignedIn(p.viewer.account.display_name)}</p>
            <p>
              <a class="button button--primary" href="/staff">
                {w.staffMenu}
              </a>
            </p>
          </>
        ) : (
          <>
            <p>{w.staffLead}</p>
            <p>
              <a class="button button--primary" href="/staff/login">
                {w.staffLogin}
              </a>
            </p>
          </>
        )}
      </section>
    </Layout>
  );
}

export function StaffLoginPage(p: {
  csrf: string;
  userId?: string;
  error?: string | undefined;
  fieldErrors?: FieldErrors;
  info?: string | undefined;
  notice?: string | undefined;
}): JSX.Element {
  const fieldErrors = p.fieldErrors ?? {};
  return (
    <Layout title="関係者ログイン" product={product} scripts={['/static/js/password-reveal.js']}>
      <h1 class="page-title">関係者ログイン</h1>
      {p.info ? <Notice kind="success" title={p.info} /> : ''}
      {p.notice ? <Notice kind="info" title={p.notice} /> : ''}
      <FailureNotice title="ログインできませんでした" message={p.error} />
      <ErrorSummary errors={fieldErrors} />
      <form method="post" action="/staff/login" class="card form" novalidate>
        <CsrfField token={p.csrf} />
        <UserIdField value={p.userId} error={fieldErrors.user_id} autofocus={!p.userId} />
        <div class="password-with-reveal">
          <TextField
            name="password"
            label="パスワード"
            type="password"
            error={fieldErrors.password}
            hint={PASSWORD_HINT}
            autocomplete="current-password"
            maxlength={PASSWORD_MAX_LENGTH * 4}
            required
            autofocus={Boolean(p.userId)}
          />
          <label class="checkbox" data-reveal-control hidden>
            <input type="checkbox" data-reveal-for="password" aria-controls="password" /> 表示
          </label>
        </div>
        <button type="submit" class="button button--primary button--block">
          ログイン
        </button>
        <p class="form__link">
          <a href="/staff/password/forgot">パスワードを忘れた方はこちら</a>
        </p>
      </form>
      <section class="card sso-entry" aria-labelledby="sso-entry-title">
        <h2 id="sso-entry-title" class="help__title">
          G-MISのアカウントをお持ちの方
        </h2>
        <p>
          <a href="/sso/start">G-MISからのログインはこちら</a>
        </p>
        <p class="muted">
          G-MIS（Med-Login）にログインしてから医療情報ネットに進むと、ここでユーザーIDとパスワードを入力しなくても利用できます。はじめて進むときは、利用者情報を医療情報ネットに登録してよいかの確認画面が表示されます。
        </p>
      </section>
      <section class="help" aria-labelledby="help-title">
        <h2 id="help-title" class="help__title">
          ログインでお困りの方へ
        </h2>
        <dl class="help__list">
          <dt>はじめてログインする</dt>
          <dd>事務局からお知らせした仮のパスワードでログインすると、パスワードの変更画面が表示されます。ご自身で決めたパスワードに変更してください。</dd>
          <dt>ユーザーIDが分からない</dt>
          <dd>アカウント発行のお知らせメールに記載しています。見当たらない場合は事務局にお問い合わせください。</dd>
        </dl>
      </section>
    </Layout>
  );
}

/** What the 関係者メニュー will offer; each says what is coming until it is built. */
const MENU_COMING = [
  {
    name: '公開状況の確認',
    description: 'G-MISで報告した内容が、医療情報ネットにいつ・どのように掲載されるかを確認できるようになります。',
  },
  {
    name: '事務局からのお知らせ',
    description: '医療情報ネットの運用に関するお知らせを、この画面で確認できるようになります。',
  },
] as const;

export function StaffMenuPage(p: { csrf: string; viewer: NaviViewer; notice?: string | undefined }): JSX.Element {
  const { account, method } = p.viewer;
  return (
    <StaffLayout title="関係者メニュー" csrf={p.csrf} account={account} narrow={false}>
      <h1 class="page-title">関係者メニュー</h1>
      {p.notice ? <Notice kind="success" title={p.notice} /> : ''}
      <section class="card signed-in" aria-labelledby="signed-in-title">
        <h2 id="signed-in-title" class="help__title">
          ログイン中の利用者
        </h2>
        <dl class="account-summary">
          <dt>お名前</dt>
          <dd safe>{account.display_name}</dd>
          <dt>ユーザーID</dt>
          <dd class="mono" safe>
            {account.user_id}
          </dd>
          <dt>ログイン方法</dt>
          <dd>{MESSAGES[`navi.login_method.${method}`]}</dd>
        </dl>
      </section>
      <h2 class="section-title">メニュー</h2>
      <ul class="menu-list">
        <li class="menu-item">
          <p class="menu-item__name">
            <a href="/staff/search">施設の検索</a>
          </p>
          <p class="menu-item__description">
            保有設備や対応可能な疾患・治療などの条件で医療機関・薬局を探し、一般には公開していない項目も確認できます。結果はCSVでダウンロードできます。
          </p>
        </li>
        {MENU_COMING.map((item) => (
          <li class="menu-item">
            <p class="menu-item__name">
              <span>{item.name}</span> <span class="badge">準備中</span>
            </p>
            <p class="menu-item__description">{item.description}</p>
          </li>
        ))}
      </ul>
      <h2 class="section-title">アカウント</h2>
      {method === 'local' && account.password_hash ? (
        <p>
          <a href="/staff/password/change">パスワードを変更する</a>
        </p>
      ) : (
        <p>G-MISからのシングルサインオンでご利用中です。パスワードはG-MIS（Med-Login）で管理しています。</p>
      )}
      <div class="actions">
        <SignOutButton action="/staff/logout" csrf={p.csrf} small={false} />
      </div>
    </StaffLayout>
  );
}

/** The new password, its confirmation and the rules, as on Med-Login (same checklist script). */
function NewPasswordFields(p: { errors: FieldErrors; submitLabel: string }): JSX.Element {
  return (
    <>
      <p id="password-rules-intro">新しいパスワードは、次のすべてを満たすように決めてください。</p>
      <ul class="rules" id="password-rules" data-password-rules>
        {PASSWORD_RULES.map((r) => (
          <li data-rule={r.id} data-state="unmet">
            <span class="rule-icon" aria-hidden="true"></span>
            <span safe>{r.label}</span>
          </li>
        ))}
      </ul>
      <p class="field__hint" id="password-policy-hint">
        ユーザーIDやメールアドレスを含むパスワードも使えません（{PASSWORD_MAX_LENGTH}文字まで）。
      </p>
      <TextField
        name="password"
        label="新しいパスワード"
        type="password"
        error={p.errors.password}
        autocomplete="new-password"
        required
        describedBy="password-rules-intro password-rules password-policy-hint"
      />
      <TextField
        name="confirmation"
        label="新しいパスワード（確認）"
        type="password"
        error={p.errors.confirmation}
        autocomplete="new-password"
        required
        describedBy="confirmation-status"
      />
      <p id="confirmation-status" class="field__status" data-confirmation-status aria-live="polite"></p>
      <label class="checkbox">
        <input type="checkbox" data-password-reveal /> 表示
      </label>
      <button type="submit" class="button button--primary button--block" data-password-submit safe>
        {p.submitLabel}
      </button>
    </>
  );
}

export function ChangePasswordPage(p: {
  csrf: string;
  viewer: NaviViewer;
  /** False right after signing in with the temporary password: it was typed a moment ago. */
  askCurrent: boolean;
  errors?: FieldErrors;
  error?: string | undefined;
}): JSX.Element {
  const errors = p.errors ?? {};
  const { account } = p.viewer;
  const forced = account.must_change_password === 1;
  return (
    <StaffLayout title="パスワードの変更" csrf={p.csrf} account={account} scripts={['/static/js/password-checklist.js']}>
      <h1 class="page-title">パスワードの変更</h1>
      {forced ? (
        <Notice kind="warning" title="パスワードを変更してください">
          <p>
            はじめてのログイン、または事務局が発行した仮のパスワードでのログインです。ご自身で決めたパスワードに変更してください。変更が終わるまで、ほかの画面は利用できません。
          </p>
        </Notice>
      ) : (
        ''
      )}
      <FailureNotice title="変更できませんでした" message={p.error} />
      <ErrorSummary errors={errors} />
      {account.password_hash ? (
        <form method="post" action="/staff/password/change" class="card form" data-password-form novalidate>
          <CsrfField token={p.csrf} />
          <dl class="account-summary">
            <dt>ユーザーID</dt>
            <dd class="mono" safe>
              {account.user_id}
            </dd>
          </dl>
          {p.askCurrent ? (
            <TextField
              name="current_password"
              label={forced ? '現在のパスワード（仮のパスワード）' : '現在のパスワード'}
              type="password"
              error={errors.current_password}
              autocomplete="current-password"
              required
            />
          ) : (
            ''
          )}
          <NewPasswordFields errors={errors} submitLabel="パスワードを変更" />
        </form>
      ) : (
        <p>
          このアカウントはG-MISからのシングルサインオンで利用しているため、医療情報ネットのパスワードはありません。パスワードはG-MIS（Med-Login）で変更してください。
        </p>
      )}
      {forced ? (
        ''
      ) : (
        <p>
          <a href="/staff">関係者メニューへ戻る</a>
        </p>
      )}
    </StaffLayout>
  );
}

export function ForgotPage(p: { csrf: string; userId?: string; errors?: FieldErrors; rateLimited?: string | undefined }): JSX.Element {
  const errors = p.errors ?? {};
  return (
    <Layout title="パスワードの再設定" product={product}>
      <h1 class="page-title">パスワードの再設定</h1>
      <FailureNotice title="送信できませんでした" message={p.rateLimited} />
      <ErrorSummary errors={errors} />
      <p>ユーザーIDを入力して送信してください。登録されているメールアドレスに、パスワードを設定し直すためのリンクをお送りします。</p>
      <form method="post" action="/staff/password/forgot" class="card form" novalidate>
        <CsrfField token={p.csrf} />
        <UserIdField value={p.userId} error={errors.user_id} autofocus />
        <button type="submit" class="button button--primary button--block">
          送信
        </button>
        <p class="form__link">
          <a href="/staff/login">関係者ログインへ戻る</a>
        </p>
      </form>
    </Layout>
  );
}

export function CheckMailPage(p: { fromAddress: string }): JSX.Element {
  return (
    <Layout title="メールをご確認ください" product={product}>
      <h1 class="page-title">メールをご確認ください</h1>
      <p>入力されたユーザーIDが登録されていれば、そのアカウントのメールアドレスにパスワード再設定用のリンクをお送りしました。</p>
      <ul class="bullets">
        <li>数分たっても届かないときは、迷惑メールのフォルダもご確認ください。</li>
        <li>
          送信元は{' '}
          <span class="mono" safe>
            {p.fromAddress}
          </span>{' '}
          です。受信を制限している場合は、このアドレスからのメールを受け取れるようにしてください。
        </li>
        <li>リンクの有効期限は24時間です。何度か手続きをした場合は、いちばん新しいメールのリンクだけが使えます。</li>
      </ul>
      <p class="actions">
        <a class="button button--secondary" href="/staff/password/forgot">
          もう一度送る
        </a>
        <a href="/staff/login">関係者ログインへ戻る</a>
      </p>
    </Layout>
  );
}

export function ResetConfirmPage(p: { csrf: string; token: string; userId: string }): JSX.Element {
  return (
    <Layout title="パスワードを設定し直しますか？" product={product}>
      <h1 class="page-title">パスワードを設定し直しますか？</h1>
      <p>
        ユーザーID{' '}
        <strong class="mono" safe>
          {p.userId}
        </strong>{' '}
        のパスワードを新しく決め直します。次の画面で新しいパスワードを入力してください。
      </p>
      <form method="post" action={`/staff/password/reset/${p.token}`} class="form">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="step" value="confirm" />
        <button type="submit" class="button button--primary">
          パスワードを設定し直す
        </button>
      </form>
      <p>
        <a href="/staff/login">設定し直さずに関係者ログインへ戻る</a>
      </p>
    </Layout>
  );
}

export function ResetNewPasswordPage(p: { csrf: string; token: string; account: NaviAccount; errors?: FieldErrors }): JSX.Element {
  const errors = p.errors ?? {};
  return (
    <Layout title="新しいパスワードの設定" product={product} scripts={['/static/js/password-checklist.js']}>
      <h1 class="page-title">新しいパスワードの設定</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={`/staff/password/reset/${p.token}`} class="card form" data-password-form novalidate>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="step" value="set" />
        <dl class="account-summary">
          <dt>ユーザーID</dt>
          <dd class="mono" safe>
            {p.account.user_id}
          </dd>
          <dt>メールアドレス</dt>
          <dd class="mono" safe>
            {p.account.email}
          </dd>
        </dl>
        <NewPasswordFields errors={errors} submitLabel="パスワードを設定" />
      </form>
    </Layout>
  );
}

export function LinkProblemPage(p: { problem: LinkProblem }): JSX.Element {
  return (
    <Layout title="リンクが使えません" product={product}>
      <h1 class="page-title">このリンクは使えません</h1>
      <Notice kind="warning" title={MESSAGES[`navi.password_link.${p.problem}`]} />
      {p.problem === 'account_disabled' ? (
        ''
      ) : (
        <>
          <p>もう一度手続きをすると、新しいリンクをお送りします。すでに新しいパスワードを設定した場合は、そのままログインできます。</p>
          <p class="actions">
            <a class="button button--primary" href="/staff/password/forgot">
              パスワードを設定し直す
            </a>
            <a class="button button--secondary" href="/staff/login">
              関係者ログインへ
            </a>
          </p>
        </>
      )}
    </Layout>
  );
}
