// 報告状況 for the operations benchmark (`npm run bench:operations` calls measureDashboard): 20,000
// medical institutions of 東京都 (BENCH_DASHBOARD_INSTITUTIONS), spread over its municipalities and the
// four 機関区分, each with last year's accepted 定期報告 for nine in ten, and this year's (FY2026) in a
// realistic spread — 30 % none (未報告), 10 % a draft (報告中), 25 % submitted and 5 % returned (報告済),
// 30 % accepted (確認済), handed in over the four weeks the window has been open; 1 % of them with their
// publication stopped. Then GET /review/status over HTTP on the real platform, signed in as 東京都
// through Med-Login, one request at a time (BENCH_WARMUP 20, BENCH_MEASURED 100), each beside its floor:
// the board's one query (boardTally: the counts and the weeks in one pass) run directly on the same
// database. Goal (issue 15): ≤ 200 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Insertable } from 'kysely';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import type { InstitutionKind, InstitutionsTable, PublicationsTable, PublishedFacilitiesTable, ReportsTable, ReportState } from '../src/db/schema.ts';
import { testHasher } from '../src/identity/password/hasher.ts';
import { municipalitiesOf } from '../src/institutions/places.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { jstMidnight } from '../src/reporting/fiscal-year.ts';
import { ANNUAL_KINDS, REPORTED_STATES } from '../src/reporting/report.ts';
import { boardTally } from '../src/reporting/status-board-repository.ts';
import { kindsOf } from '../src/reporting/status-board.ts';
import { createPostgresSchema, dropPostgresSchema, TEST_POSTGRES_URL } from '../src/testing/db.ts';
import { gmisBrowserAs } from '../src/testing/gmis-viewer.ts';
import { startTestPlatform } from '../src/testing/platform.ts';
import { addAccount, setWindow } from '../src/testing/reporting.ts';
import { median, percentile } from './lib.ts';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const N = num('BENCH_DASHBOARD_INSTITUTIONS', 20_000);
const WARMUP = num('BENCH_WARMUP', 20);
const MEASURED = num('BENCH_MEASURED', 100);
const BATCH = 500;

const FY = 2026;
const OPENS = jstMidnight(2027, 1, 5);
const NOW = jstMidnight(2027, 2, 2) + 10 * 3_600_000;
const LAST_YEAR_AT = jstMidnight(2026, 2, 10);
const KINDS: readonly InstitutionKind[] = ['病院', '診療所', '診療所', '診療所', '歯科診療所', '歯科診療所', '診療所', '歯科診療所', '診療所', '助産所'];

/** This year's state of the i-th institution (undefined: no report), from its place in a fixed cycle of 20. */
function stateOf(i: number): ReportState | undefined {
  const k = i % 20;
  if (k < 6) return undefined; // 30 %
  if (k < 8) return 'draft'; // 10 %
  if (k < 13) return 'submitted'; // 25 %
  if (k < 14) return 'returned'; // 5 %
  return 'accepted'; // 30 %
}

const report = (
  id: string,
  inst: Insertable<InstitutionsTable>,
  fy: number,
  state: ReportState,
  submitted: number | null,
  decided: number | null,
): Insertable<ReportsTable> => ({
  id,
  institution_id: inst.id,
  institution_kind: inst.kind,
  prefecture_code: '13',
  municipality_code: inst.municipality_code,
  fiscal_year: fy,
  kind: 'periodic',
  state,
  catalogue: `${fy}:medical`,
  current_version: 1,
  reference_date: null,
  baseline_report_id: null,
  compared_publication_id: null,
  changed_items: null,
  started_by: null,
  started_at: (submitted ?? OPENS) - 86_400_000,
  submitted_at: submitted,
  submitted_by: null,
  decided_at: decided,
  decided_by: null,
  decision_comment: null,
  returned_count: state === 'returned' ? 1 : 0,
  updated_at: decided ?? submitted ?? OPENS,
});

