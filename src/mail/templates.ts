// Mail texts, one function per template id. Every sentence here is our own wording.
import type { MailMessage } from './outbox.ts';

export interface MailContext {
  fromName: string;
  officeAddress: string;
  loginUrl: string;
}

export const footer = (c: MailContext) => `
――――――――――――――――――――
${c.fromName}
このメールは送信専用のアドレスからお送りしています。返信いただいてもお答えできません。
ご不明な点は ${c.officeAddress} までお問い合わせください。
`;

export const subject = (c: MailContext, title: string) => `【${c.fromName}】${title}`;

/** Who a mail is for. */
export interface Recipient {
  accountId: string;
  to: string;
  displayName: string;
  username: string;
}

/** A mail carrying a one-time link. */
export type LinkMail = Recipient & { link: string; expiresAt: string };

export function welcomeMail(c: MailContext, a: LinkMail): MailMessage {
  return {
    kind: 'account.welcome',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, 'アカウント発行通知'),
    text: `${a.displayName} 様

G-MIS（医療機関等情報支援システム）のアカウントを発行しました。
ご利用を始めるには、下のリンクを開いてパスワードを設定してください。

■ システムをご利用になるには
${a.link}

■ ユーザ名
${a.username}

・リンクは一度だけ使えます。有効期限は ${a.expiresAt} です。
・このメールは再送できません。期限が切れた場合やリンクを使ってしまった場合は、
  ログイン画面の「パスワードをお忘れですか？」から上のユーザ名でパスワードを設定し直してください。
・ユーザ名は変更できません。大切に保管してください。

2回目以降は次のページからログインできます。
${c.loginUrl}
${footer(c)}`,
  };
}

export function recoveryMail(c: MailContext, a: LinkMail): MailMessage {
  return {
    kind: 'recovery.link',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, 'パスワードリセットのご案内'),
    text: `${a.displayName} 様

ユーザ名 ${a.username} のパスワードをリセットする手続きを受け付けました。
下のリンクを開き、画面の案内に沿って新しいパスワードを設定してください。

${a.link}

・リンクの有効期限は ${a.expiresAt} です。一度使うと無効になります。
・この手続きを何度か行った場合は、最後に届いたメールのリンクだけが使えます。
・お心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。
${footer(c)}`,
  };
}

export function passwordChangedMail(c: MailContext, a: Recipient & { changedAt: string }): MailMessage {
  return {
    kind: 'password.changed',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, 'パスワード変更のお知らせ'),
    text: `${a.displayName} 様

ユーザ名 ${a.username} のパスワードが ${a.changedAt} に変更されました。
安全のため、ほかの端末でのログインはすべて終了しています。

ご自身で変更した場合は、このメールへの対応は不要です。
お心当たりがない場合は、すぐにログイン画面の「パスワードをお忘れですか？」から
パスワードを設定し直し、${c.officeAddress} までご連絡ください。
${footer(c)}`,
  };
}
