// 報告確認 over real HTTP on the real platform, on SQLite and PostgreSQL, reviewers signed in through
// Med-Login: each role's list and counts (the prefecture, a health centre for its municipality, the
// office that sees but does not decide, another prefecture and an institution refused); 差異表示 of a
// 随時報告 with two changes and 「変更のある項目だけ表示」; 確認 publishes; 差戻し needs a comment and
// mails it once; the reporting window and the publication setting; 公表停止 (asked once more) and
// its lifting, seen on 医療情報ネット.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Account, Institution } from '../../../db/schema.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { listMail } from '../../../mail/outbox.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { actorOf } from '../../../policies.ts';
import { demoValues } from '../../../reporting/demo-values.ts';
import { jstMidnight } from '../../../reporting/fiscal-year.ts';
import { facilityIdOf } from '../../../reporting/publication.ts';
import { publishOnOf } from '../../../reporting/publication-repository.ts';
import { listPeriods } from '../../../reporting/periods.ts';
import { findReport } from '../../../reporting/report-repository.ts';
import { acceptReport } from '../../../reporting/review.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { Browser, csrfTokenIn } from '../../../testing/http-client.ts';
import { assertNoIsoDates } from '../../../testing/dates.ts';
import { assertShows } from '../../../testing/messages.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { addAccount, addInstitution, ORIGIN, submittedReport } from '../../../testing/reporting.ts';

