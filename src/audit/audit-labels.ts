// The audit trail in words for the office: each event type's name, and each detail as a
// 「label: value」 line (codes in the details read as words too). A new AuditType needs its name
// here (the table is typed by AuditType); a detail key or a code without a word shows as it is.
import type { AuditType } from './audit-log.ts';
import { formatJst } from '../platform/japanese/time.ts';

export const AUDIT_TYPE_LABELS: Record<AuditType, string> = {
  'navi.account.issued': '医療情報ネットのアカウント発行',
  'navi.account.linked': '医療情報ネットのアカウントとG-MISの連携',
  'navi.account.temporary_password': '医療情報ネットの仮パスワード発行',
  'navi.login.succeeded': '医療情報ネットへのログイン',
  'navi.login.failed': '医療情報ネットへのログインの失敗',
  'navi.login.throttled': '医療情報ネットへのログインの一時停止（試行が多すぎるため）',
  'navi.login.locked': '医療情報ネットのアカウントのロック',
  'navi.account.unlocked': '医療情報ネットのアカウントのロック解除',
  'navi.logout': '医療情報ネットからのログアウト',
  'navi.password.changed': '医療情報ネットのパスワード変更',
  'navi.recovery.requested': '医療情報ネットのパスワード再設定の申し込み',
  'navi.recovery.completed': '医療情報ネットのパスワード再設定',
  'navi.session.ended_by_provider': '医療情報ネットのログインをMed-Loginから終了',
  'navi.feedback.received': '医療情報ネットへのご意見・満足度調査の回答',
  'navi.staff_search.downloaded': '医療情報ネット 関係者メニューでの検索結果のCSVダウンロード',
  'account.issued': 'アカウントの発行',
  'account.unlocked': 'ロックの解除',
  'account.disabled': 'アカウントの無効化',
  'account.enabled': 'アカウントの有効化',
  'account.reset_started': '事務局からのパスワード再設定メール',
  'jurisdiction.municipalities_set': '保健所の担当市区町村の設定',
  'jurisdiction.delegated': '関係団体に任せることの追加',
  'jurisdiction.delegation_withdrawn': '関係団体に任せることの取りやめ',
  'registration.window_set': '新規ユーザ登録申請の受付期間の変更',
  'inquiry.submitted': 'お問合せの送信',
  'inquiry.read': 'お問合せを事務局が開封',
  'inquiry.answered': 'お問合せへの回答（メール）',
  'inquiry.closed': 'お問合せの完了',
  'inquiry.reopened': 'お問合せの再開',
  'gmis.logout': 'G-MISからのログアウト',
  'login.succeeded': 'Med-Loginへのログイン',
  'login.failed': 'Med-Loginへのログインの失敗',
  'login.throttled': 'Med-Loginへのログインの一時停止（試行が多すぎるため）',
  'login.locked': '未確認のブラウザからのログインのロック',
  logout: 'ログアウト',
  'session.expired': 'ログインの期限切れ',
  'first_password.set': 'はじめてのパスワード設定',
  'recovery.requested': 'パスワード再設定の申し込み',
  'recovery.completed': 'パスワード再設定',
  'profile.updated': 'ユーザ基礎情報の更新',
  'profile.confirmed': 'ユーザ基礎情報の確認',
  'email_change.requested': 'メールアドレス変更の申し込み',
  'email_change.cancelled': 'メールアドレス変更の取りやめ',
  'email_change.completed': 'メールアドレスの変更',
  'notice.added': 'お知らせの追加',
  'notice.drafted': 'お知らせの下書き作成',
  'notice.edited': 'お知らせの編集',
  'notice.published': 'お知らせの公開・公開予約',
  'notice.withdrawn': 'お知らせの取り下げ',
  'institutions.imported': '医療機関マスタの取り込み',
  'registration.submitted': '新規ユーザ登録申請',
  'registration.resubmitted': '差し戻された新規ユーザ登録申請の再申請',
  'registration.approved': '新規ユーザ登録申請の承認',
  'registration.returned': '新規ユーザ登録申請の差し戻し',
  'registration.rejected': '新規ユーザ登録申請の却下',
  'registration.mail_resent': '申請者へのメールの送り直し',
  'sso.application.submitted': 'シングルサインオン利用申請',
  'sso.application.approved': 'シングルサインオン利用申請の承認',
  'sso.application.refused': 'シングルサインオン利用申請の却下',
  'sso.consent.refused': '情報連携の却下（シングルサインオンの停止）',
  'sso.block.lifted': '却下ブロックの解除',
  'sso.consent.granted': '情報連携への同意',
  'sso.consent.revoked': '情報連携の取り消し',
  'sso.session.ended': 'ログイン中の端末のログアウト',
  'oidc.keys.rotated': '署名鍵の更新',
  'oidc.client.saved': '連携アプリケーションの登録',
  'oidc.client.removed': '連携アプリケーションの削除',
  'report.started': '報告の開始',
  'report.submitted': '報告',
  'report.withdrawn': '報告の引き戻し',
  'report.accepted': '報告の確認（受理）',
  'report.returned': '報告の差戻し',
  'report.discarded': '報告中の内容の破棄',
  'report.imported': 'CSVファイルからの報告内容の取り込み',
  'publication.published': '医療情報ネットへの公表',
  'publication.withheld': '外来区分による非公表（その他一般外来を行わない）',
  'publication.suspended': '休止の公表',
  'publication.resumed_operation': '再開の公表',
  'publication.closed': '廃止による公表の終了',
  'publication.stopped': '公表停止',
  'publication.stop_lifted': '公表停止の解除',
  'publication.lapsed': '定期報告がないための非公表（4月1日）',
  'institution.updated_from_report': '確認された報告による医療機関マスタの更新',
  'opendata.imported': 'オープンデータ（医療情報ネットの公表データ）の一括取り込み',
  'reporting.period_set': '報告期間の設定',
  'reporting.settings_set': '公表のタイミングの設定',
  'closure.batch_applied': '臨時休診の一括登録',
  'closure.batch_undone': '臨時休診の一括登録の取り消し',
  'reminder.settings_set': '報告のリマインダーの設定',
  'reminder.sent': '報告のリマインダーの送信',
  'bulk_mail.sent': '一括メール配信の送信',
};

