// 休止・廃止・再開 over real HTTP on the real platform, on SQLite and PostgreSQL, signed in through
// Med-Login: the home's own section (休止 and 廃止 for an institution with accepted data, 再開 left
// out until 休止中, and the other way round after), 廃止 asked once more before it starts (and the
// confirmation refused while it cannot start), the 休止 form keeping a day after today as typed with
// its message beside it, the overview without 「公表中の内容からの変更」, and 報告確認 showing what the
// report says and what 確認 will do instead of 差異表示.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { Account, Institution } from '../../../db/schema.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { actorOf } from '../../../policies.ts';
import { demoValues } from '../../../reporting/demo-values.ts';
import { jstMidnight } from '../../../reporting/fiscal-year.ts';
import { findPublishedFacility } from '../../../reporting/publication-repository.ts';
import { findReport } from '../../../reporting/report-repository.ts';
import { acceptReport } from '../../../reporting/review.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { csrfTokenIn, type Browser, type Response } from '../../../testing/http-client.ts';
import { assertShows } from '../../../testing/messages.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { addAccount, addInstitution, ORIGIN, submittedReport } from '../../../testing/reporting.ts';
import { STATUS_EFFECT } from '../report-review/status-content.tsx';

describeEachEngine('G-MIS 休止・廃止・再開', (engine) => {
  let platform: TestPlatform;
  const clock = new ManualClock(jstMidnight(2026, 2, 10));
  let clinic: Institution;
  let staff: Account;
  let tokyo: Account;
  const deps = () => platform.rt.deps;

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    tokyo = await addAccount(platform.rt.handle, clock, '都道府県', { prefectureCode: '13' });
  });
  after(() => platform.close());

  beforeEach(async () => {
    const h = platform.rt.handle;
    clinic = await addInstitution(h, clock, { name: 'すずらん内科', institution_code: String(3000000 + Math.floor(Math.random() * 999_999)) });
    staff = await addAccount(h, clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    const id = await submittedReport(deps(), clock, h, staff, 'new', () => ({ ...demoValues('診療所', 2025), 'basic.name.official': clinic.name }));
    assert.deepEqual(await acceptReport(deps(), await actorOf(h.db, tokyo), id, ORIGIN), { ok: true });
  });

  function post(browser: Browser, path: string, page: string, fields: Array<[string, string]>): Promise<Response> {
    const body = new URLSearchParams([['_csrf', csrfTokenIn(page)], ...fields]).toString();
    return browser.request('POST', path, body);
  }
  const startButton = (html: string, kind: string) => new RegExp(`<button[^>]*data-start="${kind}"[^>]*>`).exec(html)?.[0];
  const started = (res: Response) => /^\/reporting\/reports\/([^/?]+)\?done=started$/.exec(res.location ?? '')?.[1];

  test('the home: 休止 and 廃止 while operating, 再開 left out; 廃止 asks once more, and only its confirmation starts it', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const home = await browser.get('/reporting');
    assert.equal(home.status, 200);
    assert.match(home.body, /<h2 class="section-title" id="status-title">休止・廃止・再開の報告<\/h2>/);
    for (const kind of ['suspension', 'closure']) assert.doesNotMatch(startButton(home.body, kind) as string, /disabled/, kind);
    assert.equal(startButton(home.body, 'resumption'), undefined, '再開 is not offered while operating');
    assert.match(startButton(home.body, 'closure') as string, /button--danger/);

    const asked = await post(browser, '/reporting/reports', home.body, [['kind', 'closure']]);
    assert.equal(asked.status, 200);
    assert.match(asked.body, /<h1 class="page-title">廃止の報告を始めますか<\/h1>/);
    assert.match(asked.body, /都道府県に確認されると取り消せません/);
    assert.match(asked.body, /name="confirm" value="closure"/);
    assert.equal(
      (await platform.rt.handle.db.selectFrom('reports').select('id').where('institution_id', '=', clinic.id).where('kind', '=', 'closure').execute()).length,
      0,
    );
    const confirmed = await post(browser, '/reporting/reports', asked.body, [
      ['kind', 'closure'],
      ['confirm', 'closure'],
    ]);
    assert.equal(confirmed.status, 303, confirmed.body);
    const id = started(confirmed)!;
    assert.equal((await findReport(platform.rt.deps.db, id))?.kind, 'closure');

    // With that report open, the confirmation is not offered: the home says why.
    const again = await post(browser, '/reporting/reports', asked.body, [['kind', 'closure']]);
    assert.equal(again.status, 409);
    assertShows(again.body, MESSAGES['reporting.start.open_report']);
  });

  test('休止: the form keeps a day after today with its message; no 「公表中の内容からの変更」; 報告確認 shows what it says; after 確認 the home offers 再開', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const home = await browser.get('/reporting');
    const id = started(await post(browser, '/reporting/reports', home.body, [['kind', 'suspension']]))!;
    const overview = await browser.get(`/reporting/reports/${id}`);
    assert.equal(overview.status, 200);
    assert.match(overview.body, /data-section="suspension"/);
    assert.match(overview.body, /data-section="contact"/);
    assert.doesNotMatch(overview.body, /data-section="closure"/);
    assert.doesNotMatch(overview.body, /公表中の内容からの変更/);
    assert.doesNotMatch(overview.body, /report-sections__part/, 'no 第一 … on a status report');

    const form = await browser.get(`/reporting/reports/${id}/sections/suspension`);
    assert.equal(form.status, 200);
    assert.match(form.body, /休止した日/);
    const base = /name="base_version" value="(\d+)"/.exec(form.body)![1]!;
    const saved = await post(browser, `/reporting/reports/${id}/sections/suspension`, form.body, [
      ['base_version', base],
      ['f.suspension.effective.date', '2026-02-11'],
      ['f.suspension.period.plan', 'undecided'],
      ['f.suspension.reason.reason', 'health'],
    ]);
    assert.equal(saved.status, 422);
    assertShows(saved.body, MESSAGES['reporting.status.date_after_today']('休止した日'));
    assert.match(
      saved.body,
      /name="f\.suspension\.effective\.date"[^>]*value="2026-02-11"|value="2026-02-11"[^>]*name="f\.suspension\.effective\.date"/,
      'what was typed is kept',
    );

    const fixed = await browser.get(`/reporting/reports/${id}/sections/suspension`);
    const again = await post(browser, `/reporting/reports/${id}/sections/suspension`, fixed.body, [
      ['base_version', /name="base_version" value="(\d+)"/.exec(fixed.body)![1]!],
      ['f.suspension.effective.date', '2026-02-09'],
      ['f.suspension.period.plan', 'undecided'],
      ['f.suspension.reason.reason', 'health'],
    ]);
    assert.equal(again.status, 303, again.body);
    const ready = await browser.get(`/reporting/reports/${id}`);
    const submitted = await post(browser, `/reporting/reports/${id}/submit`, ready.body, [
      ['base_version', /name="base_version" value="(\d+)"/.exec(ready.body)![1]!],
    ]);
    assert.equal(submitted.status, 303, submitted.body);

    const reviewer = await gmisBrowserAs(platform, tokyo.id);
    const review = await reviewer.get(`/review/reports/${id}`);
    assert.equal(review.status, 200);
    assert.doesNotMatch(review.body, /<h2 class="section-title">差異表示<\/h2>/);
    assert.match(review.body, /届出の内容/);
    assert.match(review.body, /data-field="suspension.effective.date"/);
    assert.match(review.body, /data-field="contact.person.name"/);
    assertShows(review.body, STATUS_EFFECT.suspension!);
    const accepted = await post(reviewer, `/review/reports/${id}/accept`, review.body, []);
    assert.equal(accepted.status, 303, accepted.body);
    assert.equal((await findPublishedFacility(platform.rt.deps.db, clinic.id))?.suspended_since, '2026-02-09');

    const after = await browser.get('/reporting');
    assert.equal(startButton(after.body, 'suspension'), undefined, '休止 is not offered while 休止中');
    assert.doesNotMatch(startButton(after.body, 'resumption') as string, /disabled/);
    assert.doesNotMatch(startButton(after.body, 'closure') as string, /disabled/, 'a suspended place may close');
    assert.match(after.body, /2026年2月9日から休止中です。/);
  });
});
