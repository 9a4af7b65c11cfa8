// 医療機能情報提供制度 / 薬局機能情報提供制度 home of an institution: what is published now, its
// reports with their states, and which reports it may start now — each action enabled, or disabled
// with the reason (a message id) the page shows. startReport asks the same question.
import type { Db } from '../db/dialect.ts';
import type { Institution, PublishedFacility, Report } from '../db/schema.ts';
import { findInstitution } from '../institutions/repository.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Ports } from '../ports.ts';
import { schemeOf, type Scheme } from './catalogue/types.ts';
import { fiscalYearOf, jstMidnight } from './fiscal-year.ts';
import { findPublishedFacility } from './publication-repository.ts';
import { ANNUAL_KINDS, isOpen, REPORT_KINDS, REPORTED_STATES, type ReportKind, type ReportState } from './report.ts';
import { windowFor, type ReportingWindow as PeriodWindow } from './periods.ts';
import { reportsOfInstitution } from './report-repository.ts';

/** Why a report cannot be started now (message `reporting.start.<reason>`). */
export type StartReason =
  'open_report' | 'already_accepted' | 'no_window' | 'outside_window' | 'no_previous_data' | 'already_reported' | 'closed' | 'suspended' | 'not_suspended';

export type ActionState = { enabled: true } | { enabled: false; reason: StartReason };

export interface ReportSummary {
  id: string;
  kind: ReportKind;
  state: ReportState;
  fiscalYear: number;
  currentVersion: number;
  startedAt: number;
  submittedAt: number | null;
  decidedAt: number | null;
  decisionComment: string | null;
}

export interface PublishedSummary {
  facilityId: string;
  /** 公表日. */
  publishedAt: number;
  /** 公表中 (true) or 非公表. */
  visible: boolean;
  stopped: boolean;
  lapsed: boolean;
  withheld: boolean;
  closed: boolean;
  suspendedSince: string | null;
}

export interface ReportingWindow {
  fiscalYear: number;
  opensAt: number;
  closesAt: number;
  referenceDate: string;
  /** now is inside [opensAt, closesAt). */
  open: boolean;
}

export interface ReportingHome {
  institution: Institution;
  scheme: Scheme;
  fiscalYear: number;
  window: ReportingWindow | undefined;
  published: PublishedSummary | undefined;
  /** Newest first. */
  reports: ReportSummary[];
  /** This fiscal year's annual report: its state, or 未報告. */
  annual: ReportState | 'unreported';
  /** The report not finished yet (at most one), to continue. */
  openReportId: string | undefined;
  actions: Record<ReportKind, ActionState>;
}

/** The kinds whose accepted values make the institution's data (a 定期・随時 carries them over). */
export const ACCEPTED_DATA_KINDS: readonly ReportKind[] = ['new', 'periodic', 'change'];

/** Closed (the master or the published record says so) and suspended (the record): startActions' facts of the institution itself. */
export function standingOf(
  institution: Pick<Institution, 'status'>,
  published: Pick<PublishedFacility, 'closed_at' | 'suspended_since'> | undefined,
): { closed: boolean; suspended: boolean } {
  return { closed: institution.status === 'closed' || (published?.closed_at ?? null) !== null, suspended: (published?.suspended_since ?? null) !== null };
}

/** 00:00 Japan time of a YYYY-MM-DD day. */
const midnightOf = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return jstMidnight(y, m, d);
};

/** The annual report of `fy` made (報告 pressed, not taken back, on or after the 報告基準日 when there is one). */
export function annualReportOf(reports: readonly Report[], fy: number, window: Pick<PeriodWindow, 'referenceDate'> | undefined): Report | undefined {
  const from = window ? midnightOf(window.referenceDate) : -Infinity;
  return reports.find(
    (r) => r.fiscal_year === fy && ANNUAL_KINDS.includes(r.kind) && REPORTED_STATES.includes(r.state) && r.submitted_at !== null && r.submitted_at >= from,
  );
}

