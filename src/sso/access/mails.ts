// Mail texts of the SSO access domain, one function per template id. Every sentence is our own.
import { footer, subject, type MailContext, type Recipient } from '../../mail/templates.ts';
import { formatJst } from '../../platform/japanese/time.ts';
import type { Account } from '../../db/schema.ts';
import type { MailMessage } from '../../mail/outbox.ts';
import { personFromRow, type PersonSummary } from './sso-access-repository.ts';

export const personOf = (a: Account): PersonSummary => personFromRow(a.id, a);
export const recipientOf = (a: Account): Recipient => ({ accountId: a.id, to: a.email, displayName: a.display_name, username: a.username });

const whoIs = (s: PersonSummary) => `${s.displayName}（ユーザ名 ${s.username}／区分 ${s.category}／メール ${s.email}）`;

/** To the office: a new SSO-use application waits for a decision. */
export function applicationReceivedMail(c: MailContext, p: { applicant: PersonSummary; reason: string; submittedAt: number; queueUrl: string }): MailMessage {
  return {
    kind: 'sso.application.received',
    to: c.officeAddress,
    subject: subject(c, '医療情報ネット シングルサインオン利用申請の受付'),
    text: `G-MIS事務局 ご担当者様

医療情報ネットへのシングルサインオンの利用申請が届きました。
内容を確認し、承認または却下してください。

■ 申請者
${whoIs(p.applicant)}

■ 申請日時
${formatJst(p.submittedAt)}

■ 利用目的
${p.reason}

■ 審査の画面
${p.queueUrl}
${footer(c)}`,
  };
}

/** To the applicant: the office's decision. */
export function applicationDecidedMail(c: MailContext, to: Recipient, p: { approved: boolean; reason: string | null; statusUrl: string }): MailMessage {
  if (p.approved) {
    return {
      kind: 'sso.application.approved',
      to: to.to,
      accountId: to.accountId,
      subject: subject(c, '医療情報ネット シングルサインオン利用申請の承認'),
      text: `${to.displayName} 様

ユーザ名 ${to.username} でお申し込みいただいた、医療情報ネットへのシングルサインオンの利用を承認しました。
${p.reason ? `\n■ 事務局からの連絡事項\n${p.reason}\n` : ''}
Med-Loginにログインし、接続先選択で「医療情報ネット」を選ぶとご利用いただけます。
初めてのときは、利用者情報を医療情報ネットへ連携してよいかを確認する画面が表示されます。
内容をご確認のうえ「同意」を押してください。

${c.loginUrl}
${footer(c)}`,
    };
  }
  return {
    kind: 'sso.application.refused',
    to: to.to,
    accountId: to.accountId,
    subject: subject(c, '医療情報ネット シングルサインオン利用申請の結果'),
    text: `${to.displayName} 様

ユーザ名 ${to.username} でお申し込みいただいた、医療情報ネットへのシングルサインオンの利用は、
次の理由により承認できませんでした。

■ 理由
${p.reason ?? ''}

理由の点を見直したうえで、次のページからもう一度申請できます。
${p.statusUrl}
${footer(c)}`,
  };
}

/** To the office: someone pressed 「却下」 on the consent screen and must be contacted. */
export function consentRefusedMail(c: MailContext, p: { person: PersonSummary; refusedAt: number; queueUrl: string }): MailMessage {
  return {
    kind: 'sso.consent.refused',
    to: c.officeAddress,
    subject: subject(c, '医療情報ネット連携への同意が得られませんでした'),
    text: `G-MIS事務局 ご担当者様

次の利用者が、医療情報ネットへの利用者情報の連携を確認する画面で「却下」を選びました。
この利用者は、事務局がブロックを解除するまで医療情報ネットへシングルサインオンできません。

■ 利用者
${whoIs(p.person)}

■ 日時
${formatJst(p.refusedAt)}

利用者に連絡して同意いただけなかった理由を伺い、次の画面で記録してからブロックを解除してください。
${p.queueUrl}
${footer(c)}`,
  };
}

/** To the user: the office lifted the block after talking to them. */
export function blockLiftedMail(c: MailContext, to: Recipient): MailMessage {
  return {
    kind: 'sso.block.lifted',
    to: to.to,
    accountId: to.accountId,
    subject: subject(c, '医療情報ネットへのシングルサインオンを再開しました'),
    text: `${to.displayName} 様

先日はご連絡へのご対応ありがとうございました。
ユーザ名 ${to.username} で医療情報ネットへシングルサインオンできるよう、停止を解除しました。

Med-Loginにログインし、接続先選択で「医療情報ネット」を選んでください。
利用者情報の連携を確認する画面がもう一度表示されます。内容をご確認のうえ、
連携してよい場合は「同意」を押してください。「却下」を選ぶと、再び利用できなくなります。

${c.loginUrl}
${footer(c)}`,
  };
}
