// The 報告状況 tests' hand-made fixture: a few institutions of 東京都 (and one of 大阪府) whose 令和8年度
// (FY2026) annual reports are in every state, with the times they were handed in and accepted, one
// publication stopped, one institution closed, a pharmacy, and last year's report that does not count —
// and the counts they must give, written out by hand.
import type { DatabaseHandle } from '../db/database.ts';
import type { Institution, ReportKind, ReportState } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { jstMidnight } from '../reporting/fiscal-year.ts';
import { facilityIdOf } from '../reporting/publication.ts';
import { insertReport } from '../reporting/report-repository.ts';
import { addInstitution, setWindow } from './reporting.ts';

/** 2027-02-01 10:00 JST: FY2026, four weeks into 東京都's window (1/5–3/31). */
export const BOARD_NOW = jstMidnight(2027, 2, 1) + 10 * 3_600_000;
export const BOARD_FY = 2026;
export const BOARD_WINDOW = { opensAt: jstMidnight(2027, 1, 5), closesAt: jstMidnight(2027, 4, 1) };

const day = (m: number, d: number, y = m >= 4 ? 2026 : 2027) => jstMidnight(y, m, d) + 9 * 3_600_000;

let serial = 0;

async function report(
  h: DatabaseHandle,
  i: Institution,
  o: { kind?: ReportKind; state: ReportState; fy?: number; submitted?: number; decided?: number },
): Promise<void> {
  serial++;
  await insertReport(h.db, {
    id: `sb-rep-${serial}-${i.id}`,
    institution_id: i.id,
    institution_kind: i.kind,
    prefecture_code: i.prefecture_code,
    municipality_code: i.municipality_code,
    fiscal_year: o.fy ?? BOARD_FY,
    kind: o.kind ?? 'periodic',
    state: o.state,
    catalogue: `${o.fy ?? BOARD_FY}:medical`,
    current_version: 1,
    reference_date: null,
    baseline_report_id: null,
    compared_publication_id: null,
    changed_items: null,
    started_by: null,
    started_at: (o.submitted ?? day(1, 5)) - 86_400_000,
    submitted_at: o.submitted ?? null,
    submitted_by: null,
    decided_at: o.decided ?? null,
    decided_by: null,
    decision_comment: null,
    returned_count: 0,
    updated_at: o.decided ?? o.submitted ?? day(1, 5),
  });
}

/** A published record of the institution, stopped (公表停止) when told. */
async function published(h: DatabaseHandle, i: Institution, stoppedAt: number | null): Promise<void> {
  const publicationId = `sb-pub-${i.id}`;
  await h.db
    .insertInto('publications')
    .values({
      id: publicationId,
      institution_id: i.id,
      report_id: null,
      report_version: null,
      catalogue: '2025:medical',
      values: '{}',
      published_at: day(4, 10, 2025),
      published_by: null,
      source: 'opendata',
    })
    .execute();
  await h.db
    .insertInto('published_facilities')
    .values({
      institution_id: i.id,
      facility_id: facilityIdOf(i) ?? `13${i.institution_code}`,
      kind: i.kind,
      prefecture_code: i.prefecture_code,
      municipality_code: i.municipality_code,
      name: i.name,
      name_kana: i.name_kana,
      name_en: null,
      publication_id: publicationId,
      published_at: day(4, 10, 2025),
      stopped_at: stoppedAt,
      stop_reason: stoppedAt === null ? null : '内容を確認中',
      lapsed_at: null,
      lapsed_fiscal_year: null,
      withheld: null,
      closed_at: null,
      suspended_since: null,
      visible: stoppedAt === null ? 1 : 0,
      updated_at: day(4, 10, 2025),
    })
    .execute();
}

export interface BoardFixture {
  /** By letter: A…J as the comments in seedStatusBoard say. */
  institutions: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J', Institution>;
}

/**
 * Seeds the fixture (東京都's window set). 東京都, 医療機能情報, FY2026 — 7 open institutions:
 *   A 中央区 診療所  no report                                 未報告
 *   B 中央区 診療所  a draft 定期報告                            報告中
 *   C 港区   診療所  submitted 1/6 (and a discarded one)         報告済
 *   D 港区   病院    submitted 1/7, accepted 1/20; 公表停止       確認済
 *   E 中央区 診療所  submitted 1/13, returned                    報告済
 *   F 中央区 診療所  新規報告 submitted 12/20, accepted 12/25     確認済
 *   J 中央区 診療所  only last year's accepted report            未報告
 * and not counted there: G (中央区, closed), H (中央区, a 薬局, submitted 1/8: 薬局機能情報), I (大阪市北区, no report).
 */
export async function seedStatusBoard(h: DatabaseHandle, clock: Clock): Promise<BoardFixture> {
  const at = (code: string, o: Partial<Institution> = {}) =>
    addInstitution(h, clock, { institution_code: code, name: `報告状況テスト${code}`, municipality_code: '13102', ...o });
  const A = await at('SB0001');
  const B = await at('SB0002');
  const C = await at('SB0003', { municipality_code: '13103' });
  const D = await at('SB0004', { municipality_code: '13103', kind: '病院' });
  const E = await at('SB0005');
  const F = await at('SB0006');
  const G = await at('SB0007', { status: 'closed' });
  const H = await at('SB0008', { kind: '薬局' });
  const I = await at('SB0009', { prefecture_code: '27', municipality_code: '27127', postcode: '5300001' });
  const J = await at('SB0010');
  await report(h, B, { state: 'draft' });
  await report(h, C, { state: 'discarded' });
  await report(h, C, { state: 'submitted', submitted: day(1, 6) });
  await report(h, D, { state: 'accepted', submitted: day(1, 7), decided: day(1, 20) });
  await published(h, D, day(1, 25));
  await report(h, E, { state: 'returned', submitted: day(1, 13), decided: day(1, 15) });
  await report(h, F, { kind: 'new', state: 'accepted', submitted: day(12, 20, 2026), decided: day(12, 25, 2026) });
  await published(h, F, null);
  await report(h, H, { state: 'submitted', submitted: day(1, 8) });
  await report(h, J, { state: 'accepted', fy: BOARD_FY - 1, submitted: day(1, 10, 2026), decided: day(1, 20, 2026) });
  await setWindow(h, { prefectureCode: '13', fiscalYear: BOARD_FY, scheme: 'medical', ...BOARD_WINDOW, referenceDate: '2027-01-01' });
  return { institutions: { A, B, C, D, E, F, G, H, I, J } };
}
