// npm run bench:reporting — the two requests of reporting that carry the most data, on SQLite (file,
// WAL) and on PostgreSQL (when reachable), with BENCH_REPORTS (10,000) institutions stored, each with
// an accepted report of the last fiscal year, its publication and its published record (1 in 10 a
// hospital with the full demo value set, the rest clinics, dental clinics and pharmacies):
//
//   save      POST /reporting/reports/:id/sections/all on the real platform: a hospital's whole
//             定期報告 form (every input of the catalogue, two values changed each time, base_version
//             current), signed in as the hospital through Med-Login; answered 303.
//   差異表示   GET /review/reports/:id as 東京都: a hospital's submitted 定期報告 with two items
//             changed, item by item against the publication it was compared with; answered 200.
//
// Beside each, measured in the same run on the same engine and interleaved with it one to one, the
// floor: save = one transaction with the conditional UPDATE of reports.current_version, the INSERT of
// the same report_versions row (its JSON built beforehand) and one audit row; 差異表示 = the selects by
// key of the report, its version, the compared publication and the institution. One request at a
// time: 20 warm-up, then 200 measured. Goal: median ≤ 50 ms each. A benchmark: it prints numbers and
// exits 0 whether or not the goal is met; non-zero only when setup fails or a request is answered
// otherwise than it should be.
//
// Knobs: BENCH_REPORTS (10000), BENCH_WARMUP (20), BENCH_MEASURED (200).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Insertable } from 'kysely';
import { inputsOf } from '../src/apps/gmis/reporting/form-input.ts';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import type {
  Institution,
  InstitutionKind,
  InstitutionsTable,
  PublicationsTable,
  PublishedFacilitiesTable,
  ReportsTable,
  ReportVersionsTable,
} from '../src/db/schema.ts';
import { createPostgresSchema, dropPostgresSchema, postgresProblem, TEST_POSTGRES_URL } from '../src/testing/db.ts';
import { testHasher } from '../src/identity/password/hasher.ts';
import { municipalitiesOf } from '../src/institutions/places.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { actorOf } from '../src/policies.ts';
import { sectionFields } from '../src/reporting/catalogue/form.ts';
import { catalogueFor } from '../src/reporting/catalogue/load.ts';
import type { ReportValues } from '../src/reporting/catalogue/types.ts';
import { demoValues } from '../src/reporting/demo-values.ts';
import { valuesJson } from '../src/reporting/engine.ts';
import { jstMidnight } from '../src/reporting/fiscal-year.ts';
import { facilityIdOf } from '../src/reporting/publication.ts';
import { EDITABLE_STATES } from '../src/reporting/report.ts';
import { findReport, findVersion } from '../src/reporting/report-repository.ts';
import { catalogueOf, startReport, versionView, type ReportingDeps } from '../src/reporting/reports.ts';
import { gmisBrowserAs } from '../src/testing/gmis-viewer.ts';
import { csrfTokenIn, type Browser, type Response } from '../src/testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../src/testing/platform.ts';
import { addAccount, ORIGIN, setWindow, submittedReport } from '../src/testing/reporting.ts';
import { fixed, machineSummary, median, percentile, table } from './lib.ts';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const N = num('BENCH_REPORTS', 10_000);
const WARMUP = num('BENCH_WARMUP', 20);
const MEASURED = num('BENCH_MEASURED', 200);
/** One in ten a hospital (1,000 of 10,000), at least the two the requests are about. */
const HOSPITALS = Math.max(2, Math.min(1_000, Math.round(N / 10)));
const OTHER_KINDS: readonly InstitutionKind[] = ['診療所', '歯科診療所', '薬局'];
const BATCH = 500;
const GOAL_MS = 50;

/** Fiscal year 2026 (令和8年度), inside 東京都's 定期報告 window; last year's reports were accepted in FY2025. */
const NOW = jstMidnight(2027, 2, 1);
const LAST_YEAR = 2025;
const ACCEPTED_AT = jstMidnight(2025, 10, 1);
/** The two items changed: by the save on each request, and in the submitted report against its publication. */
const CHANGED = { parking: 'access.parking.spaces', consultation: 'services.consultation.staff' } as const;

