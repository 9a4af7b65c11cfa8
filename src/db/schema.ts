// Table types for Kysely. Times are epoch milliseconds (bigint in PostgreSQL, integer in SQLite) so
// both engines compare and sort them the same way; booleans are 0/1.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export const ACCOUNT_CATEGORIES = ['病院', '診療所', '歯科診療所', '助産所', '薬局', '都道府県', '保健所', '関係団体', '事務局'] as const;
export type AccountCategory = (typeof ACCOUNT_CATEGORIES)[number];

/** 機関区分: the kinds of institution in the facility master (the first five account categories). */
export const INSTITUTION_KINDS = ['病院', '診療所', '歯科診療所', '助産所', '薬局'] as const satisfies readonly AccountCategory[];
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];
export type InstitutionStatus = 'open' | 'closed';

export type AccountState = 'pending_password' | 'active' | 'disabled';

export interface AccountsTable {
  id: string;
  username: string;
  category: AccountCategory;
  display_name: string;
  email: string;
  prefecture_code: string | null;
  state: AccountState;
  password_hash: string | null;
  password_changed_at: number | null;
  /** Set after too many failed sign-ins from unknown browsers; cleared by a reset or the office. */
  untrusted_locked_at: number | null;
  created_at: number;
  updated_at: number;
  // ユーザ基礎情報 (0003_gmis_portal): optional on insert, so accounts can be issued without them.
  family_name: OptionalText;
  given_name: OptionalText;
  /** Half-width digits and hyphens. */
  phone: OptionalText;
  extension: OptionalText;
  fax: OptionalText;
  department: OptionalText;
  /** When the user last saved or confirmed ユーザ基礎情報; null until then (the first-sign-in notice). */
  profile_confirmed_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** The institution an institution account reports for (0008_roles). */
  institution_id: OptionalText;
}

/** A nullable column that inserts may leave out. */
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;

export type TokenPurpose = 'welcome' | 'recovery';

export interface AccountTokensTable {
  id: string;
  account_id: string;
  purpose: TokenPurpose;
  token_hash: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  /** Set when a newer link of the same purpose replaced this one. */
  superseded_at: number | null;
}

/**
 * Why a session ended, on every origin (stored in end_reason): signed out; idle or lifetime limit;
 * a newer sign-in in the same browser; the account stopped being active, was disabled by the office,
 * had its password reset / changed / replaced by a temporary one; ended on 「ログイン中の端末」; or
 * Med-Login ended the single sign-on it began with (back-channel logout).
 */
export type SessionEndReason =
  | 'logout'
  | 'idle'
  | 'expired'
  | 'replaced'
  | 'account_inactive'
  | 'account_disabled'
  | 'password_reset'
  | 'password_changed'
  | 'temporary_password'
  | 'ended_by_user'
  | 'provider_logout';

/** The columns every origin's session table has (sessions, gmis_sessions, navi_sessions). */
export interface SessionsTable {
  id_hash: string;
  /** accounts.id, or navi_accounts.id in navi_sessions. */
  account_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string;
  user_agent: string;
  ended_at: number | null;
  end_reason: SessionEndReason | null;
}

export type MailStatus = 'pending' | 'sent' | 'failed';

/** 'plain' only for rows from before 0012, until the first start seals or redacts them. */
export type MailBodyState = 'sealed' | 'redacted' | 'plain';

export interface MailOutboxTable {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  /** In the form body_state names (0012): sealed while pending, links removed once delivered. */
  body_text: string;
  body_state: ColumnType<MailBodyState, MailBodyState | undefined, MailBodyState>;
  /** The dev mailbox's readable copy (0012): written only where the dev mailbox is on. */
  dev_body_text: OptionalText;
  account_id: string | null;
  status: MailStatus;
  attempts: number;
  next_attempt_at: number;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  /** Where it was delivered: 'smtp' or 'dev-mailbox'. */
  transport: string | null;
  /** The 新規ユーザ登録申請 it is about (0009): a refusal is recorded there. */
  registration_id: OptionalText;
  /** 0019: claimed in this order, lowest first: 0 transactional mail, 1 bulk mail (rate-limited). */
  priority: ColumnType<number, number | undefined, number>;
  /** 0019: the 一括メール配信 it belongs to; unique with account_id. */
  campaign_id: OptionalText;
}

