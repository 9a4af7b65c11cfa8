// The prefectures' reporting windows (reporting_periods: one per prefecture, fiscal year and scheme)
// and their publication setting (prefecture_reporting_settings: no row means publish on 確認; the
// publication reads it in publication-repository.ts).
import type { Db } from '../db/dialect.ts';
import type { PublishOn, ReportingPeriod, ReportingScheme } from '../db/schema.ts';

export interface PeriodRow {
  id: string;
  prefectureCode: string;
  fiscalYear: number;
  scheme: ReportingScheme;
  opensAt: number;
  closesAt: number;
  referenceDate: string;
  updatedAt: number;
  updatedBy: string | null;
}

const toRow = (r: ReportingPeriod): PeriodRow => ({
  id: r.id,
  prefectureCode: r.prefecture_code,
  fiscalYear: Number(r.fiscal_year),
  scheme: r.scheme,
  opensAt: Number(r.opens_at),
  closesAt: Number(r.closes_at),
  referenceDate: r.reference_date,
  updatedAt: Number(r.updated_at),
  updatedBy: r.updated_by,
});

/** Inserts the window, or replaces the one the prefecture had for that fiscal year and scheme (its id stays). */
export async function upsertPeriod(db: Db, row: PeriodRow): Promise<void> {
  await db
    .insertInto('reporting_periods')
    .values({
      id: row.id,
      prefecture_code: row.prefectureCode,
      fiscal_year: row.fiscalYear,
      scheme: row.scheme,
      opens_at: row.opensAt,
      closes_at: row.closesAt,
      reference_date: row.referenceDate,
      updated_at: row.updatedAt,
      updated_by: row.updatedBy,
    })
    .onConflict((oc) =>
      oc.columns(['prefecture_code', 'fiscal_year', 'scheme']).doUpdateSet({
        opens_at: row.opensAt,
        closes_at: row.closesAt,
        reference_date: row.referenceDate,
        updated_at: row.updatedAt,
        updated_by: row.updatedBy,
      }),
    )
    .execute();
}

export async function findPeriod(db: Db, prefectureCode: string, fiscalYear: number, scheme: ReportingScheme): Promise<PeriodRow | undefined> {
  const r = await db
    .selectFrom('reporting_periods')
    .selectAll()
    .where('prefecture_code', '=', prefectureCode)
    .where('fiscal_year', '=', fiscalYear)
    .where('scheme', '=', scheme)
    .executeTakeFirst();
  return r && toRow(r);
}

/** Windows by prefecture, the latest fiscal year first, medical before pharmacy. */
export async function selectPeriods(db: Db, filter: { prefectureCode?: string; fiscalYear?: number }): Promise<PeriodRow[]> {
  let q = db.selectFrom('reporting_periods').selectAll();
  if (filter.prefectureCode !== undefined) q = q.where('prefecture_code', '=', filter.prefectureCode);
  if (filter.fiscalYear !== undefined) q = q.where('fiscal_year', '=', filter.fiscalYear);
  const rows = await q.orderBy('prefecture_code').orderBy('fiscal_year', 'desc').orderBy('scheme').execute();
  return rows.map(toRow);
}

export async function upsertPublishOn(db: Db, prefectureCode: string, publishOn: PublishOn, now: number, by: string | null): Promise<void> {
  await db
    .insertInto('prefecture_reporting_settings')
    .values({ prefecture_code: prefectureCode, publish_on: publishOn, updated_at: now, updated_by: by })
    .onConflict((oc) => oc.column('prefecture_code').doUpdateSet({ publish_on: publishOn, updated_at: now, updated_by: by }))
    .execute();
}
