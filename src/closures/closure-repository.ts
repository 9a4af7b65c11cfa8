// 臨時休診一括処理's storage: the institutions a batch may name (looked up in bulk by 機関コード, or
// chosen by a filter), the closures already in place for them, a batch and its closures
// written in bulk, undone by deleting exactly that batch's rows, and what 医療情報ネット reads of a
// facility's closures.
import { sql } from 'kysely';
import { bulkStatement } from '../db/bulk.ts';
import type { Db } from '../db/dialect.ts';
import type { ClosureBatch, InstitutionKind, InstitutionStatus, TemporaryClosure } from '../db/schema.ts';

/** What a closure needs of an institution. */
export interface ClosureTarget {
  id: string;
  kind: InstitutionKind;
  prefecture_code: string;
  municipality_code: string;
  institution_code: string;
  name: string;
  status: InstitutionStatus;
}
const TARGET_COLUMNS = [
  'institutions.id',
  'institutions.kind',
  'institutions.prefecture_code',
  'institutions.municipality_code',
  'institutions.institution_code',
  'institutions.name',
  'institutions.status',
] as const;

const byCodes = bulkStatement<{ pref: string; code: string }, ClosureTarget>(
  ['pref', 'code'],
  (db, rows) =>
    db
      .selectFrom('institutions')
      .select(TARGET_COLUMNS)
      .where('prefecture_code', '=', rows[0]!.pref)
      .where(
        'institution_code',
        'in',
        rows.map((r) => r.code),
      ),
  { repeatable: true },
);

/** The prefecture's institutions with these 機関コード (one statement per few thousand codes). */
export async function targetsByCode(db: Db, prefectureCode: string, codes: readonly string[]): Promise<ClosureTarget[]> {
  return (
    await byCodes.run(
      db,
      [...new Set(codes)].map((code) => ({ pref: prefectureCode, code })),
    )
  ).rows;
}

/** The filter of the screen: the place in reach, then a municipality and kinds. */
export interface TargetFilter {
  prefectureCode: string;
  /** Within these municipalities only (a health centre's); undefined: the whole prefecture. */
  municipalities?: readonly string[] | undefined;
  kinds?: readonly InstitutionKind[] | undefined;
}

/** The open institutions the filter chooses, by 機関コード. */
export function targetsByFilter(db: Db, f: TargetFilter, limit: number): Promise<ClosureTarget[]> {
  let q = db.selectFrom('institutions').select(TARGET_COLUMNS).where('prefecture_code', '=', f.prefectureCode).where('status', '=', 'open');
  if (f.municipalities) q = q.where('municipality_code', 'in', f.municipalities.length ? f.municipalities : ['']);
  if (f.kinds?.length) q = q.where('kind', 'in', f.kinds);
  return q.orderBy('institution_code').limit(limit).execute();
}

const existingFor = bulkStatement<{ id: string; today: string }, Pick<TemporaryClosure, 'facility_id' | 'starts_on' | 'ends_on' | 'batch_id'>>(
  ['id', 'today'],
  (db, rows) =>
    db
      .selectFrom('temporary_closures')
      .select(['facility_id', 'starts_on', 'ends_on', 'batch_id'])
      .where('ends_on', '>=', rows[0]!.today)
      .where(
        'facility_id',
        'in',
        rows.map((r) => r.id),
      ),
  { repeatable: true },
);

/** The closures in place for these facilities that have not ended by `today`. */
export async function closuresInPlace(
  db: Db,
  facilityIds: readonly string[],
  today: string,
): Promise<Array<Pick<TemporaryClosure, 'facility_id' | 'starts_on' | 'ends_on' | 'batch_id'>>> {
  return (
    await existingFor.run(
      db,
      [...new Set(facilityIds)].map((id) => ({ id, today })),
    )
  ).rows;
}

export type ClosureInsert = TemporaryClosure;

const insertClosureRows = bulkStatement<ClosureInsert>(
  ['id', 'batch_id', 'institution_id', 'facility_id', 'starts_on', 'ends_on', 'mode', 'reason', 'note', 'open1', 'close1', 'open2', 'close2'],
  (db, rows) => db.insertInto('temporary_closures').values(rows),
);

/** The batch's row: inserting it claims its idempotency key (on PostgreSQL a second insert of the key waits for the first's transaction). */
export async function insertBatchRow(db: Db, batch: ClosureBatch): Promise<void> {
  await db.insertInto('closure_batches').values(batch).execute();
}

export async function insertClosures(db: Db, closures: readonly ClosureInsert[]): Promise<void> {
  await insertClosureRows.run(db, closures);
}

export async function insertBatch(db: Db, batch: ClosureBatch, closures: readonly ClosureInsert[]): Promise<void> {
  await insertBatchRow(db, batch);
  await insertClosures(db, closures);
}

export function findBatch(db: Db, id: string): Promise<ClosureBatch | undefined> {
  return db.selectFrom('closure_batches').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findBatchByKey(db: Db, key: string): Promise<ClosureBatch | undefined> {
  return db.selectFrom('closure_batches').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

/** Which batches a list shows: a prefecture's, or only those one account made. */
export interface BatchFilter {
  prefectureCode: string;
  createdBy?: string | undefined;
}

/** Newest first. */
export function listBatches(db: Db, f: BatchFilter, limit = 100): Promise<ClosureBatch[]> {
  let q = db.selectFrom('closure_batches').selectAll().where('prefecture_code', '=', f.prefectureCode);
  if (f.createdBy) q = q.where('created_by', '=', f.createdBy);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** A batch's closures with the institution's 機関コード and name, by 機関コード. */
export function batchClosures(db: Db, batchId: string, limit: number): Promise<Array<TemporaryClosure & { institution_code: string; name: string }>> {
  return db
    .selectFrom('temporary_closures')
    .innerJoin('institutions', 'institutions.id', 'temporary_closures.institution_id')
    .selectAll('temporary_closures')
    .select(['institutions.institution_code', 'institutions.name'])
    .where('batch_id', '=', batchId)
    .orderBy('institutions.institution_code')
    .orderBy('temporary_closures.starts_on')
    .limit(limit)
    .execute();
}

/**
 * Marks the batch undone and deletes exactly its closures; false when it was undone already (one
 * conditional UPDATE: two undos at once delete once).
 */
export async function undoBatch(db: Db, batchId: string, at: number, by: string): Promise<{ undone: boolean; deleted: number }> {
  const marked = await db
    .updateTable('closure_batches')
    .set({ undone_at: at, undone_by: by })
    .where('id', '=', batchId)
    .where('undone_at', 'is', null)
    .executeTakeFirst();
  if (Number(marked.numUpdatedRows) !== 1) return { undone: false, deleted: 0 };
  const deleted = await db.deleteFrom('temporary_closures').where('batch_id', '=', batchId).executeTakeFirst();
  return { undone: true, deleted: Number(deleted.numDeletedRows) };
}

/** A facility's closures that end on or after `from` and start by `until`, first first. */
export function facilityClosures(db: Db, facilityId: string, from: string, until: string): Promise<TemporaryClosure[]> {
  return db
    .selectFrom('temporary_closures')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .where('ends_on', '>=', from)
    .where('starts_on', '<=', until)
    .orderBy('starts_on')
    .orderBy(sql.ref('id'))
    .execute();
}
