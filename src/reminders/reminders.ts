// 報告のリマインダー: a prefecture that opts in has its institutions still 未報告 or 報告中 for the
// fiscal year's annual report mailed a few days before its reporting window closes (e.g. 14 and 3
// days before), in its own words with the placeholders of mail/placeholders.ts. The worker asks every
// minute (runDueReminders, like the April 1 job): a reminder is due from 00:00 JST of its day (or the
// window's opening, if later) until the window closes, so a worker that was down on the day sends it
// when it comes back; only the latest due reminder of a window goes (an earlier one missed is not
// sent late after it). Each is sent once: its row, unique per prefecture, fiscal year, scheme and days
// before, is inserted in the same transaction as its outbox rows, and whoever inserts it sends it.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import { INSTITUTION_KINDS, type InstitutionKind, type ReportingScheme } from '../db/schema.ts';
import { prefectureName } from '../institutions/places.ts';
import { MAIL_PRIORITY, outboxRow } from '../mail/outbox.ts';
import { fillPlaceholders, placeholderMessage, type PlaceholderValues } from '../mail/placeholders.ts';
import { footer } from '../mail/templates.ts';
import { formatJstDate } from '../platform/japanese/time.ts';
import { sortableId } from '../platform/secrets.ts';
import { authorize, type Actor } from '../policies.ts';
import { mailContext, type Ports } from '../ports.ts';
import { fiscalYearOf, fyEnd } from '../reporting/fiscal-year.ts';
import { listPeriods, type ReportingWindow } from '../reporting/periods.ts';
import { ANNUAL_KINDS, REPORT_STATE_LABELS, REPORTED_STATES, UNREPORTED_LABEL } from '../reporting/report.ts';
import {
  findReminderSetting,
  insertReminderMails,
  insertReminderSend,
  selectReminderHistory,
  selectReminderSettings,
  selectReminderTargets,
  sentReminderKeys,
  upsertReminderSetting,
  type ReminderHistoryRow,
  type ReminderTarget,
} from './reminder-repository.ts';

export type { ReminderHistoryRow, ReminderTarget };

/** How often the worker asks whether a reminder is due. */
export const REMINDER_CHECK_INTERVAL_MS = 60_000;
const DAY_MS = 86_400_000;

/** The days before the window closes a prefecture may choose from. */
export const REMINDER_DAY_CHOICES = [30, 21, 14, 7, 5, 3, 1] as const;
export const SUBJECT_MAX = 100;
export const BODY_MAX = 4000;
export const REMINDER_MAIL_KIND = 'reporting.reminder';

export const DEFAULT_SUBJECT = '【{都道府県名}】{報告期限}までに定期報告をお願いします';
export const DEFAULT_BODY = `{機関名}
{担当者名} 様

{都道府県名}の医療政策担当です。
今年度の定期報告は {報告期限} が受付の最終日です。現在の状況は「{報告状況}」です。

G-MISにログインし、「医療機能情報提供制度」（薬局は「薬局機能情報提供制度」）の画面から
報告を済ませてください。入力の途中で保存した報告は、続きから入力できます。

ログインに使うユーザ名: {ユーザ名}
機関コード: {機関コード}

すでに報告を済ませた場合は、このメールと行き違いになっています。ご容赦ください。`;

export interface ReminderSettings {
  enabled: boolean;
  /** Largest first. */
  daysBefore: number[];
  subject: string;
  body: string;
}

/** What a prefecture that never saved a setting sees: off, 14 and 3 days before, our wording. */
export const DEFAULT_SETTINGS: ReminderSettings = { enabled: false, daysBefore: [14, 3], subject: DEFAULT_SUBJECT, body: DEFAULT_BODY };

type Deps = Pick<Ports, 'db' | 'clock' | 'random' | 'secrets' | 'config' | 'workQueued'>;

/** The institution kinds a scheme's reminder goes to. */
export const kindsOf = (scheme: ReportingScheme): readonly InstitutionKind[] =>
  scheme === 'pharmacy' ? ['薬局'] : INSTITUTION_KINDS.filter((k) => k !== '薬局');

export const SCHEME_LABELS: Record<ReportingScheme, string> = { medical: '医療機能', pharmacy: '薬局機能' };

