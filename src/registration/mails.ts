// Mail about 新規ユーザ登録申請. Every sentence is our own wording.
import type { MailMessage } from '../mail/outbox.ts';
import { footer, subject, type MailContext } from '../mail/templates.ts';
import { municipality, prefectureName } from '../institutions/places.ts';
import type { ApplicationInput } from './application-input.ts';

/** 〒530-0001 大阪府大阪市北区梅田１－１ 梅田ビル */
export function postalAddress(i: { postcode: string; prefectureCode: string; municipalityCode: string; address: string; building: string | null }): string {
  const place = `${prefectureName(i.prefectureCode) ?? ''}${municipality(i.municipalityCode)?.name ?? ''}`;
  return `〒${i.postcode.slice(0, 3)}-${i.postcode.slice(3)} ${place}${i.address}${i.building ? ` ${i.building}` : ''}`;
}

/** To the applicant: the 申請番号, a copy of what was sent, and what happens next. */
export function registrationReceiptMail(c: MailContext, a: { number: string; input: ApplicationInput; submittedAt: string; onBehalf: boolean }): MailMessage {
  const i = a.input.institution;
  return {
    kind: 'registration.receipt',
    to: a.input.email,
    subject: subject(c, `新規ユーザ登録申請を受け付けました（申請番号 ${a.number}）`),
    text: `${a.input.contactName} 様

${a.onBehalf ? '都道府県のご担当者が、貴機関に代わって' : ''}G-MIS の新規ユーザ登録申請を受け付けました。

■ 申請番号　${a.number}
■ 受付日時　${a.submittedAt}
■ 機関区分　${i.kind}
■ 機関名　　${i.name}（${i.nameKana}）
■ 機関コード　${i.institutionCode}
■ 保険機関コード　${i.insuranceCode ?? '（なし）'}
■ 所在地　　${postalAddress(i)}
■ 電話番号　${i.phone}
■ 担当部署　${a.input.department ?? '（記入なし）'}${a.input.departmentNumber ? `（${a.input.departmentNumber}）` : ''}
■ 担当者　　${a.input.contactName}

これから管轄の都道府県が内容を確認します。
・アカウントが発行されると、このアドレスに「アカウント発行通知」メールが届きます。
  メールのリンクからパスワードを設定すると、G-MIS を使い始められます。
・貴機関にすでにアカウントがある場合は、新しいアカウントは作らず、そのアカウントの
  ユーザ名をお知らせするメールをお送りします。
・内容に確認が必要な場合は、申請を差し戻すことがあります。その場合も理由をメールでお知らせします。

お問い合わせの際は、申請番号をお伝えください。
${footer(c)}`,
  };
}

export interface ApplicationFacts {
  number: string;
  institutionName: string;
  address: string;
}

/**
 * 既存アカウント通知: the institution already had an account, so none was made; the existing
 * username is named and the account may now take part in 医療機能情報提供制度. Sent to the account's
 * address and to the applicant.
 */
export function existingAccountMail(
  c: MailContext,
  a: ApplicationFacts & { to: string; accountId: string | null; greeting: string; username: string },
): MailMessage {
  return {
    kind: 'registration.existing_account',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, `既存アカウントのお知らせ（申請番号 ${a.number}）`),
    text: `${a.greeting}

G-MIS の新規ユーザ登録申請（申請番号 ${a.number}）を確認しました。
貴機関にはすでに G-MIS のアカウントがあるため、新しいアカウントは発行していません。
これまでのアカウントに、医療機能情報提供制度の報告を行う権限を追加しました。

■ 機関名　${a.institutionName}
■ 所在地　${a.address}
■ 貴機関のユーザ名（ログインID）　${a.username}

報告はこのユーザ名でログインして行ってください。
・パスワードが分からない場合は、ログイン画面の「パスワードをお忘れですか？」から設定し直せます。
・アカウントのメールアドレスが分からない、または担当者が替わった場合は、管轄の都道府県の
  医療機能情報提供制度の窓口にご相談ください。
・このアカウントにお心当たりがない場合も、同じ窓口にご連絡ください。

ログイン：${c.loginUrl}
${footer(c)}`,
  };
}

/** 差し戻し: the prefecture needs something corrected; the link opens the application as sent, to correct and send again. */
export function returnedMail(
  c: MailContext,
  a: ApplicationFacts & { to: string; contactName: string; reason: string; formUrl: string; expiresAt: string },
): MailMessage {
  return {
    kind: 'registration.returned',
    to: a.to,
    subject: subject(c, `新規ユーザ登録申請の差し戻し（申請番号 ${a.number}）`),
    text: `${a.contactName} 様

G-MIS の新規ユーザ登録申請（申請番号 ${a.number}、${a.institutionName}）について、
都道府県から確認のお願いがあり、申請を差し戻しました。

■ 都道府県からのコメント
${a.reason}

お手数ですが、次のリンクを開いて内容を直し、もう一度申請してください。
申請した内容を入れた画面が開きます。申請番号は変わりません。
${a.formUrl}

・リンクは一度だけ使えます。有効期限は ${a.expiresAt} です。
・期限が切れた場合は、新規ユーザ登録申請のページから改めて申請してください。
${footer(c)}`,
  };
}

/** 却下: the application will not lead to an account. */
export function rejectedMail(c: MailContext, a: ApplicationFacts & { to: string; contactName: string; reason: string }): MailMessage {
  return {
    kind: 'registration.rejected',
    to: a.to,
    subject: subject(c, `新規ユーザ登録申請の結果（申請番号 ${a.number}）`),
    text: `${a.contactName} 様

G-MIS の新規ユーザ登録申請（申請番号 ${a.number}、${a.institutionName}）は、
都道府県の確認の結果、アカウントを発行できませんでした。

■ 理由
${a.reason}

ご不明な点は、管轄の都道府県の医療機能情報提供制度の窓口にお問い合わせください。
${footer(c)}`,
  };
}
