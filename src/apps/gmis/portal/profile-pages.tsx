// ユーザ基礎情報: the view (名前, メール, 電話, 内線, Fax, 担当部署) → 「編集」 → the form → 「保存」 /
// 「キャンセル」; and the pages behind the link that confirms a new e-mail address.
import type { Account } from '../../../db/schema.ts';
import type { PendingEmailChange } from '../../../portal/email-change.ts';
import { personName } from '../../../portal/profile.ts';
import type { LinkProblem } from '../../../identity/tokens/one-time-link.ts';
import { formatJst } from '../../../platform/japanese/time.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { CsrfField, ErrorSummary, Notice, TextField, type FieldErrors } from '../../../web/forms.tsx';
import { PortalPage, portalViewer, type PortalViewer } from './layout.tsx';
import { DEPARTMENT_MAX, NAME_MAX, type PROFILE_FIELDS } from './schema.ts';

function Value(p: { value: string | null | undefined; mono?: boolean }): JSX.Element {
  return p.value ? (
    <dd class={p.mono ? 'mono' : undefined} safe>
      {p.value}
    </dd>
  ) : (
    <dd class="muted">未登録</dd>
  );
}

function PendingEmailNotice(p: { pending: PendingEmailChange; csrf: string }): JSX.Element {
  return (
    <Notice kind="info" title="メールアドレスの変更手続き中です">
      <p>
        新しいアドレス{' '}
        <strong class="mono" safe>
          {p.pending.newEmail}
        </strong>{' '}
        に確認メールをお送りしました。メールのリンクを開いて「メールアドレスを変更する」を押すと、変更が完了します（リンクの有効期限：
        <span safe>{formatJst(p.pending.expiresAt)}</span>）。それまでは、下に表示しているこれまでのアドレスが使われます。
      </p>
      <p>メールが届かない場合は、迷惑メールフォルダをご確認いただくか、「編集」からもう一度保存すると確認メールを送り直します。</p>
      <form method="post" action="/profile/email/cancel" class="inline-form">
        <CsrfField token={p.csrf} />
        <button type="submit" class="button button--secondary button--small">
          変更を取り消す
        </button>
      </form>
    </Notice>
  );
}

export function ProfilePage(p: { viewer: Account; csrf: string; pending: PendingEmailChange | undefined; flash?: string | undefined }): JSX.Element {
  const a = p.viewer;
  return (
    <PortalPage title="ユーザ基礎情報" viewer={a} csrf={p.csrf}>
      <h1 class="page-title">ユーザ基礎情報</h1>
      {p.flash ? <Notice kind="success" title={p.flash} /> : ''}
      {p.pending ? <PendingEmailNotice pending={p.pending} csrf={p.csrf} /> : ''}
      <div class="card">
        <dl class="summary-list summary-list--wide">
          <dt>名前</dt>
          <Value value={personName(a)} />
          <dt>メール</dt>
          <Value value={a.email} mono />
          <dt>電話</dt>
          <Value value={a.phone} mono />
          <dt>内線</dt>
          <Value value={a.extension} mono />
          <dt>Fax</dt>
          <Value value={a.fax} mono />
          <dt>担当部署</dt>
          <Value value={a.department} />
        </dl>
        <p class="actions actions--tight">
          <a class="button button--primary" href="/profile/edit">
            編集
          </a>
        </p>
      </div>
      <ul class="bullets muted-list">
        <li>G-MISを担当する方を登録してください。担当の方が替わるときは、異動の前に登録内容を更新してください。</li>
        <li>登録したメールアドレスには、事務局から調査のご案内などをお送りします。</li>
      </ul>
      <h2 class="section-title">アカウント</h2>
      <dl class="summary-list summary-list--wide">
        <dt>ユーザ名</dt>
        <dd class="mono" safe>
          {a.username}
        </dd>
        <dt>アカウント名</dt>
        <dd safe>{a.display_name}</dd>
      </dl>
      <p class="muted">ユーザ名とアカウント名は変更できません。施設の名称が変わった場合は、管轄の都道府県にご連絡ください。</p>
    </PortalPage>
  );
}

export type ProfileFormValues = Record<(typeof PROFILE_FIELDS)[number], string>;