const log = (s = '') => process.stdout.write(`${s}\n`);

// ── Seed ──────────────────────────────────────────────────────────────────────────────────────────

const NAME: Record<InstitutionKind, string> = { 病院: '病院', 診療所: 'クリニック', 歯科診療所: '歯科医院', 助産所: '助産院', 薬局: '薬局' };
const KANA: Record<InstitutionKind, string> = {
  病院: 'ベンチビョウイン',
  診療所: 'ベンチクリニック',
  歯科診療所: 'ベンチシカイイン',
  助産所: 'ベンチジョサンイン',
  薬局: 'ベンチヤッキョク',
};

/**
 * N institutions of 東京都, each with last year's accepted 定期報告 (version 1: the kind's demo values
 * under its own name), the publication of it and its published record, by multi-row INSERTs of 500
 * in one transaction. Returns the hospitals' institutions.
 */
async function seed(h: DatabaseHandle): Promise<Institution[]> {
  const places = municipalitiesOf('13').map((m) => m.code);
  const base = new Map<InstitutionKind, { values: ReportValues; catalogue: string }>();
  for (const kind of ['病院', ...OTHER_KINDS] as const) base.set(kind, { values: demoValues(kind, LAST_YEAR), catalogue: catalogueFor(LAST_YEAR, kind).id });
  const hospitals: Institution[] = [];
  await h.db.transaction().execute(async (trx) => {
    for (let start = 0; start < N; start += BATCH) {
      const institutions: Array<Insertable<InstitutionsTable>> = [];
      const reports: Array<Insertable<ReportsTable>> = [];
      const versions: Array<Insertable<ReportVersionsTable>> = [];
      const publications: Array<Insertable<PublicationsTable>> = [];
      const facilities: Array<Insertable<PublishedFacilitiesTable>> = [];
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        const kind = i < HOSPITALS ? '病院' : OTHER_KINDS[i % OTHER_KINDS.length]!;
        const institution: Institution = {
          id: `b-inst-${i}`,
          kind,
          prefecture_code: '13',
          institution_code: String(i + 1).padStart(7, '0'),
          insurance_code: null,
          name: `ベンチ${i}${NAME[kind]}`,
          name_kana: KANA[kind],
          municipality_code: places[i % places.length]!,
          postcode: '1040061',
          address: '銀座7-7-7',
          building: null,
          phone: '03-3000-0001',
          status: 'open',
          created_at: ACCEPTED_AT,
          updated_at: ACCEPTED_AT,
        };
        if (kind === '病院') hospitals.push(institution);
        const { values, catalogue } = base.get(kind)!;
        const json = valuesJson({ ...values, 'basic.name.official': institution.name });
        institutions.push(institution);
        reports.push({
          id: `b-rep-${i}`,
          institution_id: institution.id,
          institution_kind: kind,
          prefecture_code: '13',
          municipality_code: institution.municipality_code,
          fiscal_year: LAST_YEAR,
          kind: 'periodic',
          state: 'accepted',
          catalogue,
          current_version: 1,
          reference_date: null,
          baseline_report_id: null,
          compared_publication_id: null,
          changed_items: null,
          started_by: null,
          started_at: ACCEPTED_AT - 86_400_000,
          submitted_at: ACCEPTED_AT - 3_600_000,
          submitted_by: null,
          decided_at: ACCEPTED_AT,
          decided_by: null,
          decision_comment: null,
          returned_count: 0,
          updated_at: ACCEPTED_AT,
        });
        versions.push({ report_id: `b-rep-${i}`, version: 1, values: json, invalid: null, saved_by: null, saved_at: ACCEPTED_AT - 86_400_000, source: 'form' });
        publications.push({
          id: `b-pub-${i}`,
          institution_id: institution.id,
          report_id: `b-rep-${i}`,
          report_version: 1,
          catalogue,
          values: json,
          published_at: ACCEPTED_AT,
          published_by: null,
        });
        facilities.push({
          institution_id: institution.id,
          facility_id: facilityIdOf(institution)!,
          kind,
          prefecture_code: '13',
          municipality_code: institution.municipality_code,
          name: institution.name,
          name_kana: institution.name_kana,
          name_en: null,
          publication_id: `b-pub-${i}`,
          published_at: ACCEPTED_AT,
          stopped_at: null,
          stop_reason: null,
          lapsed_at: null,
          lapsed_fiscal_year: null,
          withheld: null,
          closed_at: null,
          suspended_since: null,
          visible: 1,
          updated_at: ACCEPTED_AT,
        });
      }
      await trx.insertInto('institutions').values(institutions).execute();
      await trx.insertInto('reports').values(reports).execute();
      await trx.insertInto('report_versions').values(versions).execute();
      await trx.insertInto('publications').values(publications).execute();
      await trx.insertInto('published_facilities').values(facilities).execute();
    }
  });
  return hospitals;
}

