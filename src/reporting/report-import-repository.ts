// What a CSV import of many institutions reads and writes at once (report-import.ts): their reports,
// the versions it starts from, what is published of them, and the reports and versions it adds — a few
// statements for a thousand institutions rather than a few per institution. What must be decided per
// report (the conditional UPDATEs of a version or a state) stays report-repository.ts's.
import type { Insertable } from 'kysely';
import type { Db } from '../db/dialect.ts';
import type { Publication, PublishedFacility, Report, ReportsTable, ReportVersion, ReportVersionsTable } from '../db/schema.ts';

/** Ids per statement: well inside both engines' limits on bound parameters. */
const CHUNK = 500;

async function chunked<T, R>(items: readonly T[], size: number, run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await run(items.slice(i, i + size))));
  return out;
}

/** Every report of these institutions, each institution's newest first (as reportsOfInstitution orders them). */
export async function reportsOfInstitutions(db: Db, institutionIds: readonly string[]): Promise<Map<string, Report[]>> {
  const rows = await chunked([...new Set(institutionIds)], CHUNK, (ids) =>
    db.selectFrom('reports').selectAll().where('institution_id', 'in', ids).orderBy('started_at', 'desc').orderBy('id', 'desc').execute(),
  );
  const byInstitution = new Map<string, Report[]>();
  for (const r of rows) byInstitution.set(r.institution_id, [...(byInstitution.get(r.institution_id) ?? []), r]);
  for (const list of byInstitution.values()) list.sort((a, b) => b.started_at - a.started_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return byInstitution;
}

/** These reports' versions (each a report and a version number), keyed `<report id>#<version>`. */
export async function versionsOf(db: Db, refs: ReadonlyArray<{ reportId: string; version: number }>): Promise<Map<string, ReportVersion>> {
  const wanted = new Set(refs.map((r) => `${r.reportId}#${r.version}`));
  // Each chunk asks for its reports' wanted version numbers only: a report's other versions stay unread.
  const rows = await chunked([...new Map(refs.map((r) => [`${r.reportId}#${r.version}`, r])).values()], CHUNK, (chunk) =>
    db
      .selectFrom('report_versions')
      .selectAll()
      .where('report_id', 'in', [...new Set(chunk.map((r) => r.reportId))])
      .where('version', 'in', [...new Set(chunk.map((r) => r.version))])
      .execute(),
  );
  return new Map(rows.filter((v) => wanted.has(`${v.report_id}#${v.version}`)).map((v) => [`${v.report_id}#${v.version}`, v]));
}

/** The published records of these institutions (only what decides the starts: closed, suspended). */
export async function publishedStatusOf(
  db: Db,
  institutionIds: readonly string[],
): Promise<Map<string, Pick<PublishedFacility, 'institution_id' | 'closed_at' | 'suspended_since'>>> {
  const rows = await chunked([...new Set(institutionIds)], CHUNK, (ids) =>
    db.selectFrom('published_facilities').select(['institution_id', 'closed_at', 'suspended_since']).where('institution_id', 'in', ids).execute(),
  );
  return new Map(rows.map((r) => [r.institution_id, r]));
}

/** The publication each of these institutions' records shows now (差異表示 compares a 報告 with it), by institution. */
export async function shownPublicationsOf(db: Db, institutionIds: readonly string[]): Promise<Map<string, Publication>> {
  const rows = await chunked([...new Set(institutionIds)], CHUNK, (ids) =>
    db
      .selectFrom('published_facilities')
      .innerJoin('publications', 'publications.id', 'published_facilities.publication_id')
      .selectAll('publications')
      .where('published_facilities.institution_id', 'in', ids)
      .execute(),
  );
  return new Map(rows.map((p) => [p.institution_id, p]));
}

/** Adds reports, a couple of hundred per statement. */
export async function insertReports(db: Db, rows: ReadonlyArray<Insertable<ReportsTable>>): Promise<void> {
  await chunked(rows, 200, async (chunk) => {
    await db.insertInto('reports').values(chunk).execute();
    return [];
  });
}

/** Adds versions, a hundred per statement (each holds a whole report's values). */
export async function insertVersions(db: Db, rows: ReadonlyArray<Insertable<ReportVersionsTable>>): Promise<void> {
  await chunked(rows, 100, async (chunk) => {
    await db.insertInto('report_versions').values(chunk).execute();
    return [];
  });
}
