// The April 1 job with an injected clock (acceptance item 2): nothing before 4/1 00:00 JST; then
// the fiscal year's non-reporters (no report, a draft only, a discarded report) are unpublished and
// the reporters (submitted, resubmitted, returned, accepted) kept, one publication.lapsed event
// each; a second call does nothing; two runners side by side make one run; a later accepted
// 随時報告 shows the record again. The reports and publications are fixtures written directly.
// Records an open-data snapshot published during the year count as reported for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Insertable } from 'kysely';
import { listAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { ReportKind, ReportsTable, ReportState } from '../db/schema.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { jstMidnight } from './fiscal-year.ts';
import { lapseUnreported, scheduledLapse, TooEarlyToLapse } from './lapse.ts';
import { upsertPublishedFacility } from './publication-repository.ts';
import { importSeedSnapshot } from '../opendata/seed-import.ts';

const APRIL_1_2027 = jstMidnight(2027, 4, 1);
/** A report of FY2026 handed in during the window (after its 報告基準日 2027-01-01). */
const SUBMITTED = jstMidnight(2027, 2, 10);

let serial = 0;

async function insertReport(
  db: Db,
  institutionId: string,
  o: { fiscalYear: number; kind: ReportKind; state: ReportState; submittedAt: number | null; at: number },
) {
  const id = `r-${++serial}`;
  const row: Insertable<ReportsTable> = {
    id,
    institution_id: institutionId,
    institution_kind: '診療所',
    prefecture_code: '13',
    municipality_code: '13101',
    fiscal_year: o.fiscalYear,
    kind: o.kind,
    state: o.state,
    catalogue: `${o.fiscalYear}:medical`,
    current_version: 1,
    reference_date: `${o.fiscalYear + 1}-01-01`,
    started_at: o.at,
    submitted_at: o.submittedAt,
    decided_at: o.state === 'accepted' ? o.at : null,
    updated_at: o.at,
  };
  await db.insertInto('reports').values(row).execute();
  await db.insertInto('report_versions').values({ report_id: id, version: 1, values: '{}', saved_at: o.at, source: 'form' }).execute();
  return id;
}

async function publish(db: Db, institutionId: string, reportId: string, at: number) {
  const publicationId = `p-${++serial}`;
  await db
    .insertInto('publications')
    .values({
      id: publicationId,
      institution_id: institutionId,
      report_id: reportId,
      report_version: 1,
      catalogue: '2025:medical',
      values: '{}',
      published_at: at,
    })
    .execute();
  return upsertPublishedFacility(db, {
    institution_id: institutionId,
    facility_id: `132${institutionId.replace(/\D/g, '').padStart(10, '0')}`,
    kind: '診療所',
    prefecture_code: '13',
    municipality_code: '13101',
    name: `${institutionId} クリニック`,
    name_kana: 'クリニック',
    publication_id: publicationId,
    published_at: at,
    updated_at: at,
    withheld: null,
  });
}

/** A clinic published from an accepted FY2025 定期報告 (February 2026), and what it did in FY2026. */
async function clinic(db: Db, name: string, fy2026: { state: ReportState; submittedAt: number | null } | undefined) {
  const id = `inst-${name}-${++serial}`;
  const t = jstMidnight(2026, 2, 20);
  await db
    .insertInto('institutions')
    .values({
      id,
      kind: '診療所',
      prefecture_code: '13',
      institution_code: String(serial),
      insurance_code: null,
      name: `${name}クリニック`,
      name_kana: 'クリニック',
      municipality_code: '13101',
      postcode: '1000001',
      address: '東京都千代田区千代田1-1',
      building: null,
      phone: '03-0000-0000',
      status: 'open',
      created_at: t,
      updated_at: t,
    })
    .execute();
  const baseline = await insertReport(db, id, { fiscalYear: 2025, kind: 'periodic', state: 'accepted', submittedAt: jstMidnight(2026, 2, 10), at: t });
  await publish(db, id, baseline, t);
  if (fy2026)
    await insertReport(db, id, { fiscalYear: 2026, kind: 'periodic', state: fy2026.state, submittedAt: fy2026.submittedAt, at: jstMidnight(2027, 1, 20) });
  return id;
}

const facility = (db: Db, institutionId: string) =>
  db.selectFrom('published_facilities').selectAll().where('institution_id', '=', institutionId).executeTakeFirstOrThrow();
const lapsedEvents = async (db: Db, fiscalYear: number) =>
  (await listAudit(db, { type: 'publication.lapsed', limit: 1000 }))
    .map((e) => JSON.parse(e.details) as { institutionId: string; facilityId: string; fiscalYear: number })
    .filter((d) => d.fiscalYear === fiscalYear);

forEachEngine('the April 1 job', (handle) => {
  const clock = new ManualClock(APRIL_1_2027 - 1_000); // 2027-03-31 23:59:59 JST
  const deps = () => testDeps(handle(), clock);
  const lapsing: Record<string, string> = {};
  const keeping: Record<string, string> = {};

  test('fixtures: three non-reporters and four reporters of FY2026', async () => {
    const db = handle().db;
    lapsing.none = await clinic(db, 'none', undefined);
    lapsing.draft = await clinic(db, 'draft', { state: 'draft', submittedAt: null });
    // Handed in, returned, then thrown away: no report any more.
    lapsing.discarded = await clinic(db, 'discarded', { state: 'discarded', submittedAt: SUBMITTED });
    for (const state of ['submitted', 'resubmitted', 'returned', 'accepted'] as const)
      keeping[state] = await clinic(db, state, { state, submittedAt: SUBMITTED });
    for (const id of [...Object.values(lapsing), ...Object.values(keeping)]) assert.equal((await facility(db, id)).visible, 1);
  });

  test('2027-03-31 23:59:59 JST: FY2026 has not ended, nothing lapses (a dry run counts, a real one is refused)', async () => {
    const result = await scheduledLapse(deps());
    // What is due is FY2025's run, which every clinic reported for.
    assert.deepEqual(result, { fiscalYear: 2025, lapsed: 0, kept: 7 });
    assert.deepEqual(await lapseUnreported(deps(), { fiscalYear: 2026, dryRun: true }), { lapsed: 3, kept: 4 });
    await assert.rejects(lapseUnreported(deps(), { fiscalYear: 2026, dryRun: false }), TooEarlyToLapse);
    for (const id of [...Object.values(lapsing), ...Object.values(keeping)]) assert.equal((await facility(handle().db, id)).visible, 1);
    assert.deepEqual(await listAudit(handle().db, { type: 'publication.lapsed' }), []);
    assert.equal(await scheduledLapse(deps()), undefined, 'FY2025 is done');
  });

  test('2027-04-01 00:00 JST: non-reporters lapse, reporters are kept, one audit event each', async () => {
    clock.advance(1_000);
    assert.equal(clock.now(), APRIL_1_2027);
    assert.deepEqual(await scheduledLapse(deps()), { fiscalYear: 2026, lapsed: 3, kept: 4 });
    for (const id of Object.values(lapsing)) {
      const f = await facility(handle().db, id);
      assert.deepEqual([f.visible, Number(f.lapsed_at), Number(f.lapsed_fiscal_year)], [0, APRIL_1_2027, 2026], id);
    }
    for (const id of Object.values(keeping)) {
      const f = await facility(handle().db, id);
      assert.deepEqual([f.visible, f.lapsed_at], [1, null], id);
    }
    const events = await lapsedEvents(handle().db, 2026);
    assert.deepEqual(events.map((e) => e.institutionId).sort(), Object.values(lapsing).sort());
    for (const e of events) assert.equal(e.facilityId, (await facility(handle().db, e.institutionId)).facility_id);
    const run = await handle().db.selectFrom('reporting_lapse_runs').selectAll().where('fiscal_year', '=', 2026).executeTakeFirstOrThrow();
    assert.deepEqual([Number(run.lapsed), Number(run.kept), Number(run.finished_at)], [3, 4, APRIL_1_2027]);
  });

  test('a second call, and a manual run, lapse nothing more', async () => {
    clock.advance(60_000);
    assert.equal(await scheduledLapse(deps()), undefined);
    assert.deepEqual(await lapseUnreported(deps(), { fiscalYear: 2026, dryRun: false }), { lapsed: 0, kept: 4 });
    assert.equal((await lapsedEvents(handle().db, 2026)).length, 3);
  });

  test('a later accepted 随時報告 shows the record again', async () => {
    clock.advance(10 * 86_400_000);
    const db = handle().db;
    const change = await insertReport(db, lapsing.draft!, { fiscalYear: 2027, kind: 'change', state: 'accepted', submittedAt: clock.now(), at: clock.now() });
    const f = await publish(db, lapsing.draft!, change, clock.now());
    assert.deepEqual([f.visible, f.lapsed_at, f.lapsed_fiscal_year], [1, null, null]);
    assert.equal(await scheduledLapse(deps()), undefined, 'FY2026 stays done');
    assert.equal((await facility(db, lapsing.draft!)).visible, 1);
  });

  test('two runners at once on 2028-04-01 make one run, each record lapsed once', async () => {
    clock.advance(jstMidnight(2028, 4, 1) - clock.now());
    const results = await Promise.all([scheduledLapse(deps()), scheduledLapse(deps())]);
    const made = results.filter((r) => r !== undefined);
    // Nobody reported for FY2027: the four reporters of FY2026 and the record shown again lapse.
    assert.deepEqual(made, [{ fiscalYear: 2027, lapsed: 5, kept: 0 }]);
    const events = await lapsedEvents(handle().db, 2027);
    assert.deepEqual(events.map((e) => e.institutionId).sort(), [...Object.values(keeping), lapsing.draft!].sort());
  });
});

forEachEngine('the April 1 job and records from open data', (handle) => {
  // The reader's fixture snapshot imported on 2026-06-10 (FY2026): that year's data, reported there.
  const clock = new ManualClock(jstMidnight(2026, 6, 10));
  const deps = () => testDeps(handle(), clock);
  let imported = 0;
  const visibleCount = async () =>
    Number(
      (
        await handle()
          .db.selectFrom('published_facilities')
          .where('visible', '=', 1)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('kept at the end of the fiscal year of their snapshot, lapsed at the end of the next one without a newer snapshot', async () => {
    const fixture = fileURLToPath(new URL('../opendata/fixtures/snapshot-2026/', import.meta.url));
    imported = (await importSeedSnapshot(deps(), fixture, { unpublishMissing: true })).result.created;
    assert.ok(imported > 0);
    assert.equal(await visibleCount(), imported);

    clock.advance(APRIL_1_2027 - clock.now());
    assert.deepEqual(await scheduledLapse(deps()), { fiscalYear: 2026, lapsed: 0, kept: imported });
    assert.equal(await visibleCount(), imported);

    clock.advance(jstMidnight(2028, 4, 1) - clock.now());
    assert.deepEqual(await scheduledLapse(deps()), { fiscalYear: 2027, lapsed: imported, kept: 0 });
    assert.equal(await visibleCount(), 0);
  });
});
