// Reports as stored (reports, report_versions): every save a new version row, the report's
// current_version moved by one conditional UPDATE (a stale base version is a conflict, never an
// overwrite), and each change of state claimed by a conditional UPDATE on the state, so of two
// racing requests exactly one wins. Who may see which reports is the policies' question: the queue
// receives the answer as places.
import { sql, type Insertable, type Updateable } from 'kysely';
import { containsText, type Db } from '../db/dialect.ts';
import type { InstitutionKind, Report, ReportKind, ReportState, ReportsTable, ReportVersion, ReportVersionsTable } from '../db/schema.ts';

export async function insertReport(db: Db, row: Insertable<ReportsTable>): Promise<void> {
  await db.insertInto('reports').values(row).execute();
}

/** A version row to insert (the values as stored JSON). */
export type NewReportVersion = Insertable<ReportVersionsTable>;

export async function insertVersion(db: Db, row: NewReportVersion): Promise<void> {
  await db.insertInto('report_versions').values(row).execute();
}

export function findReport(db: Db, id: string): Promise<Report | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findVersion(db: Db, reportId: string, version: number): Promise<ReportVersion | undefined> {
  return db.selectFrom('report_versions').selectAll().where('report_id', '=', reportId).where('version', '=', version).executeTakeFirst();
}

/** Every version of a report, oldest first (without the values, which a list does not show). */
export function listVersions(db: Db, reportId: string): Promise<Array<Pick<ReportVersion, 'version' | 'saved_by' | 'saved_at' | 'source'>>> {
  return db.selectFrom('report_versions').select(['version', 'saved_by', 'saved_at', 'source']).where('report_id', '=', reportId).orderBy('version').execute();
}

/**
 * Moves the report from version `base` to `base + 1` if it is still at `base` and in one of
 * `states`: true if this call did (the caller then inserts version base + 1 in the same transaction).
 */
export async function advanceVersion(db: Db, id: string, base: number, states: readonly ReportState[], now: number): Promise<boolean> {
  const r = await db
    .updateTable('reports')
    .set({ current_version: base + 1, updated_at: now })
    .where('id', '=', id)
    .where('current_version', '=', base)
    .where('state', 'in', states)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Changes the state if the report is still in one of `from` (and, when given, still at `version`):
 * true if this call did. Of two racing requests (引き戻し and 確認) exactly one sees true.
 */
export async function moveReport(
  db: Db,
  id: string,
  change: { from: readonly ReportState[]; to: ReportState; version?: number; set?: Updateable<ReportsTable>; now: number },
): Promise<boolean> {
  let q = db
    .updateTable('reports')
    .set({ ...change.set, state: change.to, updated_at: change.now })
    .where('id', '=', id)
    .where('state', 'in', change.from);
  if (change.version !== undefined) q = q.where('current_version', '=', change.version);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** 差戻し: the state, the comment and the count in one conditional UPDATE. */
export async function returnPendingReport(
  db: Db,
  id: string,
  d: { from: readonly ReportState[]; decidedBy: string; now: number; comment: string },
): Promise<boolean> {
  const r = await db
    .updateTable('reports')
    .set({
      state: 'returned',
      decided_by: d.decidedBy,
      decided_at: d.now,
      decision_comment: d.comment,
      returned_count: sql<number>`returned_count + 1`,
      updated_at: d.now,
    })
    .where('id', '=', id)
    .where('state', 'in', d.from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The institution's reports, newest first. */
export function reportsOfInstitution(db: Db, institutionId: string): Promise<Report[]> {
  return db.selectFrom('reports').selectAll().where('institution_id', '=', institutionId).orderBy('started_at', 'desc').orderBy('id', 'desc').execute();
}

/** Where reports may come from: the institution's prefecture, or its prefecture and municipality. */
export interface ReportPlaces {
  prefectures: readonly string[];
  municipalities: ReadonlyArray<{ prefectureCode: string; municipalityCode: string }>;
}

export interface ReportFilter {
  fiscalYear?: number;
  kind?: ReportKind;
  institutionKind?: InstitutionKind;
  municipalityCode?: string;
  /** One state, or several (the queue's default: 報告済 and 再報告済). */
  state?: ReportState | readonly ReportState[];
  /** Part of the 機関名, フリガナ or 機関コード. */
  q?: string;
}

/** A row of the queue: the report with the institution's name and code. */
export type QueueRow = Report & { institution_name: string; institution_name_kana: string; institution_code: string };

/**
 * Reports from `places` (every place when 'all'; none when it names none) matching the filter,
 * handed in oldest first (never handed in last): a page and how many there are in all.
 */
export async function listReports(
  db: Db,
  places: ReportPlaces | 'all',
  filter: ReportFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: QueueRow[]; total: number }> {
  let q = db.selectFrom('reports').innerJoin('institutions', 'institutions.id', 'reports.institution_id');
  if (places !== 'all') {
    const { prefectures, municipalities } = places;
    if (prefectures.length === 0 && municipalities.length === 0) return { rows: [], total: 0 };
    q = q.where((eb) =>
      eb.or([
        ...(prefectures.length ? [eb('reports.prefecture_code', 'in', prefectures)] : []),
        ...municipalities.map((m) => eb.and([eb('reports.prefecture_code', '=', m.prefectureCode), eb('reports.municipality_code', '=', m.municipalityCode)])),
      ]),
    );
  }
  if (filter.fiscalYear !== undefined) q = q.where('reports.fiscal_year', '=', filter.fiscalYear);
  if (filter.kind) q = q.where('reports.kind', '=', filter.kind);
  if (filter.institutionKind) q = q.where('reports.institution_kind', '=', filter.institutionKind);
  if (filter.municipalityCode) q = q.where('reports.municipality_code', '=', filter.municipalityCode);
  if (filter.state !== undefined) {
    const states = typeof filter.state === 'string' ? [filter.state] : [...filter.state];
    if (states.length === 0) return { rows: [], total: 0 };
    q = q.where('reports.state', 'in', states);
  }
  if (filter.q) {
    const text = filter.q;
    q = q.where((eb) => eb.or(['institutions.name', 'institutions.name_kana', 'institutions.institution_code'].map((c) => containsText(sql.ref(c), text))));
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll('reports')
      .select(['institutions.name as institution_name', 'institutions.name_kana as institution_name_kana', 'institutions.institution_code'])
      .orderBy(sql`case when reports.submitted_at is null then 1 else 0 end`)
      .orderBy('reports.submitted_at')
      .orderBy('reports.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The addresses of the institution's active accounts (mail about its reports goes to each). */
export function activeAccountsOf(db: Db, institutionId: string): Promise<Array<{ id: string; email: string; display_name: string }>> {
  return db
    .selectFrom('accounts')
    .select(['id', 'email', 'display_name'])
    .where('institution_id', '=', institutionId)
    .where('state', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
