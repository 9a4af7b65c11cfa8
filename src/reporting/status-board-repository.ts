// The 報告状況 board's SQL: for a fiscal year, each open institution at the places given is ranked by
// its best annual report (none, 報告中, 報告済, 確認済) — its reports of the year joined and grouped by
// institution, with its published record (公表停止) — and those rows counted by prefecture × 機関区分 ×
// 市区町村 × rank × stopped in one GROUP BY: a few hundred rows however many institutions there are. The week each one first reported and was
// first accepted is grouped the same way, and the list behind a count is a page of the same join.
import { sql } from 'kysely';
import type { Db } from '../db/dialect.ts';
import type { InstitutionKind, ReportKind, ReportState } from '../db/schema.ts';
import { whereInstitutionsAt } from './institution-places-repository.ts';
import type { ReportPlaces } from './report-repository.ts';

/** The rank of an institution's best annual report of the year: 0 none, 1 報告中, 2 報告済 (not yet accepted), 3 確認済. */
export type BoardRank = 0 | 1 | 2 | 3;

export interface BoardFilter {
  fiscalYear: number;
  /** The 機関区分 of the scheme (医療機能情報: 病院…助産所; 薬局機能情報: 薬局). */
  kinds: readonly InstitutionKind[];
  /** The kinds that make the year's report (新規・定期). */
  annualKinds: readonly ReportKind[];
  /** States in which the report counts as made but not accepted (報告済・再報告済・差戻し). */
  reportedStates: readonly ReportState[];
  prefectureCode?: string | undefined;
  institutionKind?: InstitutionKind | undefined;
  municipalityCode?: string | undefined;
}

export interface BoardGroup {
  prefecture_code: string;
  kind: InstitutionKind;
  municipality_code: string;
  rank: BoardRank;
  /** 1 while the published record is stopped (公表停止). */
  stopped: 0 | 1;
  n: number;
}

const none = (places: ReportPlaces | 'all') => places !== 'all' && places.prefectures.length === 0 && places.municipalities.length === 0;

/**
 * Each open institution of the scheme at `places` matching the filter, with its best annual report of
 * the year (rank), when it first and last reported and was first and last accepted, and when its
 * publication was stopped: institutions LEFT JOIN their reports of the year (by reports_institution)
 * grouped by institution — an index lookup per institution whatever the planner guesses, never a
 * grouped subquery joined back (which PostgreSQL, on tables not yet analysed, re-ran per institution).
 */
function perInstitution(db: Db, places: ReportPlaces | 'all', f: BoardFilter) {
  const made = [...f.reportedStates, 'accepted'] as const;
  const q = db
    .selectFrom('institutions')
    .leftJoin('reports', (join) =>
      join
        .onRef('reports.institution_id', '=', 'institutions.id')
        .on('reports.fiscal_year', '=', f.fiscalYear)
        .on('reports.kind', 'in', f.annualKinds)
        .on('reports.state', 'in', ['draft', ...made]),
    )
    .leftJoin('published_facilities as pf', 'pf.institution_id', 'institutions.id')
    .where('institutions.status', '=', 'open')
    .where('institutions.kind', 'in', f.kinds);
  return whereInstitutionsAt(q, places, f)
    .select([
      'institutions.id',
      'institutions.prefecture_code',
      'institutions.kind',
      'institutions.municipality_code',
      'institutions.institution_code',
      'institutions.name',
      'pf.stopped_at',
    ])
    .select(
      sql<BoardRank>`coalesce(max(case when reports.state = 'accepted' then 3 when reports.state in (${sql.join(f.reportedStates)}) then 2 when reports.state = 'draft' then 1 end), 0)`.as(
        'rank',
      ),
    )
    .select(sql<number | null>`min(case when reports.state in (${sql.join(made)}) then reports.submitted_at end)`.as('first_submitted'))
    .select(sql<number | null>`max(case when reports.state in (${sql.join(made)}) then reports.submitted_at end)`.as('last_submitted'))
    .select(sql<number | null>`min(case when reports.state = 'accepted' then reports.decided_at end)`.as('first_accepted'))
    .select(sql<number | null>`max(case when reports.state = 'accepted' then reports.decided_at end)`.as('last_accepted'))
    .groupBy([
      'institutions.id',
      'institutions.prefecture_code',
      'institutions.kind',
      'institutions.municipality_code',
      'institutions.institution_code',
      'institutions.name',
      'pf.stopped_at',
    ])
    .as('b');
}