// ── Measuring ─────────────────────────────────────────────────────────────────────────────────────

interface Sample {
  ms: number[];
  floorMs: number[];
  requestBytes: number;
  responseBytes: number;
}

/** WARMUP + MEASURED rounds of (op, floor), one at a time; only the measured rounds are kept. */
async function measure(
  op: (i: number) => Promise<{ requestBytes: number; responseBytes: number; ms: number }>,
  floor: (i: number) => Promise<number>,
): Promise<Sample> {
  const s: Sample = { ms: [], floorMs: [], requestBytes: 0, responseBytes: 0 };
  for (let i = 0; i < WARMUP + MEASURED; i++) {
    const r = await op(i);
    const f = await floor(i);
    if (i < WARMUP) continue;
    s.ms.push(r.ms);
    s.floorMs.push(f);
    s.requestBytes = r.requestBytes;
    s.responseBytes = r.responseBytes;
  }
  return s;
}

/** Times one request (the client builds its body before the clock starts). */
async function timed(send: () => Promise<Response>, check: (res: Response) => string | undefined): Promise<{ res: Response; ms: number }> {
  const t0 = performance.now();
  const res = await send();
  const ms = performance.now() - t0;
  const problem = check(res);
  if (problem) throw new Error(`${problem} (status ${res.status}): ${res.body.slice(0, 600)}`);
  return { res, ms };
}

const urlencoded = (pairs: Array<[string, string]>): string => new URLSearchParams(pairs).toString();

/** The form's inputs as name/value pairs (checkboxes repeated). */
function formPairs(input: Record<string, string | string[] | undefined>): Array<[string, string]> {
  return Object.entries(input).flatMap(([name, v]): Array<[string, string]> =>
    v === undefined ? [] : Array.isArray(v) ? v.map((x) => [name, x]) : [[name, v]],
  );
}