/** The type's name, or the code itself for a type this version no longer writes. */
export const auditTypeLabel = (type: string): string => (AUDIT_TYPE_LABELS as Record<string, string>)[type] ?? type;

type ValueFormat = 'text' | 'time' | 'duration' | 'count' | 'fiscal_year';

/** What each detail key says, and how its value reads. */
export const AUDIT_DETAIL_LABELS: Record<string, { label: string; format?: ValueFormat }> = {
  account: { label: 'アカウント（ユーザ名）' },
  action: { label: '任せること' },
  applicationId: { label: '申請の番号（内部）' },
  blockId: { label: 'ブロックの番号（内部）' },
  busy: { label: '同時の試行が多すぎる' },
  by: { label: '操作した人（ユーザ名）' },
  category: { label: '区分' },
  changed: { label: '変わった項目' },
  clientId: { label: '連携アプリケーション' },
  closesAt: { label: '終了日時', format: 'time' },
  current: { label: '操作した端末そのもの' },
  decidedBy: { label: '判断した人（ユーザ名）' },
  emailChangeRequested: { label: 'メールアドレス変更の申し込み' },
  failures: { label: '続いた失敗', format: 'count' },
  file: { label: 'ファイル' },
  forced: { label: '仮パスワードからの変更' },
  from: { label: '変更前のメールアドレス' },
  gmisAccountId: { label: 'G-MISのアカウント（内部）' },
  gmisUsername: { label: 'G-MISのユーザ名' },
  inserted: { label: '追加した機関', format: 'count' },
  institutionCode: { label: '機関コード' },
  issuedBy: { label: '発行した人' },
  key: { label: '止めた単位' },
  kid: { label: '鍵の番号' },
  liftedBy: { label: '解除した人（ユーザ名）' },
  mailed: { label: 'メールの送信' },
  method: { label: 'ログインの方法' },
  municipalities: { label: '担当市区町村（コード）' },
  need: { label: '申請が必要な理由' },
  note: { label: '事務局のメモ' },
  noticeId: { label: 'お知らせの番号（内部）' },
  number: { label: '申請番号' },
  opensAt: { label: '開始日時', format: 'time' },
  outcome: { label: '結果' },
  prefecture: { label: '都道府県コード' },
  prefectureCode: { label: '都道府県コード' },
  publishedAt: { label: '公開日時', format: 'time' },
  reference: { label: '受付番号' },
  sentTo: { label: '回答の送り先' },
  scheduled: { label: '日時を指定した公開予約' },
  reason: { label: '理由' },
  registered: { label: '医療情報ネットへの新規登録' },
  retryAfterMs: { label: '再開までの時間', format: 'duration' },
  scopes: { label: '渡す情報' },
  title: { label: '件名' },
  to: { label: '変更後のメールアドレス' },
  trustedBrowser: { label: '確認済みのブラウザから' },
  unlockedBy: { label: '解除した人' },
  updated: { label: '更新した機関', format: 'count' },
  // Reporting (src/reporting/)
  changedItems: { label: '変更のある項目', format: 'count' },
  comment: { label: 'コメント' },
  date: { label: '休止・廃止・再開の日' },
  fields: { label: '更新した医療機関マスタの項目' },
  skipped: { label: 'マスタに写せなかった報告の項目' },
  facilityId: { label: '施設ID' },
  fiscalYear: { label: '年度', format: 'fiscal_year' },
  institutionId: { label: '機関の番号（内部）' },
  kept: { label: '公表を続けた機関', format: 'count' },
  kind: { label: '種類' },
  // ご意見 and 満足度調査 (src/navi/feedback.ts)
  feedbackId: { label: 'ご意見・回答の番号（内部）' },
  feedbackKind: { label: 'ご意見か満足度調査か' },
  lapsed: { label: '非公表にした機関', format: 'count' },
  publicationId: { label: '公表の番号（内部）' },
  publishOn: { label: '公表のタイミング' },
  referenceDate: { label: '報告基準日' },
  reportId: { label: '報告の番号（内部）' },
  scheme: { label: '制度' },
  source: { label: '入力のしかた' },
  version: { label: '版' },
  withheld: { label: '公表しない理由' },
  // 報告のリマインダー (src/reminders/)
  reminderOn: { label: 'リマインダーを送る' },
  daysBefore: { label: '受付終了の何日前' },
  institutions: { label: '対象の機関', format: 'count' },
  mails: { label: '送ったメール', format: 'count' },
  // 臨時休診一括処理 (src/closures/)
  batchId: { label: '一括処理の番号（内部）' },
  campaignId: { label: '一括メール配信の番号（内部）' },
  recipients: { label: '宛先の条件' },
  closures: { label: '臨時休診', format: 'count' },
  // CSV import of reports (report-import.ts)
  rows: { label: 'ファイルの機関（行）', format: 'count' },
  started: { label: '始めた報告', format: 'count' },
  saved: { label: '入力した報告', format: 'count' },
  unchanged: { label: '変更のなかった報告', format: 'count' },
  submitted: { label: '報告済にした報告', format: 'count' },
  encoding: { label: 'ファイルの文字コード' },
  // A staff search's result downloaded as CSV (src/search/staff-search.ts)
  conditions: { label: '検索の条件' },
  total: { label: '条件に合う施設', format: 'count' },
  // An open-data snapshot published in bulk (publication.ts publishSnapshot)
  snapshotId: { label: '取り込みの番号（内部）' },
  takenOn: { label: 'オープンデータの作成日' },
  listed: { label: 'ファイルの医療機関', format: 'count' },
  newlyPublished: { label: '新たに公表した医療機関', format: 'count' },
  republished: { label: '公表内容を更新した医療機関', format: 'count' },
  unchangedRecords: { label: '変更のなかった医療機関', format: 'count' },
  delisted: { label: 'ファイルにないため公表をやめた医療機関', format: 'count' },
  keptReported: { label: '報告から公表しているため変えなかった医療機関', format: 'count' },
  withheldRecords: { label: '外来区分により公表しない医療機関', format: 'count' },
  masterAdded: { label: '医療機関マスタに加えた機関', format: 'count' },
  masterUpdated: { label: '医療機関マスタを更新した機関', format: 'count' },
};

