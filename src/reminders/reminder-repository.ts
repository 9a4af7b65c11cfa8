// What the reporting reminders read and write: the prefectures' settings, the institutions still
// 未報告 or 報告中 for a fiscal year and scheme with their accounts, the claim row of a reminder
// (unique per prefecture, fiscal year, scheme and days before: inserting it is the claim), the mails
// and recipients written with it, and the history with each send's delivered and failed mail.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/dialect.ts';
import type { Database, InstitutionKind, ReminderRecipientsTable, ReportingScheme, ReportKind, ReportState } from '../db/schema.ts';
import type { NewMail } from '../mail/outbox-repository.ts';

export interface ReminderSettingRow {
  prefectureCode: string;
  enabled: boolean;
  daysBefore: number[];
  subject: string;
  body: string;
  updatedAt: number;
  updatedBy: string | null;
}

const daysOf = (text: string): number[] =>
  text
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

export async function findReminderSetting(db: Db, prefectureCode: string): Promise<ReminderSettingRow | undefined> {
  const r = await db.selectFrom('reminder_settings').selectAll().where('prefecture_code', '=', prefectureCode).executeTakeFirst();
  return r && toSetting(r);
}

/** Every prefecture's setting (only those turned on, when asked), by prefecture. */
export async function selectReminderSettings(db: Db, o: { enabledOnly?: boolean } = {}): Promise<ReminderSettingRow[]> {
  let q = db.selectFrom('reminder_settings').selectAll();
  if (o.enabledOnly) q = q.where('enabled', '=', 1);
  return (await q.orderBy('prefecture_code').execute()).map(toSetting);
}

const toSetting = (r: {
  prefecture_code: string;
  enabled: number;
  days_before: string;
  subject: string;
  body: string;
  updated_at: number;
  updated_by: string | null;
}): ReminderSettingRow => ({
  prefectureCode: r.prefecture_code,
  enabled: Number(r.enabled) === 1,
  daysBefore: daysOf(r.days_before),
  subject: r.subject,
  body: r.body,
  updatedAt: Number(r.updated_at),
  updatedBy: r.updated_by,
});

export async function upsertReminderSetting(db: Db, row: ReminderSettingRow): Promise<void> {
  const values = {
    enabled: row.enabled ? 1 : 0,
    days_before: row.daysBefore.join(','),
    subject: row.subject,
    body: row.body,
    updated_at: row.updatedAt,
    updated_by: row.updatedBy,
  };
  await db
    .insertInto('reminder_settings')
    .values({ prefecture_code: row.prefectureCode, ...values })
    .onConflict((oc) => oc.column('prefecture_code').doUpdateSet(values))
    .execute();
}

/** An account of an institution a reminder would go to, with what its placeholders are filled with. */
export interface ReminderTarget {
  institutionId: string;
  institutionName: string;
  institutionCode: string;
  /** 'draft': a 新規・定期報告 saved and not handed in (報告中); 'unreported': none at all (未報告). */
  status: 'unreported' | 'draft';
  accountId: string;
  username: string;
  email: string;
  contactName: string;
}

export interface TargetFilter {
  prefectureCode: string;
  fiscalYear: number;
  /** The institution kinds of the scheme (薬局 for 薬局機能, the others for 医療機能). */
  kinds: readonly InstitutionKind[];
  annualKinds: readonly ReportKind[];
  /** States in which the year's report counts as made (not reminded). */
  reportedStates: readonly ReportState[];
}

/**
 * The active accounts of the open institutions of the prefecture and kinds that have not made the
 * year's report, each with whether the institution has a draft of it; by 機関コード, then account.
 */
export async function selectReminderTargets(db: Db, f: TargetFilter): Promise<ReminderTarget[]> {
  if (f.kinds.length === 0) return [];
  const annual = (eb: ExpressionBuilder<Database, 'institutions' | 'accounts'>, states: readonly ReportState[]) =>
    eb.exists(
      eb
        .selectFrom('reports')
        .select('reports.id')
        .whereRef('reports.institution_id', '=', 'institutions.id')
        .where('reports.fiscal_year', '=', f.fiscalYear)
        .where('reports.kind', 'in', f.annualKinds)
        .where('reports.state', 'in', states),
    );
  const rows = await db
    .selectFrom('institutions')
    .innerJoin('accounts', 'accounts.institution_id', 'institutions.id')
    .where('institutions.status', '=', 'open')
    .where('institutions.prefecture_code', '=', f.prefectureCode)
    .where('institutions.kind', 'in', f.kinds)
    .where('accounts.state', '=', 'active')
    .where((eb) => eb.not(annual(eb, f.reportedStates)))
    .select((eb) => [
      'institutions.id as institution_id',
      'institutions.name',
      'institutions.institution_code',
      'accounts.id as account_id',
      'accounts.username',
      'accounts.email',
      'accounts.display_name',
      'accounts.family_name',
      'accounts.given_name',
      annual(eb, ['draft']).as('has_draft'),
    ])
    .orderBy('institutions.institution_code')
    .orderBy('institutions.id')
    .orderBy('accounts.id')
    .execute();
  return rows.map((r) => ({
    institutionId: r.institution_id,
    institutionName: r.name,
    institutionCode: r.institution_code,
    status: r.has_draft ? 'draft' : 'unreported',
    accountId: r.account_id,
    username: r.username,
    email: r.email,
    contactName: [r.family_name, r.given_name].filter(Boolean).join(' ') || r.display_name,
  }));
}

