// The institution's reporting pages over real HTTP on the real platform, on SQLite and PostgreSQL,
// signed in through Med-Login: the home with 定期報告 disabled and its reason, starting a 新規報告,
// a save that keeps what was typed with each message beside its field (422), the timetable's copy
// button without script, two saves on one version (409 conflict page, then 「自分の入力で保存する」),
// 報告 and 引き戻し, and another institution's report answered 404.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { Account, Institution } from '../../../db/schema.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { demoValues } from '../../../reporting/demo-values.ts';
import { jstMidnight } from '../../../reporting/fiscal-year.ts';
import { progress } from '../../../reporting/catalogue/progress.ts';
import { findReport, findVersion, listVersions } from '../../../reporting/report-repository.ts';
import { catalogueOf, versionView } from '../../../reporting/reports.ts';
import { acceptReport } from '../../../reporting/review.ts';
import { actorOf } from '../../../policies.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { csrfTokenIn, type Browser, type Response } from '../../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { addAccount, addInstitution, fillReport } from '../../../testing/reporting.ts';
import { REPORT_FORM_BODY_LIMIT } from './routes.tsx';

describeEachEngine('G-MIS reporting (institution)', (engine) => {
  let platform: TestPlatform;
  const clock = new ManualClock(jstMidnight(2026, 2, 1));
  let clinic: Institution;
  let other: Institution;
  let staff: Account;
  let otherStaff: Account;

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
  });
  after(() => platform.close());

  beforeEach(async () => {
    const h = platform.rt.handle;
    clinic = await addInstitution(h, clock, { name: '銀座みらいクリニック' });
    other = await addInstitution(h, clock, { name: '日本橋ほかのクリニック' });
    staff = await addAccount(h, clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    otherStaff = await addAccount(h, clock, '診療所', { prefectureCode: '13', institutionId: other.id });
  });

  /** The value attribute of the input named `name` (attributes in any order). */
  function inputValue(html: string, name: string): string | undefined {
    const tag = new RegExp(`<input[^>]*\\sname="${name.replace(/\./g, '\\.')}"[^>]*>`).exec(html)?.[0];
    return tag === undefined ? undefined : (/\svalue="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  const baseVersionIn = (html: string) => inputValue(html, 'base_version')!;

  /** Posts the fields (repeated names allowed) with the page's CSRF token. */
  function post(browser: Browser, path: string, page: string, fields: Array<[string, string]>): Promise<Response> {
    const body = new URLSearchParams([['_csrf', csrfTokenIn(page)], ...fields]).toString();
    return browser.request('POST', path, body);
  }

  /** The report's progress by catalogue/progress.ts on its stored current version (what the pages must agree with). */
  async function storedProgress(id: string) {
    const report = (await findReport(platform.rt.deps.db, id))!;
    const stored = versionView((await findVersion(platform.rt.deps.db, id, report.current_version))!);
    return progress(catalogueOf({}, report), stored.values, stored.invalid);
  }

  async function started(browser: Browser): Promise<string> {
    const home = await browser.get('/reporting');
    const res = await post(browser, '/reporting/reports', home.body, [['kind', 'new']]);
    assert.equal(res.status, 303, res.body);
    const m = /^\/reporting\/reports\/([^/?]+)\?done=started$/.exec(res.location ?? '');
    assert.ok(m, res.location);
    return m[1]!;
  }

  test('the home: 新規報告 enabled, 定期報告 disabled with its reason; the G-MIS home leads there; another kind of account gets 404', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const home = await browser.get('/reporting');
    assert.equal(home.status, 200);
    assert.match(home.body, /<h1 class="page-title">医療機能情報提供制度<\/h1>/);
    assert.match(home.body, /<button[^>]*data-start="new"[^>]*>/);
    assert.doesNotMatch(/<button[^>]*data-start="new"[^>]*>/.exec(home.body)![0], /disabled/);
    const periodic = /<button[^>]*data-start="periodic"[^>]*>/.exec(home.body)![0];
    assert.match(periodic, /disabled/);
    assert.match(periodic, /aria-describedby="[^"]*start-periodic-reason/);
    assert.ok(home.body.includes(`id="start-periodic-reason" data-reason="no_window">${MESSAGES['reporting.start.no_window']}`));
    assert.ok(home.body.includes('/static/css/reporting.css'));

    // The G-MIS home leads there for an institution's account only.
    assert.match((await browser.get('/')).body, /<a class="button button--primary button--block" href="\/reporting">\s*医療機能情報提供制度/);
    const prefecture = await addAccount(platform.rt.handle, clock, '都道府県', { prefectureCode: '13' });
    const prefectureBrowser = await gmisBrowserAs(platform, prefecture.id);
    assert.doesNotMatch((await prefectureBrowser.get('/')).body, /href="\/reporting"/);
    assert.equal((await prefectureBrowser.get('/reporting')).status, 404);
  });

  test('start, save with a problem (422: typed kept, message beside the field), copy Monday without script, 報告 and 引き戻し; none after 確認', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await started(browser);
    const overview = await browser.get(`/reporting/reports/${id}?done=started`);
    assert.equal(overview.status, 200);
    assert.ok(overview.body.includes(MESSAGES['report_form.started']('新規報告')));
    assert.match(overview.body, /data-section="basic"/);

    const path = `/reporting/reports/${id}/sections/basic`;
    let page = await browser.get(path);
    assert.equal(page.status, 200);
    assert.equal(inputValue(page.body, 'f.basic.name.official'), '銀座みらいクリニック');
    assert.ok(page.body.includes('/static/js/report-form.js'));

    // A department chosen and a bed count that is not a number.
    const saved = await post(browser, path, page.body, [
      ['base_version', baseVersionIn(page.body)],
      ['f.basic.name.official', '銀座みらいクリニック本院'],
      ['f.basic.departments.departments', '01001'],
      ['f.basic.departments.departments', '01991'],
      ['x.basic.departments.departments.01991', '漢方内科'],
      ['f.basic.beds.general', '十九床'],
    ]);
    assert.equal(saved.status, 422, saved.body.slice(0, 500));
    assert.equal(inputValue(saved.body, 'f.basic.name.official'), '銀座みらいクリニック本院');
    assert.equal(inputValue(saved.body, 'f.basic.beds.general'), '十九床');
    assert.equal(inputValue(saved.body, 'x.basic.departments.departments.01991'), '漢方内科');
    const bedInput = /<input[^>]*name="f\.basic\.beds\.general"[^>]*>/.exec(saved.body)![0];
    assert.match(bedInput, /aria-invalid="true"/);
    assert.match(bedInput, /aria-describedby="[^"]*f\.basic\.beds\.general--error/);
    assert.match(saved.body, /<p class="field__error" id="f\.basic\.beds\.general--error">[^<]*整数で入力してください/);
    // The timetable now has a row per chosen department.
    assert.ok(saved.body.includes('name="t.basic.hours.hours.01001.1.mon.care.s"'));

    // 月曜の時間を火〜金にコピー, as a plain submit button.
    page = await browser.get(path);
    const cells: Array<[string, string]> = [];
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'])
      for (const end of ['s', 'e']) cells.push([`t.basic.hours.hours.01001.1.${day}.care.${end}`, day === 'mon' ? (end === 's' ? '９:００' : '12:30') : '']);
    const copied = await post(browser, path, page.body, [
      ['base_version', baseVersionIn(page.body)],
      ['f.basic.departments.departments', '01001'],
      ['f.basic.departments.departments', '01991'],
      ['x.basic.departments.departments.01991', '漢方内科'],
      ['f.basic.beds.general', '19'],
      ...cells,
      ['copy', 'mon_to_weekdays:basic.hours.hours:01001'],
    ]);
    assert.equal(copied.status, 303, copied.body.slice(0, 500));
    assert.equal(copied.location, `${path}?done=copied`);
    page = await browser.get(copied.location!);
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) {
      assert.equal(inputValue(page.body, `t.basic.hours.hours.01001.1.${day}.care.s`), '09:00', day);
      assert.equal(inputValue(page.body, `t.basic.hours.hours.01001.1.${day}.care.e`), '12:30', day);
    }
    assert.equal(inputValue(page.body, 't.basic.hours.hours.01001.1.sat.care.s'), '');
    assert.equal(inputValue(page.body, 'f.basic.beds.general'), '19');

    // 報告 needs the rest: fill it as a full save would, then 報告 and 引き戻し.
    const version = await fillReport(platform.rt.handle, clock, id, { ...demoValues('診療所', 2025), 'basic.name.official': clinic.name }, staff.id);
    const ready = await browser.get(`/reporting/reports/${id}`);
    assert.equal(baseVersionIn(ready.body), String(version));
    const submitted = await post(browser, `/reporting/reports/${id}/submit`, ready.body, [['base_version', String(version)]]);
    assert.equal(submitted.status, 303, submitted.body.slice(0, 800));
    const after = await browser.get(submitted.location!);
    assert.match(after.body, /data-state="submitted"/);
    assert.ok(after.body.includes(MESSAGES['report_form.submitted']));
    assert.doesNotMatch(after.body, /data-action="submit"/);
    const withdrawn = await post(browser, `/reporting/reports/${id}/withdraw`, after.body, [['base_version', String(version)]]);
    assert.equal(withdrawn.status, 303);
    assert.equal((await findReport(platform.rt.deps.db, id))?.state, 'draft');
    // A second 引き戻し (a stale page) is told it was processed.
    const again = await post(browser, `/reporting/reports/${id}/withdraw`, after.body, [['base_version', String(version)]]);
    assert.equal(again.status, 409);
    assert.ok(again.body.includes(MESSAGES['report_form.already_processed']));

    // Once 東京都 has accepted it, there is no 引き戻し, and a forged one is told it was processed.
    const base = await browser.get(`/reporting/reports/${id}`);
    assert.equal((await post(browser, `/reporting/reports/${id}/submit`, base.body, [['base_version', baseVersionIn(base.body)]])).status, 303);
    const tokyo = await addAccount(platform.rt.handle, clock, '都道府県', { prefectureCode: '13' });
    const accepted = await acceptReport(platform.rt.deps, await actorOf(platform.rt.deps.db, tokyo), id, { ip: '192.0.2.1', userAgent: 'test' });
    assert.deepEqual(accepted, { ok: true });
    const done = await browser.get(`/reporting/reports/${id}`);
    assert.match(done.body, /data-state="accepted"/);
    assert.doesNotMatch(done.body, /data-action="(withdraw|submit|discard)"/);
    const forged = await post(browser, `/reporting/reports/${id}/withdraw`, done.body, [['base_version', baseVersionIn(done.body)]]);
    assert.equal(forged.status, 409);
    assert.ok(forged.body.includes(MESSAGES['report_form.already_processed']));
    assert.equal((await findReport(platform.rt.deps.db, id))?.state, 'accepted');

    // A 随時報告 (基本情報 changes) has only the sections with 基本情報 items.
    const home = await browser.get('/reporting');
    const change = await post(browser, '/reporting/reports', home.body, [['kind', 'change']]);
    assert.equal(change.status, 303, change.body.slice(0, 300));
    const changeOverview = await browser.get(change.location!);
    assert.deepEqual(
      [...changeOverview.body.matchAll(/data-section="([a-z_]+)"/g)].map((m) => m[1]),
      ['basic'],
    );
    const changeId = /reports\/([^/?]+)/.exec(change.location!)![1]!;
    assert.equal((await browser.get(`/reporting/reports/${changeId}/sections/access`)).status, 404);
    assert.equal((await browser.get(`/reporting/reports/${changeId}/sections/basic`)).status, 200);
  });

  test('the overview and the section pages count progress alike, by catalogue/progress.ts on the stored version', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await started(browser);
    const path = `/reporting/reports/${id}/sections/basic`;
    const page = await browser.get(path);
    // Some of 基本情報 filled, one value that does not parse (kept as invalid, so a problem).
    const saved = await post(browser, path, page.body, [
      ['base_version', baseVersionIn(page.body)],
      ['f.basic.departments.departments', '01001'],
      ['f.basic.beds.general', '十九床'],
    ]);
    assert.equal(saved.status, 422);

    /** Each section's counts as a page shows them (data-progress on its count). */
    const countsIn = (html: string) =>
      Object.fromEntries(
        [...html.matchAll(/data-progress="([a-z_]+)" data-required="(\d+)" data-filled="(\d+)" data-problems="(\d+)"/g)].map((m) => [
          m[1]!,
          { required: Number(m[2]), filled: Number(m[3]), problems: Number(m[4]) },
        ]),
      );
    const expected = Object.fromEntries(
      (await storedProgress(id)).sections.map((s) => [s.id, { required: s.required, filled: s.filled, problems: s.problems }]),
    );
    assert.ok(expected.basic!.problems > 0 && expected.basic!.filled > 0, JSON.stringify(expected.basic));

    const overview = countsIn((await browser.get(`/reporting/reports/${id}`)).body);
    assert.deepEqual(overview, expected);
    for (const section of Object.keys(expected)) {
      const own = countsIn((await browser.get(`/reporting/reports/${id}/sections/${section}`)).body);
      assert.deepEqual(own, { [section]: expected[section] }, section);
    }
    assert.deepEqual(countsIn((await browser.get(`/reporting/reports/${id}/sections/all`)).body), expected);
  });

  test('a timetable band left unfinished is one problem, with one message, on the section page and on the overview', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await started(browser);
    const path = `/reporting/reports/${id}/sections/basic`;
    let page = await browser.get(path);
    const chosen = await post(browser, path, page.body, [
      ['base_version', baseVersionIn(page.body)],
      ['f.basic.departments.departments', '01001'],
    ]);
    assert.equal(chosen.status, 303, chosen.body.slice(0, 300));
    page = await browser.get(path);
    const saved = await post(browser, path, page.body, [
      ['base_version', baseVersionIn(page.body)],
      ['f.basic.departments.departments', '01001'],
      ['t.basic.hours.hours.01001.1.mon.care.s', '09:00'],
      ['t.basic.hours.hours.01001.1.mon.care.e', ''],
    ]);
    assert.equal(saved.status, 422);
    const message = MESSAGES['catalogue.time.incomplete']('診療時間（内科・時間帯1・月曜）');
    assert.ok(saved.body.includes(MESSAGES['report_form.saved_with_problems'](1)), 'the section page: 1件');
    assert.equal(saved.body.split(message).length - 1, 2, 'in the error summary and beside the field, once each');
    assert.equal(inputValue(saved.body, 't.basic.hours.hours.01001.1.mon.care.s'), '09:00', 'the half that was typed, kept');

    const overview = (await browser.get(`/reporting/reports/${id}`)).body;
    const list = /<li class="report-sections__item card" data-section="basic">[\s\S]*?<\/li>\s*<\/ul>/.exec(overview)?.[0] ?? '';
    assert.equal(list.split(message).length - 1, 1, 'the overview lists the band once, with the same message');
    const basic = (await storedProgress(id)).sections.find((s) => s.id === 'basic')!;
    assert.equal(basic.messages.filter((m) => m === message).length, 1);
  });

  test('a section opened again marks what its save marked, from the stored version; from the overview’s list, every problem of the section', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await started(browser);
    const path = `/reporting/reports/${id}/sections/basic`;
    const page = await browser.get(path);
    const saved = await post(browser, path, page.body, [
      ['base_version', baseVersionIn(page.body)],
      ['f.basic.beds.general', '十九床'],
    ]);
    assert.equal(saved.status, 422);
    /** The message beside an input, and whether the input is marked and tied to it. */
    const markOf = (html: string, name: string) => {
      const input = new RegExp(`<input[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>`).exec(html)?.[0] ?? '';
      const message = new RegExp(`<p class="field__error" id="${name.replace(/\./g, '\\.')}--error">([^<]*)</p>`).exec(html)?.[1];
      return { invalid: /aria-invalid="true"/.test(input), described: input.includes(`${name}--error`), message };
    };
    const beds = markOf(saved.body, 'f.basic.beds.general');
    assert.ok(beds.invalid && beds.described && beds.message?.includes('整数で入力してください'), JSON.stringify(beds));

    // Opened again: the typed value, its mark and the same message; the error summary lists it.
    const again = await browser.get(path);
    assert.equal(again.status, 200);
    assert.equal(inputValue(again.body, 'f.basic.beds.general'), '十九床');
    assert.deepEqual(markOf(again.body, 'f.basic.beds.general'), beds);
    assert.match(again.body, /<a href="#f\.basic\.beds\.general">[^<]*整数で入力してください/);
    // An empty required field is not an error before anyone asked (only the typed mistake is marked).
    assert.equal(markOf(again.body, 'f.basic.phone.phone').invalid, false);

    // The overview lists each problem as a way to its field on the section's page, where all of them are marked.
    const overview = (await browser.get(`/reporting/reports/${id}`)).body;
    const link = `/reporting/reports/${id}/sections/basic?check=1#f.basic.beds.general`;
    assert.ok(overview.includes(`href="${link}"`), 'the typed mistake, linked');
    const phoneLink = new RegExp(`href="(/reporting/reports/${id}/sections/basic\\?check=1#f\\.basic\\.phone\\.phone)"`).exec(overview);
    assert.ok(phoneLink, 'the empty required phone, linked');
    const checked = await browser.get(link.split('#')[0]!);
    assert.deepEqual(markOf(checked.body, 'f.basic.beds.general'), beds);
    const phone = markOf(checked.body, 'f.basic.phone.phone');
    assert.ok(phone.invalid && phone.message !== undefined, JSON.stringify(phone));
    const basic = (await storedProgress(id)).sections.find((s) => s.id === 'basic')!;
    assert.equal(phone.message, basic.byInput['f.basic.phone.phone'], 'the overview’s message');
  });

  test('two saves on one version: the later gets the conflict page with both sides, and may keep its own', async () => {
    const first = await gmisBrowserAs(platform, staff.id);
    const id = await started(first);
    const path = `/reporting/reports/${id}/sections/access`;
    const pageA = await first.get(path);
    const pageB = await first.get(path);
    const a = await post(first, path, pageA.body, [
      ['base_version', baseVersionIn(pageA.body)],
      ['f.access.transport.text', '銀座駅から徒歩3分'],
    ]);
    assert.equal(a.status, 303);
    const b = await post(first, path, pageB.body, [
      ['base_version', baseVersionIn(pageB.body)],
      ['f.access.transport.text', '東銀座駅から徒歩5分'],
    ]);
    assert.equal(b.status, 409);
    assert.ok(b.body.includes('あなたの入力'));
    assert.ok(b.body.includes('保存されている内容'));
    assert.ok(b.body.includes('東銀座駅から徒歩5分'));
    assert.ok(b.body.includes('銀座駅から徒歩3分'));
    assert.match(b.body, /data-conflict-field="access\.transport\.text"/);
    const before = (await listVersions(platform.rt.deps.db, id)).length;
    // 「自分の入力で保存する」: the page carries what was typed and the saved version as the base.
    const hidden = [...b.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as [string, string]);
    const keep = await post(
      first,
      path,
      b.body,
      hidden.filter(([n]) => n !== '_csrf'),
    );
    assert.equal(keep.status, 303, keep.body.slice(0, 500));
    const versions = await listVersions(platform.rt.deps.db, id);
    assert.equal(versions.length, before + 1);
    assert.equal(versions.at(-1)?.source, 'override');
    const list = await first.get(`/reporting/reports/${id}/versions`);
    assert.equal(list.status, 200);
    for (const v of versions) assert.match(list.body, new RegExp(`data-version="${v.version}"`));
  });

  test('saving as the user goes (report-form.js asks for JSON): the new version, or a conflict that overwrites nothing', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await started(browser);
    const path = `/reporting/reports/${id}/sections/access`;
    const page = await browser.get(path);
    const body = (transport: string, base: string) =>
      new URLSearchParams([
        ['_csrf', csrfTokenIn(page.body)],
        ['base_version', base],
        ['f.access.transport.text', transport],
      ]).toString();
    const saved = await browser.request('POST', path, body('銀座駅から徒歩3分', '1'), { accept: 'application/json' });
    assert.equal(saved.status, 200);
    assert.deepEqual(JSON.parse(saved.body), { saved: true, version: 2, problems: 0 });
    const stale = await browser.request('POST', path, body('東銀座駅から徒歩5分', '1'), { accept: 'application/json' });
    assert.equal(stale.status, 409);
    assert.deepEqual(JSON.parse(stale.body), { saved: false, conflict: true, version: 2 });
    assert.equal((await findReport(platform.rt.deps.db, id))?.current_version, 2);
  });

  test('another institution’s report is answered as if there were none', async () => {
    const mine = await gmisBrowserAs(platform, staff.id);
    const id = await started(mine);
    const theirs = await gmisBrowserAs(platform, otherStaff.id);
    const home = await theirs.get('/reporting');
    for (const p of ['', '/sections/basic', '/versions', '/versions/1']) assert.equal((await theirs.get(`/reporting/reports/${id}${p}`)).status, 404, p);
    for (const p of ['/sections/basic', '/submit', '/withdraw', '/discard'])
      assert.equal((await post(theirs, `/reporting/reports/${id}${p}`, home.body, [['base_version', '1']])).status, 404, p);
    assert.equal((await findReport(platform.rt.deps.db, id))?.current_version, 1);
  });

  test('a form over the route’s limit gets the 413 page', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await started(browser);
    const page = await browser.get(`/reporting/reports/${id}/sections/basic`);
    const big = await post(browser, `/reporting/reports/${id}/sections/basic`, page.body, [
      ['base_version', '1'],
      ['f.basic.name.official', 'あ'.repeat(REPORT_FORM_BODY_LIMIT / 3)],
    ]);
    assert.equal(big.status, 413);
    // A large but allowed form (more than the 64 KB of other forms) is read.
    const fine = await post(browser, `/reporting/reports/${id}/sections/basic`, page.body, [
      ['base_version', '1'],
      ['f.basic.name.short', 'ミライ'],
      ['f.basic.name.english', 'x'.repeat(100)],
      ...Array.from({ length: 4000 }, (_, i): [string, string] => [`f.padding.${i}`, 'y'.repeat(20)]),
    ]);
    assert.notEqual(fine.status, 413);
  });
});
