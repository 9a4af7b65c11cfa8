// The append-only audit trail. Events are written in the same transaction as the change they record.
import type { Db } from '../db/dialect.ts';
import type { Clock } from '../platform/clock.ts';
import { type AuditRow, deleteAuditBefore, insertAuditRow, insertAuditRows, upsertRepeatedAuditRow } from './audit-repository.ts';

export { listAudit } from './audit-repository.ts';

export const AUDIT_TYPES = [
  // 医療情報ネット 関係者ログイン (src/navi/): account_id is the navi account's id, username its ユーザーID.
  'navi.account.issued',
  'navi.account.linked',
  'navi.account.temporary_password',
  'navi.login.succeeded',
  'navi.login.failed',
  'navi.login.throttled',
  'navi.login.locked',
  'navi.account.unlocked',
  'navi.logout',
  'navi.password.changed',
  'navi.recovery.requested',
  'navi.recovery.completed',
  'navi.session.ended_by_provider',
  // ご意見 and 満足度調査 sent by a visitor (src/navi/feedback.ts): no account, the origin only
  'navi.feedback.received',
  // 関係者メニュー 施設の検索: a result downloaded as CSV (src/search/staff-search.ts)
  'navi.staff_search.downloaded',
  'account.issued',
  'account.unlocked',
  'account.disabled',
  'account.enabled',
  'account.reset_started',
  'jurisdiction.municipalities_set',
  'jurisdiction.delegated',
  'jurisdiction.delegation_withdrawn',
  // The office's schedule of the public 新規ユーザ登録申請 form (src/registration/window.ts)
  'registration.window_set',
  // お問合せ sent from the portal (src/portal/inquiries.ts)
  'inquiry.submitted',
  // The office's お問合せ inbox (src/portal/inquiries.ts)
  'inquiry.read',
  'inquiry.answered',
  'inquiry.closed',
  'inquiry.reopened',
  // Signing out of G-MIS itself (its session; Med-Login records its own 'logout')
  'gmis.logout',
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'login.locked',
  'logout',
  'session.expired',
  'first_password.set',
  'recovery.requested',
  'recovery.completed',
  // G-MIS ユーザ基礎情報 (src/portal/profile.ts)
  'profile.updated',
  'profile.confirmed',
  'email_change.requested',
  'email_change.cancelled',
  'email_change.completed',
  // お知らせ added by the office (src/portal/notices.ts)
  'notice.added',
  // The office's お知らせ editor (src/portal/notices.ts)
  'notice.drafted',
  'notice.edited',
  'notice.published',
  'notice.withdrawn',
  'institutions.imported',
  'registration.submitted',
  'registration.resubmitted',
  'registration.approved',
  'registration.returned',
  'registration.rejected',
  'registration.mail_resent',
  'sso.application.submitted',
  'sso.application.approved',
  'sso.application.refused',
  'sso.consent.refused',
  'sso.block.lifted',
  // Single sign-on (src/sso/provider/)
  'sso.consent.granted',
  'sso.consent.revoked',
  'sso.session.ended',
  'oidc.keys.rotated',
  'oidc.client.saved',
  'oidc.client.removed',
  // 医療機能情報・薬局機能情報の報告 (src/reporting/): the institution's reports and the prefecture's decisions
  'report.started',
  'report.submitted',
  'report.withdrawn',
  'report.accepted',
  'report.returned',
  'report.discarded',
  'report.imported',
  // What 医療情報ネット shows of an institution (src/reporting/publication.ts, lapse.ts)
  'publication.published',
  'publication.withheld',
  'publication.suspended',
  'publication.resumed_operation',
  'publication.closed',
  'publication.stopped',
  'publication.stop_lifted',
  'publication.lapsed',
  // The facility master's row copied from an accepted report (src/reporting/publication.ts)
  'institution.updated_from_report',
  // A snapshot of the ministry's open data published in bulk: one event with its counts (publishSnapshot)
  'opendata.imported',
  // The prefecture's reporting windows and publication setting (src/reporting/periods.ts)
  'reporting.period_set',
  'reporting.settings_set',
  // 臨時休診一括処理 (src/closures/): a batch applied, and undone.
  'closure.batch_applied',
  'closure.batch_undone',
  // 報告のリマインダー (src/reminders/): the prefecture's setting, and each reminder the worker sent.
  'reminder.settings_set',
  'reminder.sent',
  // 一括メール配信 (src/bulk-mail/): a campaign sent (its mails are in the outbox, each one's fate there).
  'bulk_mail.sent',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

/** Who did it and from where; filled in by the web layer. */
export interface RequestOrigin {
  ip: string;
  userAgent: string;
}

export interface AuditEntry {
  type: AuditType;
  accountId?: string | null;
  username?: string | null;
  origin?: RequestOrigin | undefined;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Db, clock: Clock, entry: AuditEntry): Promise<void> {
  await insertAuditRow(db, auditRow(clock, entry));
}

/** Many events at once, in one statement (a batch job writes one per row it changed). */
export async function recordAudits(db: Db, clock: Clock, entries: readonly AuditEntry[]): Promise<void> {
  await insertAuditRows(
    db,
    entries.map((e) => auditRow(clock, e)),
  );
}

/**
 * An event that repeats (a throttled key's attempts): the first in `window` writes the row, the
 * rest only count in its `occurrences` (and `last_occurred_at`), in the same single statement.
 */
export async function recordRepeatedAudit(db: Db, clock: Clock, window: string, entry: AuditEntry): Promise<void> {
  await upsertRepeatedAuditRow(db, { ...auditRow(clock, entry), window_key: `${entry.type}:${window}` });
}

/**
 * Deletes events older than the retention (AUDIT_RETENTION_DAYS), at most `batch` rows per call so
 * no statement holds the table long; returns how many went. The worker calls it until none go.
 */
export async function pruneAudit(db: Db, clock: Clock, retentionMs: number, batch = 1_000): Promise<number> {
  return deleteAuditBefore(db, clock.now() - retentionMs, batch);
}

/** The row recordAudit writes, for callers that insert many at once in their own transaction. */
export function auditRow(clock: Clock, entry: AuditEntry): AuditRow {
  return {
    occurred_at: clock.now(),
    type: entry.type,
    account_id: entry.accountId ?? null,
    username: entry.username ?? null,
    ip: entry.origin?.ip ?? null,
    user_agent: entry.origin?.userAgent.slice(0, 500) ?? null,
    details: JSON.stringify(entry.details ?? {}),
  };
}
