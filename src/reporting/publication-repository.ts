// What is published (publications, published_facilities, publication_stops). published_facilities
// is the one projection 医療情報ネット and the open-data export read; its `visible` is recomputed
// here after every change of what hides a record (公表停止, lapse, withheld, 廃止, delisted from the
// open data), never set by callers.
import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import { bulkStatement } from '../db/bulk.ts';
import type { Db } from '../db/dialect.ts';
import type {
  InstitutionKind,
  OpendataSnapshot,
  OpendataSnapshotsTable,
  Publication,
  PublicationSource,
  PublicationsTable,
  PublicationStop,
  PublicationStopsTable,
  PublicationWithheld,
  PublishedFacilitiesTable,
  PublishedFacility,
} from '../db/schema.ts';

export async function insertPublication(db: Db, row: Insertable<PublicationsTable>): Promise<void> {
  await db.insertInto('publications').values(row).execute();
}

export function findPublication(db: Db, id: string): Promise<Publication | undefined> {
  return db.selectFrom('publications').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPublishedFacility(db: Db, institutionId: string): Promise<PublishedFacility | undefined> {
  return db.selectFrom('published_facilities').selectAll().where('institution_id', '=', institutionId).executeTakeFirst();
}

export function findPublishedFacilityById(db: Db, facilityId: string): Promise<PublishedFacility | undefined> {
  return db.selectFrom('published_facilities').selectAll().where('facility_id', '=', facilityId).executeTakeFirst();
}

/** What hides a record. */
type Hiding = 'stopped_at' | 'lapsed_at' | 'withheld' | 'closed_at' | 'delisted_at';
/** 1 iff nothing hides the record: the rule of published_facilities.visible, in SQL, over what `hiding` says each column is. */
const visibleRule = (hiding: (c: Hiding) => RawBuilder<unknown>) =>
  sql<number>`case when ${hiding('stopped_at')} is null and ${hiding('lapsed_at')} is null and ${hiding('withheld')} is null and ${hiding('closed_at')} is null and ${hiding('delisted_at')} is null then 1 else 0 end`;
/** The rule over the row's own columns. */
const VISIBLE = visibleRule((c) => sql.ref(c));

async function recomputeVisible(db: Db, institutionId: string): Promise<void> {
  await db.updateTable('published_facilities').set({ visible: VISIBLE }).where('institution_id', '=', institutionId).execute();
}

/** What a publication writes into the projection (the record's hiding flags other than `withheld` stay as they are). */
export type PublishedRecord = Omit<
  Insertable<PublishedFacilitiesTable>,
  'stopped_at' | 'stop_reason' | 'lapsed_at' | 'lapsed_fiscal_year' | 'closed_at' | 'suspended_since' | 'delisted_at' | 'visible' | 'withheld'
> & { withheld: PublicationWithheld | null };

/** What a record shows of its publication's values (publication.ts projectionOf). */
export type RecordProjection = Pick<PublishedRecord, 'name' | 'name_kana' | 'name_en' | 'withheld'>;

/**
 * The institution's record now shows `publication`: inserted, or its names, place and publication
 * replaced (a lapse is cleared: the fiscal year's report has been made; so is a delisting: it is
 * listed again); `visible` recomputed.
 */
export async function upsertPublishedFacility(db: Db, r: PublishedRecord): Promise<PublishedFacility> {
  await upsertPublishedFacilities(db, [r]);
  return (await findPublishedFacility(db, r.institution_id))!;
}

const RECORD_COLUMNS = [
  'institution_id',
  'facility_id',
  'kind',
  'prefecture_code',
  'municipality_code',
  'name',
  'name_kana',
  'name_en',
  'publication_id',
  'published_at',
  'withheld',
  'updated_at',
] as const satisfies ReadonlyArray<keyof PublishedRecord>;

// `visible` in the same statement: a new record is hidden only by what it withholds; a replaced one keeps
// its 公表停止 and 廃止, loses its lapse and delisting and takes the new `withheld`.
const CLEARED: ReadonlySet<Hiding> = new Set(['lapsed_at', 'delisted_at']);
const upsertRecords = bulkStatement(RECORD_COLUMNS, (db, rows: Array<Required<PublishedRecord>>) =>
  db
    .insertInto('published_facilities')
    .values(
      rows.map((r) => ({
        ...r,
        stopped_at: null,
        stop_reason: null,
        closed_at: null,
        suspended_since: null,
        visible: visibleRule((c) => (c === 'withheld' ? sql`cast(${r.withheld} as text)` : sql`null`)),
      })),
    )
    .onConflict((oc) =>
      oc.column('institution_id').doUpdateSet((eb) => ({
        ...Object.fromEntries(RECORD_COLUMNS.filter((c) => c !== 'institution_id').map((c) => [c, eb.ref(`excluded.${c}`)])),
        lapsed_at: null,
        lapsed_fiscal_year: null,
        delisted_at: null,
        visible: visibleRule((c) => (c === 'withheld' ? sql.ref('excluded.withheld') : CLEARED.has(c) ? sql`null` : sql.ref(`published_facilities.${c}`))),
      })),
    ),
);

const recomputeVisibleOf = bulkStatement(
  ['id'],
  (db, rows: Array<{ id: string }>) =>
    db
      .updateTable('published_facilities')
      .set({ visible: VISIBLE })
      .where(
        'institution_id',
        'in',
        rows.map((r) => r.id),
      ),
  { repeatable: true },
);

/** upsertPublishedFacility for many records at once (one statement per thousand). */
export async function upsertPublishedFacilities(db: Db, records: readonly PublishedRecord[]): Promise<void> {
  await upsertRecords.run(
    db,
    records.map((r) => ({ ...r, name_en: r.name_en ?? null })),
  );
}

export type NewPublication = Insertable<PublicationsTable>;

/** Adds publications, many per statement. */
export async function insertPublications(db: Db, rows: readonly NewPublication[]): Promise<void> {
  await insertPublicationRows.run(db, rows as Array<Required<Insertable<PublicationsTable>>>);
}

const insertPublicationRows = bulkStatement(
  ['id', 'institution_id', 'report_id', 'report_version', 'catalogue', 'values', 'published_at', 'published_by', 'source', 'snapshot_id', 'digest'],
  (db, rows: Array<Required<Insertable<PublicationsTable>>>) => db.insertInto('publications').values(rows),
);

/** What the open-data import needs to know of an institution's record: whether it shows a report, and what it published. */
export interface PublishedState {
  institutionId: string;
  facilityId: string;
  source: PublicationSource;
  digest: string | null;
  delisted: boolean;
}

const stateOf = bulkStatement(
  ['id'],
  (db, rows: Array<{ id: string }>) =>
    db
      .selectFrom('published_facilities')
      .innerJoin('publications', 'publications.id', 'published_facilities.publication_id')
      .select([
        'published_facilities.institution_id',
        'published_facilities.facility_id',
        'published_facilities.delisted_at',
        'publications.source',
        'publications.digest',
      ])
      .where(
        'published_facilities.institution_id',
        'in',
        rows.map((r) => r.id),
      ),
  { repeatable: true },
);

/** The records of these institutions (those that have one), by institution. */
export async function publishedStatesOf(db: Db, institutionIds: readonly string[]): Promise<Map<string, PublishedState>> {
  const { rows } = await stateOf.run(
    db,
    institutionIds.map((id) => ({ id })),
  );
  return new Map(
    rows.map((r) => [
      r.institution_id,
      { institutionId: r.institution_id, facilityId: r.facility_id, source: r.source, digest: r.digest, delisted: r.delisted_at !== null },
    ]),
  );
}

const holdersOf = bulkStatement(
  ['id'],
  (db, rows: Array<{ id: string }>) =>
    db
      .selectFrom('published_facilities')
      .select(['facility_id', 'institution_id'])
      .where(
        'facility_id',
        'in',
        rows.map((r) => r.id),
      ),
  { repeatable: true },
);

/** The institution whose record has each of these facility IDs (those that are taken), by facility ID. */
export async function facilityIdHolders(db: Db, facilityIds: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await holdersOf.run(
    db,
    facilityIds.map((id) => ({ id })),
  );
  return new Map(rows.map((r) => [r.facility_id, r.institution_id]));
}

/** The records of these kinds that show open data and are listed (not delisted). */
export async function listedOpenDataRecords(db: Db, kinds: readonly InstitutionKind[]): Promise<Array<{ institutionId: string; facilityId: string }>> {
  if (kinds.length === 0) return [];
  const rows = await db
    .selectFrom('published_facilities')
    .innerJoin('publications', 'publications.id', 'published_facilities.publication_id')
    .select(['published_facilities.institution_id', 'published_facilities.facility_id'])
    .where('publications.source', '=', 'opendata')
    .where('published_facilities.delisted_at', 'is', null)
    .where('published_facilities.kind', 'in', kinds)
    .execute();
  return rows.map((r) => ({ institutionId: r.institution_id, facilityId: r.facility_id }));
}

const delist = bulkStatement(
  ['id', 'at'],
  (db, rows: Array<{ id: string; at: number }>) =>
    db
      .updateTable('published_facilities')
      .set({ delisted_at: rows[0]!.at, updated_at: rows[0]!.at })
      .where(
        'institution_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('delisted_at', 'is', null),
  { repeatable: true },
);

/** A newer snapshot no longer lists these records: they are hidden (until one lists them again); how many were listed. */
export async function markDelisted(db: Db, institutionIds: readonly string[], at: number): Promise<number> {
  const { affected } = await delist.run(
    db,
    institutionIds.map((id) => ({ id, at })),
  );
  await recomputeVisibleOf.run(
    db,
    institutionIds.map((id) => ({ id })),
  );
  return affected;
}

export async function insertSnapshot(db: Db, row: Insertable<OpendataSnapshotsTable>): Promise<void> {
  await db.insertInto('opendata_snapshots').values(row).execute();
}

export async function setSnapshotCounts(db: Db, id: string, counts: Omit<Updateable<OpendataSnapshotsTable>, 'id'>): Promise<void> {
  await db.updateTable('opendata_snapshots').set(counts).where('id', '=', id).execute();
}

/** The imported snapshots, newest first. */
export function listSnapshots(db: Db): Promise<OpendataSnapshot[]> {
  return db.selectFrom('opendata_snapshots').selectAll().orderBy('imported_at', 'desc').orderBy('id', 'desc').execute();
}

/** 公表停止: true if the record was not stopped and now is. */
export async function markStopped(db: Db, institutionId: string, at: number, reason: string): Promise<boolean> {
  const r = await db
    .updateTable('published_facilities')
    .set({ stopped_at: at, stop_reason: reason, updated_at: at })
    .where('institution_id', '=', institutionId)
    .where('stopped_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await recomputeVisible(db, institutionId);
  return true;
}

/** 公表停止の解除: true if the record was stopped and now is not. */
export async function clearStopped(db: Db, institutionId: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('published_facilities')
    .set({ stopped_at: null, stop_reason: null, updated_at: at })
    .where('institution_id', '=', institutionId)
    .where('stopped_at', 'is not', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await recomputeVisible(db, institutionId);
  return true;
}

/** 休止 (a date) or its end (null); the record stays visible with 「休止中」. */
export async function setSuspendedSince(db: Db, institutionId: string, since: string | null, at: number): Promise<void> {
  await db.updateTable('published_facilities').set({ suspended_since: since, updated_at: at }).where('institution_id', '=', institutionId).execute();
}

/** 廃止: the record is hidden for good. */
export async function markClosed(db: Db, institutionId: string, at: number): Promise<void> {
  await db.updateTable('published_facilities').set({ closed_at: at, updated_at: at }).where('institution_id', '=', institutionId).execute();
  await recomputeVisible(db, institutionId);
}

export async function insertStop(db: Db, row: Insertable<PublicationStopsTable>): Promise<void> {
  await db.insertInto('publication_stops').values(row).execute();
}

/** Closes the open 公表停止 of the institution with its lifting. */
export async function liftOpenStop(db: Db, institutionId: string, lift: { at: number; by: string; reason: string }): Promise<void> {
  await db
    .updateTable('publication_stops')
    .set({ lifted_at: lift.at, lifted_by: lift.by, lift_reason: lift.reason })
    .where('institution_id', '=', institutionId)
    .where('lifted_at', 'is', null)
    .execute();
}

/** The institution's 公表停止 and their liftings, newest first. */
export function stopsOf(db: Db, institutionId: string): Promise<PublicationStop[]> {
  return db
    .selectFrom('publication_stops')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .orderBy('stopped_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The institution's publications, newest first (without their values). */
export function publicationsOf(db: Db, institutionId: string): Promise<Array<Omit<Publication, 'values'>>> {
  return db
    .selectFrom('publications')
    .select(['id', 'institution_id', 'report_id', 'report_version', 'catalogue', 'published_at', 'published_by', 'source', 'snapshot_id', 'digest'])
    .where('institution_id', '=', institutionId)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The prefecture's publication setting: 'accept' unless it chose 'submit'. */
export async function publishOnOf(db: Db, prefectureCode: string): Promise<'accept' | 'submit'> {
  const row = await db.selectFrom('prefecture_reporting_settings').select('publish_on').where('prefecture_code', '=', prefectureCode).executeTakeFirst();
  return row?.publish_on ?? 'accept';
}

/** A page of the visible records with their values, by facility ID after `afterFacilityId` (the open-data export). */
export function visibleRecordsPage(
  db: Db,
  o: { afterFacilityId: string | null; limit: number; kinds: readonly InstitutionKind[] },
): Promise<Array<{ facility_id: string; kind: InstitutionKind; municipality_code: string; catalogue: string; values: string }>> {
  let q = db
    .selectFrom('published_facilities')
    .innerJoin('publications', 'publications.id', 'published_facilities.publication_id')
    .select([
      'published_facilities.facility_id',
      'published_facilities.kind',
      'published_facilities.municipality_code',
      'publications.catalogue',
      'publications.values',
    ])
    .where('published_facilities.visible', '=', 1)
    .where('published_facilities.kind', 'in', o.kinds);
  if (o.afterFacilityId !== null) q = q.where('published_facilities.facility_id', '>', o.afterFacilityId);
  return q.orderBy('published_facilities.facility_id').limit(o.limit).execute();
}
