// Reading what the search indexes (the visible published records and their publications' values)
// and writing the index (search_facilities, search_hours and the keyword index) in bulk.
import type { Insertable } from 'kysely';
import { bulkStatement } from '../db/bulk.ts';
import type { Db } from '../db/dialect.ts';
import type { InstitutionKind, SearchFacilitiesTable, SearchHoursTable } from '../db/schema.ts';
import { clearKeywords, gramsColumn, removeKeywords, writeKeywords } from './engine-repository.ts';

/** A visible published record with its publication's catalogue and values (JSON). */
export interface PublishedForIndex {
  facility_id: string;
  kind: InstitutionKind;
  prefecture_code: string;
  municipality_code: string;
  name: string;
  name_kana: string;
  name_en: string | null;
  published_at: number;
  suspended_since: string | null;
  catalogue: string;
  values: string;
}

/**
 * Asks only published_facilities' facility_id (an IN list, or a keyset in its order) and joins the
 * publication by its key: whatever the planner's statistics (stale right after a snapshot wrote
 * 200,000 rows in the same transaction), each batch then reads its own rows — a condition on
 * `visible` here made PostgreSQL scan every visible record per batch. Visibility is filtered after.
 */
const publishedQuery = (db: Db) =>
  db
    .selectFrom('published_facilities as pf')
    .innerJoin('publications as p', 'p.id', 'pf.publication_id')
    .select([
      'pf.facility_id',
      'pf.kind',
      'pf.prefecture_code',
      'pf.municipality_code',
      'pf.name',
      'pf.name_kana',
      'pf.name_en',
      'pf.published_at',
      'pf.suspended_since',
      'pf.visible',
      'p.catalogue',
      'p.values',
    ]);

const visibleOnly = (rows: Array<PublishedForIndex & { visible: number }>): PublishedForIndex[] =>
  rows.filter((r) => r.visible === 1).map(({ visible: _, ...r }) => r);

/** The visible published records among these facility IDs. */
export async function publishedForIndex(db: Db, facilityIds: readonly string[]): Promise<PublishedForIndex[]> {
  const out: PublishedForIndex[] = [];
  for (let i = 0; i < facilityIds.length; i += 500) {
    const chunk = facilityIds.slice(i, i + 500);
    out.push(...visibleOnly(await publishedQuery(db).where('pf.facility_id', 'in', chunk).execute()));
  }
  return out;
}

/** The next `limit` published records after `afterId` in facility ID order, the visible ones of them (for a rebuild), and where the next batch starts. */
export async function publishedForIndexAfter(db: Db, afterId: string | null, limit: number): Promise<{ rows: PublishedForIndex[]; last: string | null }> {
  let q = publishedQuery(db);
  if (afterId !== null) q = q.where('pf.facility_id', '>', afterId);
  const rows = await q.orderBy('pf.facility_id').limit(limit).execute();
  return { rows: visibleOnly(rows), last: rows.at(-1)?.facility_id ?? null };
}

/** The index's documents of these facilities. */
export async function indexedDocs(db: Db, facilityIds: readonly string[]): Promise<Array<{ doc_id: number; facility_id: string }>> {
  const out: Array<{ doc_id: number; facility_id: string }> = [];
  for (let i = 0; i < facilityIds.length; i += 1000) {
    const chunk = facilityIds.slice(i, i + 1000);
    out.push(...(await db.selectFrom('search_facilities').select(['doc_id', 'facility_id']).where('facility_id', 'in', chunk).execute()));
  }
  return out;
}

const deleteHours = bulkStatement<{ doc_id: number }>(['doc_id'], (db, rows) =>
  db.deleteFrom('search_hours').where(
    'doc_id',
    'in',
    rows.map((r) => r.doc_id),
  ),
);
const deleteFacilities = bulkStatement<{ doc_id: number }>(['doc_id'], (db, rows) =>
  db.deleteFrom('search_facilities').where(
    'doc_id',
    'in',
    rows.map((r) => r.doc_id),
  ),
);

/** Takes documents out of the index: their bands, their tokens, their rows. */
export async function removeDocs(db: Db, docIds: readonly number[]): Promise<void> {
  if (docIds.length === 0) return;
  const rows = docIds.map((doc_id) => ({ doc_id }));
  await deleteHours.run(db, rows);
  await removeKeywords(db, docIds);
  await deleteFacilities.run(db, rows);
}

/** A row of search_facilities as written (doc_id numbered by the database, grams by the engine). */
export type SearchRowInsert = Omit<Insertable<SearchFacilitiesTable>, 'doc_id' | 'grams'>;

const ROW_COLUMNS = [
  'facility_id',
  'kind',
  'prefecture_code',
  'municipality_code',
  'name',
  'name_kana',
  'address',
  'departments',
  'features',
  'name_folded',
  'kana_folded',
  'alias_folded',
  'address_folded',
  'departments_folded',
  'name_sort',
  'latitude',
  'longitude',
  'closed_weekly',
  'closed_nth',
  'closed_holidays',
  'suspended_since',
  'published_at',
  'grams',
] as const;
/** grams: the text[] value's text form on PostgreSQL (gramsColumn), null on SQLite. */
type RowWithGrams = SearchRowInsert & { grams: string | null };

const insertFacilities = bulkStatement<RowWithGrams & Record<string, unknown>, { doc_id: number; facility_id: string }>(
  ROW_COLUMNS,
  (db, rows) =>
    db
      .insertInto('search_facilities')
      .values(rows as Array<Insertable<SearchFacilitiesTable>>)
      .returning(['doc_id', 'facility_id']),
  { maxRows: 500 },
);
const insertHours = bulkStatement<Insertable<SearchHoursTable> & Record<string, unknown>>(['doc_id', 'day', 'start_min', 'end_min'], (db, rows) =>
  db.insertInto('search_hours').values(rows),
);

/** Adds documents (none of whose facilities is in the index yet): rows, bands, tokens. */
export async function insertDocs(
  db: Db,
  docs: ReadonlyArray<{ row: SearchRowInsert; grams: readonly string[]; bands: ReadonlyArray<{ day: number; start: number; end: number }> }>,
): Promise<void> {
  if (docs.length === 0) return;
  const inserted = await insertFacilities.run(
    db,
    docs.map((d) => ({ ...d.row, grams: gramsColumn(db, d.grams) })),
  );
  const docIdOf = new Map(inserted.rows.map((r) => [r.facility_id, Number(r.doc_id)]));
  const hours: Array<Insertable<SearchHoursTable>> = [];
  const keywords: Array<{ docId: number; grams: readonly string[] }> = [];
  for (const d of docs) {
    const docId = docIdOf.get(d.row.facility_id)!;
    for (const b of d.bands) hours.push({ doc_id: docId, day: b.day, start_min: b.start, end_min: b.end });
    keywords.push({ docId, grams: d.grams });
  }
  await insertHours.run(db, hours);
  await writeKeywords(db, keywords);
}

/** Empties the whole index. */
export async function clearIndex(db: Db): Promise<void> {
  await db.deleteFrom('search_hours').execute();
  await clearKeywords(db);
  await db.deleteFrom('search_facilities').execute();
}

/** How many documents the index holds. */
export async function countIndexed(db: Db): Promise<number> {
  const r = await db
    .selectFrom('search_facilities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
