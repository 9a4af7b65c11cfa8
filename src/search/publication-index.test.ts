// The search index follows what is published, in the same transaction, on both engines: a snapshot
// of open data (listed, changed, delisted; a dry run changes nothing), an accepted report, 公表停止
// and its lifting, 休止 and 廃止, a lapse.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Account, Institution, InstitutionKind } from '../db/schema.ts';
import type { SnapshotFacility } from '../opendata/types.ts';
import { actorOf } from '../policies.ts';
import type { ReportValues } from '../reporting/catalogue/types.ts';
import { demoValues } from '../reporting/demo-values.ts';
import { jstMidnight } from '../reporting/fiscal-year.ts';
import { facilityIdOf, liftStop, publishSnapshot, stopPublication } from '../reporting/publication.ts';
import { lapseUnreported } from '../reporting/lapse.ts';
import { acceptReport } from '../reporting/review.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { addAccount, addInstitution, clearReporting, ORIGIN, submittedReport } from '../testing/reporting.ts';
import { clearIndex } from './index-repository.ts';
import { searchFacilities } from './query.ts';

const clock = { ms: jstMidnight(2026, 6, 10), now: () => clock.ms };
const DIGIT: Record<InstitutionKind, string> = { 病院: '1', 診療所: '2', 歯科診療所: '3', 助産所: '4', 薬局: '5' };

function snapshotFacility(kind: InstitutionKind, code: string, name: string, kana: string): SnapshotFacility {
  const address = '東京都港区芝公園4-2-8';
  return {
    id: `13${DIGIT[kind]}${code}`,
    kind,
    prefectureCode: '13',
    municipalityCode: '13103',
    institutionCode: code,
    name,
    nameKana: kana,
    address,
    values: { ...demoValues(kind, 2026), 'basic.name.official': name, 'basic.name.official_kana': kana, 'basic.location.address': address },
    source: { file: kind === '薬局' ? '05_pharmacy' : '02-1_clinic_facility_info', line: 2 },
  };
}

forEachEngine('the search index follows publication', (handle) => {
  const db = () => handle().db;
  const deps = () => testDeps(handle(), clock);
  const found = async (q: string) => (await searchFacilities(db(), { q })).results.map((r) => r.name);

  beforeEach(async () => {
    clock.ms = jstMidnight(2026, 6, 10);
    await clearReporting(handle());
    await db().deleteFrom('opendata_snapshots').execute();
    await clearIndex(db());
  });

  test('a snapshot: listed facilities found, a changed name found by its new name, a delisted one gone; a dry run changes nothing', async () => {
    const clinic = snapshotFacility('診療所', '0000000101', '芝公園ＡＢＣクリニック', 'シバコウエンエービーシークリニック');
    const pharmacy = snapshotFacility('薬局', '0000000201', '芝公園薬局', 'シバコウエンヤッキョク');
    const snapshot = (facilities: SnapshotFacility[], o: { takenOn: string; dryRun?: boolean }) =>
      publishSnapshot(db(), deps(), facilities, { unpublishMissing: true, kinds: ['診療所', '薬局'], ...o });
    await snapshot([clinic, pharmacy], { takenOn: '2026-06-01' });
    assert.deepEqual(await found('芝公園'), ['芝公園ＡＢＣクリニック', '芝公園薬局']);
    assert.deepEqual(await found('abc'), ['芝公園ＡＢＣクリニック']);

    const renamed = snapshotFacility('診療所', '0000000101', '芝公園ＸＹＺクリニック', 'シバコウエンエックスワイゼットクリニック');
    await snapshot([renamed], { takenOn: '2026-12-01', dryRun: true });
    assert.deepEqual(await found('芝公園'), ['芝公園ＡＢＣクリニック', '芝公園薬局']);

    await snapshot([renamed], { takenOn: '2026-12-01' });
    assert.deepEqual(await found('芝公園'), ['芝公園ＸＹＺクリニック']);
    assert.deepEqual(await found('abc'), []);
    assert.deepEqual(await found('xyz'), ['芝公園ＸＹＺクリニック']);
  });

  test('a report: found once accepted, gone while 公表停止, back when lifted; 休止 says so; 廃止 takes it out', async () => {
    const clinic: Institution = await addInstitution(handle(), clock, { institution_code: '7654321', name: '芝浦みなとクリニック' });
    const staff: Account = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    const tokyo = await actorOf(db(), await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' }));
    const accepted = async (kind: 'new' | 'suspension' | 'closure', values: (prefill: ReportValues) => ReportValues) => {
      const id = await submittedReport(deps(), clock, handle(), staff, kind, values);
      assert.deepEqual(await acceptReport(deps(), tokyo, id, ORIGIN), { ok: true });
    };
    await accepted('new', () => ({
      ...demoValues('診療所', 2025),
      'basic.name.official': '芝浦みなとクリニック',
      'basic.name.official_kana': 'シバウラミナトクリニック',
    }));
    assert.deepEqual(await found('しばうら'), ['芝浦みなとクリニック']);
    const [result] = (await searchFacilities(db(), { q: '芝浦' })).results;
    assert.equal(result?.id, facilityIdOf(clinic));

    assert.ok((await stopPublication(deps(), tokyo, clinic.id, '確認中', ORIGIN)).ok);
    assert.deepEqual(await found('芝浦'), []);
    assert.ok((await liftStop(deps(), tokyo, clinic.id, '確認済み', ORIGIN)).ok);
    assert.deepEqual(await found('芝浦'), ['芝浦みなとクリニック']);

    await accepted('suspension', (prefill) => ({
      ...prefill,
      'suspension.effective.date': '2026-06-09',
      'suspension.period.plan': 'date',
      'suspension.period.until': '2026-09-01',
      'suspension.reason.reason': 'renovation',
    }));
    const suspended = (await searchFacilities(db(), { q: '芝浦' })).results[0];
    assert.equal(suspended?.suspendedSince, '2026-06-09');
    const openNow = await searchFacilities(db(), { q: '芝浦', openAt: Date.parse('2026-06-10T10:00:00+09:00') });
    assert.equal(openNow.total, 0, '休止中 is not open');

    await accepted('closure', (prefill) => ({
      ...prefill,
      'closure.effective.date': '2026-06-10',
      'closure.reason.reason': 'retirement',
      'closure.records.medical': '院長（自宅）',
    }));
    assert.deepEqual(await found('芝浦'), []);
  });

  test('a lapse (no 定期報告 in the fiscal year) takes the record out', async () => {
    const clinic = await addInstitution(handle(), clock, { institution_code: '7654322' });
    const staff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    const tokyo = await actorOf(db(), await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' }));
    const id = await submittedReport(deps(), clock, handle(), staff, 'new', () => ({ ...demoValues('診療所', 2026), 'basic.name.official': '芝浦なぎさ医院' }));
    assert.deepEqual(await acceptReport(deps(), tokyo, id, ORIGIN), { ok: true });
    assert.deepEqual(await found('なぎさ'), ['芝浦なぎさ医院']);
    clock.ms = jstMidnight(2028, 4, 2);
    assert.deepEqual(await lapseUnreported(deps(), { fiscalYear: 2027, dryRun: false }), { lapsed: 1, kept: 0 });
    assert.deepEqual(await found('なぎさ'), []);
  });
});
