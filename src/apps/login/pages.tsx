// Med-Login's screens: ログイン, 接続先選択, パスワード初期設定, パスワードの再設定 and the dev mailbox.
import type { Account, OutboxMail } from '../../db/schema.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_RULES } from '../../identity/password/policy.ts';
import type { LinkProblem } from '../../identity/tokens/one-time-link.ts';
import { formatJst } from '../../platform/japanese/time.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { CsrfField, ErrorSummary, Notice, TextField, type FieldErrors } from '../../web/forms.tsx';
import { Layout } from '../../web/layout.tsx';
import type { Application } from './applications.ts';

const product = 'Med-Login' as const;

/** ユーザ名 as on ログイン and パスワードをお忘れですか？ (an ASCII keyboard on phones). */
function UsernameField(p: { value: string | undefined; error: string | undefined; autofocus: boolean }): JSX.Element {
  return (
    <TextField
      name="username"
      label="ユーザ名"
      value={p.value ?? ''}
      error={p.error}
      hint="英数字8桁（例：ex000000）"
      autocomplete="username"
      inputmode="email"
      maxlength={64}
      required
      autofocus={p.autofocus}
    />
  );
}

export function LoginPage(p: {
  csrf: string;
  username?: string;
  returnTo?: string | undefined;
  error?: string | undefined;
  fieldErrors?: FieldErrors;
  info?: string | undefined;
  notice?: string | undefined;
}): JSX.Element {
  const fieldErrors = p.fieldErrors ?? {};
  return (
    <Layout title="ログイン" product={product}>
      <h1 class="page-title">ログイン</h1>
      {p.info ? <Notice kind="success" title={p.info} /> : ''}
      {p.notice ? <Notice kind="info" title={p.notice} /> : ''}
      {p.error ? (
        <Notice kind="error" title="ログインできませんでした">
          <p safe>{p.error}</p>
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary errors={fieldErrors} />
      <form method="post" action="/login" class="card form" novalidate>
        <CsrfField token={p.csrf} />
        {p.returnTo ? <input type="hidden" name="return_to" value={p.returnTo} /> : ''}
        <UsernameField value={p.username} error={fieldErrors.username} autofocus={!p.username} />
        <TextField
          name="password"
          label="パスワード"
          type="password"
          error={fieldErrors.password}
          autocomplete="current-password"
          maxlength={PASSWORD_MAX_LENGTH * 4}
          required
          autofocus={Boolean(p.username)}
        />
        <button type="submit" class="button button--primary button--block">
          ログイン
        </button>
        <p class="form__link">
          <a href="/password/forgot">パスワードをお忘れですか？</a>
        </p>
      </form>
      <section class="help" aria-labelledby="help-title">
        <h2 id="help-title" class="help__title">
          ログインでお困りの方へ
        </h2>
        <dl class="help__list">
          <dt>ユーザ名を忘れた</dt>
          <dd>
            ユーザ名は機関ごとに一つ発行され、変更できません。お分かりにならない場合は、管轄の都道府県（または保健所）の医療機能情報提供制度の担当窓口にお問い合わせください。
          </dd>
          <dt>はじめてログインする</dt>
          <dd>
            「アカウント発行通知」メールのリンクからパスワードを設定してください。メールが見当たらない場合やリンクの期限が切れた場合は、「パスワードをお忘れですか？」から設定できます。
          </dd>
        </dl>
      </section>
    </Layout>
  );
}

export function ChooserPage(p: { csrf: string; account: Account; applications: Application[]; notice?: string | undefined }): JSX.Element {
  return (
    <Layout title="接続先選択" product={product} signedIn={{ name: p.account.display_name, csrf: p.csrf }} narrow={false}>
      <h1 class="page-title">接続先選択</h1>
      {p.notice ? <Notice kind="success" title={p.notice} /> : ''}
      <p>
        <span safe>{p.account.display_name}</span>（ユーザ名{' '}
        <span class="mono" safe>
          {p.account.username}
        </span>
        ）としてログインしています。利用するシステムを選んでください。
      </p>
      <ul class="tiles">
        {p.applications.map((app) => (
          <li class="tile">
            <a class="tile__link" href={app.url}>
              <span class="tile__name" safe>
                {app.name}
              </span>
              <span class="tile__description" safe>
                {app.description}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/account/sessions">ログイン中の端末と連携アプリ</a>（ほかの端末のログインの終了、連携の同意の取り消し）
      </p>
    </Layout>
  );
}

/** The new-password form used by both パスワード初期設定 and the last step of the reset. */
export function NewPasswordPage(p: {
  title: string;
  heading: string;
  action: string;
  csrf: string;
  email: string;
  username: string;
  errors?: FieldErrors;
  extraHidden?: Record<string, string>;
}): JSX.Element {
  const errors = p.errors ?? {};
  return (
    <Layout title={p.title} product={product} scripts={['/static/js/password-checklist.js']}>
      <h1 class="page-title" safe>
        {p.heading}
      </h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={p.action} class="card form" data-password-form novalidate>
        <CsrfField token={p.csrf} />
        {Object.entries(p.extraHidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <dl class="account-summary">
          <dt>ユーザ名</dt>
          <dd class="mono" safe>
            {p.username}
          </dd>
          <dt>メールアドレス</dt>
          <dd class="mono" safe>
            {p.email}
          </dd>
        </dl>
        <p id="password-rules-intro">
          新しいパスワードを入力してください。次のすべてを満たす必要があります。ログインには上のユーザ名とこのパスワードを使います。
        </p>
        <ul class="rules" id="password-rules" data-password-rules>
          {PASSWORD_RULES.map((r) => (
            <li data-rule={r.id} data-state="unmet">
              <span class="rule-icon" aria-hidden="true"></span>
              <span safe>{r.label}</span>
            </li>
          ))}
        </ul>
        <p class="field__hint" id="password-policy-hint">
          ユーザ名やメールアドレスを含むパスワードも設定できません（{PASSWORD_MAX_LENGTH}文字まで）。
        </p>
        <TextField
          name="password"
          label="新しいパスワード"
          type="password"
          error={errors.password}
          autocomplete="new-password"
          required
          describedBy="password-rules-intro password-rules password-policy-hint"
        />
        <TextField
          name="confirmation"
          label="新しいパスワードの確認"
          type="password"
          error={errors.confirmation}
          autocomplete="new-password"
          required
          describedBy="confirmation-status"
        />
        <p id="confirmation-status" class="field__status" data-confirmation-status aria-live="polite"></p>
        <label class="checkbox">
          <input type="checkbox" data-password-reveal /> パスワードを表示する
        </label>
        <button type="submit" class="button button--primary button--block" data-password-submit>
          パスワードを変更
        </button>
      </form>
    </Layout>
  );
}

export function LinkProblemPage(p: { kind: 'welcome' | 'recovery'; problem: LinkProblem }): JSX.Element {
  return (
    <Layout title="リンクが使えません" product={product}>
      <h1 class="page-title">このリンクは使えません</h1>
      <Notice kind="warning" title={MESSAGES[`password_link.${p.problem}`]} />
      {p.problem === 'account_disabled' ? (
        ''
      ) : (
        <>
          <h2 class="section-title">これからすること</h2>
          {p.kind === 'welcome' ? (
            <ol class="steps">
              <li>アカウント発行通知メールは再送できません。かわりに「パスワードの再設定」でパスワードを設定します。</li>
              <li>下のボタンから進み、メールに書かれていたユーザ名（英数字8桁）を入力してください。登録されたメールアドレスに案内が届きます。</li>
              <li>すでにパスワードを設定済みの場合は、そのままログインできます。</li>
            </ol>
          ) : (
            <ol class="steps">
              <li>もう一度「パスワードをお忘れですか？」から手続きすると、新しいリンクをお送りします。</li>
              <li>すでに新しいパスワードを設定済みの場合は、そのままログインできます。</li>
            </ol>
          )}
          <p class="actions">
            <a class="button button--primary" href="/password/forgot">
              パスワードを再設定する
            </a>
            <a class="button button--secondary" href="/login">
              ログイン画面へ
            </a>
          </p>
        </>
      )}
    </Layout>
  );
}

export function ForgotPage(p: { csrf: string; username?: string; error?: string | undefined; notice?: string | undefined }): JSX.Element {
  return (
    <Layout title="パスワードをお忘れですか？" product={product}>
      <h1 class="page-title">パスワードをお忘れですか？</h1>
      {p.notice ? (
        <Notice kind="error" title="送信できませんでした">
          <p safe>{p.notice}</p>
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary errors={{ username: p.error }} />
      <p>パスワードをリセットするには、ユーザ名を入力してください。登録されているメールアドレスに、再設定のためのリンクをお送りします。</p>
      <form method="post" action="/password/forgot" class="card form" novalidate>
        <CsrfField token={p.csrf} />
        <UsernameField value={p.username} error={p.error} autofocus />
        <button type="submit" class="button button--primary button--block">
          パスワードリセット
        </button>
        <p class="form__link">
          <a href="/login">ログイン画面へ戻る</a>
        </p>
      </form>
      <section class="help">
        <h2 class="help__title">ユーザ名が分からない場合</h2>
        <p>管轄の都道府県（または保健所）の担当窓口にお問い合わせください。ご本人確認のため、医療機関名・所在地・代表電話番号・ご担当者名をお伝えください。</p>
      </section>
    </Layout>
  );
}

export function CheckMailPage(p: {
  csrf: string;
  canResend: boolean;
  notice?: string | undefined;
  error?: string | undefined;
  officeEmail: string;
}): JSX.Element {
  return (
    <Layout title="メールの確認" product={product}>
      <h1 class="page-title">メールの確認</h1>
      {p.notice ? <Notice kind="success" title={p.notice} /> : ''}
      {p.error ? (
        <Notice kind="error" title="再送信できませんでした">
          <p safe>{p.error}</p>
        </Notice>
      ) : (
        ''
      )}
      <p>入力されたユーザ名が登録されていれば、そのアカウントのメールアドレスにパスワード再設定用のリンクをお送りしました。</p>
      <ul class="bullets">
        <li>数分たっても届かない場合は、迷惑メール（スパム）フォルダをご確認ください。</li>
        <li>
          受信を許可する設定が必要な場合は、送信元{' '}
          <span class="mono" safe>
            {p.officeEmail}
          </span>{' '}
          からのメールを受け取れるようにしてから、再送信してください。
        </li>
        <li>リンクの有効期限は24時間です。何度か送信した場合は、最後に届いたメールのリンクだけが使えます。</li>
      </ul>
      {p.canResend ? (
        <form method="post" action="/password/forgot/resend" class="form">
          <CsrfField token={p.csrf} />
          <button type="submit" class="button button--secondary">
            メールの再送信
          </button>
        </form>
      ) : (
        ''
      )}
      <section class="help">
        <h2 class="help__title">それでも届かない場合</h2>
        <p>
          登録されているメールアドレスが使われなくなっている可能性があります。医療機関名・所在地・ご担当者名を添えて、管轄の都道府県の担当窓口にメールアドレスの変更をご依頼ください。
        </p>
      </section>
      <p>
        <a href="/login">ログイン画面へ戻る</a>
      </p>
    </Layout>
  );
}

export function ResetConfirmPage(p: { csrf: string; token: string; username: string }): JSX.Element {
  return (
    <Layout title="パスワードをリセットしますか？" product={product}>
      <h1 class="page-title">パスワードをリセットしますか？</h1>
      <p>
        ユーザ名{' '}
        <strong class="mono" safe>
          {p.username}
        </strong>{' '}
        のパスワードを新しく設定します。次の画面で新しいパスワードを入力してください。
      </p>
      <form method="post" action={`/password/reset/${p.token}`} class="form">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="step" value="confirm" />
        <button type="submit" class="button button--primary">
          パスワードのリセット
        </button>
      </form>
      <p>
        <a href="/login">リセットせずにログイン画面へ戻る</a>
      </p>
    </Layout>
  );
}

function linkify(text: string): string {
  return text
    .split(/(https?:\/\/[^\s]+)/g)
    .map((part, i) => {
      const escaped = part.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      return i % 2 === 1 ? `<a href="${escaped}">${escaped}</a>` : escaped;
    })
    .join('');
}

export function MailboxPage(p: { mails: OutboxMail[] }): JSX.Element {
  return (
    <Layout title="開発用メールボックス" product={product} narrow={false}>
      <h1 class="page-title">開発用メールボックス</h1>
      <Notice kind="info" title="SMTPが設定されていないため、送信されたメールはここに表示されます（本番環境では使えません）。" />
      {p.mails.length === 0 ? <p>メールはまだありません。</p> : ''}
      <ol class="mailbox">
        {p.mails.map((m) => (
          <li class="mail card">
            <p class="mail__meta">
              <span class="badge">{m.status === 'sent' ? '配信済み' : m.status === 'pending' ? '送信待ち' : '送信失敗'}</span>{' '}
              <span safe>{formatJst(m.created_at)}</span> 宛先{' '}
              <span class="mono" safe>
                {m.to_address}
              </span>
            </p>
            <h2 class="mail__subject" safe>
              {m.subject}
            </h2>
            <pre class="mail__body">{linkify(m.body_text) as 'safe'}</pre>
          </li>
        ))}
      </ol>
    </Layout>
  );
}
