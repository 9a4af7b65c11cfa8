// 報告状況: how far a fiscal year's annual reports (新規・定期) of one scheme have come at the places an
// account may see (placeScope's 'report.review': a prefecture its own, a health centre its
// municipalities, an association the prefectures that delegated it, the office every prefecture) —
// 未報告 / 報告中 / 報告済 / 確認済 by 機関区分, by 市区町村 and by prefecture, those whose publication is
// stopped, the completion rate, and week by week through the window how many had reported and been
// accepted (from the reports' own times: a report taken back no longer counts). And the institutions
// behind each number.
import type { Db } from '../db/dialect.ts';
import { INSTITUTION_KINDS, type InstitutionKind, type ReportingScheme } from '../db/schema.ts';
import { PREFECTURE_CODES } from '../institutions/places.ts';
import { authorize, placeScope, type Actor } from '../policies.ts';
import { schemeOf } from './catalogue/types.ts';
import { usualWindow, windowFor } from './periods.ts';
import { ANNUAL_KINDS, REPORTED_STATES } from './report.ts';
import type { ReportPlaces } from './report-repository.ts';
import {
  boardInstitutions,
  boardTally,
  type BoardFilter,
  type BoardGroup,
  type BoardInstitutionRow,
  type BoardRank,
  type BoardSelection,
} from './status-board-repository.ts';