async function run(label: string, h: DatabaseHandle, rows: Array<Array<string | number>>): Promise<void> {
  await migrateToLatest(h);
  const t0 = performance.now();
  const hospitals = await seed(h);
  log(
    `# ${label}: seeded ${N} institutions (${hospitals.length} hospitals) with last year's accepted report, publication and record in ${fixed((performance.now() - t0) / 1000, 1)} s`,
  );

  const clock = new ManualClock(NOW);
  await setWindow(h, {
    prefectureCode: '13',
    fiscalYear: 2026,
    scheme: 'medical',
    opensAt: jstMidnight(2027, 1, 5),
    closesAt: jstMidnight(2027, 4, 1),
    referenceDate: '2027-01-01',
  });
  const platform: TestPlatform = await startTestPlatform({
    handle: h,
    clock,
    hasher: testHasher(),
    env: { SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789' },
    workerIntervalMs: 60_000,
  });
  try {
    // The April 1 job (FY2025 ended) runs now, not during the measurement: every seeded record is kept.
    await platform.worker.runOnce();
    const deps: ReportingDeps = platform.rt.deps;
    const [saver, reviewed] = [hospitals[0]!, hospitals[1]!];
    const saverStaff = await addAccount(h, clock, '病院', { prefectureCode: '13', institutionId: saver.id });
    const reviewedStaff = await addAccount(h, clock, '病院', { prefectureCode: '13', institutionId: reviewed.id });
    const tokyo = await addAccount(h, clock, '都道府県', { prefectureCode: '13' });

    // ── save: the whole hospital form of this year's 定期報告 ──
    const started = await startReport(deps, await actorOf(h.db, saverStaff), 'periodic', ORIGIN);
    if (!started.ok) throw new Error(`定期報告 could not start: ${started.problem}`);
    const saveId = started.reportId;
    const report = (await findReport(h.db, saveId))!;
    const cat = catalogueOf(deps, report);
    const prefill = versionView((await findVersion(h.db, saveId, report.current_version))!).values;
    const fields = sectionFields(cat, 'all');
    const saveBrowser: Browser = await gmisBrowserAs(platform, saverStaff.id);
    const savePath = `/reporting/reports/${saveId}/sections/all`;
    const csrf = csrfTokenIn((await saveBrowser.get(savePath)).body);
    let version = report.current_version;
    const changedValues = (i: number): ReportValues => ({ ...prefill, [CHANGED.parking]: 100 + i, [CHANGED.consultation]: 10 + i });

    const save = await measure(
      async (i) => {
        const body = urlencoded([['_csrf', csrf], ['base_version', String(version)], ...formPairs(inputsOf(fields, changedValues(2 * i), {}))]);
        const { res, ms } = await timed(
          () => saveBrowser.request('POST', savePath, body),
          (r) => (r.status === 303 && r.location === `/reporting/reports/${saveId}?done=saved` ? undefined : 'the save was not answered 303 → saved'),
        );
        version += 1;
        return { ms, requestBytes: Buffer.byteLength(body), responseBytes: Buffer.byteLength(res.body) };
      },
      async (i) => {
        const json = valuesJson(changedValues(2 * i + 1));
        const base = version;
        const f0 = performance.now();
        await h.db.transaction().execute(async (trx) => {
          const r = await trx
            .updateTable('reports')
            .set({ current_version: base + 1, updated_at: clock.now() })
            .where('id', '=', saveId)
            .where('current_version', '=', base)
            .where('state', 'in', EDITABLE_STATES)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) !== 1) throw new Error('floor: the conditional UPDATE changed no row');
          await trx
            .insertInto('report_versions')
            .values({ report_id: saveId, version: base + 1, values: json, invalid: null, saved_by: saverStaff.id, saved_at: clock.now(), source: 'form' })
            .execute();
          await trx
            .insertInto('audit_events')
            .values({
              occurred_at: clock.now(),
              type: 'report.saved',
              account_id: saverStaff.id,
              username: saverStaff.username,
              ip: ORIGIN.ip,
              user_agent: ORIGIN.userAgent,
              details: JSON.stringify({ reportId: saveId, version: base + 1 }),
            })
            .execute();
        });
        const ms = performance.now() - f0;
        version += 1;
        return ms;
      },
    );
    const stored = versionView((await findVersion(h.db, saveId, version - 1))!).values;
    if (stored[CHANGED.parking] !== 100 + 2 * (WARMUP + MEASURED - 1))
      throw new Error(`the last save did not store its values: ${String(stored[CHANGED.parking])}`);

    // ── 差異表示: a submitted 定期報告 with two items changed, as 東京都 ──
    const reviewId = await submittedReport(deps, clock, h, reviewedStaff, 'periodic', (previous) => ({
      ...previous,
      [CHANGED.parking]: Number(previous[CHANGED.parking]) + 1,
      [CHANGED.consultation]: Number(previous[CHANGED.consultation]) + 1,
    }));
    const submitted = (await findReport(h.db, reviewId))!;
    if (submitted.changed_items !== 2 || !submitted.compared_publication_id)
      throw new Error(`the submitted report has ${submitted.changed_items} changes against ${submitted.compared_publication_id}`);
    const comparedId = submitted.compared_publication_id;
    const reviewBrowser = await gmisBrowserAs(platform, tokyo.id);
    const reviewPath = `/review/reports/${reviewId}`;
    const marked = [...(await reviewBrowser.get(reviewPath)).body.matchAll(/data-item-changed="([^"]+)"/g)].map((m) => m[1]);
    if (marked.length !== 2) throw new Error(`差異表示 marks ${marked.length} items changed: ${marked.join(', ')}`);

    const review = await measure(
      async () => {
        const { res, ms } = await timed(
          () => reviewBrowser.get(reviewPath),
          (r) => (r.status === 200 && r.body.includes('data-item-changed=') ? undefined : '差異表示 was not answered 200 with the changes'),
        );
        return { ms, requestBytes: 0, responseBytes: Buffer.byteLength(res.body) };
      },
      async () => {
        const f0 = performance.now();
        const r = await h.db.selectFrom('reports').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
        await Promise.all([
          h.db.selectFrom('report_versions').selectAll().where('report_id', '=', r.id).where('version', '=', r.current_version).executeTakeFirstOrThrow(),
          h.db.selectFrom('publications').selectAll().where('id', '=', comparedId).executeTakeFirstOrThrow(),
          h.db.selectFrom('institutions').selectAll().where('id', '=', r.institution_id).executeTakeFirstOrThrow(),
        ]);
        return performance.now() - f0;
      },
    );

    for (const [op, s] of [
      ['save (POST …/sections/all, HTTP)', save],
      ['差異表示 (GET /review/reports/:id, HTTP)', review],
    ] as const) {
      const m = median(s.ms);
      const fm = median(s.floorMs);
      rows.push([
        label,
        op,
        fixed(m, 2),
        fixed(percentile(s.ms, 95), 2),
        fixed(fm, 2),
        fixed(percentile(s.floorMs, 95), 2),
        `${fixed(m / fm, 1)}×`,
        s.requestBytes,
        s.responseBytes,
        m <= GOAL_MS ? 'met' : 'NOT MET',
      ]);
    }
  } finally {
    await platform.close(); // closes the handle too
  }
}