/** Which starts are enabled, from the facts (pure; plan section 5). */
export function startActions(f: {
  now: number;
  fiscalYear: number;
  reports: readonly Report[];
  window: PeriodWindow | undefined;
  closed: boolean;
  suspended: boolean;
}): Record<ReportKind, ActionState> {
  const open = f.reports.some((r) => isOpen(r.state));
  const accepted = f.reports.filter((r) => r.state === 'accepted' && ACCEPTED_DATA_KINDS.includes(r.kind));
  const no = (reason: StartReason): ActionState => ({ enabled: false, reason });
  const yes: ActionState = { enabled: true };
  const gate = (...checks: Array<StartReason | false>): ActionState => {
    const reason = checks.find((c): c is StartReason => c !== false);
    return reason ? no(reason) : yes;
  };

  // Last year's data: accepted in an earlier fiscal year, or accepted before this window's 報告基準日
  // (an institution that opened during the year can make its 定期報告).
  const referenceAt = f.window ? midnightOf(f.window.referenceDate) : undefined;
  const previous = accepted.some((r) => r.fiscal_year < f.fiscalYear || (referenceAt !== undefined && (r.decided_at ?? Infinity) < referenceAt));
  const inWindow = f.window !== undefined && f.window.opensAt <= f.now && f.now < f.window.closesAt;

  return {
    new: gate(f.closed && 'closed', open && 'open_report', accepted.length > 0 && 'already_accepted'),
    periodic: gate(
      f.closed && 'closed',
      open && 'open_report',
      !f.window && 'no_window',
      !inWindow && 'outside_window',
      !previous && 'no_previous_data',
      annualReportOf(f.reports, f.fiscalYear, f.window) !== undefined && 'already_reported',
    ),
    change: gate(f.closed && 'closed', open && 'open_report', accepted.length === 0 && 'no_previous_data'),
    suspension: gate(f.closed && 'closed', open && 'open_report', accepted.length === 0 && 'no_previous_data', f.suspended && 'suspended'),
    closure: gate(f.closed && 'closed', open && 'open_report', accepted.length === 0 && 'no_previous_data'),
    resumption: gate(f.closed && 'closed', open && 'open_report', !f.suspended && 'not_suspended'),
  };
}

/** What the home shows the institution's account at `now`. */
export async function reportingHome(deps: Pick<Ports, 'db'>, actor: Actor, now: number): Promise<ReportingHome> {
  authorize(actor, 'reporting_home.view', { institutionId: actor.institution_id });
  return homeOf(deps.db, actor.institution_id!, now);
}

/** The home of an institution (no authorization: the callers have done it). */
export async function homeOf(db: Db, institutionId: string, now: number): Promise<ReportingHome> {
  const institution = await findInstitution(db, institutionId);
  if (!institution) throw new Error(`institution ${institutionId} is gone`);
  const scheme = schemeOf(institution.kind);
  const fiscalYear = fiscalYearOf(now);
  const [reports, window, published] = await Promise.all([
    reportsOfInstitution(db, institutionId),
    windowFor(db, institution.prefecture_code, fiscalYear, scheme),
    findPublishedFacility(db, institutionId),
  ]);
  const actions = startActions({ now, fiscalYear, reports, window, ...standingOf(institution, published) });
  const annual =
    annualReportOf(reports, fiscalYear, window) ?? reports.find((r) => r.fiscal_year === fiscalYear && ANNUAL_KINDS.includes(r.kind) && isOpen(r.state));
  return {
    institution,
    scheme,
    fiscalYear,
    window: window && {
      fiscalYear: window.fiscalYear,
      opensAt: window.opensAt,
      closesAt: window.closesAt,
      referenceDate: window.referenceDate,
      open: window.opensAt <= now && now < window.closesAt,
    },
    published: published && {
      facilityId: published.facility_id,
      publishedAt: published.published_at,
      visible: published.visible === 1,
      stopped: published.stopped_at !== null,
      lapsed: published.lapsed_at !== null,
      withheld: published.withheld !== null,
      closed: published.closed_at !== null,
      suspendedSince: published.suspended_since,
    },
    reports: reports.map((r) => ({
      id: r.id,
      kind: r.kind,
      state: r.state,
      fiscalYear: r.fiscal_year,
      currentVersion: r.current_version,
      startedAt: r.started_at,
      submittedAt: r.submitted_at,
      decidedAt: r.decided_at,
      decisionComment: r.decision_comment,
    })),
    annual: annual?.state ?? 'unreported',
    openReportId: reports.find((r) => isOpen(r.state))?.id,
    actions: Object.fromEntries(REPORT_KINDS.map((k) => [k, actions[k]])) as Record<ReportKind, ActionState>,
  };
}