/** Codes that appear as detail values, in words. */
const VALUE_WORDS: Record<string, string> = {
  // Why a sign-in was refused, a link not sent, a session ended.
  wrong_password: 'パスワードの誤り',
  unknown_username: '登録のないユーザ名',
  unknown_user_id: '登録のないユーザーID',
  unknown_name: '登録のない名前',
  no_local_password: 'ここでのパスワードがないアカウント（Med-Loginからログインします）',
  locked_untrusted_browser: '未確認のブラウザからのログインをロック中',
  state_disabled: '無効のアカウント',
  state_pending_password: 'パスワード未設定のアカウント',
  account_disabled: '無効のアカウント',
  account_inactive: '利用できない状態のアカウント',
  logout: 'ログアウト',
  idle: '操作のない時間が続いた',
  expired: '期限切れ',
  replaced: '新しいログインに置き換え',
  password_reset: 'パスワードの再設定',
  password_changed: 'パスワードの変更',
  temporary_password: '仮パスワードの発行',
  ended_by_user: '本人が終了',
  provider_logout: 'Med-Loginでのログアウト',
  // Where a throttle counted the attempts.
  ip: '同じIPアドレス',
  account: '同じユーザ名',
  device: '同じブラウザ',
  'navi-ip': '同じIPアドレス',
  'navi-user': '同じユーザーID',
  'navi-device': '同じブラウザ',
  // Sign-in methods, approval outcomes, why an application is needed, what a delegate may do.
  local: 'パスワード',
  sso: 'シングルサインオン',
  issued: '新しいアカウントを発行',
  existing: '既にあるアカウントに紐付け',
  earlier_navi_account: '以前からの医療情報ネットのアカウントがある',
  'registration.review': '新規ユーザ登録申請の確認',
  'report.review': '報告の確認',
  'report.fill': '医療機関に代わっての報告内容の入力',
  // CSV encodings.
  'utf-8': 'UTF-8',
  shift_jis: 'Shift_JIS（Excel）',
  // Applications (client ids).
  navi: '医療情報ネット',
  gmis: 'G-MIS',
  // ユーザ基礎情報's fields.
  family_name: '姓',
  given_name: '名',
  phone: '電話',
  extension: '内線',
  fax: 'Fax',
  department: '担当部署',
  cli: 'コマンド（サーバーの管理者）',
  seed: 'デモデータの準備',
};