/** The prefecture's setting, or the defaults. */
export async function reminderSettingsOf(db: Db, prefectureCode: string): Promise<ReminderSettings & { saved: boolean }> {
  const row = await findReminderSetting(db, prefectureCode);
  return row ? { enabled: row.enabled, daysBefore: row.daysBefore, subject: row.subject, body: row.body, saved: true } : { ...DEFAULT_SETTINGS, saved: false };
}

/** Why a setting is refused, by field, in Japanese (the form shows these beside its fields; none when it is fine). */
export function settingProblems(s: ReminderSettings): Record<string, string> {
  const problems: Record<string, string> = {};
  if (s.daysBefore.some((d) => !(REMINDER_DAY_CHOICES as readonly number[]).includes(d)))
    problems.days_before = `送る日は ${REMINDER_DAY_CHOICES.join('・')} 日前から選んでください。`;
  else if (s.enabled && s.daysBefore.length === 0) problems.days_before = 'リマインダーを送るときは、送る日を1つ以上選んでください。';
  const text = (value: string, label: string, max: number) =>
    value.trim() === ''
      ? `${label}を入力してください。`
      : value.length > max
        ? `${label}は${max}文字以内で入力してください（いま${value.length}文字です）。`
        : placeholderMessage(value);
  const subject = text(s.subject, '件名', SUBJECT_MAX);
  if (subject) problems.subject = subject;
  else if (/[\r\n]/.test(s.subject)) problems.subject = '件名は1行で入力してください。';
  const body = text(s.body, '本文', BODY_MAX);
  if (body) problems.body = body;
  return problems;
}

export type SaveSettingsResult = { ok: true } | { ok: false; problems: Record<string, string> };

/** The prefecture turns its reminders on or off and sets their days and text; audited in the same transaction. */
export async function saveReminderSettings(
  deps: Pick<Ports, 'db' | 'clock'>,
  actor: Actor,
  prefectureCode: string,
  settings: ReminderSettings,
  origin: RequestOrigin,
): Promise<SaveSettingsResult> {
  authorize(actor, 'reminder_settings.set', { prefectureCode });
  const problems = settingProblems(settings);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const daysBefore = [...new Set(settings.daysBefore)].sort((a, b) => b - a);
  await deps.db.transaction().execute(async (trx) => {
    await upsertReminderSetting(trx, { prefectureCode, ...settings, daysBefore, updatedAt: deps.clock.now(), updatedBy: actor.id });
    await recordAudit(trx, deps.clock, {
      type: 'reminder.settings_set',
      accountId: actor.id,
      username: actor.username,
      origin,
      details: { prefectureCode, reminderOn: settings.enabled, daysBefore: daysBefore.join(','), title: settings.subject },
    });
  });
  return { ok: true };
}

/** One reminder of a window: when it is due and whether it went. */
export interface ScheduledReminder {
  fiscalYear: number;
  scheme: ReportingScheme;
  daysBefore: number;
  /** 00:00 JST of its day, or the window's opening when that is later. */
  dueAt: number;
  /** The window's end (exclusive): the mails' 報告期限 is the day before. */
  closesAt: number;
  /**
   * sent; due (it goes at the worker's next check); upcoming; passed (its window closed, or a later
   * reminder of the window is due, so it will not go).
   */
  state: 'sent' | 'due' | 'upcoming' | 'passed';
}

/** The reminders of the windows for `days`, at `now` (pure). */
export function reminderSchedule(
  windows: ReadonlyArray<Pick<ReportingWindow, 'fiscalYear' | 'scheme' | 'opensAt' | 'closesAt'>>,
  days: readonly number[],
  sent: ReadonlySet<string>,
  now: number,
): ScheduledReminder[] {
  const out: ScheduledReminder[] = [];
  for (const w of windows) {
    const items = [...new Set(days)]
      .sort((a, b) => b - a)
      .map((d) => ({ daysBefore: d, dueAt: Math.max(w.closesAt - d * DAY_MS, w.opensAt) }))
      .filter((r) => r.dueAt < w.closesAt);
    const due = items.filter((r) => r.dueAt <= now && now < w.closesAt);
    // The latest due one (fewest days before) is the one that goes; earlier ones are passed.
    const current = due.length > 0 ? due[due.length - 1]!.daysBefore : undefined;
    for (const r of items) {
      const state: ScheduledReminder['state'] = sent.has(`${w.scheme}:${r.daysBefore}`)
        ? 'sent'
        : now >= w.closesAt || (r.dueAt <= now && r.daysBefore !== current)
          ? 'passed'
          : r.dueAt <= now
            ? 'due'
            : 'upcoming';
      out.push({ fiscalYear: w.fiscalYear, scheme: w.scheme, ...r, closesAt: w.closesAt, state });
    }
  }
  return out.sort((a, b) => a.dueAt - b.dueAt || a.scheme.localeCompare(b.scheme));
}

