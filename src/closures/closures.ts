// 臨時休診一括処理: rows checked first (each field, then whom each names — one lookup of every code at
// once — whether it is in the actor's reach, and overlaps with other rows and with closures in place),
// every problem with its line and column; then applied all or nothing as one batch in one transaction
// (the form's idempotency key: sent twice, applied once), the search index's generation renewed so no
// cached 急いで探す answer outlives it; and a batch undone as a whole. Audit events for both.
import type { Actor } from '../policies.ts';
import { authorize, can, closureBatchScope, placeScope } from '../policies.ts';
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import { isUniqueViolation } from '../db/dialect.ts';
import type { ClosureBatch, ClosureSource, InstitutionKind, TemporaryClosure } from '../db/schema.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { sortableId } from '../platform/secrets.ts';
import type { Ports } from '../ports.ts';
import { jstDateOf } from '../reporting/fiscal-year.ts';
import { facilityIdOf } from '../reporting/publication.ts';
import { nextGeneration } from '../search/generation-repository.ts';
import {
  CLOSURE_REASONS,
  checkRow,
  dayText,
  overlappingRows,
  readClosureCsv,
  type Band,
  type CheckedRow,
  type ClosureProblem,
  type ClosureReason,
  type ClosureRowInput,
} from './closure.ts';
import {
  batchClosures,
  closuresInPlace,
  findBatch,
  findBatchByKey,
  insertBatchRow,
  insertClosures,
  listBatches,
  targetsByCode,
  targetsByFilter,
  undoBatch,
  type ClosureTarget,
} from './closure-repository.ts';

type Deps = Pick<Ports, 'db' | 'clock' | 'random'>;

/** A row ready to apply: whom it closes, when, how. */
export interface ClosurePlan {
  line: number;
  institutionId: string;
  institutionCode: string;
  facilityId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  mode: CheckedRow['mode'];
  bands: Band[];
  note: string | null;
}

export type CheckResult = { ok: true; closures: ClosurePlan[] } | { ok: false; problems: ClosureProblem[] };

/** The prefecture the actor closes facilities in (a prefecture's staff and its health centres act for one). */
export function closurePrefecture(actor: Actor): string | undefined {
  const scope = placeScope(actor, 'closure.apply');
  if (scope.all) return undefined;
  return scope.prefectures[0] ?? scope.municipalities[0]?.prefectureCode;
}

/** The municipalities the actor may choose from (a health centre's), or undefined: the whole prefecture. */
export function closureMunicipalities(actor: Actor): string[] | undefined {
  const scope = placeScope(actor, 'closure.apply');
  return scope.all || scope.prefectures.length ? undefined : scope.municipalities.map((m) => m.municipalityCode);
}

/**
 * Every row checked: its fields, then whom it names (every code looked up at once), whether the actor
 * may close it, and overlaps — with another row of the same facility, or a closure already in place.
 * Nothing is written. `db` may be the transaction that then applies.
 */
export async function checkClosureRows(deps: Pick<Ports, 'db' | 'clock'>, actor: Actor, rows: readonly ClosureRowInput[]): Promise<CheckResult> {
  authorize(actor, 'closure.use');
  const prefectureCode = closurePrefecture(actor)!;
  const today = jstDateOf(deps.clock.now());
  const problems: ClosureProblem[] = [];
  const checked: CheckedRow[] = [];
  for (const row of rows) {
    const r = checkRow(row, today);
    if (r.ok) checked.push(r.row);
    else problems.push(...r.problems);
  }

  // Whom the rows name, in one lookup: 機関コード within the prefecture; a facility ID of the prefecture
  // by the code it ends with (the master's code, zero-padded to 10), matched on the whole ID.
  const codes = checked.flatMap((r) => {
    if ('institutionCode' in r.code) return [r.code.institutionCode];
    if (r.code.facilityId.slice(0, 2) !== prefectureCode) return [];
    const padded = r.code.facilityId.slice(3);
    return [padded, padded.replace(/^0+(?=.)/, '')];
  });
  const targets = await targetsByCode(deps.db, prefectureCode, codes);
  const byCode = new Map(targets.map((t) => [t.institution_code, t]));
  const byId = new Map(targets.map((t) => [facilityIdOf(t), t]));
  const plans: ClosurePlan[] = [];
  for (const r of checked) {
    const target = 'institutionCode' in r.code ? byCode.get(r.code.institutionCode) : byId.get(r.code.facilityId);
    const problem = targetProblem(actor, target, 'facilityId' in r.code ? r.code.facilityId : undefined);
    if (problem) {
      problems.push({ line: r.line, column: '機関コード', message: problem });
      continue;
    }
    plans.push(planOf(r, target!));
  }

  problems.push(...overlappingRows(plans.map((p) => ({ line: p.line, key: p.facilityId, startsOn: p.startsOn, endsOn: p.endsOn }))));
  problems.push(...(await existingOverlaps(deps.db, plans, today)));
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, closures: plans };
}

