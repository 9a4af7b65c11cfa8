// The counts on top of the 報告確認 list (対象 / 報告済 / 確認済 / 未報告 and the rate) and the list of
// 未報告 institutions, both over the places the actor may review (the same scope as the list).
import type { Db } from '../db/dialect.ts';
import type { InstitutionKind } from '../db/schema.ts';
import { authorize, placeScope, type Actor } from '../policies.ts';
import { ANNUAL_KINDS, REPORTED_STATES } from './report.ts';
import { annualProgress, unreportedInstitutions } from './review-progress-repository.ts';

export interface ProgressQuery {
  fiscalYear: number;
  institutionKind?: InstitutionKind | undefined;
  municipalityCode?: string | undefined;
  q?: string | undefined;
}

export interface AnnualProgress {
  /** Open institutions in reach. */
  targets: number;
  /** The year's report handed in, not yet accepted (報告済・再報告済・差戻し). */
  reported: number;
  accepted: number;
  unreported: number;
  /** (reported + accepted) / targets, 0 when there are none. */
  rate: number;
}

const placesOf = (actor: Actor) => {
  authorize(actor, 'report_queue.view');
  const scope = placeScope(actor, 'report.review');
  return scope.all ? ('all' as const) : scope;
};

const filterOf = (q: ProgressQuery) => ({
  fiscalYear: q.fiscalYear,
  annualKinds: ANNUAL_KINDS,
  reportedStates: REPORTED_STATES,
  ...(q.institutionKind ? { institutionKind: q.institutionKind } : {}),
  ...(q.municipalityCode ? { municipalityCode: q.municipalityCode } : {}),
  ...(q.q ? { q: q.q } : {}),
});

export async function reportingProgress(db: Db, actor: Actor, q: ProgressQuery): Promise<AnnualProgress> {
  const c = await annualProgress(db, placesOf(actor), filterOf({ ...q, q: undefined }));
  const done = c.reported + c.accepted;
  return { ...c, unreported: Math.max(0, c.targets - done), rate: c.targets === 0 ? 0 : done / c.targets };
}

/** 未報告: a page of the institutions in reach without the year's report. */
export async function listUnreported(db: Db, actor: Actor, q: ProgressQuery, page: { limit: number; offset: number }) {
  return await unreportedInstitutions(db, placesOf(actor), filterOf(q), page);
}