/** The institutions, their reports and the stopped publications, by multi-row INSERTs of 500 in one transaction. */
export async function seedDashboard(h: DatabaseHandle): Promise<void> {
  const places = municipalitiesOf('13').map((m) => m.code);
  const span = NOW - OPENS;
  await h.db.transaction().execute(async (trx) => {
    for (let start = 0; start < N; start += BATCH) {
      const institutions: Array<Insertable<InstitutionsTable>> = [];
      const reports: Array<Insertable<ReportsTable>> = [];
      const publications: Array<Insertable<PublicationsTable>> = [];
      const facilities: Array<Insertable<PublishedFacilitiesTable>> = [];
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        const kind = KINDS[i % KINDS.length]!;
        const inst: Insertable<InstitutionsTable> = {
          id: `d-inst-${i}`,
          kind,
          prefecture_code: '13',
          institution_code: String(i + 1).padStart(10, '0'),
          insurance_code: null,
          name: `報告状況ベンチ${i}`,
          name_kana: 'ホウコクジョウキョウベンチ',
          municipality_code: places[(i * 7) % places.length]!,
          postcode: '1040061',
          address: '銀座7-7-7',
          building: null,
          phone: '03-3000-0001',
          status: 'open',
          created_at: LAST_YEAR_AT,
          updated_at: LAST_YEAR_AT,
        };
        institutions.push(inst);
        if (i % 10 !== 9) reports.push(report(`d-last-${i}`, inst, FY - 1, 'accepted', LAST_YEAR_AT, LAST_YEAR_AT + 86_400_000));
        const state = stateOf(i);
        // Handed in across the weeks so far (a pseudo-random but fixed spread), accepted a few days later.
        const submitted = state && state !== 'draft' ? OPENS + ((i * 7919) % span) : null;
        const decided = state === 'accepted' || state === 'returned' ? Math.min(NOW - 1, submitted! + 3 * 86_400_000) : null;
        if (state) reports.push(report(`d-rep-${i}`, inst, FY, state, submitted, decided));
        if (i % 100 === 42) {
          publications.push({
            id: `d-pub-${i}`,
            institution_id: inst.id,
            report_id: null,
            report_version: null,
            catalogue: `${FY - 1}:medical`,
            values: '{}',
            published_at: LAST_YEAR_AT,
            published_by: null,
            source: 'opendata',
          });
          facilities.push({
            institution_id: inst.id,
            facility_id: `13${i}`,
            kind,
            prefecture_code: '13',
            municipality_code: inst.municipality_code,
            name: inst.name,
            name_kana: inst.name_kana,
            name_en: null,
            publication_id: `d-pub-${i}`,
            published_at: LAST_YEAR_AT,
            stopped_at: OPENS + 86_400_000,
            stop_reason: '確認中',
            lapsed_at: null,
            lapsed_fiscal_year: null,
            withheld: null,
            closed_at: null,
            suspended_since: null,
            visible: 0,
            updated_at: OPENS,
          });
        }
      }
      await trx.insertInto('institutions').values(institutions).execute();
      await trx.insertInto('reports').values(reports).execute();
      if (publications.length) {
        await trx.insertInto('publications').values(publications).execute();
        await trx.insertInto('published_facilities').values(facilities).execute();
      }
    }
  });
}

export interface DashboardFigures {
  medianMs: number;
  p95Ms: number;
  floorMedianMs: number;
}

/** The 報告状況 board of a prefecture of N institutions, over HTTP, on the engine; the floor is its one query alone. */
export async function measureDashboard(engine: 'sqlite' | 'postgres'): Promise<DashboardFigures> {
  const dir = engine === 'sqlite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-dashboard-')) : undefined;
  const schema = engine === 'postgres' ? await createPostgresSchema() : undefined;
  const h = dir
    ? openDatabase({ engine: 'sqlite', file: path.join(dir, 'gmis.sqlite') })
    : openDatabase({ engine: 'postgres', url: TEST_POSTGRES_URL, schema: schema! });
  try {
    const clock = new ManualClock(NOW);
    try {
      await migrateToLatest(h);
      await seedDashboard(h);
      await setWindow(h, {
        prefectureCode: '13',
        fiscalYear: FY,
        scheme: 'medical',
        opensAt: OPENS,
        closesAt: jstMidnight(2027, 4, 1),
        referenceDate: '2027-01-01',
      });
    } catch (err) {
      await h.close();
      throw err;
    }
    const platform = await startTestPlatform({
      handle: h,
      clock,
      hasher: testHasher(),
      env: { SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789' },
      workerIntervalMs: 60_000,
    });
    try {
      // The April 1 job (FY2025 ended) runs now, not during the measurement.
      await platform.worker.runOnce();
      const tokyo = await addAccount(h, clock, '都道府県', { prefectureCode: '13' });
      const browser = await gmisBrowserAs(platform, tokyo.id);
      const filter = {
        fiscalYear: FY,
        kinds: kindsOf('medical'),
        annualKinds: ANNUAL_KINDS,
        reportedStates: REPORTED_STATES.filter((s) => s !== 'accepted'),
      };
      const places = { prefectures: ['13'], municipalities: [] };
      const ms: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < WARMUP + MEASURED; i++) {
        const t0 = performance.now();
        const res = await browser.get('/review/status');
        const t = performance.now() - t0;
        if (res.status !== 200 || !res.body.includes(`data-count="total"><a href=`) || !res.body.includes(`>${N}</a>件`))
          throw new Error(`the board was not answered 200 with ${N} institutions (status ${res.status}): ${res.body.slice(0, 400)}`);
        const f0 = performance.now();
        const { groups } = await boardTally(h.db, places, filter, { opensAt: OPENS, weekMs: 7 * 86_400_000 });
        const f = performance.now() - f0;
        if (groups.reduce((n, g) => n + g.n, 0) !== N) throw new Error('the floor query does not count every institution');
        if (i < WARMUP) continue;
        ms.push(t);
        floor.push(f);
      }
      return { medianMs: median(ms), p95Ms: percentile(ms, 95), floorMedianMs: median(floor) };
    } finally {
      await platform.close(); // closes the handle too
    }
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (schema) await dropPostgresSchema(schema);
  }
}
