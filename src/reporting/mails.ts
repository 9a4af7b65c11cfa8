// Mail about reports and what is published from them, to every active account of the institution.
// Every sentence is our own wording.
import type { MailMessage } from '../mail/outbox.ts';
import { footer, subject, type MailContext } from '../mail/templates.ts';

/** Who at the institution gets it, and what the mail is about. */
export interface ReportMailFacts {
  to: string;
  accountId: string;
  displayName: string;
  institutionName: string;
  /** 令和8年度 定期報告 */
  reportTitle: string;
  /** The report's page in G-MIS. */
  link: string;
}

/** 差戻し: what the prefecture asks to correct, and the link to the report. */
export function reportReturnedMail(c: MailContext, a: ReportMailFacts & { comment: string; returnedAt: string }): MailMessage {
  return {
    kind: 'reporting.returned',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, `${a.reportTitle}が差し戻されました`),
    text: `${a.displayName} 様

${a.institutionName}の${a.reportTitle}について、都道府県から確認のお願いがあり、
報告が差し戻されました（${a.returnedAt}）。

■ 都道府県からのコメント
${a.comment}

お手数ですが、次のリンクから報告を開き、内容を直してもう一度「報告」を押してください。
これまでに入力した内容はそのまま残っています。
${a.link}

・直した報告は「再報告済」として都道府県に届きます。
・ご不明な点は、管轄の都道府県の医療機能情報提供制度の窓口にお問い合わせください。
${footer(c)}`,
  };
}

/** 確認: the prefecture accepted the report; what it published, and since when. */
export function reportAcceptedMail(c: MailContext, a: ReportMailFacts & { acceptedAt: string; published: boolean }): MailMessage {
  return {
    kind: 'reporting.accepted',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, `${a.reportTitle}の確認が終わりました`),
    text: `${a.displayName} 様

${a.institutionName}の${a.reportTitle}を、都道府県が確認しました（${a.acceptedAt}）。
${a.published ? '報告いただいた内容は医療情報ネットに公表されています。' : '公表の状況は、G-MIS の医療機能情報提供制度のページでご確認いただけます。'}

報告の内容は次のリンクから確認できます。
${a.link}

内容が変わったときは、G-MIS から随時報告をお願いします。
${footer(c)}`,
  };
}

/** Who at the institution hears about its published record. */
export interface PublicationMailFacts {
  to: string;
  accountId: string;
  displayName: string;
  institutionName: string;
  reason: string;
  at: string;
  /** The institution's reporting home in G-MIS. */
  link: string;
}

/** 公表停止: the prefecture stopped publishing the institution's information for now. */
export function publicationStoppedMail(c: MailContext, a: PublicationMailFacts): MailMessage {
  return {
    kind: 'publication.stopped',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, '医療情報ネットでの公表を一時停止しました'),
    text: `${a.displayName} 様

都道府県が、${a.institutionName}の情報の医療情報ネットでの公表を一時停止しました（${a.at}）。
確認が済むまで、医療情報ネットには表示されません。

■ 理由
${a.reason}

確認が必要な点について、都道府県からご連絡することがあります。
報告の状況は次のリンクから確認できます。
${a.link}
${footer(c)}`,
  };
}

/** 公表停止の解除: the institution's information is published again. */
export function publicationStopLiftedMail(c: MailContext, a: PublicationMailFacts & { visible: boolean }): MailMessage {
  return {
    kind: 'publication.stop_lifted',
    to: a.to,
    accountId: a.accountId,
    subject: subject(c, '医療情報ネットでの公表を再開しました'),
    text: `${a.displayName} 様

都道府県が、${a.institutionName}の情報の公表停止を解除しました（${a.at}）。
${a.visible ? '医療情報ネットに、ふたたび表示されます。' : 'ただし、ほかの理由（今年度の報告がまだ、など）により、医療情報ネットにはまだ表示されていません。'}

■ 理由
${a.reason}

報告の状況は次のリンクから確認できます。
${a.link}
${footer(c)}`,
  };
}
