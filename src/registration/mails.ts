// Mail about 新規ユーザ登録申請. Every sentence is our own wording.
import type { MailMessage } from '../mail/outbox.ts';
import { footer, subject, type MailContext } from '../mail/templates.ts';
import { municipality, prefectureName } from '../institutions/places.ts';
import type { ApplicationInput } from './application.ts';

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
