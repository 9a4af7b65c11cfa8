// 「CSVで報告を入力」 over real HTTP on the real platform, on SQLite and PostgreSQL: the link from the
// 報告確認 list for those who may (the prefecture; not its health centre, which is refused the page),
// the template of the prefecture's institutions of one 機関区分 (none of another prefecture), a
// problem listed by file, line and column with nothing written, 「確認のみ」 writing nothing, the
// import (reports saved as 報告中), then one with 「入力後に報告済にする」 (報告済, linked to its
// review page), and another prefecture's institution in the file refused as a problem of its line.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Account, Institution } from '../../../db/schema.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { actorOf } from '../../../policies.ts';
import { demoValues } from '../../../reporting/demo-values.ts';
import { jstMidnight } from '../../../reporting/fiscal-year.ts';
import { startReport } from '../../../reporting/reports.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { csrfTokenIn, type Browser, type Response } from '../../../testing/http-client.ts';
import { multipartBody, type MultipartPart } from '../../../testing/multipart.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { addAccount, addInstitution, fillReport, ORIGIN } from '../../../testing/reporting.ts';

describeEachEngine('報告確認: CSVで報告を入力', (engine) => {
  let platform: TestPlatform;
  const clock = new ManualClock(jstMidnight(2026, 2, 2));
  const h = () => platform.rt.handle;
  let tokyo: Account;
  let centre: Account;
  let ready: Institution;
  let fresh: Institution;
  let readyReportId = '';

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    tokyo = await addAccount(h(), clock, '都道府県', { prefectureCode: '13' });
    centre = await addAccount(h(), clock, '保健所', { prefectureCode: '13', municipalities: ['13102'] });
    // Two clinics of 東京都: one with a full draft, one with no report yet; and one of 大阪府.
    ready = await addInstitution(h(), clock, { name: '銀座インポートクリニック', institution_code: 'IMP0001' });
    fresh = await addInstitution(h(), clock, { name: '京橋インポートクリニック', institution_code: 'IMP0002' });
    await addInstitution(h(), clock, { name: '梅田よそのクリニック', prefecture_code: '27', municipality_code: '27127', institution_code: 'IMP0003' });
    const staff = await addAccount(h(), clock, '診療所', { prefectureCode: '13', institutionId: ready.id });
    const started = await startReport(platform.rt.deps, await actorOf(h().db, staff), 'new', ORIGIN);
    assert.ok(started.ok);
    readyReportId = started.reportId;
    await fillReport(h(), clock, readyReportId, { ...demoValues('診療所', 2025), 'basic.name.official': ready.name }, staff.id);
  });
  after(() => platform.close());

  const as = (a: Account) => gmisBrowserAs(platform, a.id);
  const cells = (csv: string) => parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  const rowOf = (rows: string[][], code: string) => rows.find((r) => r[1] === code)!;
  const column = (rows: string[][], key: string) => rows[0]!.findIndex((h) => h === key || h.endsWith(`[${key}]`));

  function upload(browser: Browser, page: string, items: string, options: { submit?: boolean; mode: 'check' | 'save' }): Promise<Response> {
    const parts: MultipartPart[] = [
      { name: '_csrf', value: csrfTokenIn(page) },
      { name: 'items', filename: 'tokyo-clinics.csv', content: items },
      ...(options.submit ? [{ name: 'submit', value: '1' }] : []),
      { name: 'mode', value: options.mode },
    ];
    const { body, contentType } = multipartBody(parts);
    return browser.request('POST', '/review/reports/import', body, { 'content-type': contentType });
  }
  const reportsOf = async (institutionId: string) =>
    h().db.selectFrom('reports').select(['id', 'state', 'current_version']).where('institution_id', '=', institutionId).execute();

  test('the link and the page are the prefecture’s; its health centre is refused', async () => {
    const b = await as(tokyo);
    assert.match((await b.get('/review/reports')).body, /<a href="\/review\/reports\/import">CSVで報告を入力<\/a>/);
    const page = await b.get('/review/reports/import');
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1 class="page-title">CSVで報告を入力<\/h1>/);
    assert.match(page.body, /入力後に報告済にする/);
    assert.match(page.body, /<form method="post" action="\/review\/reports\/import" enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf"/);

    const c = await as(centre);
    assert.doesNotMatch((await c.get('/review/reports')).body, /\/review\/reports\/import/);
    assert.equal((await c.get('/review/reports/import')).status, 403);
    assert.equal((await c.get('/review/reports/export?kind=診療所')).status, 403);
  });

  test('the template: 機関区分 required, the prefecture’s institutions of that kind only', async () => {
    const b = await as(tokyo);
    const none = await b.get('/review/reports/export');
    assert.equal(none.status, 422);
    assert.match(none.body, new RegExp(`<p class="field__error" id="kind-error">${MESSAGES['report_csv_pages.kind_required']}`));
    const items = await b.get(`/review/reports/export?kind=${encodeURIComponent('診療所')}&file=items`);
    assert.equal(items.status, 200);
    assert.match(items.headers.get('content-disposition')!, /^attachment; filename="13_clinic-items\.csv"/);
    const rows = cells(items.body);
    assert.deepEqual(
      rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
      ['IMP0001', 'IMP0002'],
    );
    assert.ok(rowOf(rows, 'IMP0001').includes('銀座インポートクリニック'));
    const hours = await b.get(`/review/reports/export?kind=${encodeURIComponent('診療所')}&file=hours&encoding=shift_jis`);
    assert.equal(hours.status, 200);
    assert.match(hours.headers.get('content-type')!, /charset=Shift_JIS/);
    // No pharmacy in reach: the empty template, its header row.
    const pharmacies = await b.get(`/review/reports/export?kind=${encodeURIComponent('薬局')}`);
    assert.equal(pharmacies.status, 200);
    assert.match(pharmacies.headers.get('content-disposition')!, /filename="13_pharmacy-items\.csv"/);
    const template = cells(pharmacies.body);
    assert.equal(template.length, 1);
    assert.deepEqual(template[0]!.slice(0, 2), ['都道府県コード', '機関コード']);
  });

  test('a problem by line and column writes nothing; 確認のみ writes nothing; the import saves; 報告済 on request', async () => {
    const b = await as(tokyo);
    const rows = cells((await b.get(`/review/reports/export?kind=${encodeURIComponent('診療所')}`)).body);
    const transport = column(rows, 'access.transport.text');
    const beds = column(rows, 'basic.beds.general');
    rowOf(rows, 'IMP0001')[transport] = '銀座駅から徒歩2分';
    rowOf(rows, 'IMP0002')[beds] = '多数';
    const line = rows.indexOf(rowOf(rows, 'IMP0002')) + 1;
    let page = await b.get('/review/reports/import');

    const refused = await upload(b, page.body, stringify(rows), { mode: 'save' });
    assert.equal(refused.status, 422, refused.body.slice(0, 300));
    const problem = new RegExp(`<tr data-file="items" data-line="${line}">([\\s\\S]*?)</tr>`).exec(refused.body);
    assert.ok(problem, 'the problem row of IMP0002');
    assert.ok(problem[1]!.includes(`${line}行目`), 'its line');
    assert.ok(problem[1]!.includes(rows[0]![beds]!), 'its column');
    assert.deepEqual(await reportsOf(fresh.id), [], 'nothing written');
    assert.equal((await reportsOf(ready.id))[0]!.current_version, 2);

    rowOf(rows, 'IMP0002')[beds] = '';
    page = await b.get('/review/reports/import');
    const checked = await upload(b, page.body, stringify(rows), { mode: 'check' });
    assert.equal(checked.status, 200, checked.body.slice(0, 300));
    assert.ok(checked.body.includes(MESSAGES['report_csv_pages.checked'](2)), '確認のみ');
    assert.deepEqual(await reportsOf(fresh.id), [], '確認のみ writes nothing');
    assert.equal((await reportsOf(ready.id))[0]!.current_version, 2);

    page = await b.get('/review/reports/import');
    const imported = await upload(b, page.body, stringify(rows), { mode: 'save' });
    assert.equal(imported.status, 200, imported.body.slice(0, 300));
    assert.ok(imported.body.includes(MESSAGES['report_csv_pages.imported'](2, 0)), 'both reports written (one started)');
    assert.match(imported.body, /data-count="saved">1件/);
    assert.match(imported.body, /data-count="unchanged">1件/);
    assert.match(imported.body, /data-count="started">1件/);
    const [readyReport] = await reportsOf(ready.id);
    assert.deepEqual([readyReport!.state, readyReport!.current_version], ['draft', 3]);
    const [freshReport] = await reportsOf(fresh.id);
    assert.equal(freshReport!.state, 'draft', 'a 新規報告 started for the clinic without one');

    // 入力後に報告済にする: the complete clinic alone, handed in and linked to its review page.
    rowOf(rows, 'IMP0001')[transport] = '銀座駅から徒歩1分';
    const onlyReady = [rows[0]!, rowOf(rows, 'IMP0001')];
    page = await b.get('/review/reports/import');
    const submitted = await upload(b, page.body, stringify(onlyReady), { mode: 'save', submit: true });
    assert.equal(submitted.status, 200, submitted.body.slice(0, 500));
    assert.ok(submitted.body.includes(MESSAGES['report_csv_pages.imported'](1, 1)));
    assert.equal((await reportsOf(ready.id))[0]!.state, 'submitted');
    assert.ok(submitted.body.includes(`href="/review/reports/${readyReportId}"`));
  });

  test('another prefecture’s institution in the file is a problem of its line, and nothing is written', async () => {
    const b = await as(tokyo);
    const rows = cells((await b.get(`/review/reports/export?kind=${encodeURIComponent('診療所')}`)).body);
    const away = [...rowOf(rows, 'IMP0002')];
    away[0] = '27';
    away[1] = 'IMP0003';
    const before = await reportsOf(fresh.id);
    const page = await b.get('/review/reports/import');
    const refused = await upload(b, page.body, stringify([rows[0]!, rowOf(rows, 'IMP0002'), away]), { mode: 'save' });
    assert.equal(refused.status, 422);
    assert.match(refused.body, /<tr data-file="items" data-line="3">/);
    assert.deepEqual(await reportsOf(fresh.id), before);
    // The health centre may not post at all.
    const c = await as(centre);
    const { body, contentType } = multipartBody([
      { name: '_csrf', value: csrfTokenIn((await c.get('/faq')).body) },
      { name: 'items', filename: 'a.csv', content: stringify(rows) },
    ]);
    assert.equal((await c.request('POST', '/review/reports/import', body, { 'content-type': contentType })).status, 403);
  });
});