/** The facility master's columns (and the report items they are read from). */
const MASTER_WORDS: Record<string, string> = {
  name: '機関名',
  name_kana: 'フリガナ',
  postcode: '郵便番号',
  municipality_code: '市区町村',
  address: '住所',
  building: '建物名',
  phone: '電話番号',
  status: '状態（廃止）',
};

/** Words per key where a code means something else than elsewhere. */
const VALUE_WORDS_BY_KEY: Record<string, Record<string, string>> = {
  need: { category: 'アカウント区分' },
  kind: { new: '新規報告', periodic: '定期報告', change: '随時報告', suspension: '休止', closure: '廃止', resumption: '再開' },
  scheme: { medical: '医療機能情報提供制度', pharmacy: '薬局機能情報提供制度' },
  feedbackKind: { opinion: 'ご意見', survey: '満足度調査' },
  publishOn: { accept: '都道府県が確認したとき', submit: '報告されたとき' },
  source: { prefill: '前回の内容から', form: '画面の入力', csv: 'CSVファイル', filter: '画面の条件', override: '競合した内容を自分の入力で上書き' },
  withheld: { outpatient_9: '外来区分が「その他一般外来を行わない」' },
  fields: MASTER_WORDS,
  skipped: MASTER_WORDS,
  scopes: { openid: '識別のための番号', profile: '表示名・ユーザ名', email: 'メールアドレス', gmis: 'アカウント区分・都道府県コード' },
};

function valueText(key: string, format: ValueFormat, value: unknown): string {
  if (value === null || value === undefined || value === '') return '（なし）';
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  if (typeof value === 'number') {
    if (format === 'time') return formatJst(value);
    if (format === 'duration') return value >= 60_000 ? `約${Math.ceil(value / 60_000)}分` : `約${Math.ceil(value / 1000)}秒`;
    if (format === 'count') return `${value}件`;
    // April–March; 令和 began in 2019, so FY 2026 is 令和8年度.
    if (format === 'fiscal_year') return `${value}年度（令和${value - 2018}年度）`;
    return String(value);
  }
  if (Array.isArray(value)) return value.length ? value.map((v) => valueText(key, format, v)).join('、') : '（なし）';
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${AUDIT_DETAIL_LABELS[k]?.label ?? k}：${valueText(k, 'text', v)}`)
      .join('、');
  const s = String(value);
  // Scopes come as one space-separated string.
  if (key === 'scopes')
    return s
      .split(' ')
      .map((w) => VALUE_WORDS_BY_KEY.scopes![w] ?? w)
      .join('、');
  return VALUE_WORDS_BY_KEY[key]?.[s] ?? VALUE_WORDS[s] ?? s;
}

/** An event's details (the JSON recordAudit wrote) as 「label: value」 lines, in the order written. */
export function auditDetailLines(details: string): Array<{ label: string; value: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return [{ label: '詳細', value: details }];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [{ label: '詳細', value: valueText('', 'text', parsed) }];
  return Object.entries(parsed).map(([key, value]) => {
    const known = AUDIT_DETAIL_LABELS[key];
    return { label: known?.label ?? key, value: valueText(key, known?.format ?? 'text', value) };
  });
}