export interface ReminderSendRow {
  id: string;
  prefectureCode: string;
  fiscalYear: number;
  scheme: ReportingScheme;
  daysBefore: number;
  dueAt: number;
  sentAt: number;
  institutions: number;
  mails: number;
}

/** Claims the reminder: true if this call inserted its row (nobody sent it before). */
export async function insertReminderSend(db: Db, row: ReminderSendRow): Promise<boolean> {
  const r = await db
    .insertInto('reminder_sends')
    .values({
      id: row.id,
      prefecture_code: row.prefectureCode,
      fiscal_year: row.fiscalYear,
      scheme: row.scheme,
      days_before: row.daysBefore,
      due_at: row.dueAt,
      sent_at: row.sentAt,
      institutions: row.institutions,
      mails: row.mails,
    })
    .onConflict((oc) => oc.columns(['prefecture_code', 'fiscal_year', 'scheme', 'days_before']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Rows per multi-row insert (mail rows have 17 columns: well under SQLite's 32,766 parameters). */
const CHUNK = 500;

async function inChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** The reminder's mails (outbox rows built by outboxRow) and whom each went to, in the claim's transaction. */
export async function insertReminderMails(db: Db, mails: readonly NewMail[], recipients: ReadonlyArray<ReminderRecipientsTable>): Promise<void> {
  await inChunks(mails, (chunk) => db.insertInto('mail_outbox').values(chunk).execute());
  await inChunks(recipients, (chunk) => db.insertInto('reminder_recipients').values(chunk).execute());
}

/** The keys already sent of a prefecture's fiscal year: `${scheme}:${daysBefore}`. */
export async function sentReminderKeys(db: Db, prefectureCode: string, fiscalYear: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('reminder_sends')
    .select(['scheme', 'days_before'])
    .where('prefecture_code', '=', prefectureCode)
    .where('fiscal_year', '=', fiscalYear)
    .execute();
  return new Set(rows.map((r) => `${r.scheme}:${Number(r.days_before)}`));
}

export interface ReminderHistoryRow extends ReminderSendRow {
  delivered: number;
  failed: number;
  pending: number;
}

/** The reminders sent (of one prefecture, or every one), newest first, with how their mail went. */
export async function selectReminderHistory(db: Db, o: { prefectureCode?: string; limit: number }): Promise<ReminderHistoryRow[]> {
  let q = db.selectFrom('reminder_sends').selectAll();
  if (o.prefectureCode !== undefined) q = q.where('prefecture_code', '=', o.prefectureCode);
  const sends = await q.orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
  if (sends.length === 0) return [];
  const counts = await db
    .selectFrom('reminder_recipients as r')
    .innerJoin('mail_outbox as m', 'm.id', 'r.mail_id')
    .where(
      'r.send_id',
      'in',
      sends.map((s) => s.id),
    )
    .groupBy(['r.send_id', 'm.status'])
    .select((eb) => ['r.send_id', 'm.status', eb.fn.countAll<number>().as('n')])
    .execute();
  const of = (id: string, status: string) => Number(counts.find((c) => c.send_id === id && c.status === status)?.n ?? 0);
  return sends.map((s) => ({
    id: s.id,
    prefectureCode: s.prefecture_code,
    fiscalYear: Number(s.fiscal_year),
    scheme: s.scheme,
    daysBefore: Number(s.days_before),
    dueAt: Number(s.due_at),
    sentAt: Number(s.sent_at),
    institutions: Number(s.institutions),
    mails: Number(s.mails),
    delivered: of(s.id, 'sent'),
    failed: of(s.id, 'failed'),
    pending: of(s.id, 'pending'),
  }));
}