/** The four states of an institution's year, in the order the board shows them. */
export const BOARD_STATUSES = ['unreported', 'draft', 'reported', 'accepted'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];
/** What a count can be of: one of the four, or the institutions whose publication is stopped. */
export const LIST_STATUSES = [...BOARD_STATUSES, 'stopped'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

export const LIST_STATUS_LABELS: Record<ListStatus, string> = {
  unreported: '未報告',
  draft: '報告中',
  reported: '報告済',
  accepted: '確認済',
  stopped: '公表停止',
};

export const SCHEME_LABELS: Record<ReportingScheme, string> = { medical: '医療機能情報', pharmacy: '薬局機能情報' };

const RANK_OF: Record<BoardStatus, BoardRank> = { unreported: 0, draft: 1, reported: 2, accepted: 3 };
const STATUS_OF: Record<BoardRank, BoardStatus> = { 0: 'unreported', 1: 'draft', 2: 'reported', 3: 'accepted' };
export const statusOfRank = (rank: BoardRank): BoardStatus => STATUS_OF[rank];

/** The 機関区分 a scheme's reports come from. */
export const kindsOf = (scheme: ReportingScheme): InstitutionKind[] => INSTITUTION_KINDS.filter((k) => schemeOf(k) === scheme);

export interface StatusCounts {
  /** Open institutions: the four states add up to it. */
  total: number;
  unreported: number;
  draft: number;
  reported: number;
  accepted: number;
  /** Whose published information is stopped (公表停止), whatever their state. */
  stopped: number;
  /** (reported + accepted) / total, 0 when there are none. */
  rate: number;
}

export interface BoardQuery {
  fiscalYear: number;
  scheme: ReportingScheme;
  /** One prefecture of those in reach (the office picks one to see its municipalities). */
  prefectureCode?: string | undefined;
  institutionKind?: InstitutionKind | undefined;
  municipalityCode?: string | undefined;
}

export interface BoardWeek {
  /** The week's first moment, and its end (exclusive; the last week ends at now or the window's end). */
  from: number;
  to: number;
  /** Institutions that had reported by the week's end (報告済 or 確認済 now), and accepted by then. */
  reported: number;
  accepted: number;
  rate: number;
}

export interface StatusBoard {
  query: BoardQuery;
  /** Every prefecture (the office), or the places of one account. */
  everywhere: boolean;
  total: StatusCounts;
  byKind: Array<{ kind: InstitutionKind; counts: StatusCounts }>;
  /** Each prefecture in reach (all 47 for the office), zeros included. */
  byPrefecture: Array<{ prefectureCode: string; counts: StatusCounts }>;
  /** Each 市区町村 with institutions; empty for the office until it picks a prefecture (some 1,700 rows). */
  byMunicipality: Array<{ prefectureCode: string; municipalityCode: string; counts: StatusCounts }>;
  /** The window the weeks are counted over: the prefecture's own when one prefecture is shown and set one, else 1/1–3/31. */
  window: { opensAt: number; closesAt: number; own: boolean };
  weeks: BoardWeek[];
}

const WEEK_MS = 7 * 86_400_000;
/** Weeks drawn at most (a window is at most the fiscal year). */
const MAX_WEEKS = 53;

/** The places the actor sees reports of, as the repositories take them. */
function placesOf(actor: Actor): ReportPlaces | 'all' {
  authorize(actor, 'report_status.view');
  const scope = placeScope(actor, 'report.review');
  return scope.all ? 'all' : scope;
}

/** The prefectures the actor's board covers (every one for the office). */
export function prefecturesInReach(actor: Actor): string[] {
  const places = placesOf(actor);
  if (places === 'all') return [...PREFECTURE_CODES];
  return [...new Set([...places.prefectures, ...places.municipalities.map((m) => m.prefectureCode)])].sort();
}

const filterOf = (q: BoardQuery): BoardFilter => ({
  fiscalYear: q.fiscalYear,
  kinds: kindsOf(q.scheme),
  annualKinds: ANNUAL_KINDS,
  reportedStates: REPORTED_STATES.filter((s) => s !== 'accepted'),
  prefectureCode: q.prefectureCode,
  institutionKind: q.institutionKind,
  municipalityCode: q.municipalityCode,
});

const zero = (): StatusCounts => ({ total: 0, unreported: 0, draft: 0, reported: 0, accepted: 0, stopped: 0, rate: 0 });
const withRate = (c: StatusCounts): StatusCounts => ({ ...c, rate: c.total === 0 ? 0 : (c.reported + c.accepted) / c.total });

/** Counts added up by a key, in first-seen order. */
function tally<K>(groups: readonly BoardGroup[], keyOf: (g: BoardGroup) => K): Map<K, StatusCounts> {
  const out = new Map<K, StatusCounts>();
  for (const g of groups) {
    const key = keyOf(g);
    let c = out.get(key);
    if (!c) out.set(key, (c = zero()));
    c.total += g.n;
    c[STATUS_OF[g.rank]] += g.n;
    if (g.stopped) c.stopped += g.n;
  }
  for (const [k, c] of out) out.set(k, withRate(c));
  return out;
}

/** The board of the year and scheme at `now` (the weeks end at now). */
export async function statusBoard(db: Db, actor: Actor, q: BoardQuery, now: number): Promise<StatusBoard> {
  const places = placesOf(actor);
  const f = filterOf(q);
  const reach = prefecturesInReach(actor);
  const shown = q.prefectureCode ? [q.prefectureCode] : reach;
  const own = shown.length === 1 ? await windowFor(db, shown[0]!, q.fiscalYear, q.scheme) : undefined;
  const window = own ? { opensAt: own.opensAt, closesAt: own.closesAt, own: true } : { ...usualWindow(q.fiscalYear), own: false };
  const end = Math.min(now, window.closesAt);
  const weekCount = end <= window.opensAt ? 0 : Math.min(MAX_WEEKS, Math.ceil((end - window.opensAt) / WEEK_MS));

  const { groups, weeks: weekly } = await boardTally(db, places, f, { opensAt: window.opensAt, weekMs: WEEK_MS });
  const total = tally(groups, () => 'all').get('all') ?? zero();
  const kinds = tally(groups, (g) => g.kind);
  const prefectures = tally(groups, (g) => g.prefecture_code);
  const everywhere = places === 'all' && !q.prefectureCode;
  const municipalities = everywhere ? new Map<string, StatusCounts>() : tally(groups, (g) => `${g.prefecture_code}:${g.municipality_code}`);

  const reportedBy = new Array<number>(weekCount).fill(0);
  const acceptedBy = new Array<number>(weekCount).fill(0);
  const last = weekCount - 1;
  for (const w of weekCount > 0 ? weekly : []) {
    reportedBy[Math.min(w.reportedWeek, last)]! += w.n;
    if (w.acceptedWeek !== null) acceptedBy[Math.min(w.acceptedWeek, last)]! += w.n;
  }
  let reported = 0;
  let accepted = 0;
  const weeks: BoardWeek[] = reportedBy.map((n, i) => {
    reported += n;
    accepted += acceptedBy[i]!;
    const from = window.opensAt + i * WEEK_MS;
    return { from, to: Math.min(from + WEEK_MS, end), reported, accepted, rate: total.total === 0 ? 0 : reported / total.total };
  });

  return {
    query: q,
    everywhere: places === 'all',
    total,
    byKind: f.kinds.filter((k) => !q.institutionKind || k === q.institutionKind).map((kind) => ({ kind, counts: kinds.get(kind) ?? zero() })),
    byPrefecture: shown.map((prefectureCode) => ({ prefectureCode, counts: prefectures.get(prefectureCode) ?? zero() })),
    byMunicipality: [...municipalities]
      .map(([key, counts]) => {
        const [prefectureCode, municipalityCode] = key.split(':') as [string, string];
        return { prefectureCode, municipalityCode, counts };
      })
      .sort((a, b) => a.prefectureCode.localeCompare(b.prefectureCode) || a.municipalityCode.localeCompare(b.municipalityCode)),
    window,
    weeks,
  };
}

export interface BoardListRow {
  id: string;
  kind: InstitutionKind;
  prefectureCode: string;
  municipalityCode: string;
  institutionCode: string;
  name: string;
  status: BoardStatus;
  /** When the year's report was last handed in, and last accepted. */
  submittedAt: number | null;
  acceptedAt: number | null;
  stopped: boolean;
}

const selectionOf = (status: ListStatus | undefined): BoardSelection =>
  status === undefined ? undefined : status === 'stopped' ? { stopped: true } : { rank: RANK_OF[status] };

const listRow = (r: BoardInstitutionRow): BoardListRow => ({
  id: r.id,
  kind: r.kind,
  prefectureCode: r.prefecture_code,
  municipalityCode: r.municipality_code,
  institutionCode: r.institution_code,
  name: r.name,
  status: STATUS_OF[r.rank],
  submittedAt: r.last_submitted,
  acceptedAt: r.last_accepted,
  stopped: r.stopped_at !== null,
});

/** A page of the institutions behind a count (status undefined: every one of the board). */
export async function statusBoardList(
  db: Db,
  actor: Actor,
  q: BoardQuery & { status?: ListStatus | undefined },
  page: { limit: number; offset: number },
): Promise<{ rows: BoardListRow[]; total: number }> {
  const r = await boardInstitutions(db, placesOf(actor), filterOf(q), selectionOf(q.status), page);
  return { rows: r.rows.map(listRow), total: r.total };
}

/** Every institution behind a count, a chunk at a time (for the CSV: memory stays flat however many). */
export async function* statusBoardAll(db: Db, actor: Actor, q: BoardQuery & { status?: ListStatus | undefined }, chunk = 2000): AsyncGenerator<BoardListRow[]> {
  const places = placesOf(actor);
  const f = filterOf(q);
  for (let offset = 0; ; offset += chunk) {
    const r = await boardInstitutions(db, places, f, selectionOf(q.status), { limit: chunk, offset }, false);
    if (r.rows.length > 0) yield r.rows.map(listRow);
    if (r.rows.length < chunk) return;
  }
}
