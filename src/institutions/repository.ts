// The facility master's storage: the same on both engines.
import { sql } from 'kysely';
import { bulkStatement } from '../db/bulk.ts';
import { containsText, type Db } from '../db/dialect.ts';
import type { Institution, InstitutionKind, InstitutionStatus } from '../db/schema.ts';

export const institutionKey = (i: { prefectureCode: string; institutionCode: string }) => `${i.prefectureCode}:${i.institutionCode}`;

export function findInstitution(db: Db, id: string): Promise<Institution | undefined> {
  return db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findInstitutionByCode(db: Db, prefectureCode: string, institutionCode: string): Promise<Institution | undefined> {
  return db
    .selectFrom('institutions')
    .selectAll()
    .where('prefecture_code', '=', prefectureCode)
    .where('institution_code', '=', institutionCode)
    .executeTakeFirst();
}

/** The master rows for many (prefecture, 機関コード) pairs at once, keyed by institutionKey. */
export async function findInstitutionsByCodes(
  db: Db,
  codes: ReadonlyArray<{ prefectureCode: string; institutionCode: string }>,
): Promise<Map<string, Institution>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('institutions')
    .selectAll()
    .where((eb) => eb.or(codes.map((c) => eb.and([eb('prefecture_code', '=', c.prefectureCode), eb('institution_code', '=', c.institutionCode)]))))
    .execute();
  return new Map(rows.map((r) => [institutionKey({ prefectureCode: r.prefecture_code, institutionCode: r.institution_code }), r]));
}

export interface InstitutionFilter {
  prefectureCode?: string;
  municipalityCodes?: readonly string[];
  kind?: InstitutionKind;
  status?: InstitutionStatus;
}

/** Institutions in 機関コード order within each prefecture; `limit` absent means all. */
export function listInstitutions(db: Db, filter: InstitutionFilter = {}, page: { limit?: number; offset?: number } = {}): Promise<Institution[]> {
  let q = db.selectFrom('institutions').selectAll();
  if (filter.prefectureCode) q = q.where('prefecture_code', '=', filter.prefectureCode);
  if (filter.municipalityCodes)
    q = filter.municipalityCodes.length ? q.where('municipality_code', 'in', filter.municipalityCodes) : q.where(({ lit }) => lit(false));
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.status) q = q.where('status', '=', filter.status);
  q = q.orderBy('prefecture_code').orderBy('institution_code');
  if (page.limit !== undefined) q = q.limit(page.limit).offset(page.offset ?? 0);
  return q.execute();
}

/** Where a search may look: every row, or these prefectures, municipalities and institutions (none named: nothing). */
export type InstitutionReach =
  | 'all'
  | {
      prefectures: readonly string[];
      municipalities: ReadonlyArray<{ prefectureCode: string; municipalityCode: string }>;
      institutionIds: readonly string[];
    };

/** The master search's conditions; each text already in the form the master keeps (name full width, フリガナ katakana, code upper case). */
export interface InstitutionSearch extends InstitutionFilter {
  name?: string;
  nameKana?: string;
  code?: string;
}

function searched(db: Db, reach: InstitutionReach, f: InstitutionSearch) {
  let q = db.selectFrom('institutions');
  if (reach !== 'all') {
    const { prefectures, municipalities, institutionIds } = reach;
    q = q.where((eb) =>
      eb.or([
        ...(prefectures.length ? [eb('prefecture_code', 'in', prefectures)] : []),
        ...municipalities.map((m) => eb.and([eb('prefecture_code', '=', m.prefectureCode), eb('municipality_code', '=', m.municipalityCode)])),
        ...(institutionIds.length ? [eb('id', 'in', institutionIds)] : []),
      ]),
    );
  }
  if (f.prefectureCode) q = q.where('prefecture_code', '=', f.prefectureCode);
  if (f.municipalityCodes) q = f.municipalityCodes.length ? q.where('municipality_code', 'in', f.municipalityCodes) : q.where(({ lit }) => lit(false));
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.status) q = q.where('status', '=', f.status);
  // A name matches as 機関名 or as フリガナ (typed in kana, it is a フリガナ).
  if (f.name || f.nameKana)
    q = q.where((eb) =>
      eb.or([...(f.name ? [containsText(sql.ref('name'), f.name)] : []), ...(f.nameKana ? [containsText(sql.ref('name_kana'), f.nameKana)] : [])]),
    );
  if (f.code) {
    const code = f.code;
    q = q.where((eb) => eb.or([containsText(sql.ref('institution_code'), code), containsText(sql.ref('insurance_code'), code)]));
  }
  return q;
}