/** Why the row may not close this institution (undefined: it may). */
function targetProblem(actor: Actor, t: ClosureTarget | undefined, typedFacilityId: string | undefined): string | undefined {
  if (!t) {
    // A facility ID of another prefecture is out of reach whether or not it exists.
    const prefectureCode = closurePrefecture(actor);
    return typedFacilityId && typedFacilityId.slice(0, 2) !== prefectureCode ? MESSAGES['closures.code.out_of_reach'] : MESSAGES['closures.code.unknown'];
  }
  if (!can(actor, 'closure.apply', { prefectureCode: t.prefecture_code, municipalityCode: t.municipality_code })) return MESSAGES['closures.code.out_of_reach'];
  if (t.status === 'closed') return MESSAGES['closures.code.closed'];
  if (!facilityIdOf(t)) return MESSAGES['closures.code.no_facility_id'];
  return undefined;
}

const planOf = (r: CheckedRow, t: ClosureTarget): ClosurePlan => ({
  line: r.line,
  institutionId: t.id,
  institutionCode: t.institution_code,
  facilityId: facilityIdOf(t)!,
  name: t.name,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  mode: r.mode,
  bands: r.bands,
  note: r.note,
});

async function existingOverlaps(db: Ports['db'], plans: readonly ClosurePlan[], today: string): Promise<ClosureProblem[]> {
  if (plans.length === 0) return [];
  const inPlace = new Map<string, Array<{ starts_on: string; ends_on: string }>>();
  for (const c of await closuresInPlace(
    db,
    plans.map((p) => p.facilityId),
    today,
  ))
    inPlace.set(c.facility_id, [...(inPlace.get(c.facility_id) ?? []), c]);
  const problems: ClosureProblem[] = [];
  for (const p of plans) {
    const hit = inPlace.get(p.facilityId)?.find((c) => c.starts_on <= p.endsOn && c.ends_on >= p.startsOn);
    if (hit)
      problems.push({ line: p.line, column: '開始日', message: MESSAGES['closures.code.existing_overlap'](dayText(hit.starts_on), dayText(hit.ends_on)) });
  }
  return problems;
}

/** What the batch is: its reason, how it chose, and the form's idempotency key. */
export interface BatchInput {
  key: string;
  reason: string;
  source: ClosureSource;
}

export type ApplyResult =
  { ok: true; batch: ClosureBatch; repeated: boolean } | { ok: false; problem: 'key' | 'reason' } | { ok: false; problem: 'rows'; problems: ClosureProblem[] };

const KEY = /^[A-Za-z0-9_-]{16,80}$/;
export const isClosureReason = (v: string): v is ClosureReason => (CLOSURE_REASONS as readonly string[]).includes(v);

/**
 * Checks the rows and applies them as one batch, all or nothing, in one transaction. The same key
 * again (a form sent twice, at once or later) applies nothing and answers the batch it made.
 */
