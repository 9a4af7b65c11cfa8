// What the April 1 job reads and writes: the published records that may lapse (in pages by
// institution id), the fiscal year's annual reports of a page of institutions, the lapse itself
// (one conditional UPDATE that answers which rows it changed, so two runners never both count a
// record), and the run's claim row per fiscal year (inserting it is the claim).
import type { Db } from '../db/dialect.ts';
import type { InstitutionKind, ReportKind, ReportState } from '../db/schema.ts';

export interface LapseCandidate {
  institutionId: string;
  facilityId: string;
  kind: InstitutionKind;
  prefectureCode: string;
  /** Where the record's current publication came from: an accepted report, or a snapshot of the ministry's open data. */
  source: 'report' | 'opendata';
  /** 公表日 of the current publication. */
  publishedAt: number;
}

/**
 * Published records not closed and not lapsed already, published before `publishedBefore` (a record
 * first published after the fiscal year ended owes nothing for it), after `afterId`, by id.
 */
export async function selectLapseCandidates(db: Db, o: { publishedBefore: number; afterId: string | null; limit: number }): Promise<LapseCandidate[]> {
  let q = db
    .selectFrom('published_facilities as pf')
    .innerJoin('publications as p', 'p.id', 'pf.publication_id')
    .select(['pf.institution_id', 'pf.facility_id', 'pf.kind', 'pf.prefecture_code', 'p.source', 'pf.published_at'])
    .where('pf.lapsed_at', 'is', null)
    .where('pf.closed_at', 'is', null)
    .where('pf.published_at', '<', o.publishedBefore);
  if (o.afterId !== null) q = q.where('pf.institution_id', '>', o.afterId);
  const rows = await q.orderBy('pf.institution_id').limit(o.limit).execute();
  return rows.map((r) => ({
    institutionId: r.institution_id,
    facilityId: r.facility_id,
    kind: r.kind,
    prefectureCode: r.prefecture_code,
    source: r.source,
    publishedAt: Number(r.published_at),
  }));
}

/** The reports of `fiscalYear` of these kinds and states that were submitted, for the given institutions. */
export async function selectSubmittedReports(
  db: Db,
  o: { institutionIds: readonly string[]; fiscalYear: number; kinds: readonly ReportKind[]; states: readonly ReportState[] },
): Promise<Array<{ institutionId: string; submittedAt: number; referenceDate: string | null }>> {
  if (o.institutionIds.length === 0) return [];
  const rows = await db
    .selectFrom('reports')
    .select(['institution_id', 'submitted_at', 'reference_date'])
    .where('institution_id', 'in', o.institutionIds)
    .where('fiscal_year', '=', o.fiscalYear)
    .where('kind', 'in', o.kinds)
    .where('state', 'in', o.states)
    .where('submitted_at', 'is not', null)
    .execute();
  return rows.map((r) => ({ institutionId: r.institution_id, submittedAt: Number(r.submitted_at), referenceDate: r.reference_date }));
}

/**
 * Lapses those of the records that are still neither lapsed nor closed; answers the ones this call
 * changed. A lapsed record is not visible, whatever else holds (the rule of `visible`).
 */
export async function markLapsed(
  db: Db,
  institutionIds: readonly string[],
  fiscalYear: number,
  now: number,
): Promise<Array<{ institutionId: string; facilityId: string }>> {
  if (institutionIds.length === 0) return [];
  const rows = await db
    .updateTable('published_facilities')
    .set({ lapsed_at: now, lapsed_fiscal_year: fiscalYear, visible: 0, updated_at: now })
    .where('institution_id', 'in', institutionIds)
    .where('lapsed_at', 'is', null)
    .where('closed_at', 'is', null)
    .returning(['institution_id', 'facility_id'])
    .execute();
  return rows.map((r) => ({ institutionId: r.institution_id, facilityId: r.facility_id }));
}

export interface LapseRun {
  fiscalYear: number;
  startedAt: number;
  finishedAt: number | null;
  lapsed: number;
  kept: number;
}

export async function findLapseRun(db: Db, fiscalYear: number): Promise<LapseRun | undefined> {
  const r = await db.selectFrom('reporting_lapse_runs').selectAll().where('fiscal_year', '=', fiscalYear).executeTakeFirst();
  return (
    r && {
      fiscalYear: Number(r.fiscal_year),
      startedAt: Number(r.started_at),
      finishedAt: r.finished_at === null ? null : Number(r.finished_at),
      lapsed: Number(r.lapsed),
      kept: Number(r.kept),
    }
  );
}

/** Claims the fiscal year's run: true if this call inserted its row. */
export async function insertLapseClaim(db: Db, fiscalYear: number, now: number): Promise<boolean> {
  const r = await db
    .insertInto('reporting_lapse_runs')
    .values({ fiscal_year: fiscalYear, started_at: now, finished_at: null })
    .onConflict((oc) => oc.column('fiscal_year').doNothing())
    .returning('fiscal_year')
    .executeTakeFirst();
  return r !== undefined;
}

/** Takes over a run that started before `staleBefore` and never finished (its worker died): true if this call did. */
export async function reclaimStaleLapse(db: Db, fiscalYear: number, now: number, staleBefore: number): Promise<boolean> {
  const r = await db
    .updateTable('reporting_lapse_runs')
    .set({ started_at: now })
    .where('fiscal_year', '=', fiscalYear)
    .where('finished_at', 'is', null)
    .where('started_at', '<', staleBefore)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a run's end and its counts (added to those of an earlier run of the same fiscal year). */
export async function finishLapseRun(db: Db, fiscalYear: number, now: number, counts: { lapsed: number; kept: number }): Promise<void> {
  await db
    .insertInto('reporting_lapse_runs')
    .values({ fiscal_year: fiscalYear, started_at: now, finished_at: now, lapsed: counts.lapsed, kept: counts.kept })
    .onConflict((oc) =>
      oc.column('fiscal_year').doUpdateSet((eb) => ({
        finished_at: now,
        lapsed: eb('reporting_lapse_runs.lapsed', '+', counts.lapsed),
        kept: counts.kept,
      })),
    )
    .execute();
}
