// The 報告状況 board's SQL: for a fiscal year, each open institution at the places given is ranked by
// its best annual report (none, 報告中, 報告済, 確認済) — its reports of the year joined and grouped by
// institution, with its published record (公表停止). The board reads those rows once (boardTally): counted
// by prefecture × 機関区分 × 市区町村 × rank × stopped, and by the week each one first reported and was
// first accepted in — a few hundred rows however many institutions there are. The list behind a count is
// a page of the same join.
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
 * The open institutions of the scheme at `places` matching the filter, each LEFT JOIN its reports of the
 * year (by reports_institution) and its published record: an index lookup per institution whatever the
 * planner guesses, grouped by institution by the caller — never a grouped subquery joined back (which
 * PostgreSQL, on tables not yet analysed, re-ran per institution).
 */
function joined(db: Db, places: ReportPlaces | 'all', f: BoardFilter) {
  let q = db
    .selectFrom('institutions')
    .leftJoin('reports', (join) =>
      join
        .onRef('reports.institution_id', '=', 'institutions.id')
        .on('reports.fiscal_year', '=', f.fiscalYear)
        .on('reports.kind', 'in', f.annualKinds)
        .on('reports.state', 'in', ['draft', ...f.reportedStates, 'accepted']),
    )
    .leftJoin('published_facilities as pf', 'pf.institution_id', 'institutions.id')
    .where('institutions.status', '=', 'open')
    .where('institutions.kind', 'in', f.kinds);
  if (places !== 'all') {
    const { prefectures, municipalities } = places;
    q = q.where((eb) =>
      eb.or([
        ...(prefectures.length ? [eb('institutions.prefecture_code', 'in', prefectures)] : []),
        ...municipalities.map((m) =>
          eb.and([eb('institutions.prefecture_code', '=', m.prefectureCode), eb('institutions.municipality_code', '=', m.municipalityCode)]),
        ),
      ]),
    );
  }
  if (f.prefectureCode) q = q.where('institutions.prefecture_code', '=', f.prefectureCode);
  if (f.institutionKind) q = q.where('institutions.kind', '=', f.institutionKind);
  if (f.municipalityCode) q = q.where('institutions.municipality_code', '=', f.municipalityCode);
  return q;
}

/** An institution's best annual report of the year (BoardRank), over its joined reports. */
const rankOf = (f: BoardFilter) =>
  sql<BoardRank>`coalesce(max(case when reports.state = 'accepted' then 3 when reports.state in (${sql.join(f.reportedStates)}) then 2 when reports.state = 'draft' then 1 end), 0)`;
/** When its reports were handed in (min: first, max: last), of those made (報告済・確認済). */
const submittedAt = (f: BoardFilter, agg: 'min' | 'max') =>
  sql<number | null>`${sql.raw(agg)}(case when reports.state in (${sql.join([...f.reportedStates, 'accepted'])}) then reports.submitted_at end)`;
/** When they were accepted (min: first, max: last). */
const acceptedAt = (agg: 'min' | 'max') => sql<number | null>`${sql.raw(agg)}(case when reports.state = 'accepted' then reports.decided_at end)`;

/**
 * Each institution with its place, its rank, when it last reported and was last accepted, and when its
 * publication was stopped: the rows of the list behind a count.
 */
function perInstitution(db: Db, places: ReportPlaces | 'all', f: BoardFilter) {
  return joined(db, places, f)
    .select([
      'institutions.id',
      'institutions.prefecture_code',
      'institutions.kind',
      'institutions.municipality_code',
      'institutions.institution_code',
      'institutions.name',
      'pf.stopped_at',
    ])
    .select(rankOf(f).as('rank'))
    .select(submittedAt(f, 'max').as('last_submitted'))
    .select(acceptedAt('max').as('last_accepted'))
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

export interface BoardWeekGroup {
  /** The week (0…) of `opensAt` the institutions first reported in (a time before it: week 0), and were first accepted in (null: not accepted). */
  reportedWeek: number;
  acceptedWeek: number | null;
  n: number;
}

/**
 * The board in one pass: each institution (only what the counts need — its place, rank, 公表停止 and the
 * first times) grouped once into a MATERIALIZED common table expression, read twice: counted by
 * prefecture × 機関区分 × 市区町村 × rank × 公表停止, and those that have reported by the week they first
 * reported in and the week they were first accepted in. A few hundred rows however many institutions.
 */
export async function boardTally(
  db: Db,
  places: ReportPlaces | 'all',
  f: BoardFilter,
  weeks: { opensAt: number; weekMs: number },
): Promise<{ groups: BoardGroup[]; weeks: BoardWeekGroup[] }> {
  if (none(places) || f.kinds.length === 0) return { groups: [], weeks: [] };
  const institutions = joined(db, places, f)
    .select(['institutions.prefecture_code', 'institutions.kind', 'institutions.municipality_code'])
    .select(sql<number>`case when pf.stopped_at is null then 0 else 1 end`.as('stopped'))
    .select(rankOf(f).as('rank'))
    .select(submittedAt(f, 'min').as('first_submitted'))
    .select(acceptedAt('min').as('first_accepted'))
    .groupBy(['institutions.id', 'institutions.prefecture_code', 'institutions.kind', 'institutions.municipality_code', 'pf.stopped_at']);
  const { opensAt, weekMs } = weeks;
  const week = (col: 'b.first_submitted' | 'b.first_accepted') =>
    sql<
      number | null
    >`case when ${sql.ref(col)} is null then null when ${sql.ref(col)} < ${sql.lit(opensAt)} then 0 else (${sql.ref(col)} - ${sql.lit(opensAt)}) / ${sql.lit(weekMs)} end`;
  const rows = await db
    .with(
      (cte) => cte('b').materialized(),
      () => institutions,
    )
    .selectFrom('b')
    .select(sql<number>`0`.as('part'))
    .select(['b.prefecture_code', 'b.kind', 'b.municipality_code', 'b.rank', 'b.stopped'])
    .select(sql<number | null>`cast(null as bigint)`.as('reported_week'))
    .select(sql<number | null>`cast(null as bigint)`.as('accepted_week'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['b.prefecture_code', 'b.kind', 'b.municipality_code', 'b.rank', 'b.stopped'])
    .unionAll((eb) =>
      eb
        .selectFrom('b')
        .where('b.rank', '>=', 2)
        .select(sql<number>`1`.as('part'))
        .select(sql<string>`cast(null as text)`.as('prefecture_code'))
        .select(sql<InstitutionKind>`cast(null as text)`.as('kind'))
        .select(sql<string>`cast(null as text)`.as('municipality_code'))
        .select(sql<BoardRank>`cast(null as integer)`.as('rank'))
        .select(sql<number>`cast(null as integer)`.as('stopped'))
        .select(week('b.first_submitted').as('reported_week'))
        .select(week('b.first_accepted').as('accepted_week'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .groupBy([week('b.first_submitted'), week('b.first_accepted')]),
    )
    .execute();
  const out = { groups: [] as BoardGroup[], weeks: [] as BoardWeekGroup[] };
  for (const r of rows) {
    if (Number(r.part) === 0)
      out.groups.push({
        prefecture_code: r.prefecture_code,
        kind: r.kind,
        municipality_code: r.municipality_code,
        rank: Number(r.rank) as BoardRank,
        stopped: Number(r.stopped) === 1 ? 1 : 0,
        n: Number(r.n),
      });
    else
      out.weeks.push({
        reportedWeek: Number(r.reported_week ?? 0),
        acceptedWeek: r.accepted_week === null ? null : Number(r.accepted_week),
        n: Number(r.n),
      });
  }
  return out;
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