const STOPPED = sql<number>`case when b.stopped_at is null then 0 else 1 end`;

/** The counts, by prefecture × 機関区分 × 市区町村 × rank × 公表停止. */
export async function boardGroups(db: Db, places: ReportPlaces | 'all', f: BoardFilter): Promise<BoardGroup[]> {
  if (none(places) || f.kinds.length === 0) return [];
  const rows = await db
    .selectFrom(perInstitution(db, places, f))
    .select(['b.prefecture_code', 'b.kind', 'b.municipality_code', 'b.rank'])
    .select(STOPPED.as('stopped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['b.prefecture_code', 'b.kind', 'b.municipality_code', 'b.rank', STOPPED])
    .execute();
  return rows.map((r) => ({ ...r, rank: Number(r.rank) as BoardRank, stopped: Number(r.stopped) === 1 ? 1 : 0, n: Number(r.n) }));
}

/**
 * Institutions that have reported, by the week (0…) of `opensAt` they first reported in and the week
 * they were first accepted in (null: not accepted); a time before `opensAt` is week 0.
 */
export async function boardWeeks(
  db: Db,
  places: ReportPlaces | 'all',
  f: BoardFilter,
  opensAt: number,
  weekMs: number,
): Promise<Array<{ reportedWeek: number; acceptedWeek: number | null; n: number }>> {
  if (none(places) || f.kinds.length === 0) return [];
  const week = (col: 'b.first_submitted' | 'b.first_accepted') =>
    sql<
      number | null
    >`case when ${sql.ref(col)} is null then null when ${sql.ref(col)} < ${sql.lit(opensAt)} then 0 else (${sql.ref(col)} - ${sql.lit(opensAt)}) / ${sql.lit(weekMs)} end`;
  const rows = await db
    .selectFrom(perInstitution(db, places, f))
    .where('b.rank', '>=', 2)
    .select(week('b.first_submitted').as('reported_week'))
    .select(week('b.first_accepted').as('accepted_week'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy([week('b.first_submitted'), week('b.first_accepted')])
    .execute();
  return rows.map((r) => ({
    reportedWeek: Number(r.reported_week ?? 0),
    acceptedWeek: r.accepted_week === null ? null : Number(r.accepted_week),
    n: Number(r.n),
  }));
}

/** What the list behind a count narrows to: one rank, or the institutions whose publication is stopped. */
export type BoardSelection = { rank: BoardRank } | { stopped: true } | undefined;

export interface BoardInstitutionRow {
  id: string;
  kind: InstitutionKind;
  prefecture_code: string;
  municipality_code: string;
  institution_code: string;
  name: string;
  rank: BoardRank;
  last_submitted: number | null;
  last_accepted: number | null;
  stopped_at: number | null;
}

/** A page of the institutions behind a count, by 機関コード, and how many there are. */
export async function boardInstitutions(
  db: Db,
  places: ReportPlaces | 'all',
  f: BoardFilter,
  selection: BoardSelection,
  page: { limit: number; offset: number },
  withTotal = true,
): Promise<{ rows: BoardInstitutionRow[]; total: number }> {
  if (none(places) || f.kinds.length === 0) return { rows: [], total: 0 };
  let q = db.selectFrom(perInstitution(db, places, f));
  if (selection && 'stopped' in selection) q = q.where('b.stopped_at', 'is not', null);
  else if (selection) q = q.where('b.rank', '=', selection.rank);
  const [rows, count] = await Promise.all([
    q
      .select([
        'b.id',
        'b.kind',
        'b.prefecture_code',
        'b.municipality_code',
        'b.institution_code',
        'b.name',
        'b.rank',
        'b.last_submitted',
        'b.last_accepted',
        'b.stopped_at',
      ])
      .orderBy('b.prefecture_code')
      .orderBy('b.institution_code')
      .orderBy('b.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    withTotal ? q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() : Promise.resolve({ n: 0 }),
  ]);
  return {
    rows: rows.map((r) => ({
      ...r,
      rank: Number(r.rank) as BoardRank,
      last_submitted: r.last_submitted === null ? null : Number(r.last_submitted),
      last_accepted: r.last_accepted === null ? null : Number(r.last_accepted),
      stopped_at: r.stopped_at === null ? null : Number(r.stopped_at),
    })),
    total: Number(count.n),
  };
}