export type JobStatus = 'pending' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  run_at: number;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: number;
  type: string;
  account_id: string | null;
  username: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string;
  /** Set on an event that repeats (a throttled key's attempts): one row per window, counted. */
  window_key: Generated<string | null>;
  /** How many times the event happened in its window (1 for every ordinary event). */
  occurrences: Generated<number>;
  /** The last repetition's time, when it repeated. */
  last_occurred_at: Generated<number | null>;
}

export interface LoginThrottlesTable {
  key: string;
  failures: number;
  last_failure_at: number;
  blocked_until: number;
  /** Guesses being checked right now (reserved before the hash is verified, released after). */
  in_flight: Generated<number>;
  /** When the last reservation was taken; reservations older than the lease count as released. */
  reserved_at: Generated<number>;
  /** Attempts refused since the last one let through. */
  refused: Generated<number>;
}

export interface AppSettingsTable {
  key: string;
  value: string;
}

// ── Single sign-on (0002_oidc) ──

export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: number | null;
  consumed_at: number | null;
}

export interface OidcKeysTable {
  kid: string;
  alg: string;
  sealed_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface OidcClientsTable {
  client_id: string;
  name: string;
  description: string;
  home_url: string;
  metadata: string;
  first_party: number;
  secret_version: number;
  /** Mixed into the derived client secret; null for clients registered before 0013 and built-ins. */
  secret_salt: string | null;
  sort_order: number;
  created_at: number;
}

export interface SsoSessionLinksTable {
  login_session_id: string;
  client_id: string;
  account_id: string;
  provider_session_id: string;
  sid: string;
  created_at: number;
  last_used_at: number;
}

export interface OidcConsentsTable {
  id: string;
  account_id: string;
  client_id: string;
  grant_id: string;
  scopes: string;
  claims: string;
  granted_at: number;
  revoked_at: number | null;
}

export interface GmisSessionsTable extends SessionsTable {
  oidc_sid: string | null;
  oidc_id_token: string | null;
}

// ── 医療情報ネット 関係者ログイン (0004_navi_staff) ──

export type NaviAccountState = 'active' | 'disabled';
export type NaviSessionMethod = 'local' | 'sso';

export interface NaviAccountsTable {
  id: string;
  /** The ユーザーID typed at 関係者ログイン: half-width, case-sensitive. */
  user_id: string;
  display_name: string;
  email: string;
  /** Null for an account registered by single sign-on from G-MIS (it has no password of its own). */
  password_hash: string | null;
  /** 1 after the office issued a temporary password: nothing else is reachable until it is changed. */
  must_change_password: number;
  state: NaviAccountState;
  /** The G-MIS account linked by single sign-on, if any. */
  gmis_account_id: string | null;
  created_at: number;
  updated_at: number;
  password_changed_at: number | null;
  /** Set after LOCKOUT_THRESHOLD failures: only browsers that signed in before may sign in. */
  untrusted_locked_at: number | null;
}

/** account_id is the navi_accounts.id (0010 renamed it from navi_account_id, as in every session table). */
export interface NaviSessionsTable extends SessionsTable {
  method: NaviSessionMethod;
  oidc_sid: string | null;
  oidc_id_token: string | null;
}

export interface NaviPasswordLinksTable {
  id: string;
  /** navi_accounts.id (0010 renamed it from navi_account_id, as in every link table). */
  account_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  superseded_at: number | null;
}

export interface Database {
  accounts: AccountsTable;
  account_tokens: AccountTokensTable;
  sessions: SessionsTable;
  mail_outbox: MailOutboxTable;
  jobs: JobsTable;
  audit_events: AuditEventsTable;
  login_throttles: LoginThrottlesTable;
  app_settings: AppSettingsTable;
  oidc_payloads: OidcPayloadsTable;
  oidc_keys: OidcKeysTable;
  oidc_clients: OidcClientsTable;
  sso_session_links: SsoSessionLinksTable;
  oidc_consents: OidcConsentsTable;
  gmis_sessions: GmisSessionsTable;
  sso_applications: SsoApplicationsTable;
  sso_blocks: SsoBlocksTable;
  institutions: InstitutionsTable;
  registration_applications: RegistrationApplicationsTable;
  registration_drafts: RegistrationDraftsTable;
  account_permissions: AccountPermissionsTable;
  account_municipalities: AccountMunicipalitiesTable;
  prefecture_delegations: PrefectureDelegationsTable;
  navi_accounts: NaviAccountsTable;
  navi_sessions: NaviSessionsTable;
  navi_password_links: NaviPasswordLinksTable;
  account_email_changes: AccountEmailChangesTable;
  gmis_notices: GmisNoticesTable;
  gmis_notice_reads: GmisNoticeReadsTable;
  gmis_inquiries: GmisInquiriesTable;
  gmis_inquiry_answers: GmisInquiryAnswersTable;
  reporting_periods: ReportingPeriodsTable;
  prefecture_reporting_settings: PrefectureReportingSettingsTable;
  reports: ReportsTable;
  report_versions: ReportVersionsTable;
  publications: PublicationsTable;
  published_facilities: PublishedFacilitiesTable;
  publication_stops: PublicationStopsTable;
  reporting_lapse_runs: ReportingLapseRunsTable;
  opendata_snapshots: OpendataSnapshotsTable;
  search_facilities: SearchFacilitiesTable;
  search_hours: SearchHoursTable;
  navi_feedback: NaviFeedbackTable;
  closure_batches: ClosureBatchesTable;
  temporary_closures: TemporaryClosuresTable;
  bulk_mail_campaigns: BulkMailCampaignsTable;
  bulk_mail_recipients: BulkMailRecipientsTable;
  email_bounces: EmailBouncesTable;
  reminder_settings: ReminderSettingsTable;
  reminder_sends: ReminderSendsTable;
  reminder_recipients: ReminderRecipientsTable;
}

export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type Session = Selectable<SessionsTable>;
export type OutboxMail = Selectable<MailOutboxTable>;
export type Job = Selectable<JobsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;

// ── SSO to 医療情報ネット (0005_sso_access) ──────────────────────────────────

export type SsoApplicationStatus = 'pending' | 'approved' | 'refused';

/** An application to use single sign-on to 医療情報ネット, decided by the office. */
export interface SsoApplicationsTable {
  id: string;
  account_id: string;
  /** 利用目的, as the applicant wrote it. */
  reason: string;
  status: SsoApplicationStatus;
  decided_by: string | null;
  /** The office's reason (required when refused). */
  decision_reason: string | null;
  created_at: number;
  decided_at: number | null;
}

/** Left by 「却下」 on the consent screen; single sign-on to the client stays blocked until lifted. */
export interface SsoBlocksTable {
  id: string;
  account_id: string;
  client_id: string;
  refused_at: number;
  ip: string;
  user_agent: string;
  /** The reason the office learned from the user before lifting the block. */
  office_note: string | null;
  lifted_at: number | null;
  lifted_by: string | null;
}

export type SsoApplication = Selectable<SsoApplicationsTable>;
export type SsoBlock = Selectable<SsoBlocksTable>;
export type NaviAccount = Selectable<NaviAccountsTable>;
export type NaviSession = Selectable<NaviSessionsTable>;

// ── G-MIS portal (0003_gmis_portal) ─────────────────────────────────────────

/** A change of e-mail address waiting for the link mailed to the new address. */
export interface AccountEmailChangesTable {
  id: string;
  account_id: string;
  old_email: string;
  new_email: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  /** Set when a newer request (or a cancellation) replaced this one. */
  superseded_at: number | null;
}

/** お知らせ from the office; a published_at in the future means scheduled. */
export interface GmisNoticesTable {
  id: string;
  title: string;
  /** Plain text; a blank line separates paragraphs. */
  body: string;
  category: string;
  published_at: number;
  created_at: number;
  created_by: string;
  /** Title and body normalised for search (NFKC, lower case). */
  search_text: string;
  /** 0022: draft, published (scheduled while published_at is ahead) or withdrawn (kept, shown to nobody). */
  status: Generated<NoticeStatus>;
  /** 0022: counts saves; a save carrying an older version is refused (optimistic check). */
  version: Generated<number>;
  updated_at: number | null;
  updated_by: string | null;
  withdrawn_at: number | null;
  withdrawn_by: string | null;
}

export type NoticeStatus = 'draft' | 'published' | 'withdrawn';

export interface GmisNoticeReadsTable {
  notice_id: string;
  account_id: string;
  read_at: number;
}

/** お問合せ sent from the portal. */
export interface GmisInquiriesTable {
  id: string;
  /** Human-readable and unique, e.g. Q-20261121-4K7M. */
  reference: string;
  account_id: string | null;
  category: string;
  subject: string;
  body: string;
  contact_email: string;
  contact_phone: string | null;
  created_at: number;
  /** 0022: the office's state (新規, 対応中, 回答済, 完了). */
  status: Generated<InquiryStatus>;
  /** 0022: counts the office's changes; an answer or close carrying an older version is refused. */
  version: Generated<number>;
  read_at: number | null;
  read_by: string | null;
  updated_at: number | null;
  closed_at: number | null;
  closed_by: string | null;
  /** 0022: reference, subject, body and contact normalised for search (searchKey). */
  search_text: Generated<string>;
}

export type InquiryStatus = 'new' | 'in_progress' | 'answered' | 'closed';

/** 0022: an answer the office mailed to the inquiry's contact address. */
export interface GmisInquiryAnswersTable {
  id: string;
  inquiry_id: string;
  body: string;
  answered_at: number;
  answered_by: string | null;
  answered_by_name: string;
  sent_to: string;
  /** The outbox mail that carries it. */
  mail_id: string;
}

export type GmisInquiryAnswer = Selectable<GmisInquiryAnswersTable>;

export type AccountEmailChange = Selectable<AccountEmailChangesTable>;
export type GmisNotice = Selectable<GmisNoticesTable>;
export type GmisInquiry = Selectable<GmisInquiriesTable>;

export interface InstitutionsTable {
  id: string;
  kind: InstitutionKind;
  prefecture_code: string;
  /** 機関コード: numbered by the prefecture. */
  institution_code: string;
  /** 保険機関コード: 10 digits (prefecture 2 + 点数表 1 + 7), or none. */
  insurance_code: string | null;
  name: string;
  /** フリガナ: full-width katakana. */
  name_kana: string;
  /** 市区町村コード (JIS X 0402, 5 digits without the check digit). */
  municipality_code: string;
  /** 郵便番号: 7 digits, no hyphen. */
  postcode: string;
  address: string;
  building: string | null;
  phone: string;
  status: InstitutionStatus;
  created_at: number;
  updated_at: number;
}
export type Institution = Selectable<InstitutionsTable>;

/** submitted → (returned → submitted again) → approved | rejected. */
export type RegistrationStatus = 'submitted' | 'returned' | 'approved' | 'rejected';
/** What approval did: a new account, or a notice to the account the institution already had. */
export type RegistrationOutcome = 'issued' | 'existing';

export interface RegistrationApplicationsTable {
  id: string;
  /** 申請番号, e.g. A-20261121-4K7MQ. */
  number: string;
  status: RegistrationStatus;
  kind: InstitutionKind;
  prefecture_code: string;
  municipality_code: string;
  institution_code: string;
  insurance_code: string | null;
  name: string;
  name_kana: string;
  postcode: string;
  address: string;
  building: string | null;
  phone: string;
  department: string | null;
  department_number: string | null;
  contact_name: string;
  email: string;
  institution_id: string | null;
  /** The prefecture account that applied on the institution's behalf (代理申請); null from the public form. */
  submitted_by: string | null;
  submitted_at: number;
  decided_by: string | null;
  decided_at: number | null;
  decision_reason: string | null;
  outcome: RegistrationOutcome | null;
  account_id: string | null;
  mail_failed_at: number | null;
  mail_failure: string | null;
}
export type RegistrationApplication = Selectable<RegistrationApplicationsTable>;

/** A 新規ユーザ登録申請 between its steps (0014): the form's values and what the next GET shows. */
export interface RegistrationDraftsTable {
  id: string;
  /** Keyed hash of the browser's draft cookie; null until a 差し戻し draft's link is opened. */
  token_hash: string | null;
  /** Keyed hash of the link in the 差し戻し mail (the draft of a returned application). */
  link_hash: string | null;
  link_used_at: number | null;
  /** The form the draft belongs to: /register, or /review/registrations/new (代理申請). */
  base: string;
  /** The signed-in account filling a 代理申請; null on the public form. */
  owner_id: string | null;
  /** The returned application this draft corrects. */
  application_id: string | null;
  step: 'form' | 'confirm' | 'submitted';
  /** JSON: the values, and the notice, field messages, focus and auto-filled town for the next GET. */
  data: string;
  submitted_number: string | null;
  submitted_id: string | null;
  created_at: number;
  updated_at: number;
  expires_at: number;
}
export type RegistrationDraft = Selectable<RegistrationDraftsTable>;

/** What an account may take part in, beyond its category. */
export const PERMISSIONS = ['医療機能情報提供制度'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface AccountPermissionsTable {
  account_id: string;
  permission: Permission;
  granted_at: number;
  granted_by: string | null;
}

/** A health centre's (保健所) municipalities. */
export interface AccountMunicipalitiesTable {
  account_id: string;
  municipality_code: string;
}

/** What a prefecture lets another account (関係団体) do for it. */
export const DELEGABLE_ACTIONS = ['registration.review', 'report.review', 'report.fill'] as const;
export type DelegableAction = (typeof DELEGABLE_ACTIONS)[number];

export interface PrefectureDelegationsTable {
  account_id: string;
  prefecture_code: string;
  action: DelegableAction;
  granted_by: string | null;
  granted_at: number;
}

// ── 医療機能情報・薬局機能情報の報告 (0015_reporting) ──────────────────────────

/** 医療機能 (病院, 診療所, 歯科診療所, 助産所) or 薬局機能. */
export const REPORTING_SCHEMES = ['medical', 'pharmacy'] as const;
export type ReportingScheme = (typeof REPORTING_SCHEMES)[number];

/** 新規報告, 定期報告, 随時報告 (基本情報 changes), 休止, 廃止, 再開. */
export const REPORT_KINDS = ['new', 'periodic', 'change', 'suspension', 'closure', 'resumption'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** 報告中, 報告済, 再報告済, 差戻し, 確認済, 破棄. */
export const REPORT_STATES = ['draft', 'submitted', 'resubmitted', 'returned', 'accepted', 'discarded'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** The states of an open report: at most one per institution (the index reports_one_open). */
export const OPEN_REPORT_STATES = ['draft', 'submitted', 'resubmitted', 'returned'] as const satisfies readonly ReportState[];

export type ReportVersionSource = 'prefill' | 'form' | 'csv' | 'override';

/** Whether a prefecture's reports are published when accepted (確認) or as soon as they are submitted. */
export type PublishOn = 'accept' | 'submit';

/** A prefecture's reporting window for one fiscal year and scheme. */
export interface ReportingPeriodsTable {
  id: string;
  prefecture_code: string;
  fiscal_year: number;
  scheme: ReportingScheme;
  opens_at: number;
  /** Exclusive: "until 3/31" is 4/1 00:00 Japan time. */
  closes_at: number;
  /** 報告基準日, YYYY-MM-DD. */
  reference_date: string;
  updated_at: number;
  updated_by: string | null;
}
export type ReportingPeriod = Selectable<ReportingPeriodsTable>;

/** No row: publish on accept. */
export interface PrefectureReportingSettingsTable {
  prefecture_code: string;
  publish_on: PublishOn;
  updated_at: number;
  updated_by: string | null;
}

export interface ReportsTable {
  id: string;
  institution_id: string;
  institution_kind: InstitutionKind;
  prefecture_code: string;
  /** Copied from the master at start; moved by an accepted 随時報告. */
  municipality_code: string;
  fiscal_year: number;
  kind: ReportKind;
  state: ReportState;
  /** Which catalogue the values follow, e.g. 2026:medical. */
  catalogue: string;
  current_version: number;
  /** 報告基準日 of the window it was made in, YYYY-MM-DD. */
  reference_date: string | null;
  /** The accepted report it was prefilled from. */
  baseline_report_id: string | null;
  /** Set at submit: the publication 差異表示 compares with. */
  compared_publication_id: string | null;
  /** Set at submit: how many items differ from it. */
  changed_items: number | null;
  started_by: string | null;
  started_at: number;
  submitted_at: number | null;
  submitted_by: string | null;
  decided_at: number | null;
  decided_by: string | null;
  /** The 差戻し comment. */
  decision_comment: string | null;
  returned_count: Generated<number>;
  updated_at: number;
}
export type Report = Selectable<ReportsTable>;

/** Every save of a report, kept. */
export interface ReportVersionsTable {
  report_id: string;
  version: number;
  /** Canonical JSON of the values. */
  values: string;
  /** JSON: field path → what was typed and did not parse. */
  invalid: string | null;
  saved_by: string | null;
  saved_at: number;
  source: ReportVersionSource;
}
export type ReportVersion = Selectable<ReportVersionsTable>;

/** Where a publication's values come from: an accepted report, or a snapshot of the ministry's open data (0016_opendata). */
export type PublicationSource = 'report' | 'opendata';

export interface PublicationsTable {
  id: string;
  institution_id: string;
  /** The report published; null for open data. */
  report_id: string | null;
  report_version: number | null;
  catalogue: string;
  /** JSON: every accepted value (the public page shows the public fields only). */
  values: string;
  published_at: number;
  published_by: string | null;
  source: ColumnType<PublicationSource, PublicationSource | undefined, PublicationSource>;
  /** The snapshot an open-data publication came from. */
  snapshot_id: OptionalText;
  /** Of an open-data publication: what it published, hashed (the next snapshot writes an unchanged facility again only if this differs). */
  digest: OptionalText;
}
export type Publication = Selectable<PublicationsTable>;

/** Why a published record is withheld: 外来区分 「9: その他一般外来を行わない」. */
export type PublicationWithheld = 'outpatient_9';

/** The published record of each institution: what 医療情報ネット and the open-data export read. */
export interface PublishedFacilitiesTable {
  institution_id: string;
  /** 都道府県 (2) + 機関区分 (1) + 機関コード (10). */
  facility_id: string;
  kind: InstitutionKind;
  prefecture_code: string;
  municipality_code: string;
  name: string;
  name_kana: string;
  name_en: string | null;
  publication_id: string;
  /** 公表日. */
  published_at: number;
  stopped_at: number | null;
  stop_reason: string | null;
  /** Set by the April 1 job when the fiscal year's 定期報告 was not made. */
  lapsed_at: number | null;
  lapsed_fiscal_year: number | null;
  withheld: PublicationWithheld | null;
  closed_at: number | null;
  /** 休止 since, YYYY-MM-DD. */
  suspended_since: string | null;
  /** A record that came from open data and a newer snapshot no longer lists (0016_opendata). */
  delisted_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** 1 iff none of stopped, lapsed, withheld, closed, delisted. */
  visible: number;
  updated_at: number;
}
export type PublishedFacility = Selectable<PublishedFacilitiesTable>;

/** 公表停止 and its lifting. */
export interface PublicationStopsTable {
  id: string;
  institution_id: string;
  stopped_at: number;
  stopped_by: string | null;
  reason: string;
  lifted_at: number | null;
  lifted_by: string | null;
  lift_reason: string | null;
}
export type PublicationStop = Selectable<PublicationStopsTable>;

/** One imported snapshot of the ministry's open data and what it did (0016_opendata). */
export interface OpendataSnapshotsTable {
  id: string;
  /** YYYY-MM-DD: the day the ministry took it. */
  taken_on: string;
  /** Whose catalogue its values are in. */
  fiscal_year: number;
  imported_at: number;
  facilities: number;
  created: number;
  updated: number;
  unchanged: number;
  unpublished: number;
  /** Facilities it listed whose record shows a report: left as they are. */
  kept_reported: number;
}
export type OpendataSnapshot = Selectable<OpendataSnapshotsTable>;

/** One row per fiscal year the April 1 job ran for: inserting it is the claim. */
export interface ReportingLapseRunsTable {
  fiscal_year: number;
  started_at: number;
  finished_at: number | null;
  lapsed: Generated<number>;
  kept: Generated<number>;
}

// ── The public search's index (0017_search; src/search/) ──────────────────────

/** One visible published facility as the search reads it: shown fields, folded fields, place, closed days, what it offers. */
export interface SearchFacilitiesTable {
  doc_id: Generated<number>;
  facility_id: string;
  kind: InstitutionKind;
  prefecture_code: string;
  municipality_code: string;
  name: string;
  name_kana: string;
  address: string;
  /** Department codes, space-separated. */
  departments: string;
  /** 他の項目 it offers, space-separated (`parking`, `lang:en` …: src/search/features.ts). */
  features: string;
  /** Folded (src/search/fold.ts): the facility's own name and フリガナ, its other names (corporation, 略称, English), address, department names. */
  name_folded: string;
  kana_folded: string;
  alias_folded: string;
  address_folded: string;
  departments_folded: string;
  name_sort: string;
  latitude: number | null;
  longitude: number | null;
  /** Closed days: weekly bit = weekday (月 0 … 日 6), 第n週 bit = (n − 1) × 7 + weekday, on 祝日 0/1. */
  closed_weekly: number;
  closed_nth: number;
  closed_holidays: number;
  /** 休止 since, YYYY-MM-DD. */
  suspended_since: string | null;
  published_at: number;
  /** PostgreSQL: the keyword index's grams and tokens (GIN). SQLite keeps them in the FTS5 table search_fts and leaves this null. */
  grams: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
}
export type SearchFacility = Selectable<SearchFacilitiesTable>;

/** One open band of a facility: the day column it starts in (月–日 0–6, 祝 7), minutes from that day's 00:00 (a band over midnight ends after 1440). */
export interface SearchHoursTable {
  doc_id: number;
  day: number;
  start_min: number;
  end_min: number;
}

// ── 医療情報ネット's ご意見 and 満足度調査 (0018_navi_feedback; src/navi/feedback.ts) ─────────

export type NaviFeedbackKind = 'opinion' | 'survey';
export type NaviFeedbackFound = 'yes' | 'partly' | 'no';

/** One ご意見 or 満足度調査 answer, as the visitor sent it (no account, no address). */
export interface NaviFeedbackTable {
  id: string;
  kind: NaviFeedbackKind;
  received_at: number;
  /** The interface language the visitor used. */
  lang: 'ja' | 'en';
  /** ご意見: what it is about (optional). */
  topic: string | null;
  /** ご意見's text, or the survey's free comment. */
  body: string | null;
  contact_name: string | null;
  contact_email: string | null;
  /** 満足度調査: 5 満足 … 1 不満. */
  satisfaction: number | null;
  found: NaviFeedbackFound | null;
}
export type NaviFeedback = Selectable<NaviFeedbackTable>;

// ── 報告のリマインダー (0021_reminders; src/reminders/) ─────────────────────────────

/** A prefecture's reminder setting (no row: off). */
export interface ReminderSettingsTable {
  prefecture_code: string;
  enabled: number;
  /** Days before the window closes, largest first, comma-separated ("14,3"). */
  days_before: string;
  subject: string;
  body: string;
  updated_at: number;
  updated_by: string | null;
}
export type ReminderSetting = Selectable<ReminderSettingsTable>;

/** One reminder sent: unique per prefecture, fiscal year, scheme and days before (the claim). */
export interface ReminderSendsTable {
  id: string;
  prefecture_code: string;
  fiscal_year: number;
  scheme: ReportingScheme;
  days_before: number;
  due_at: number;
  sent_at: number;
  institutions: number;
  mails: number;
}

/** An account a reminder went to, with its mail. */
export interface ReminderRecipientsTable {
  send_id: string;
  institution_id: string;
  account_id: string;
  mail_id: string;
  report_status: 'unreported' | 'draft';
}

// ── 一括メール配信 (0019_bulk_mail) ──────────────────────────────────

export type BulkMailCampaignState = 'enqueuing' | 'enqueued';

/** One bulk mail: its text, the filter that chose its recipients, and whether its outbox rows are written. */
export interface BulkMailCampaignsTable {
  id: string;
  sender_id: string;
  idempotency_key: string;
  subject: string;
  body: string;
  filter_json: string;
  filter_label: string;
  recipient_count: number;
  state: BulkMailCampaignState;
  created_at: number;
  enqueued_at: number | null;
}
export type BulkMailCampaign = Selectable<BulkMailCampaignsTable>;

/** A recipient of a campaign, as chosen when it was sent, with its placeholders' values (JSON). */
export interface BulkMailRecipientsTable {
  campaign_id: string;
  account_id: string;
  institution_id: string;
  to_address: string;
  values_json: string;
}

/** 宛先不明: the account's address was refused for good (SMTP 5xx); shown while the account keeps that address. */
export interface EmailBouncesTable {
  account_id: string;
  address: string;
  bounced_at: number;
  reason: string;
  mail_id: string | null;
}

// ── 臨時休診一括処理 (0020_temporary_closures; src/closures/) ──────────────────────

/** How a batch chose its facilities: a filter on the screen, or an uploaded CSV. */
export type ClosureSource = 'filter' | 'csv';
/** 休診 (closed all day), or 時間変更 (open only in the changed hours). */
export type ClosureMode = 'closed' | 'hours';

/** One 臨時休診一括処理: applied all at once, undone all at once. */
export interface ClosureBatchesTable {
  id: string;
  prefecture_code: string;
  created_by: string;
  created_at: number;
  /** The form's own key: the same form sent twice applies once. */
  idempotency_key: string;
  source: ClosureSource;
  /** 災害, 年末年始 … (src/closures/closure.ts CLOSURE_REASONS). */
  reason: string;
  /** How many closures it applied. */
  closures: number;
  undone_at: number | null;
  undone_by: string | null;
}
export type ClosureBatch = Selectable<ClosureBatchesTable>;

/** One facility closed (or open at changed hours) from one day to another, both included. */
export interface TemporaryClosuresTable {
  id: string;
  batch_id: string;
  institution_id: string;
  /** The published facility's ID (都道府県 2 + 機関区分 1 + 機関コード 10), as search_facilities has it. */
  facility_id: string;
  /** YYYY-MM-DD, both included. */
  starts_on: string;
  ends_on: string;
  mode: ClosureMode;
  reason: string;
  note: string | null;
  /** 時間変更: up to two bands, minutes from 00:00 (end excluded). */
  open1: number | null;
  close1: number | null;
  open2: number | null;
  close2: number | null;
}
export type TemporaryClosure = Selectable<TemporaryClosuresTable>;
