// Mail about 医療情報ネット staff accounts, one function per template id. Our own wording throughout.
// No mail ever carries a password: a temporary password is handed over by the office separately.
import type { MailMessage } from '../mail/outbox.ts';
import type { MailContext } from '../mail/templates.ts';

export interface NaviRecipient {
  naviAccountId: string;
  to: string;
  displayName: string;
  userId: string;
}

const subject = (c: MailContext, title: string) => `【${c.fromName}】医療情報ネット ${title}`;

const footer = (c: MailContext) => `
――――――――――――――――――――
${c.fromName}（医療情報ネット 関係者ログイン）
このメールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできません。
お問い合わせは ${c.officeAddress} までお願いいたします。
`;

const message = (c: MailContext, r: NaviRecipient, kind: string, title: string, body: string): MailMessage => ({
  kind,
  to: r.to,
  accountId: r.naviAccountId,
  subject: subject(c, title),
  text: `${r.displayName} 様\n\n${body}\n${footer(c)}`,
});

export function naviAccountIssuedMail(c: MailContext, r: NaviRecipient): MailMessage {
  return message(
    c,
    r,
    'navi.account.issued',
    '関係者ログインのアカウントを発行しました',
    `医療情報ネットの関係者メニューをご利用いただくためのアカウントを発行しました。

■ ユーザーID
${r.userId}

・仮のパスワードは、事務局から別の方法でお伝えします。メールではお送りしません。
・はじめてログインすると、パスワードの変更画面が表示されます。ご自身で決めたパスワードに変更してください。
・ユーザーIDとパスワードは半角で入力します。大文字と小文字は区別されます。

ログインはこちらから
${c.loginUrl}`,
  );
}

export function naviTemporaryPasswordMail(c: MailContext, r: NaviRecipient): MailMessage {
  return message(
    c,
    r,
    'navi.account.temporary_password',
    'パスワードを再発行しました',
    `ユーザーID ${r.userId} のパスワードを、事務局が仮のパスワードに再発行しました。
仮のパスワードは事務局から別の方法でお伝えします。

・これまでのパスワードは使えなくなり、ログイン中だった端末もすべてログアウトしました。
・仮のパスワードでログインすると、パスワードの変更画面が表示されます。

再発行をお願いした覚えがない場合は、${c.officeAddress} までご連絡ください。`,
  );
}

export function naviRecoveryMail(c: MailContext, r: NaviRecipient & { link: string; expiresAt: string }): MailMessage {
  return message(
    c,
    r,
    'navi.recovery.link',
    'パスワード再設定のご案内',
    `医療情報ネット 関係者ログインのパスワード再設定を受け付けました（ユーザーID ${r.userId}）。
次のリンクを開き、画面の案内に従って新しいパスワードを決めてください。

${r.link}

・リンクは ${r.expiresAt} まで、一度だけ使えます。
・何度か手続きをした場合は、いちばん新しいメールのリンクだけが使えます。
・手続きをした覚えがない場合は、このメールは破棄してください。パスワードはそのままです。`,
  );
}

export function naviPasswordChangedMail(c: MailContext, r: NaviRecipient & { changedAt: string }): MailMessage {
  return message(
    c,
    r,
    'navi.password.changed',
    'パスワードを変更しました',
    `医療情報ネット 関係者ログイン（ユーザーID ${r.userId}）のパスワードが ${r.changedAt} に変更されました。
安全のため、ほかの端末でのログインは終了しています。

ご自身で変更した場合は、何もしていただく必要はありません。
覚えがない場合は、すぐにログイン画面の「パスワードを忘れた方はこちら」からパスワードを設定し直し、
${c.officeAddress} までご連絡ください。`,
  );
}

/**
 * Sent instead of a reset link to an account that signs in through Med-Login (registered by single
 * sign-on from G-MIS): it has no 医療情報ネット password to reset.
 */
export function naviUseMedLoginMail(c: MailContext, r: NaviRecipient & { medLoginUrl: string }): MailMessage {
  return message(
    c,
    r,
    'navi.recovery.use_med_login',
    'パスワード再設定のお問い合わせについて',
    `医療情報ネット 関係者ログインのパスワード再設定を受け付けました（ユーザーID ${r.userId}）。

このアカウントは、G-MISからのシングルサインオン（Med-Login）でログインするアカウントです。
医療情報ネットのパスワードはありませんので、再設定はできません。

・関係者ログインの画面の「G-MISからのログインはこちら」からログインしてください。
・Med-Loginのパスワードを忘れた場合は、次のページから再設定できます。
${r.medLoginUrl}

・手続きをした覚えがない場合は、このメールは破棄してください。`,
  );
}
