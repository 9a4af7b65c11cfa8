// The reporting demo on a first start: デモ総合病院's last fiscal year's 定期報告 is accepted and
// shown on 医療情報ネット, and this fiscal year's 定期報告 can be started at once (東京都's window is open).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../testing/db.ts';
import { findAccountById } from '../identity/accounts/account-repository.ts';
import { testHasher } from '../identity/password/hasher.ts';
import { ManualClock } from '../platform/clock.ts';
import { actorOf } from '../policies.ts';
import { seedDemoData, type DemoData } from '../seed.ts';
import { startTestPlatform, type TestPlatform } from '../testing/platform.ts';
import { demoWindowOpensAt } from './demo.ts';
import { fyEnd, jstMidnight } from './fiscal-year.ts';
import { reportingHome } from './home.ts';
import { listReports } from './report-repository.ts';
import { publishedFacility } from './publication.ts';
import { windowFor } from './periods.ts';
import { listReportQueue, reviewView } from './review.ts';

const HOUR = 3_600_000;

test('the demo window opens on the seeding day before 1/7, else on 1/7; it is always open on that day', () => {
  for (const [y, m, d, opens] of [
    [2026, 12, 2, jstMidnight(2026, 12, 2)],
    [2026, 4, 1, jstMidnight(2026, 4, 1)],
    [2027, 1, 3, jstMidnight(2027, 1, 3)],
    [2027, 1, 7, jstMidnight(2027, 1, 7)],
    [2027, 3, 31, jstMidnight(2027, 1, 7)],
  ] as const) {
    const now = jstMidnight(y, m, d) + 15 * HOUR;
    assert.equal(demoWindowOpensAt(now), opens, `${y}-${m}-${d}`);
    assert.ok(demoWindowOpensAt(now) <= now && now < fyEnd(2026));
  }
});

describeEachEngine('reporting demo data', (engine) => {
  let p: TestPlatform;
  let demo: DemoData;
  // 2 December 2026, 11:00 Japan time: FY2026, before the usual window.
  const clock = new ManualClock(jstMidnight(2026, 12, 2) + 11 * HOUR);

  before(async () => {
    p = await startTestPlatform({ engine, clock, hasher: testHasher() });
    demo = (await seedDemoData(p.rt))!;
    assert.ok(demo, 'seeded on an empty database');
  });
  after(() => p?.close());

  test('デモ総合病院 has FY2025 定期報告 accepted and visible on 医療情報ネット', async () => {
    const { db } = p.rt.deps;
    const view = await publishedFacility(db, demo.reporting.facilityId);
    assert.ok(view, 'the record is visible');
    assert.equal(view.facility.name, 'デモ総合病院');
    assert.equal(view.publication.catalogue, view.catalogue.id);
    assert.equal(view.publication.published_at, jstMidnight(2026, 2, 20) + 10 * HOUR);
    const { rows } = await listReports(db, 'all', { fiscalYear: 2025 }, { limit: 10, offset: 0 });
    // FY2025: the hospital's and the clinic's 定期報告, both accepted (the clinic's 随時報告 is FY2026).
    assert.deepEqual(rows.map((r) => [r.institution_name, r.kind, r.state, r.fiscal_year]).sort(), [
      ['デモ総合病院', 'periodic', 'accepted', 2025],
      ['医療法人社団　髙橋ファミリークリニック', 'periodic', 'accepted', 2025],
    ]);
    assert.equal(rows.find((r) => r.institution_name === 'デモ総合病院')!.id, view.publication.report_id);

    const res = await fetch(`${p.url.navi}/facilities/${demo.reporting.facilityId}`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /デモ総合病院/);
  });

  test('東京都 has this fiscal year’s windows open, so the demo hospital may start its 定期報告 now', async () => {
    const { db } = p.rt.deps;
    const medical = await windowFor(db, '13', 2026, 'medical');
    const pharmacy = await windowFor(db, '13', 2026, 'pharmacy');
    assert.deepEqual([medical?.opensAt, medical?.closesAt, medical?.referenceDate], [jstMidnight(2026, 12, 2), fyEnd(2026), '2027-01-01']);
    assert.deepEqual([pharmacy?.opensAt, pharmacy?.referenceDate], [jstMidnight(2026, 12, 2), '2026-12-31']);

    // The newcomer has set the password from the welcome mail: the account is active.
    await db.updateTable('accounts').set({ state: 'active' }).where('id', '=', demo.hospital.accountId).execute();
    const account = (await findAccountById(db, demo.hospital.accountId))!;
    const home = await reportingHome(p.rt.deps, await actorOf(db, account), clock.now());
    assert.equal(home.institution.name, 'デモ総合病院');
    assert.equal(home.fiscalYear, 2026);
    assert.equal(home.window?.open, true);
    assert.deepEqual(home.actions.periodic, { enabled: true });
    assert.equal(home.published?.visible, true);
  });

  test('東京都の報告確認: 髙橋ファミリークリニックの随時報告が、変わった2項目とともに待っている', async () => {
    const db = p.rt.deps.db;
    await db.updateTable('accounts').set({ state: 'active' }).where('id', '=', demo.prefecture.accountId).execute();
    const prefecture = await actorOf(db, (await findAccountById(db, demo.prefecture.accountId))!);
    const { rows } = await listReportQueue(db, prefecture, {}, { limit: 20, offset: 0 });
    const waiting = rows.filter((r) => r.state === 'submitted');
    assert.equal(waiting.length, 1);
    assert.equal(waiting[0]!.kind, 'change');
    assert.match(waiting[0]!.institution_name, /髙橋ファミリークリニック/);
    const view = await reviewView(p.rt.deps, prefecture, waiting[0]!.id);
    assert.deepEqual(
      view!.diff.filter((d) => d.status !== 'same').map((d) => d.itemId),
      ['basic.phone', 'access.transport'],
    );
  });
});