export function ProfileEditPage(p: {
  viewer: Account;
  csrf: string;
  values: ProfileFormValues;
  errors?: FieldErrors;
  pending: PendingEmailChange | undefined;
  problem?: string | undefined;
}): JSX.Element {
  const e = p.errors ?? {};
  const v = p.values;
  return (
    <PortalPage title="ユーザ基礎情報の編集" viewer={p.viewer} csrf={p.csrf}>
      <h1 class="page-title">ユーザを編集</h1>
      {p.problem ? (
        <Notice kind="error" title="保存できませんでした">
          <p safe>{p.problem}</p>
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary errors={e} />
      <form method="post" action="/profile" class="card form" novalidate>
        <CsrfField token={p.csrf} />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">名前</legend>
          <p class="field__hint">G-MISを担当する方の名前を入力してください。</p>
          <div class="field-row">
            <TextField name="family_name" label="姓" value={v.family_name} error={e.family_name} required autocomplete="family-name" maxlength={NAME_MAX * 2} />
            <TextField name="given_name" label="名" value={v.given_name} error={e.given_name} autocomplete="given-name" maxlength={NAME_MAX * 2} />
          </div>
        </fieldset>
        <TextField
          name="email"
          label="メール"
          type="email"
          value={v.email}
          error={e.email}
          required
          autocomplete="email"
          inputmode="email"
          maxlength={254}
          hint={
            p.pending
              ? `変更の手続き中：${p.pending.newEmail}（確認メールのリンクを開くと完了します）。新しいアドレスにすると、そのアドレスに確認メールをお送りします。`
              : '新しいアドレスにすると、そのアドレスに確認メールをお送りします。リンクを開くまでは、これまでのアドレスが使われます。'
          }
        />
        <TextField
          name="phone"
          label="電話"
          type="tel"
          value={v.phone}
          error={e.phone}
          autocomplete="tel"
          inputmode="tel"
          maxlength={30}
          hint="市外局番から、数字とハイフンで入力してください（例：03-1234-5678）。全角で入力しても半角に直して登録します。"
        />
        <TextField
          name="extension"
          label="内線"
          type="tel"
          value={v.extension}
          error={e.extension}
          inputmode="tel"
          maxlength={20}
          hint="数字で入力してください（例：1234）。"
        />
        <TextField name="fax" label="Fax" type="tel" value={v.fax} error={e.fax} inputmode="tel" maxlength={30} hint="例：03-1234-5679" />
        <TextField
          name="department"
          label="担当部署"
          value={v.department}
          error={e.department}
          autocomplete="organization-title"
          maxlength={DEPARTMENT_MAX * 2}
          hint="例：医事課"
        />
        <div class="actions actions--tight">
          <button type="submit" class="button button--primary">
            保存
          </button>
          <a class="button button--secondary" href="/profile">
            キャンセル
          </a>
        </div>
      </form>
    </PortalPage>
  );
}

export function EmailConfirmPage(p: { csrf: string; token: string; newEmail: string; displayName: string; viewer: Account | undefined }): JSX.Element {
  return (
    <PortalPage title="メールアドレスの変更" viewer={p.viewer} csrf={p.csrf}>
      <h1 class="page-title">メールアドレスの変更</h1>
      <p>
        <span safe>{p.displayName}</span> の登録メールアドレスを、次のアドレスに変更します。
      </p>
      <dl class="summary-list summary-list--wide card">
        <dt>新しいメールアドレス</dt>
        <dd class="mono" safe>
          {p.newEmail}
        </dd>
      </dl>
      <form method="post" action={`/profile/email/confirm/${p.token}`} class="form">
        <CsrfField token={p.csrf} />
        <button type="submit" class="button button--primary">
          メールアドレスを変更する
        </button>
      </form>
      <p class="muted">お心当たりがない場合は、このページを閉じてください。何も変更されません。</p>
    </PortalPage>
  );
}

export function EmailChangedPage(p: PortalViewer): JSX.Element {
  return (
    <PortalPage title="メールアドレスを変更しました" {...portalViewer(p)}>
      <h1 class="page-title">メールアドレスを変更しました</h1>
      <Notice kind="success" title="登録メールアドレスの変更が完了しました。">
        <p>これからのご案内やパスワード再設定のメールは、新しいアドレスに届きます。これまでのアドレスにも、変更したことをお知らせしました。</p>
      </Notice>
      <p>
        <a class="button button--secondary" href={p.viewer ? '/profile' : '/'}>
          {p.viewer ? 'ユーザ基礎情報へ' : 'G-MISのトップへ'}
        </a>
      </p>
    </PortalPage>
  );
}

export function EmailLinkProblemPage(p: PortalViewer & { problem: LinkProblem }): JSX.Element {
  return (
    <PortalPage title="リンクが使えません" {...portalViewer(p)}>
      <h1 class="page-title">このリンクは使えません</h1>
      <Notice kind="warning" title={MESSAGES[`profile.email_link.${p.problem}`]} />
      {p.problem === 'account_disabled' ? (
        ''
      ) : (
        <>
          <p>
            メールアドレスを変更するには、ログインしてユーザ基礎情報の「編集」から、もう一度新しいアドレスを保存してください。新しい確認メールをお送りします。
          </p>
          <p>
            <a class="button button--primary" href="/profile/edit">
              ユーザ基礎情報の編集へ
            </a>
          </p>
        </>
      )}
    </PortalPage>
  );
}