async function main(): Promise<void> {
  log('# bench:reporting — save a full hospital report and show its 差異表示, one request at a time, over HTTP on the real platform');
  for (const line of machineSummary()) log(`# ${line}`);
  log(`# ${N} institutions stored (${HOSPITALS} hospitals with the full demo values); ${WARMUP} warm-up + ${MEASURED} measured, each beside its floor`);
  const rows: Array<Array<string | number>> = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-reporting-'));
  try {
    await run('SQLite file (WAL)', openDatabase({ engine: 'sqlite', file: path.join(dir, 'gmis.sqlite') }), rows);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const problem = await postgresProblem();
  if (problem) log(`# PostgreSQL: skipped (${problem})`);
  else {
    const schema = await createPostgresSchema();
    try {
      await run('PostgreSQL', openDatabase({ engine: 'postgres', url: TEST_POSTGRES_URL, schema }), rows);
    } finally {
      await dropPostgresSchema(schema);
    }
  }
  log();
  log(table(['engine', 'op', 'median ms', 'p95 ms', 'floor median', 'floor p95', 'ratio', 'request B', 'response B', `goal ≤ ${GOAL_MS} ms median`], rows));
  log();
  log(
    '# floor: save = one transaction: the conditional UPDATE of reports.current_version, the INSERT of the same report_versions row (JSON built beforehand), one audit row;',
  );
  log('#        差異表示 = the selects by key of the report, then its version, the compared publication and the institution.');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:reporting FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