export async function applyClosureRows(
  deps: Deps,
  actor: Actor,
  rows: readonly ClosureRowInput[],
  input: BatchInput,
  origin: RequestOrigin,
): Promise<ApplyResult> {
  authorize(actor, 'closure.use');
  if (!KEY.test(input.key)) return { ok: false, problem: 'key' };
  if (!isClosureReason(input.reason)) return { ok: false, problem: 'reason' };
  const earlier = await findBatchByKey(deps.db, input.key);
  if (earlier) return earlier.created_by === actor.id ? { ok: true, batch: earlier, repeated: true } : { ok: false, problem: 'key' };
  try {
    return await deps.db.transaction().execute(async (trx): Promise<ApplyResult> => {
      // Asked again inside: on SQLite transactions run one after the other, and the other submit may just have committed.
      const made = await findBatchByKey(trx, input.key);
      if (made) return made.created_by === actor.id ? { ok: true, batch: made, repeated: true } : { ok: false, problem: 'key' };
      // The key claimed first: on PostgreSQL a second submit waits here, then fails on the key (below), not on the overlaps.
      const batch = batchRow(deps, actor, rows.length, input);
      await insertBatchRow(trx, batch);
      const checked = await checkClosureRows({ db: trx, clock: deps.clock }, actor, rows);
      if (!checked.ok) throw new RowsRefused(checked.problems);
      await writeClosures({ ...deps, db: trx }, actor, batch, checked.closures, origin);
      return { ok: true, batch, repeated: false };
    });
  } catch (err) {
    if (err instanceof RowsRefused) return { ok: false, problem: 'rows', problems: err.problems };
    if (!isUniqueViolation(err)) throw err;
    // The other of two submits at once made it.
    const made = await findBatchByKey(deps.db, input.key);
    if (made && made.created_by === actor.id) return { ok: true, batch: made, repeated: true };
    throw err;
  }
}

/** Rows refused inside the transaction: thrown so it rolls back (the batch's row with it). */
class RowsRefused extends Error {
  constructor(readonly problems: ClosureProblem[]) {
    super('closure rows refused');
  }
}

const batchRow = (deps: Deps, actor: Actor, closures: number, input: BatchInput): ClosureBatch => {
  const now = deps.clock.now();
  return {
    id: sortableId(now, deps.random),
    prefecture_code: closurePrefecture(actor)!,
    created_by: actor.id,
    created_at: now,
    idempotency_key: input.key,
    source: input.source,
    reason: input.reason,
    closures,
    undone_at: null,
    undone_by: null,
  };
};

/** Writes the batch's checked closures (in the caller's transaction, its row already in), with its audit event and a new search generation. */
async function writeClosures(deps: Deps, actor: Actor, batch: ClosureBatch, closures: readonly ClosurePlan[], origin: RequestOrigin): Promise<void> {
  const input = { reason: batch.reason, source: batch.source };
  const rows: TemporaryClosure[] = closures.map((c, i) => ({
    id: `${batch.id}-${i + 1}`,
    batch_id: batch.id,
    institution_id: c.institutionId,
    facility_id: c.facilityId,
    starts_on: c.startsOn,
    ends_on: c.endsOn,
    mode: c.mode,
    reason: input.reason,
    note: c.note,
    open1: c.bands[0]?.start ?? null,
    close1: c.bands[0]?.end ?? null,
    open2: c.bands[1]?.start ?? null,
    close2: c.bands[1]?.end ?? null,
  }));
  await insertClosures(deps.db, rows);
  await recordAudit(deps.db, deps.clock, {
    type: 'closure.batch_applied',
    accountId: actor.id,
    username: actor.username,
    origin,
    details: { batchId: batch.id, closures: closures.length, reason: input.reason, source: input.source },
  });
  await nextGeneration(deps.db);
}

