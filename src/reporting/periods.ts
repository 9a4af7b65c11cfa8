// Reporting windows: each prefecture sets, per fiscal year and scheme (医療機能 / 薬局機能), when its
// 定期報告 are taken (from, until — exclusive) and the 報告基準日 they report as of. The law's window
// is 1/1–3/31 of the fiscal year's last quarter; a window outside it is allowed with a warning (the
// demo opens in December), one outside the fiscal year is refused (the home looks a window up by
// the fiscal year of now). Also the prefecture's publication setting: publish on 確認 or on 報告.
// Every change is audited in its transaction. (What the setting is, publication-repository.ts reads.)
import { recordAudit, type AuditEntry, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { PublishOn, ReportingScheme } from '../db/schema.ts';
import { PREFECTURE_CODES } from '../institutions/places.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Ports } from '../ports.ts';
import { fyEnd, fyStart, jstMidnight } from './fiscal-year.ts';
import { findPeriod, selectPeriods, upsertPeriod, upsertPublishOn, type PeriodRow } from './period-repository.ts';

export type ReportingWindow = PeriodRow;
export { type PublishOn, type ReportingScheme };

export interface PeriodInput {
  prefectureCode: string;
  fiscalYear: number;
  scheme: ReportingScheme;
  opensAt: number;
  /** Exclusive. */
  closesAt: number;
  /** YYYY-MM-DD. */
  referenceDate: string;
}

/** Why a window is refused. */
export type PeriodProblem = 'unknown_prefecture' | 'bad_fiscal_year' | 'closes_before_opens' | 'outside_fiscal_year' | 'bad_reference_date';
/** What is allowed but unusual: the window reaches outside 1/1–3/31. */
export type PeriodWarning = 'outside_usual_window';

export type SetPeriodResult = { ok: true; warning?: PeriodWarning } | { ok: false; problem: PeriodProblem };

type Deps = Pick<Ports, 'db' | 'clock' | 'random'>;

/** The 報告基準日 a window has unless set: 1 January after the fiscal year's start (医療), 31 December (薬局). */
export function defaultReferenceDate(fiscalYear: number, scheme: ReportingScheme): string {
  return scheme === 'medical' ? `${fiscalYear + 1}-01-01` : `${fiscalYear}-12-31`;
}

/** The usual window of a fiscal year's 定期報告: 1 January to 31 March (until 4/1 00:00), Japan time. */
export function usualWindow(fiscalYear: number): { opensAt: number; closesAt: number } {
  return { opensAt: jstMidnight(fiscalYear + 1, 1, 1), closesAt: fyEnd(fiscalYear) };
}

const isCalendarDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
};

/** The problem with a window, or what is unusual about it. */
export function checkPeriod(p: PeriodInput): { problem: PeriodProblem } | { warning?: PeriodWarning } {
  if (!PREFECTURE_CODES.includes(p.prefectureCode)) return { problem: 'unknown_prefecture' };
  if (!Number.isInteger(p.fiscalYear) || p.fiscalYear < 2000 || p.fiscalYear > 2100) return { problem: 'bad_fiscal_year' };
  if (!Number.isFinite(p.opensAt) || !Number.isFinite(p.closesAt) || p.closesAt <= p.opensAt) return { problem: 'closes_before_opens' };
  if (p.opensAt < fyStart(p.fiscalYear) || p.closesAt > fyEnd(p.fiscalYear)) return { problem: 'outside_fiscal_year' };
  if (!isCalendarDate(p.referenceDate)) return { problem: 'bad_reference_date' };
  const usual = usualWindow(p.fiscalYear);
  return p.opensAt < usual.opensAt || p.closesAt > usual.closesAt ? { warning: 'outside_usual_window' } : {};
}

/** The prefecture sets (or replaces) its window for a fiscal year and scheme. */
export async function setReportingPeriod(deps: Deps, actor: Actor, input: PeriodInput, origin: RequestOrigin): Promise<SetPeriodResult> {
  authorize(actor, 'reporting_period.set', { prefectureCode: input.prefectureCode });
  return savePeriod(deps, input, actor.id, {
    type: 'reporting.period_set',
    accountId: actor.id,
    username: actor.username,
    origin,
    details: periodDetails(input),
  });
}

/** The operator sets a window from the command line (`gmis reporting period set`): audited as by the CLI. */
export async function setReportingPeriodFromCli(deps: Deps, input: PeriodInput): Promise<SetPeriodResult> {
  return savePeriod(deps, input, null, { type: 'reporting.period_set', details: { ...periodDetails(input), by: 'cli' } });
}

const periodDetails = ({ prefectureCode, fiscalYear, scheme, opensAt, closesAt, referenceDate }: PeriodInput) => ({
  prefectureCode,
  fiscalYear,
  scheme,
  opensAt,
  closesAt,
  referenceDate,
});

async function savePeriod(deps: Deps, input: PeriodInput, by: string | null, audit: AuditEntry): Promise<SetPeriodResult> {
  const checked = checkPeriod(input);
  if ('problem' in checked) return { ok: false, problem: checked.problem };
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await upsertPeriod(trx, { id: deps.random.uuid(), ...periodDetails(input), updatedAt: now, updatedBy: by });
    await recordAudit(trx, deps.clock, audit);
  });
  return checked.warning ? { ok: true, warning: checked.warning } : { ok: true };
}

/** The prefecture's window for the fiscal year and scheme, if it set one. */
export function windowFor(db: Db, prefectureCode: string, fiscalYear: number, scheme: ReportingScheme): Promise<ReportingWindow | undefined> {
  return findPeriod(db, prefectureCode, fiscalYear, scheme);
}

/** Where `now` is against a window: not yet open, open, or closed. */
export function windowPhase(w: Pick<ReportingWindow, 'opensAt' | 'closesAt'>, now: number): 'before' | 'open' | 'after' {
  return now < w.opensAt ? 'before' : now < w.closesAt ? 'open' : 'after';
}

/** The windows set, of one prefecture and/or fiscal year (who may see them is the caller's reporting_period.view). */
export function listPeriods(db: Db, filter: { prefectureCode?: string; fiscalYear?: number } = {}): Promise<ReportingWindow[]> {
  return selectPeriods(db, filter);
}

/** The prefecture sets when its reports are published. */
export async function setPublishOn(
  deps: Pick<Ports, 'db' | 'clock'>,
  actor: Actor,
  prefectureCode: string,
  publishOn: PublishOn,
  origin: RequestOrigin,
): Promise<void> {
  authorize(actor, 'reporting_settings.set', { prefectureCode });
  await deps.db.transaction().execute(async (trx) => {
    await upsertPublishOn(trx, prefectureCode, publishOn, deps.clock.now(), actor.id);
    await recordAudit(trx, deps.clock, {
      type: 'reporting.settings_set',
      accountId: actor.id,
      username: actor.username,
      origin,
      details: { prefectureCode, publishOn },
    });
  });
}
