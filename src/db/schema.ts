// Table types for Kysely. Times are epoch milliseconds (bigint in PostgreSQL, integer in SQLite) so
// both engines compare and sort them the same way; booleans are 0/1.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const ACCOUNT_CATEGORIES = [
  '病院',
  '診療所',
  '歯科診療所',
  '助産所',
  '薬局',
  '都道府県',
  '保健所',
  '関係団体',
  '事務局',
] as const;
export type AccountCategory = (typeof ACCOUNT_CATEGORIES)[number];

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
}

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

export interface SessionsTable {
  id_hash: string;
  account_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string;
  user_agent: string;
  ended_at: number | null;
  end_reason: string | null;
}

export type MailStatus = 'pending' | 'sent' | 'failed';

export interface MailOutboxTable {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  body_text: string;
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
}

export interface LoginThrottlesTable {
  key: string;
  failures: number;
  last_failure_at: number;
  blocked_until: number;
}

export interface AppSettingsTable {
  key: string;
  value: string;
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
}

export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type Session = Selectable<SessionsTable>;
export type OutboxMail = Selectable<MailOutboxTable>;
export type Job = Selectable<JobsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
