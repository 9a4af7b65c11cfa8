// The April 1 job: when a fiscal year ends (April 1 00:00 Japan time), the published records of
// institutions that did not make that year's annual report (定期報告, or a 新規報告 made on or after
// the 報告基準日) stop being shown on 医療情報ネット; institutions that reported (submitted,
// resubmitted, returned, accepted) are kept, as are records a snapshot of the ministry's open data
// published during that year (the snapshot is that year's data: `gmis opendata import`). A later accepted report publishes the record again
// (publication clears the lapse). One run per fiscal year however many workers poll: inserting the
// run's row is the claim (a run whose worker died is taken over after a while). Records are
// lapsed in batches, each batch with one publication.lapsed audit event per record in its
// transaction; a record another run lapsed first is not counted twice.
import { recordAudits, type AuditEntry } from '../audit/audit-log.ts';
import type { ReportingScheme } from '../db/schema.ts';
import type { Ports } from '../ports.ts';
import { fiscalYearOf, fyEnd, fyStart, jstMidnight } from './fiscal-year.ts';
import {
  findLapseRun,
  finishLapseRun,
  insertLapseClaim,
  markLapsed,
  reclaimStaleLapse,
  selectLapseCandidates,
  selectSubmittedReports,
  type LapseCandidate,
} from './lapse-repository.ts';
import { defaultReferenceDate, listPeriods } from './periods.ts';
import { ANNUAL_KINDS, REPORTED_STATES } from './report.ts';
import { indexFacilities } from '../search/indexer.ts';

/** Records per batch (one UPDATE and one multi-row audit insert each). */
export const LAPSE_BATCH = 500;
/** How often the worker asks whether a run is due (so it starts within a minute of 4/1 00:00 JST). */
export const LAPSE_CHECK_INTERVAL_MS = 60_000;
/** A claimed run not finished after this long is taken over by the next worker that polls. */
export const LAPSE_STALE_MS = 15 * 60_000;

type Deps = Pick<Ports, 'db' | 'clock'>;

export interface LapseCounts {
  /** Records that stopped being shown. */
  lapsed: number;
  /** Records kept because the institution reported. */
  kept: number;
}

/** A lapse asked for before its fiscal year ended (a dry run may be asked for at any time). */
export class TooEarlyToLapse extends Error {
  constructor(readonly fiscalYear: number) {
    super(`fiscal year ${fiscalYear} has not ended`);
    this.name = 'TooEarlyToLapse';
  }
}

/** The fiscal year whose lapse is due at `now`: the one that ended last. */
export const dueFiscalYear = (now: number): number => fiscalYearOf(now) - 1;

const schemeOf = (c: LapseCandidate): ReportingScheme => (c.kind === '薬局' ? 'pharmacy' : 'medical');

const dayStart = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  return jstMidnight(y!, m!, d!);
};

/** Lapses (or, dry, counts) the fiscal year's non-reporters, batch by batch. */
async function lapseBatches(deps: Deps, fiscalYear: number, dryRun: boolean): Promise<LapseCounts> {
  const { db, clock } = deps;
  // The 報告基準日 a report is measured against: its own, else its prefecture's window's, else the law's.
  const windows = new Map((await listPeriods(db, { fiscalYear })).map((w) => [`${w.prefectureCode}:${w.scheme}`, w.referenceDate]));
  const referenceOf = (c: LapseCandidate) => windows.get(`${c.prefectureCode}:${schemeOf(c)}`) ?? defaultReferenceDate(fiscalYear, schemeOf(c));
  const counts: LapseCounts = { lapsed: 0, kept: 0 };
  let afterId: string | null = null;
  for (;;) {
    const page = await selectLapseCandidates(db, { publishedBefore: fyEnd(fiscalYear), afterId, limit: LAPSE_BATCH });
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.institutionId;
    const byId = new Map(page.map((c) => [c.institutionId, c]));
    const reports = await selectSubmittedReports(db, { institutionIds: [...byId.keys()], fiscalYear, kinds: ANNUAL_KINDS, states: REPORTED_STATES });
    const reported = new Set(
      reports.filter((r) => r.submittedAt >= dayStart(r.referenceDate ?? referenceOf(byId.get(r.institutionId)!))).map((r) => r.institutionId),
    );
    // A record a snapshot of the ministry's open data published during the year shows that year's data, reported there.
    for (const c of page) if (c.source === 'opendata' && c.publishedAt >= fyStart(fiscalYear)) reported.add(c.institutionId);
    const unreported = page.filter((c) => !reported.has(c.institutionId)).map((c) => c.institutionId);
    counts.kept += page.length - unreported.length;
    if (dryRun) counts.lapsed += unreported.length;
    else {
      await db.transaction().execute(async (trx) => {
        const changed = await markLapsed(trx, unreported, fiscalYear, clock.now());
        await indexFacilities(
          trx,
          changed.map((c) => c.facilityId),
        );
        await recordAudits(
          trx,
          clock,
          changed.map((c): AuditEntry => ({ type: 'publication.lapsed', details: { institutionId: c.institutionId, facilityId: c.facilityId, fiscalYear } })),
        );
        counts.lapsed += changed.length;
      });
    }
    if (page.length < LAPSE_BATCH) break;
  }
  return counts;
}

/**
 * Lapses the non-reporters of `fiscalYear` now (the CLI's `gmis reporting lapse`), or only counts
 * them (`dryRun`). A real run before the fiscal year ended is refused (TooEarlyToLapse); running it
 * again lapses only what was not lapsed yet. The run is recorded, so the scheduled one finds it done.
 */
export async function lapseUnreported(deps: Deps, o: { fiscalYear: number; dryRun: boolean }): Promise<LapseCounts> {
  if (o.dryRun) return lapseBatches(deps, o.fiscalYear, true);
  if (deps.clock.now() < fyEnd(o.fiscalYear)) throw new TooEarlyToLapse(o.fiscalYear);
  const counts = await lapseBatches(deps, o.fiscalYear, false);
  await finishLapseRun(deps.db, o.fiscalYear, deps.clock.now(), counts);
  return counts;
}

/**
 * What the worker calls on every poll: once the fiscal year has ended, the first caller claims its
 * run and lapses; everyone else (and every later poll) finds the run claimed or done and returns
 * undefined. Answers the run's counts when this call made it.
 */
export async function scheduledLapse(deps: Deps): Promise<(LapseCounts & { fiscalYear: number }) | undefined> {
  const now = deps.clock.now();
  const fiscalYear = dueFiscalYear(now);
  const run = await findLapseRun(deps.db, fiscalYear);
  if (run && run.finishedAt !== null) return undefined;
  const claimed =
    run === undefined ? await insertLapseClaim(deps.db, fiscalYear, now) : await reclaimStaleLapse(deps.db, fiscalYear, now, now - LAPSE_STALE_MS);
  if (!claimed) return undefined;
  const counts = await lapseBatches(deps, fiscalYear, false);
  await finishLapseRun(deps.db, fiscalYear, deps.clock.now(), counts);
  return { fiscalYear, ...counts };
}