/** An uploaded CSV: read, checked, and (unless `dryRun`) applied. */
export async function importClosureCsv(
  deps: Deps,
  actor: Actor,
  bytes: Uint8Array,
  input: Omit<BatchInput, 'source'> & { dryRun: boolean },
  origin: RequestOrigin,
): Promise<ApplyResult | CheckResult> {
  authorize(actor, 'closure.use');
  const read = readClosureCsv(bytes);
  if (!read.ok) return { ok: false, problems: read.problems };
  if (input.dryRun) return checkClosureRows(deps, actor, read.rows);
  return applyClosureRows(deps, actor, read.rows, { key: input.key, reason: input.reason, source: 'csv' }, origin);
}

/** The screen's filter: a municipality and kinds within reach, or a list of codes; one range for all. */
export interface ClosureFilter {
  municipality?: string | undefined;
  kinds?: readonly InstitutionKind[] | undefined;
  /** 機関コード or facility IDs: when given, these and nothing else. */
  codes?: readonly string[] | undefined;
  startsOn: string;
  endsOn: string;
  mode: string;
  hours: string;
  note: string;
}

/** How many facilities one filter may close at once. */
export const FILTER_MAX = 20_000;

/** The filter's facilities as rows (line = their place in the list), so they are checked as a CSV's are. */
export async function filterRows(deps: Pick<Ports, 'db'>, actor: Actor, f: ClosureFilter): Promise<ClosureRowInput[] | 'too_many'> {
  authorize(actor, 'closure.use');
  const row = (code: string, i: number): ClosureRowInput => ({
    line: i + 1,
    code,
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    mode: f.mode,
    hours: f.hours,
    note: f.note,
  });
  if (f.codes?.length) return f.codes.map(row);
  const reach = closureMunicipalities(actor);
  const municipalities = f.municipality ? (reach && !reach.includes(f.municipality) ? [] : [f.municipality]) : reach;
  const targets = await targetsByFilter(deps.db, { prefectureCode: closurePrefecture(actor)!, municipalities, kinds: f.kinds }, FILTER_MAX + 1);
  if (targets.length > FILTER_MAX) return 'too_many';
  return targets.map((t, i) => row(t.institution_code, i));
}

export type UndoResult = { ok: true; deleted: number } | { ok: false; problem: 'not_found' | 'already_undone' };

/** Undoes a batch: exactly its closures removed, in one transaction with its audit event and a new search generation. */
export async function undoClosureBatch(deps: Deps, actor: Actor, batchId: string, origin: RequestOrigin): Promise<UndoResult> {
  const batch = await findBatch(deps.db, batchId);
  if (!batch) return { ok: false, problem: 'not_found' };
  authorize(actor, 'closure_batch.undo', { prefectureCode: batch.prefecture_code, createdBy: batch.created_by });
  return deps.db.transaction().execute(async (trx): Promise<UndoResult> => {
    const { undone, deleted } = await undoBatch(trx, batch.id, deps.clock.now(), actor.id);
    if (!undone) return { ok: false, problem: 'already_undone' };
    await recordAudit(trx, deps.clock, {
      type: 'closure.batch_undone',
      accountId: actor.id,
      username: actor.username,
      origin,
      details: { batchId: batch.id, closures: deleted, reason: batch.reason },
    });
    await nextGeneration(trx);
    return { ok: true, deleted };
  });
}

/** The batches the actor may see, newest first. */
export async function visibleBatches(deps: Pick<Ports, 'db'>, actor: Actor): Promise<ClosureBatch[]> {
  const scope = closureBatchScope(actor);
  return scope ? listBatches(deps.db, scope) : [];
}

/** One batch and (up to `limit` of) its closures, if the actor may see it. */
export async function batchView(
  deps: Pick<Ports, 'db'>,
  actor: Actor,
  batchId: string,
  limit = 500,
): Promise<{ batch: ClosureBatch; closures: Awaited<ReturnType<typeof batchClosures>> } | undefined> {
  const batch = await findBatch(deps.db, batchId);
  if (!batch) return undefined;
  authorize(actor, 'closure_batch.view', { prefectureCode: batch.prefecture_code, createdBy: batch.created_by });
  return { batch, closures: await batchClosures(deps.db, batch.id, limit) };
}
