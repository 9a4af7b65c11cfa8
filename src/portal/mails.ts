// Mail texts of the G-MIS portal (e-mail change, お問合せ), one function per template id, in our own
// words. Header and footer are the ones every mail of the platform shares.
import type { MailMessage } from '../mail/outbox.ts';
import { footer, subject, type MailContext, type Recipient } from '../mail/templates.ts';

/**
 * An address shown in a mail to someone else's mailbox: enough to recognise, not enough to harvest
 * (ta****@example.jp).
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '****';
  const local = address.slice(0, at);
  const keep = local.length <= 2 ? 1 : 2;
  return `${local.slice(0, keep)}****${address.slice(at)}`;
}

/** To the NEW address: the link that makes the change take effect. */
export function emailChangeConfirmMail(c: MailContext, a: Recipient & { link: string; expiresAt: string }): MailMessage {
  return {
    kind: 'email_change.confirm',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, 'メールアドレス変更の確認'),
    text: `${a.displayName} 様

G-MIS のユーザ基礎情報で、メールアドレスをこのアドレスに変更する手続きが行われました。
変更を完了するには、下のリンクを開き、表示される画面で「メールアドレスを変更する」を押してください。

${a.link}

・リンクの有効期限は ${a.expiresAt} です。一度使うと無効になります。
・手続きを何度か行った場合は、最後に届いたメールのリンクだけが使えます。
・リンクを開くまでは、これまでのメールアドレスが使われます。
・お心当たりがない場合は、このメールを破棄してください。何も変更されません。
${footer(c)}`,
  };
}

/** To the OLD address when a change is requested: the owner learns of it before it takes effect. */
export function emailChangeRequestedMail(c: MailContext, a: Recipient & { newAddress: string; requestedAt: string }): MailMessage {
  return {
    kind: 'email_change.requested',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, 'メールアドレス変更手続きのお知らせ'),
    text: `${a.displayName} 様

ユーザ名 ${a.username} のユーザ基礎情報で、${a.requestedAt} にメールアドレスの変更手続きが行われました。

変更先：${maskEmail(a.newAddress)}

変更先のアドレスに届く確認メールのリンクが開かれるまで、変更は行われません。
それまでは、これまでどおりこのアドレスにご案内をお送りします。

ご自身またはご担当者の交代による手続きであれば、このメールへの対応は不要です。
お心当たりがない場合は、G-MIS にログインしてユーザ基礎情報の「変更を取り消す」を押し、
パスワードを変更したうえで ${c.officeAddress} までご連絡ください。
${footer(c)}`,
  };
}

/** To the OLD address once the change has taken effect. */
export function emailChangedMail(c: MailContext, a: Recipient & { newAddress: string; changedAt: string }): MailMessage {
  return {
    kind: 'email_change.completed',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, 'メールアドレス変更完了のお知らせ'),
    text: `${a.displayName} 様

ユーザ名 ${a.username} の登録メールアドレスを ${a.changedAt} に変更しました。

変更後：${maskEmail(a.newAddress)}

今後、事務局からのご案内やパスワード再設定のメールは変更後のアドレスに届きます。
このアドレスへのお知らせは、これが最後になります。

お心当たりがない場合は、すぐに ${c.officeAddress} までご連絡ください。
${footer(c)}`,
  };
}

export interface InquiryMailFacts {
  reference: string;
  category: string;
  subject: string;
  body: string;
  contactEmail: string;
  contactPhone: string | null;
  receivedAt: string;
}

/** To the office: everything it needs to answer without looking anything up. */
export function inquiryOfficeMail(
  c: MailContext,
  a: InquiryMailFacts & { to: string; account: { id: string; username: string; displayName: string; category: string; prefectureCode: string | null } },
): MailMessage {
  return {
    kind: 'inquiry.office',
    to: a.to,
    accountId: a.account.id,
    subject: subject(c, `お問合せ ${a.reference}（${a.category}）${a.subject}`),
    text: `G-MIS のお問合せフォームから新しいお問合せが届きました。

■ 受付番号　${a.reference}
■ 受付日時　${a.receivedAt}
■ 分類　　　${a.category}
■ 件名　　　${a.subject}

■ 内容
${a.body}

■ 送信したアカウント
ユーザ名：${a.account.username}
表示名：${a.account.displayName}
区分：${a.account.category}${a.account.prefectureCode ? `\n都道府県コード：${a.account.prefectureCode}` : ''}

■ 連絡先
メール：${a.contactEmail}
電話：${a.contactPhone ?? '（記入なし）'}

回答はお問合せの連絡先メールアドレス宛てに、件名に受付番号を入れてお送りください。
`,
  };
}

/** To the person who asked: the office's answer, with what they asked below it. */
export function inquiryAnswerMail(
  c: MailContext,
  a: { reference: string; subject: string; body: string; receivedAt: string; answer: string; accountId: string | null; to: string; displayName: string },
): MailMessage {
  return {
    kind: 'inquiry.answer',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, `お問合せへの回答（受付番号 ${a.reference}）`),
    text: `${a.displayName} 様

G-MIS へのお問合せ（受付番号 ${a.reference}）に、事務局から回答します。

${a.answer}

この回答は、G-MIS の「お問合せ」の「これまでのお問合せ」からも見られます。
同じ件でさらにご質問があるときは、お問合せフォームから受付番号を書き添えてお送りください。

――― お問合せの内容 ―――
■ 受付日時　${a.receivedAt}
■ 件名　　　${a.subject}

${a.body}
${footer(c)}`,
  };
}

/** To the person who asked: a receipt with the reference number and a copy of what they sent. */
export function inquiryReceiptMail(c: MailContext, a: InquiryMailFacts & { accountId: string; to: string; displayName: string }): MailMessage {
  return {
    kind: 'inquiry.receipt',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, `お問合せを受け付けました（受付番号 ${a.reference}）`),
    text: `${a.displayName} 様

G-MIS へのお問合せを受け付けました。内容を確認のうえ、担当者からこのアドレスにご連絡します。
内容によっては回答までお時間をいただくことがあります。あらかじめご了承ください。

■ 受付番号　${a.reference}
■ 受付日時　${a.receivedAt}
■ 分類　　　${a.category}
■ 件名　　　${a.subject}

■ 内容
${a.body}

同じ件で追加のご連絡をいただく場合は、受付番号をお書き添えください。
${footer(c)}`,
  };
}
