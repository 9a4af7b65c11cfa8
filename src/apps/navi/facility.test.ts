// 医療情報ネット's facility page over real HTTP, on SQLite and PostgreSQL: the published record's
// public items only (names, 公表日, a department timetable, closed days in words), English with
// ?lang=en, and the same 404 page for a record that is stopped, withheld (外来区分 9) or unknown.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../../testing/db.ts';
import type { InstitutionKind } from '../../db/schema.ts';
import { importInstitutions } from '../../institutions/csv.ts';
import { ManualClock } from '../../platform/clock.ts';
import { cryptoRandom } from '../../platform/secrets.ts';
import type { Ports } from '../../ports.ts';
import { catalogueFor } from '../../reporting/catalogue/load.ts';
import type { ReportValues } from '../../reporting/catalogue/types.ts';
import { demoValues } from '../../reporting/demo-values.ts';
import { clearStopped, markStopped } from '../../reporting/publication-repository.ts';
import { assertNoIsoDates, textOf } from '../../testing/dates.ts';
import { Browser } from '../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { publishAcceptedReport } from '../../testing/reporting.ts';
import { FACILITY_WORDS } from './facility-page.tsx';

const NOT_PUBLIC = FACILITY_WORDS.ja.notPublicTitle;

describeEachEngine('医療情報ネット facility page', (engine) => {
  let platform: TestPlatform;
  let deps: Ports;
  let navi: Browser;
  const clock = new ManualClock(Date.UTC(2026, 1, 20, 1, 0, 0));

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    deps = platform.rt.deps;
    navi = new Browser(platform.url.navi);
    await importInstitutions(
      { db: deps.db, random: cryptoRandom, now: 0 },
      Buffer.from(
        '機関区分,都道府県コード,機関コード,機関名,フリガナ,市区町村コード,郵便番号,住所,電話番号\n' +
          '診療所,13,1310000001,髙橋ファミリークリニック,タカハシファミリークリニック,13102,1040061,銀座9-9,03-3000-0003\n' +
          '診療所,13,1310000002,銀座こども外来なしクリニック,ギンザコドモクリニック,13102,1040061,銀座1-1,03-3000-0004\n',
      ),
    );
  });
  after(() => platform.close());

  const publish = (code: string, kind: InstitutionKind, values: ReportValues) => publishAcceptedReport(deps, code, kind, values);

  test('the published record: names, 公表日, timetable and closed days; public items only; English with ?lang=en; 404 once stopped', async () => {
    const { facilityId, institutionId } = await publish('1310000001', '診療所', demoValues('診療所'));
    const page = await navi.get(`/facilities/${facilityId}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<html lang="ja"[ >]/);
    assert.match(page.body, /医療法人社団 髙橋ファミリークリニック/);
    assert.match(page.body, /イリョウホウジンシャダン　タカハシファミリークリニック/);
    assert.match(page.body, /Takahashi Family Clinic/);
    assert.match(page.body, /data-published-on="2026-02-20"[^>]*>2026年2月20日/);
    // A department timetable cell, and closed days in words.
    assert.match(textOf(page.body), /診療科目別の診療時間 診療科目 時間帯 月 [\s\S]*? 内科 1 診療 09:00–12:30 受付 08:45–12:15 /);
    // Each time range in one piece the style sheet keeps on one line (not 「09:00–」 over 「12:30」).
    assert.match(
      page.body,
      /<span>診療 <\/span><span class="time-range">09:00–12:30<\/span><br\/><span>受付 <\/span><span class="time-range">08:45–12:15<\/span>/,
    );
    assert.match(page.body, /毎週日曜、祝日。その他：年末年始/);
    // 管理者のフリガナ is not public; 外来区分 neither.
    assert.doesNotMatch(page.body, /タカハシ　ハナコ/);
    assert.doesNotMatch(page.body, /data-field="basic.departments.outpatient_category"/);
    assert.match(page.body, /髙橋　花子/);

    const en = await navi.get(`/facilities/${facilityId}?lang=en`);
    assert.equal(en.status, 200);
    assert.match(en.body, /<html lang="en"[ >]/);
    assert.match(en.body, /<h1 class="page-title">Takahashi Family Clinic<\/h1>/);
    assert.match(en.body, /<dt>Published<\/dt>\s*<dd data-published-on="2026-02-20">February 20, 2026<\/dd>/, 'the day in English words');
    assert.match(en.body, /every Sunday; public holidays/);
    assert.match(en.body, new RegExp(catalogueFor(2025, '診療所').itemsById.get('access.transport')!.label.en));
    assertNoIsoDates(page.body, 'the facility page');
    assertNoIsoDates(en.body, 'the English facility page');
    const odd = await navi.get(`/facilities/${facilityId}?lang=fr`);
    assert.match(odd.body, /<html lang="ja"[ >]/);

    await markStopped(deps.db, institutionId, clock.now(), '確認中');
    const stopped = await navi.get(`/facilities/${facilityId}`);
    assert.equal(stopped.status, 404);
    assert.match(stopped.body, new RegExp(NOT_PUBLIC));
    assert.doesNotMatch(stopped.body, /髙橋/);
    await clearStopped(deps.db, institutionId, clock.now());
    assert.equal((await navi.get(`/facilities/${facilityId}`)).status, 200);
  });

  test('外来区分 9 is never published, and an unknown or malformed ID answers the same 404 page', async () => {
    const values = { ...demoValues('診療所'), 'basic.name.official': '銀座こども外来なしクリニック', 'basic.departments.outpatient_category': '9' };
    const { facilityId } = await publish('1310000002', '診療所', values);
    for (const path of [`/facilities/${facilityId}`, '/facilities/1320000099999', '/facilities/abc', `/facilities/${facilityId}?lang=en`]) {
      const r = await navi.get(path);
      assert.equal(r.status, 404, path);
      assert.match(r.body, path.endsWith('lang=en') ? new RegExp(FACILITY_WORDS.en.notPublicTitle) : new RegExp(NOT_PUBLIC), path);
    }
  });
});