describeEachEngine('報告確認 routes', (engine) => {
  let platform: TestPlatform;
  const clock = new ManualClock(jstMidnight(2026, 2, 2));
  const h = () => platform.rt.handle;
  const deps = () => platform.rt.deps;
  let tokyo: Account;
  let centre: Account;
  let office: Account;
  let osaka: Account;

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    tokyo = await addAccount(h(), clock, '都道府県', { prefectureCode: '13' });
    centre = await addAccount(h(), clock, '保健所', { prefectureCode: '13', municipalities: ['13102'] });
    office = await addAccount(h(), clock, '事務局');
    osaka = await addAccount(h(), clock, '都道府県', { prefectureCode: '27' });
  });
  after(() => platform.close());

  const as = (a: Account) => gmisBrowserAs(platform, a.id);
  const navi = () => new Browser(platform.url.navi);
  const count = (html: string, pattern: RegExp) => (html.match(new RegExp(pattern.source, 'g')) ?? []).length;

  /** A clinic with its staff account, and its 新規報告 handed in. */
  async function clinicWithReport(o: Partial<Institution> = {}): Promise<{ clinic: Institution; staff: Account; reportId: string }> {
    const clinic = await addInstitution(h(), clock, o);
    const staff = await addAccount(h(), clock, '診療所', { prefectureCode: clinic.prefecture_code, institutionId: clinic.id });
    const reportId = await submittedReport(deps(), clock, h(), staff, 'new', () => ({
      ...demoValues('診療所', 2025),
      'basic.name.official': clinic.name,
    }));
    return { clinic, staff, reportId };
  }

  test('each role sees its own reach: prefecture and health centre decide, the office sees only, others are refused', async () => {
    const chuo = await clinicWithReport({ name: '銀座みなとクリニック' });
    const chiyoda = await clinicWithReport({ name: '千代田さくらクリニック', municipality_code: '13101' });

    const tokyoList = await (await as(tokyo)).get('/review/reports');
    assert.equal(tokyoList.status, 200);
    assert.match(tokyoList.body, /銀座みなとクリニック/);
    assert.match(tokyoList.body, /千代田さくらクリニック/);
    assert.match(tokyoList.body, /data-count="reported">\d+件/);

    const centreList = await (await as(centre)).get('/review/reports');
    assert.match(centreList.body, /銀座みなとクリニック/);
    assert.doesNotMatch(centreList.body, /千代田さくらクリニック/);
    assert.equal((await (await as(centre)).get(`/review/reports/${chiyoda.reportId}`)).status, 404);

    const officeBrowser = await as(office);
    const officeList = await officeBrowser.get('/review/reports');
    assert.match(officeList.body, /千代田さくらクリニック/);
    const officePage = await officeBrowser.get(`/review/reports/${chuo.reportId}`);
    assert.equal(officePage.status, 200);
    assert.doesNotMatch(officePage.body, /確認する<\/button>/);
    const officeAccept = await officeBrowser.request('POST', `/review/reports/${chuo.reportId}/accept`, { _csrf: csrfTokenIn(officePage.body) });
    assert.equal(officeAccept.status, 403);
    const officeReturn = await officeBrowser.request('POST', `/review/reports/${chuo.reportId}/return`, { _csrf: csrfTokenIn(officePage.body), comment: '' });
    assert.equal(officeReturn.status, 403, 'refused before the comment is read');
    assert.equal((await findReport(h().db, chuo.reportId))!.state, 'submitted');

    assert.equal((await (await as(osaka)).get(`/review/reports/${chuo.reportId}`)).status, 404);
    assert.doesNotMatch((await (await as(osaka)).get('/review/reports')).body, /銀座みなとクリニック/);
    assert.equal((await (await as(chuo.staff)).get('/review/reports')).status, 403);

    // Filters: state 未報告 lists an institution without a report; keyword narrows.
    await addInstitution(h(), clock, { name: '未報告のぞみ医院' });
    const unreported = await (await as(tokyo)).get('/review/reports?state=unreported');
    assert.match(unreported.body, /未報告のぞみ医院/);
    assert.doesNotMatch(unreported.body, /銀座みなとクリニック/);
    const keyword = await (await as(tokyo)).get(`/review/reports?q=${encodeURIComponent('さくら')}`);
    assert.match(keyword.body, /千代田さくらクリニック/);
    assert.doesNotMatch(keyword.body, /銀座みなとクリニック/);

    // The health centre decides a report of its municipality: 確認 publishes.
    const centreBrowser = await as(centre);
    const page = await centreBrowser.get(`/review/reports/${chuo.reportId}`);
    assert.match(page.body, /確認する<\/button>/);
    const accepted = await centreBrowser.request('POST', `/review/reports/${chuo.reportId}/accept`, { _csrf: csrfTokenIn(page.body) });
    assert.equal(accepted.status, 303);
    assert.match(accepted.location!, /done=accepted$/);
    const after = await centreBrowser.get(accepted.location!);
    assertShows(after.body, MESSAGES['report_review.accepted']);
    assert.equal((await findReport(h().db, chuo.reportId))!.state, 'accepted');
    const facilityId = facilityIdOf(chuo.clinic)!;
    const shown = await navi().get(`/facilities/${facilityId}`);
    assert.equal(shown.status, 200);
    assert.match(shown.body, /銀座みなとクリニック/);
    // Again: already processed.
    const again = await centreBrowser.request('POST', `/review/reports/${chuo.reportId}/accept`, { _csrf: csrfTokenIn(page.body) });
    assert.match(again.location!, /done=already_processed/);
  });

  test('差異表示 shows exactly the two changed items, and only them on request', async () => {
    const { clinic, staff, reportId } = await clinicWithReport({ name: '銀座ふたばクリニック' });
    assert.deepEqual(await acceptReport(deps(), await actorOf(h().db, tokyo), reportId, ORIGIN), { ok: true });
    const change = await submittedReport(deps(), clock, h(), staff, 'change', (previous) => ({
      ...previous,
      'basic.phone.phone': '03-9999-0000',
      'access.transport.text': '都営浅草線 東銀座駅 A2出口から徒歩2分。',
    }));
    const browser = await as(tokyo);
    const full = await browser.get(`/review/reports/${change}`);
    assert.equal(full.status, 200);
    const changed = [...full.body.matchAll(/data-item-changed="([^"]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(changed, ['access.transport', 'basic.phone']);
    assert.equal(count(full.body, /変更あり/), 2);
    assert.match(full.body, /<mark>03-9999-0000<\/mark>/);
    assert.match(full.body, /href="\/review\/reports\/[^"]+\?only=changes">変更のある項目だけ表示/);
    assert.ok(count(full.body, /data-item="/) > 2);
    const only = await browser.get(`/review/reports/${change}?only=changes`);
    assert.equal(count(only.body, /data-item="/), 2);
    assert.equal(count(only.body, /data-item-changed="/), 2);
    assert.match(only.body, /すべての項目を表示/);
    assert.ok(clinic);
  });

  test('差戻し needs a comment and mails it once to the institution', async () => {
    const { staff, reportId } = await clinicWithReport({ name: '銀座もどしクリニック' });
    const browser = await as(tokyo);
    const page = await browser.get(`/review/reports/${reportId}`);
    const empty = await browser.request('POST', `/review/reports/${reportId}/return`, { _csrf: csrfTokenIn(page.body), comment: '　' });
    assert.equal(empty.status, 422);
    assert.match(empty.body, new RegExp(MESSAGES['text.required']('差戻しの理由')));
    const comment = '駐車場の台数を確認してください。';
    const returned = await browser.request('POST', `/review/reports/${reportId}/return`, { _csrf: csrfTokenIn(page.body), comment });
    assert.equal(returned.status, 303);
    assert.match(returned.location!, /done=returned/);
    assert.equal((await findReport(h().db, reportId))!.state, 'returned');
    const mails = (await listMail(h().db, { to: staff.email })).filter((m) => m.body_text.includes(comment));
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.body_text, new RegExp(`/reporting/reports/${reportId}`));
    const shown = await browser.get(`/review/reports/${reportId}`);
    assert.match(shown.body, /差戻しの理由/);
    assert.doesNotMatch(shown.body, /確認する<\/button>/);
  });

  test('the reporting window and the publication setting: the prefecture sets its own, the office only sees', async () => {
    const browser = await as(tokyo);
    const page = await browser.get('/review/reporting-periods');
    assert.equal(page.status, 200);
    const csrf = csrfTokenIn(page.body);
    const bad = await browser.request('POST', '/review/reporting-periods', {
      _csrf: csrf,
      fiscal_year: '2025',
      scheme: 'medical',
      opens_on: '2026-03-01',
      closes_on: '2026-02-01',
      reference_date: '2026-01-01',
    });
    assert.equal(bad.status, 422);
    assertShows(bad.body, MESSAGES['report_review.period.closes_before_opens']);
    // A day as a person types it is read as the date input's; one that is no day keeps what was typed, in a text box, with its message.
    const typed = await browser.request('POST', '/review/reporting-periods', {
      _csrf: csrf,
      fiscal_year: '2025',
      scheme: 'medical',
      opens_on: '２０２６／１／７',
      closes_on: '2026/2/30',
      reference_date: '',
    });
    assert.equal(typed.status, 422);
    assert.match(typed.body, /<input[^>]*id="opens_on"[^>]*type="date"[^>]*value="2026-01-07"/);
    assert.match(
      typed.body,
      /<input[^>]*id="closes_on"[^>]*type="text"[^>]*value="2026\/2\/30"[^>]*aria-invalid="true"[^>]*aria-describedby="closes_on-error"/,
    );
    assertShows(typed.body, MESSAGES['catalogue.date.invalid']('受付終了日'));
    assertShows(typed.body, MESSAGES['text.required']('報告基準日'));
    assert.match(typed.body, /<p class="field__error" id="reference_date-error">/);
    const typedOk = await browser.request('POST', '/review/reporting-periods', {
      _csrf: csrf,
      fiscal_year: '2025',
      scheme: 'medical',
      opens_on: '2026/1/7',
      closes_on: '2026年3月31日',
      reference_date: '2026-01-01',
    });
    assert.equal(typedOk.status, 303, typedOk.body.slice(0, 300));
    const medical = (await listPeriods(h().db, { prefectureCode: '13', fiscalYear: 2025 })).find((p) => p.scheme === 'medical')!;
    assert.equal(medical.opensAt, jstMidnight(2026, 1, 7));
    assert.equal(medical.closesAt, jstMidnight(2026, 4, 1));
    const saved = await browser.request('POST', '/review/reporting-periods', {
      _csrf: csrf,
      fiscal_year: '2025',
      scheme: 'pharmacy',
      opens_on: '2026-01-05',
      closes_on: '2026-03-31',
      reference_date: '2025-12-31',
    });
    assert.equal(saved.status, 303);
    assert.match(saved.location!, /done=period$/);
    const w = (await listPeriods(h().db, { prefectureCode: '13', fiscalYear: 2025 })).find((p) => p.scheme === 'pharmacy')!;
    assert.equal(w.opensAt, jstMidnight(2026, 1, 5));
    assert.equal(w.closesAt, jstMidnight(2026, 4, 1));
    assert.equal(w.referenceDate, '2025-12-31');
    const periods = (await browser.get(saved.location!)).body;
    assert.match(periods, /<tr data-period="2025:pharmacy">[\s\S]*?<td>2026年1月5日<\/td>\s*<td>2026年3月31日<\/td>\s*<td>2025年12月31日<\/td>/);
    assertNoIsoDates(periods.replace(/<p class="field__hint"[\s\S]*?<\/p>/g, ''), 'the reporting windows');

    const setting = await browser.request('POST', '/review/reporting-settings', { _csrf: csrf, publish_on: 'submit' });
    assert.equal(setting.status, 303);
    assert.equal(await publishOnOf(h().db, '13'), 'submit');
    assert.equal((await browser.request('POST', '/review/reporting-settings', { _csrf: csrf, publish_on: 'never' })).status, 422);
    await browser.request('POST', '/review/reporting-settings', { _csrf: csrf, publish_on: 'accept' });

    const officeBrowser = await as(office);
    const officePage = await officeBrowser.get('/review/reporting-periods');
    assert.equal(officePage.status, 200);
    assert.doesNotMatch(officePage.body, /報告期間を保存する/);
    const officePost = await officeBrowser.request('POST', '/review/reporting-settings', { _csrf: csrfTokenIn(officePage.body), publish_on: 'submit' });
    assert.equal(officePost.status, 403);
    assert.equal((await (await as(centre)).get('/review/reporting-periods')).status, 403);
  });

  test('公表停止 asks once more, hides the facility page, and its lifting shows it again; only the prefecture may', async () => {
    const { clinic, staff, reportId } = await clinicWithReport({ name: '銀座とめるクリニック' });
    assert.deepEqual(await acceptReport(deps(), await actorOf(h().db, tokyo), reportId, ORIGIN), { ok: true });
    const facilityPath = `/facilities/${facilityIdOf(clinic)}`;
    assert.equal((await navi().get(facilityPath)).status, 200);
    const path = `/review/publications/${clinic.id}`;

    const centreBrowser = await as(centre);
    const centrePage = await centreBrowser.get(path);
    assert.equal(centrePage.status, 200);
    assert.doesNotMatch(centrePage.body, /公表を停止する<\/button>/);
    assert.equal((await centreBrowser.request('POST', `${path}/stop`, { _csrf: csrfTokenIn(centrePage.body), reason: '確認中', confirm: '1' })).status, 403);
    assert.equal((await (await as(osaka)).get(path)).status, 404);

    const browser = await as(tokyo);
    const page = await browser.get(path);
    assert.match(page.body, /公表を停止する<\/button>/);
    const csrf = csrfTokenIn(page.body);
    assert.equal((await browser.request('POST', `${path}/stop`, { _csrf: csrf, reason: '' })).status, 422);
    const reason = '診療時間について問い合わせ中のため';
    const asked = await browser.request('POST', `${path}/stop`, { _csrf: csrf, reason });
    assert.equal(asked.status, 200);
    assert.match(asked.body, /公表を停止しますか/);
    assert.equal((await navi().get(facilityPath)).status, 200, 'nothing is done before the confirmation');
    const stopped = await browser.request('POST', `${path}/stop`, { _csrf: csrfTokenIn(asked.body), reason, confirm: '1' });
    assert.equal(stopped.status, 303);
    assert.match(stopped.location!, /done=stopped/);
    const hidden = await navi().get(facilityPath);
    assert.equal(hidden.status, 404);
    assert.match(hidden.body, /この医療機関の情報は公表されていません/);
    assert.equal((await listMail(h().db, { to: staff.email })).filter((m) => m.body_text.includes(reason)).length, 1);

    const stoppedPage = await browser.get(stopped.location!);
    assertShows(stoppedPage.body, MESSAGES['report_review.stopped']);
    assert.match(stoppedPage.body, /公表停止を解除する<\/button>/);
    const lifted = await browser.request('POST', `${path}/lift`, { _csrf: csrfTokenIn(stoppedPage.body), reason: '回答がありました', confirm: '1' });
    assert.equal(lifted.status, 303);
    assert.equal((await navi().get(facilityPath)).status, 200);
    const twice = await browser.request('POST', `${path}/lift`, { _csrf: csrfTokenIn(stoppedPage.body), reason: '回答がありました', confirm: '1' });
    assert.match(twice.location!, /done=not_stopped/);
  });
});
