// 報告のリマインダー over real HTTP, on SQLite and PostgreSQL: the prefecture's page with its
// defaults; a wrong setting answered 422 with a message beside each field and what was typed kept;
// no CSRF token, no change; the preview filled for the first institution and not saved; saving
// (audited) and the next sends with how many institutions each would reach today; the office's
// overview, read only; a health centre and an institution refused; then the worker on the due day
// sends it once, and the history says so.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAudit } from '../../../audit/audit-log.ts';
import type { Account } from '../../../db/schema.ts';
import { listMail } from '../../../mail/outbox.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { jstMidnight } from '../../../reporting/fiscal-year.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { textOf } from '../../../testing/dates.ts';
import { gmisBrowserAs, TEST_SIGN_IN_PASSWORD } from '../../../testing/gmis-viewer.ts';
import { csrfTokenIn } from '../../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { addAccount, addInstitution, setWindow } from '../../../testing/reporting.ts';

const form = (fields: Array<[string, string]>) => new URLSearchParams(fields).toString();

describeEachEngine('報告のリマインダー routes', (engine) => {
  let platform: TestPlatform;
  const clock = new ManualClock(jstMidnight(2027, 3, 10));
  const h = () => platform.rt.handle;
  let tokyo: Account;
  let osaka: Account;
  let office: Account;
  let centre: Account;
  let clinicStaff: Account;

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    tokyo = await addAccount(h(), clock, '都道府県', { prefectureCode: '13' });
    osaka = await addAccount(h(), clock, '都道府県', { prefectureCode: '27' });
    office = await addAccount(h(), clock, '事務局');
    centre = await addAccount(h(), clock, '保健所', { prefectureCode: '13', municipalities: ['13102'] });
    const clinic = await addInstitution(h(), clock, { name: 'みなと未報告クリニック' });
    clinicStaff = await addAccount(h(), clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    await setWindow(h(), {
      prefectureCode: '13',
      fiscalYear: 2026,
      scheme: 'medical',
      opensAt: jstMidnight(2027, 1, 1),
      closesAt: jstMidnight(2027, 4, 1),
      referenceDate: '2027-01-01',
    });
  });
  after(() => platform.close());

  const as = (a: Account) => gmisBrowserAs(platform, a.id);

  test('the prefecture: defaults, field errors with the typed values kept, CSRF, preview, save, next sends', async () => {
    const browser = await as(tokyo);
    const page = await browser.get('/review/reminders');
    assert.equal(page.status, 200);
    assert.match(page.body, /name="days_before" value="14" checked/);
    assert.match(page.body, /name="days_before" value="3" checked/);
    assert.doesNotMatch(page.body, /name="enabled" value="1" checked/);
    assert.match(page.body, /今年度の送信予定/);

    const bad = await browser.request(
      'POST',
      '/review/reminders',
      form([
        ['_csrf', csrfTokenIn(page.body)],
        ['enabled', '1'],
        ['subject', '{機関}さまへ'],
        ['body', ''],
        ['action', 'save'],
      ]),
    );
    assert.equal(bad.status, 422);
    assert.match(bad.body, /送る日を1つ以上選んでください/);
    assert.match(bad.body, /\{機関\} は使えない差し込み項目です/);
    assert.match(bad.body, /本文を入力してください/);
    assert.match(bad.body, /value="\{機関\}さまへ"/, 'the subject as typed');
    assert.match(bad.body, /name="enabled" value="1" checked/);

    const noCsrf = await browser.request(
      'POST',
      '/review/reminders',
      form([
        ['enabled', '1'],
        ['days_before', '7'],
        ['subject', 'x'],
        ['body', 'y'],
      ]),
    );
    assert.equal(noCsrf.status, 403);

    const text = [
      ['subject', '{機関名} 様：定期報告は{報告期限}まで'],
      ['body', '{機関名} {担当者名} 様\n状況は{報告状況}です。'],
    ] as Array<[string, string]>;
    const preview = await browser.request(
      'POST',
      '/review/reminders',
      form([['_csrf', csrfTokenIn(page.body)], ['enabled', '1'], ['days_before', '7'], ['days_before', '3'], ...text, ['action', 'preview']]),
    );
    assert.equal(preview.status, 200);
    assert.match(preview.body, /みなと未報告クリニック 様：定期報告は2027年3月31日まで/);
    assert.match(textOf(preview.body), /状況は未報告です。/);
    assert.match(preview.body, /name="days_before" value="7" checked/, 'the days as chosen');
    assert.equal((await listAudit(h().db, { type: 'reminder.settings_set' })).length, 0, 'a preview saves nothing');

    const saved = await browser.request(
      'POST',
      '/review/reminders',
      form([['_csrf', csrfTokenIn(page.body)], ['enabled', '1'], ['days_before', '7'], ['days_before', '3'], ...text, ['action', 'save']]),
    );
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/review/reminders?done=saved');
    const after = await browser.get(saved.location);
    assert.match(after.body, /リマインダーの設定を保存しました/);
    assert.match(after.body, /<tr data-scheduled="medical:7">\s*<td>2027年3月25日<\/td>[\s\S]*?予定[\s\S]*?1機関/);
    assert.match(after.body, /<tr data-scheduled="medical:3">\s*<td>2027年3月29日<\/td>/);
    const audit = await listAudit(h().db, { type: 'reminder.settings_set' });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.account_id, tokyo.id);
  });

  test('who may: the office sees every prefecture and sets nothing; a health centre and an institution are refused', async () => {
    const officeBrowser = await as(office);
    const overview = await officeBrowser.get('/review/reminders');
    assert.equal(overview.status, 200);
    assert.match(overview.body, /<td>東京都<\/td>\s*<td>送る<\/td>\s*<td>7日前・3日前<\/td>/);
    assert.doesNotMatch(overview.body, /name="subject"/);
    const post = await officeBrowser.request('POST', '/review/reminders', {
      _csrf: csrfTokenIn(overview.body),
      enabled: '1',
      days_before: '3',
      subject: 'x',
      body: 'y',
    });
    assert.equal(post.status, 403);
    const osakaPage = await (await as(osaka)).get('/review/reminders');
    assert.equal(osakaPage.status, 200);
    assert.doesNotMatch(osakaPage.body, /みなと未報告クリニック|7日前・3日前/);
    assert.equal((await (await as(centre)).get('/review/reminders')).status, 403);
    assert.equal((await (await as(clinicStaff)).get('/review/reminders')).status, 403);
  });

  test('on the due day the worker sends it once; the history shows it', async () => {
    clock.advance(jstMidnight(2027, 3, 25) - clock.now() + 60_000);
    await platform.worker.runOnce();
    await platform.worker.runOnce();
    clock.advance(60_000);
    await platform.worker.runOnce();
    const mails = (await listMail(h().db, { to: clinicStaff.email })).filter((m) => m.kind === 'reporting.reminder');
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.subject, 'みなと未報告クリニック 様：定期報告は2027年3月31日まで');
    // Fifteen days on, the earlier sign-in has expired: a new one.
    const history = await (await gmisBrowserAs(platform, tokyo.id, { fresh: true, password: TEST_SIGN_IN_PASSWORD })).get('/review/reminders');
    assert.match(history.body, /<tr data-send="medical:7">[\s\S]*?7日前[\s\S]*?1機関[\s\S]*?1通/);
    assert.match(history.body, /<tr data-scheduled="medical:7">[\s\S]*?送信済み/);
  });
});
