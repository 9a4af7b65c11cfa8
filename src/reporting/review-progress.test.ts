// The 報告確認 counts and the 未報告 list on both engines: open institutions in the reviewer's reach,
// those whose year's 新規・定期報告 is handed in (not accepted yet) and those accepted; a draft or a
// 随時報告 does not count, a closed institution is no target, another prefecture's are not seen.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Account } from '../db/schema.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { actorOf, Forbidden } from '../policies.ts';
import { addAccount, addInstitution, clearReporting, ORIGIN, submittedReport } from '../testing/reporting.ts';
import { demoValues } from './demo-values.ts';
import { jstMidnight } from './fiscal-year.ts';
import { startReport, type ReportingDeps } from './reports.ts';
import { acceptReport } from './review.ts';
import { listUnreported, reportingProgress } from './review-progress.ts';

const clock = { ms: jstMidnight(2026, 2, 1), now: () => clock.ms };
const page = { limit: 50, offset: 0 };

forEachEngine('報告確認 counts', (handle) => {
  const deps = (): ReportingDeps => testDeps(handle(), clock);
  const actor = (a: Account) => actorOf(handle().db, a);
  let tokyo: Account;

  beforeEach(async () => {
    await clearReporting(handle());
    tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
  });

  /** A clinic (東京都中央区 unless told) and its staff. */
  const clinic = async (o: Parameters<typeof addInstitution>[2] = {}) => {
    const institution = await addInstitution(handle(), clock, o);
    const staff = await addAccount(handle(), clock, '診療所', { prefectureCode: institution.prefecture_code, institutionId: institution.id });
    return { institution, staff };
  };
  const values = () => demoValues('診療所', 2025);

  test('targets, reported, accepted, unreported and the rate; the 未報告 list', async () => {
    const accepted = await clinic({ name: '確認済クリニック' });
    const reported = await clinic({ name: '報告済クリニック' });
    const drafting = await clinic({ name: '下書きクリニック' });
    const silent = await clinic({ name: '未報告クリニック', municipality_code: '13101' });
    await clinic({ name: '廃止クリニック', status: 'closed' });
    await clinic({ name: '大阪のクリニック', prefecture_code: '27', municipality_code: '27127', postcode: '5300001' });

    const first = await submittedReport(deps(), clock, handle(), accepted.staff, 'new', values);
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), first, ORIGIN), { ok: true });
    // A 随時報告 after it does not make the institution count twice.
    await submittedReport(deps(), clock, handle(), accepted.staff, 'change', (v) => ({ ...v, 'basic.phone.phone': '03-1111-2222' }));
    await submittedReport(deps(), clock, handle(), reported.staff, 'new', values);
    assert.ok((await startReport(deps(), await actor(drafting.staff), 'new', ORIGIN)).ok);

    const p = await reportingProgress(handle().db, await actor(tokyo), { fiscalYear: 2025 });
    assert.deepEqual(p, { targets: 4, reported: 1, accepted: 1, unreported: 2, rate: 0.5 });
    const names = async (q: Parameters<typeof listUnreported>[2]) =>
      (await listUnreported(handle().db, await actor(tokyo), q, page)).rows.map((r) => r.name).sort();
    assert.deepEqual(await names({ fiscalYear: 2025 }), ['下書きクリニック', '未報告クリニック']);
    assert.deepEqual(await names({ fiscalYear: 2025, municipalityCode: '13101' }), ['未報告クリニック']);
    assert.deepEqual(await names({ fiscalYear: 2025, q: '下書き' }), ['下書きクリニック']);
    // Another fiscal year: nothing reported yet.
    assert.deepEqual(await reportingProgress(handle().db, await actor(tokyo), { fiscalYear: 2026 }), {
      targets: 4,
      reported: 0,
      accepted: 0,
      unreported: 4,
      rate: 0,
    });

    // A health centre counts its municipality only; an institution may not ask.
    const centre = await addAccount(handle(), clock, '保健所', { prefectureCode: '13', municipalities: ['13101'] });
    assert.deepEqual(await reportingProgress(handle().db, await actor(centre), { fiscalYear: 2025 }), {
      targets: 1,
      reported: 0,
      accepted: 0,
      unreported: 1,
      rate: 0,
    });
    await assert.rejects(reportingProgress(handle().db, await actor(silent.staff), { fiscalYear: 2025 }), Forbidden);
  });
});