/** A page of the institutions in reach matching the search, by prefecture and 機関コード, and how many match in all. */
export async function searchInstitutions(
  db: Db,
  reach: InstitutionReach,
  f: InstitutionSearch,
  page: { limit?: number; offset?: number } = {},
): Promise<{ rows: Institution[]; total: number }> {
  if (reach !== 'all' && reach.prefectures.length === 0 && reach.municipalities.length === 0 && reach.institutionIds.length === 0)
    return { rows: [], total: 0 };
  let rows = searched(db, reach, f).selectAll().orderBy('prefecture_code').orderBy('institution_code');
  if (page.limit !== undefined) rows = rows.limit(page.limit).offset(page.offset ?? 0);
  const [found, count] = await Promise.all([
    rows.execute(),
    searched(db, reach, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: found, total: Number(count.n) };
}

export function allInstitutions(db: Db): Promise<Institution[]> {
  return db.selectFrom('institutions').selectAll().execute();
}

/** The master's columns an accepted report may change (名称, フリガナ, 所在地, 電話番号; 廃止 sets the status). */
export type ReportedInstitutionChanges = Partial<
  Pick<Institution, 'name' | 'name_kana' | 'postcode' | 'municipality_code' | 'address' | 'building' | 'phone' | 'status'>
>;

/** Writes what an accepted report changed into the institution's row (in the caller's transaction). */
export async function updateFromReport(db: Db, id: string, changes: ReportedInstitutionChanges, at: number): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db
    .updateTable('institutions')
    .set({ ...changes, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Clears the 保険機関コード of these institutions (before codes move between them). */
export async function releaseInsuranceCodes(db: Db, ids: string[]): Promise<void> {
  await db.updateTable('institutions').set({ insurance_code: null }).where('id', 'in', ids).execute();
}

const byCodes = bulkStatement(
  ['prefecture_code', 'institution_code'],
  (db, rows: Array<Pick<Institution, 'prefecture_code' | 'institution_code'>>) =>
    db
      .selectFrom('institutions')
      .selectAll()
      .where('prefecture_code', '=', rows[0]!.prefecture_code)
      .where(
        'institution_code',
        'in',
        rows.map((r) => r.institution_code),
      ),
  { repeatable: true },
);

/**
 * The master rows of many (prefecture, 機関コード) pairs, keyed by institutionKey: per prefecture, a
 * thousand codes a statement (`prefecture_code = ? and institution_code in (…)` on the unique index;
 * a list of (prefecture, code) tuples costs PostgreSQL more to plan than to run).
 */
export async function findInstitutionsByCodePairs(
  db: Db,
  codes: ReadonlyArray<{ prefectureCode: string; institutionCode: string }>,
): Promise<Map<string, Institution>> {
  const byPrefecture = new Map<string, Array<Pick<Institution, 'prefecture_code' | 'institution_code'>>>();
  for (const c of codes) {
    let list = byPrefecture.get(c.prefectureCode);
    if (!list) byPrefecture.set(c.prefectureCode, (list = []));
    list.push({ prefecture_code: c.prefectureCode, institution_code: c.institutionCode });
  }
  const found = new Map<string, Institution>();
  for (const list of byPrefecture.values())
    for (const r of (await byCodes.run(db, list)).rows)
      found.set(institutionKey({ prefectureCode: r.prefecture_code, institutionCode: r.institution_code }), r);
  return found;
}

const INSTITUTION_COLUMNS = [
  'id',
  'kind',
  'prefecture_code',
  'institution_code',
  'insurance_code',
  'name',
  'name_kana',
  'municipality_code',
  'postcode',
  'address',
  'building',
  'phone',
  'status',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof Institution>;

const upsertRows = bulkStatement(INSTITUTION_COLUMNS, (db, rows: Institution[]) =>
  db
    .insertInto('institutions')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['prefecture_code', 'institution_code'])
        .doUpdateSet((eb) => Object.fromEntries(INSTITUTION_COLUMNS.filter((c) => c !== 'id' && c !== 'created_at').map((c) => [c, eb.ref(`excluded.${c}`)]))),
    ),
);

/**
 * Inserts the rows, or updates the institution of the same 都道府県 and 機関コード (its id and
 * created_at stay); a thousand rows a statement, compiled once (the open-data import writes the whole master).
 */
export async function upsertInstitutions(db: Db, rows: readonly Institution[]): Promise<void> {
  await upsertRows.run(db, rows);
}
