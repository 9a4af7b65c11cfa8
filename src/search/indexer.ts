// Keeps the search index true to what is published: indexFacilities after any change of published
// records (a report published, a snapshot imported, 公表停止 and its lifting, 休止・再開, 廃止, a
// lapse), in the caller's transaction, so the index never shows what the record does not; and
// rebuildIndex for the whole of it. A facility whose record is missing or not visible leaves the index.
// Each change makes the index a new generation, which ends every answer cached from the one before.
import type { Db } from '../db/dialect.ts';
import type { ReportValues } from '../reporting/catalogue/types.ts';
import { searchDocument, type SearchDocument } from './document.ts';
import { nextGeneration } from './generation-repository.ts';
import {
  clearIndex,
  countIndexed,
  indexedDocs,
  insertDocs,
  publishedForIndex,
  publishedForIndexAfter,
  removeDocs,
  type PublishedForIndex,
} from './index-repository.ts';

const documentOf = (p: PublishedForIndex): SearchDocument => searchDocument(p, JSON.parse(p.values) as ReportValues);

/** Facilities per batch: the rows read, folded and written at once. */
const BATCH = 1000;

/**
 * A record just written, as the index reads it, with the values its publication holds (not read back),
 * or its document already made from them (published_at aside: the record's is set here).
 */
export type WrittenRecord = { record: Omit<PublishedForIndex, 'values'>; visible: boolean } & ({ values: ReportValues } | { document: SearchDocument });

/**
 * indexFacilities for records the caller has just written and still holds (a snapshot's new records, a
 * chunk at a time): their documents are made from the values in hand instead of reading every record and
 * parsing its publication's JSON back (a national snapshot: 206,000 of them). The same documents as
 * indexFacilities makes, in the same transaction; the caller ends with indexFacilities, which makes the
 * index's new generation (`alsoIndexed`).
 */
export async function indexWrittenRecords(trx: Db, records: readonly WrittenRecord[]): Promise<{ indexed: number; removed: number }> {
  if (records.length === 0) return { indexed: 0, removed: 0 };
  const existing = await indexedDocs(
    trx,
    records.map((r) => r.record.facility_id),
  );
  await removeDocs(
    trx,
    existing.map((d) => d.doc_id),
  );
  const visible = records.filter((r) => r.visible);
  const shown = new Set(visible.map((r) => r.record.facility_id));
  // searchDocument reads the values it is given, never the JSON text of PublishedForIndex.
  await insertDocs(
    trx,
    visible.map((r) =>
      'document' in r
        ? { ...r.document, row: { ...r.document.row, published_at: r.record.published_at } }
        : searchDocument({ ...r.record, values: '' }, r.values),
    ),
  );
  return { indexed: visible.length, removed: existing.filter((d) => !shown.has(d.facility_id)).length };
}

/**
 * Writes these facilities' documents as their records now are (inside the caller's transaction):
 * visible ones indexed anew, the rest taken out. IDs not published at all are simply not indexed.
 * `alsoIndexed`: the caller indexed others in this transaction (indexWrittenRecords), so the index
 * has a new generation even when `facilityIds` is empty.
 */
export async function indexFacilities(
  trx: Db,
  facilityIds: readonly string[],
  o: { alsoIndexed?: boolean } = {},
): Promise<{ indexed: number; removed: number }> {
  const ids = [...new Set(facilityIds)];
  let indexed = 0;
  let removed = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    const [published, existing] = [await publishedForIndex(trx, chunk), await indexedDocs(trx, chunk)];
    await removeDocs(
      trx,
      existing.map((d) => d.doc_id),
    );
    const visible = new Set(published.map((p) => p.facility_id));
    removed += existing.filter((d) => !visible.has(d.facility_id)).length;
    await insertDocs(trx, published.map(documentOf));
    indexed += published.length;
  }
  // Last, so the generation's row is locked (PostgreSQL) for the shortest time.
  if (ids.length || o.alsoIndexed) await nextGeneration(trx);
  return { indexed, removed };
}

/** Empties the index and indexes every visible published record again, in one transaction. */
export async function rebuildIndex(db: Db, o: { onProgress?: (done: number) => void } = {}): Promise<{ indexed: number }> {
  return db.transaction().execute(async (trx) => {
    await nextGeneration(trx);
    await clearIndex(trx);
    let after: string | null = null;
    let done = 0;
    for (;;) {
      const batch = await publishedForIndexAfter(trx, after, BATCH);
      if (batch.last === null) break;
      await insertDocs(trx, batch.rows.map(documentOf));
      done += batch.rows.length;
      after = batch.last;
      o.onProgress?.(done);
    }
    return { indexed: await countIndexed(trx) };
  });
}