/** The prefecture's reminders of the current fiscal year, with the institutions each would reach today. */
export async function upcomingReminders(
  deps: Pick<Ports, 'db' | 'clock'>,
  prefectureCode: string,
  days: readonly number[],
): Promise<Array<ScheduledReminder & { institutions: number }>> {
  const now = deps.clock.now();
  const fiscalYear = fiscalYearOf(now);
  const windows = await listPeriods(deps.db, { prefectureCode, fiscalYear });
  const schedule = reminderSchedule(windows, days, await sentReminderKeys(deps.db, prefectureCode, fiscalYear), now);
  const reach = new Map<ReportingScheme, number>();
  for (const w of windows) reach.set(w.scheme, new Set((await targetsOf(deps.db, prefectureCode, fiscalYear, w.scheme)).map((t) => t.institutionId)).size);
  return schedule.map((r) => ({ ...r, institutions: reach.get(r.scheme) ?? 0 }));
}

const targetsOf = (db: Db, prefectureCode: string, fiscalYear: number, scheme: ReportingScheme) =>
  selectReminderTargets(db, { prefectureCode, fiscalYear, kinds: kindsOf(scheme), annualKinds: ANNUAL_KINDS, reportedStates: REPORTED_STATES });

/** What a recipient's placeholders are filled with. */
export function placeholderValues(t: ReminderTarget, prefectureCode: string, closesAt: number): PlaceholderValues {
  return {
    機関名: t.institutionName,
    機関コード: t.institutionCode,
    ユーザ名: t.username,
    担当者名: t.contactName,
    都道府県名: prefectureName(prefectureCode) ?? prefectureCode,
    報告期限: formatJstDate(closesAt - 1),
    報告状況: t.status === 'draft' ? REPORT_STATE_LABELS.draft : UNREPORTED_LABEL,
  };
}

/** The mail one recipient gets: the prefecture's subject and text filled in, then the system's footer. */
export function reminderMail(
  config: Ports['config'],
  text: Pick<ReminderSettings, 'subject' | 'body'>,
  t: ReminderTarget,
  prefectureCode: string,
  closesAt: number,
) {
  const values = placeholderValues(t, prefectureCode, closesAt);
  return {
    kind: REMINDER_MAIL_KIND,
    to: t.email,
    accountId: t.accountId,
    // Many at once, as 一括メール配信's: behind password and welcome mail, within the bulk rate.
    priority: MAIL_PRIORITY.bulk,
    // A subject is one line, whatever a filled value holds.
    subject: fillPlaceholders(text.subject, values).replace(/[\r\n]+/g, ' '),
    text: `${fillPlaceholders(text.body, values)}\n${footer(mailContext(config))}`,
  };
}

/** A sample recipient for the preview when nobody would get the reminder today. */
const SAMPLE: ReminderTarget = {
  institutionId: '',
  institutionName: '（例）さくら診療所',
  institutionCode: '0000000000',
  status: 'unreported',
  accountId: '',
  username: 'ab12345678',
  email: 'example@example.jp',
  contactName: '（例）山田 花子',
};

/**
 * The preview: the mail as the first institution of the next reminder would get it (or a sample one,
 * said so, when there is none), with the text as typed, saved or not.
 */
export async function previewReminder(
  deps: Pick<Ports, 'db' | 'clock' | 'config'>,
  prefectureCode: string,
  text: Pick<ReminderSettings, 'subject' | 'body'>,
  days: readonly number[],
): Promise<{ subject: string; text: string; to: string; sample: boolean }> {
  const now = deps.clock.now();
  const fiscalYear = fiscalYearOf(now);
  const windows = await listPeriods(deps.db, { prefectureCode, fiscalYear });
  const next = reminderSchedule(windows, days, new Set(), now).find((r) => r.state === 'due' || r.state === 'upcoming');
  const scheme = next?.scheme ?? windows[0]?.scheme ?? 'medical';
  const closesAt = next?.closesAt ?? windows.find((w) => w.scheme === scheme)?.closesAt ?? fyEnd(fiscalYear);
  const first = (await targetsOf(deps.db, prefectureCode, fiscalYear, scheme))[0];
  const mail = reminderMail(deps.config, text, first ?? SAMPLE, prefectureCode, closesAt);
  return { subject: mail.subject, text: mail.text, to: mail.to, sample: first === undefined };
}

export interface SentReminder {
  prefectureCode: string;
  fiscalYear: number;
  scheme: ReportingScheme;
  daysBefore: number;
  institutions: number;
  mails: number;
}

/**
 * Sends one reminder if nobody has: in one transaction, the recipients read, the claim row inserted
 * (a second runner's insert waits for the first's commit and finds the key taken), the outbox rows,
 * whom they went to and the audit event. Undefined when it was sent already.
 */
async function sendReminder(deps: Deps, setting: ReminderSettings & { prefectureCode: string }, r: ScheduledReminder): Promise<SentReminder | undefined> {
  const { prefectureCode } = setting;
  return deps.db.transaction().execute(async (trx) => {
    const targets = await targetsOf(trx, prefectureCode, r.fiscalYear, r.scheme);
    const now = deps.clock.now();
    const sendId = sortableId(now, deps.random);
    const institutions = new Set(targets.map((t) => t.institutionId)).size;
    const claimed = await insertReminderSend(trx, {
      id: sendId,
      prefectureCode,
      fiscalYear: r.fiscalYear,
      scheme: r.scheme,
      daysBefore: r.daysBefore,
      dueAt: r.dueAt,
      sentAt: now,
      institutions,
      mails: targets.length,
    });
    if (!claimed) return undefined;
    const mails = targets.map((t) => outboxRow(deps, reminderMail(deps.config, setting, t, prefectureCode, r.closesAt)));
    await insertReminderMails(
      trx,
      mails,
      targets.map((t, i) => ({ send_id: sendId, institution_id: t.institutionId, account_id: t.accountId, mail_id: mails[i]!.id, report_status: t.status })),
    );
    const sent = { prefectureCode, fiscalYear: r.fiscalYear, scheme: r.scheme, daysBefore: r.daysBefore, institutions, mails: targets.length };
    await recordAudit(trx, deps.clock, { type: 'reminder.sent', details: { ...sent } });
    return sent;
  });
}

/**
 * What the worker calls on every check: every reminder due now, of every prefecture that turned
 * them on, sent once. Answers the ones this call sent.
 */
export async function runDueReminders(deps: Deps): Promise<SentReminder[]> {
  const now = deps.clock.now();
  const fiscalYear = fiscalYearOf(now);
  const sent: SentReminder[] = [];
  for (const setting of await selectReminderSettings(deps.db, { enabledOnly: true })) {
    if (setting.daysBefore.length === 0) continue;
    const windows = await listPeriods(deps.db, { prefectureCode: setting.prefectureCode, fiscalYear });
    if (windows.length === 0) continue;
    const keys = await sentReminderKeys(deps.db, setting.prefectureCode, fiscalYear);
    for (const r of reminderSchedule(windows, setting.daysBefore, keys, now)) {
      if (r.state !== 'due') continue;
      const done = await sendReminder(deps, setting, r);
      if (done) sent.push(done);
    }
  }
  if (sent.length > 0) deps.workQueued?.();
  return sent;
}

/** The reminders sent, newest first: the prefecture's own, or (office) every prefecture's. */
export function reminderHistory(db: Db, o: { prefectureCode?: string; limit?: number } = {}): Promise<ReminderHistoryRow[]> {
  return selectReminderHistory(db, { ...(o.prefectureCode !== undefined ? { prefectureCode: o.prefectureCode } : {}), limit: o.limit ?? 50 });
}

/** Every prefecture's setting (the office's overview). */
export const everyReminderSetting = (db: Db) => selectReminderSettings(db);
