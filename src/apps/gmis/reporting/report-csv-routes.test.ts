// 「CSVで入力」 over real HTTP on the real platform, on SQLite and PostgreSQL: the panel on the report's
// overview, the two files to download (UTF-8 with a BOM, Shift_JIS), an upload with a problem (422,
// listed by file, line and column, nothing saved), the fixed upload (saved, the count on the report),
// a stale upload (409, nothing saved), the CSRF token read first (missing or not first: 403), what is
// not a CSV, too big or too many files (a Japanese message, never a 5xx), and another institution's
// report answered 404.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { Account, Institution } from '../../../db/schema.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { demoValues } from '../../../reporting/demo-values.ts';
import { jstMidnight } from '../../../reporting/fiscal-year.ts';
import { findReport, findVersion } from '../../../reporting/report-repository.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { csrfTokenIn, type Browser, type Response } from '../../../testing/http-client.ts';
import { multipartBody, type MultipartPart } from '../../../testing/multipart.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { addAccount, addInstitution, fillReport } from '../../../testing/reporting.ts';
import { UPLOAD_FILE_LIMIT, UPLOAD_REQUEST_LIMIT } from '../../../web/upload.ts';

describeEachEngine('G-MIS 「CSVで入力」 (institution)', (engine) => {
  let platform: TestPlatform;
  const clock = new ManualClock(jstMidnight(2026, 2, 1));
  let clinic: Institution;
  let staff: Account;
  let otherStaff: Account;

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
  });
  after(() => platform.close());

  beforeEach(async () => {
    const h = platform.rt.handle;
    clinic = await addInstitution(h, clock, { name: '銀座CSVクリニック' });
    const other = await addInstitution(h, clock, { name: '日本橋ほかのクリニック' });
    staff = await addAccount(h, clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    otherStaff = await addAccount(h, clock, '診療所', { prefectureCode: '13', institutionId: other.id });
  });

  /** A 新規報告 of the clinic, filled with the demo values (version 2). */
  async function filledReport(browser: Browser): Promise<string> {
    const home = await browser.get('/reporting');
    const started = await browser.request('POST', '/reporting/reports', { _csrf: csrfTokenIn(home.body), kind: 'new' });
    const id = /^\/reporting\/reports\/([^/?]+)\?done=started$/.exec(started.location ?? '')![1]!;
    await fillReport(platform.rt.handle, clock, id, { ...demoValues('診療所', 2025), 'basic.name.official': clinic.name }, staff.id);
    return id;
  }

  const versionIn = (html: string) => /name="base_version" value="(\d+)"/.exec(html)![1]!;

  /** Posts the upload as the page's form does: the CSRF token first, the version, the files. */
  function upload(browser: Browser, id: string, parts: MultipartPart[]): Promise<Response> {
    const { body, contentType } = multipartBody(parts);
    return browser.request('POST', `/reporting/reports/${id}/csv`, body, { 'content-type': contentType });
  }
  const formParts = (page: string, items: string | Uint8Array, more: MultipartPart[] = []): MultipartPart[] => [
    { name: '_csrf', value: csrfTokenIn(page) },
    { name: 'base_version', value: versionIn(page) },
    { name: 'items', filename: 'clinic-items.csv', content: items },
    ...more,
  ];

  /** The items file as rows of cells (the BOM dropped), and back. */
  const cells = (csv: string) => parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  const setCell = (rows: string[][], key: string, value: string) => {
    const i = rows[0]!.findIndex((h) => h === key || h.endsWith(`[${key}]`));
    assert.ok(i >= 0, `a column for ${key}`);
    rows[1]![i] = value;
    return rows[0]![i]!;
  };

  test('the panel, the downloads in UTF-8 with a BOM and in Shift_JIS, and the page', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await filledReport(browser);
    const overview = await browser.get(`/reporting/reports/${id}`);
    assert.match(overview.body, /<h2 class="section-title" id="csv-title">\s*CSVで入力/);
    assert.match(overview.body, new RegExp(`<form method="post" action="/reporting/reports/${id}/csv" enctype="multipart/form-data"`));
    // The CSRF token is the form's first field (read before the files).
    const form = /<form method="post" action="[^"]+\/csv"[\s\S]*?<\/form>/.exec(overview.body)![0];
    assert.match(form, /^<form[^>]*>\s*<input type="hidden" name="_csrf"/);

    const items = await browser.get(`/reporting/reports/${id}/csv/items`);
    assert.equal(items.status, 200);
    assert.match(items.headers.get('content-type')!, /^text\/csv; charset=utf-8/);
    assert.match(items.headers.get('content-disposition')!, /^attachment; filename="13-C\d+-2025-items\.csv"/);
    assert.ok(items.body.startsWith('\uFEFF'), 'a BOM, for Excel');
    const rows = cells(items.body);
    assert.deepEqual(rows[0]!.slice(0, 2), ['都道府県コード', '機関コード']);
    assert.deepEqual(rows[1]!.slice(0, 2), ['13', clinic.institution_code]);
    assert.ok(rows[1]!.includes('銀座CSVクリニック'));

    const sjis = await new Promise<Buffer>((resolve, reject) => {
      // The raw bytes (the test client decodes as UTF-8).
      const url = new URL(`/reporting/reports/${id}/csv/items?encoding=shift_jis`, browser.base);
      http
        .get(url, { headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
        })
        .on('error', reject);
    });
    assert.ok(iconv.decode(sjis, 'cp932').includes('銀座CSVクリニック'));
    assert.ok(!sjis.includes(Buffer.from('銀座', 'utf8')), 'not UTF-8');

    const hours = await browser.get(`/reporting/reports/${id}/csv/hours`);
    assert.equal(hours.status, 200);
    assert.match(cells(hours.body)[0]!.join(','), /都道府県コード,機関コード,項目/);

    const page = await browser.get(`/reporting/reports/${id}/csv`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1 class="page-title">CSVで入力<\/h1>/);
    assert.match(page.body, /CSVファイルの形式/);
    assert.equal((await browser.get(`/reporting/reports/${id}/csv/other`)).status, 404);
  });

  test('a problem is listed by file, line and column with nothing saved; fixed, it is saved and the report says how many fields', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await filledReport(browser);
    const rows = cells((await browser.get(`/reporting/reports/${id}/csv/items`)).body);
    const phoneColumn = setCell(rows, 'basic.phone.phone', '03-9999-0000');
    const transportColumn = setCell(rows, 'access.transport.text', '銀座駅から徒歩3分');
    const bedsColumn = setCell(rows, 'basic.beds.general', '十九床');
    let page = await browser.get(`/reporting/reports/${id}/csv`);

    const refused = await upload(browser, id, formParts(page.body, stringify(rows)));
    assert.equal(refused.status, 422, refused.body.slice(0, 300));
    assert.ok(refused.body.includes(MESSAGES['report_csv_pages.problems'](1)));
    const row = /<tr data-file="items" data-line="2">([\s\S]*?)<\/tr>/.exec(refused.body);
    assert.ok(row, 'the problem row');
    assert.ok(row[1]!.includes('項目ファイル（clinic-items.csv）'));
    assert.ok(row[1]!.includes('2行目'));
    assert.ok(row[1]!.includes(bedsColumn.replace(/&/g, '&amp;')));
    assert.match(row[1]!, /整数/);
    assert.equal((await findReport(platform.rt.deps.db, id))!.current_version, 2, 'nothing saved');

    setCell(rows, 'basic.beds.general', '19');
    page = await browser.get(`/reporting/reports/${id}/csv`);
    const saved = await upload(browser, id, formParts(page.body, stringify(rows)));
    assert.equal(saved.status, 303, saved.body.slice(0, 300));
    const m = new RegExp(`^/reporting/reports/${id}\\?done=csv&filled=(\\d+)$`).exec(saved.location ?? '');
    assert.ok(m, saved.location);
    const report = await findReport(platform.rt.deps.db, id);
    assert.equal(report!.current_version, 3);
    const values = JSON.parse((await findVersion(platform.rt.deps.db, id, 3))!.values) as Record<string, unknown>;
    assert.equal(values['basic.phone.phone'], '03-9999-0000');
    assert.equal(values['access.transport.text'], '銀座駅から徒歩3分');
    assert.equal(values['basic.beds.general'], 19);
    assert.equal(Number(m[1]), 3, `three fields changed (${phoneColumn}, ${transportColumn}, ${bedsColumn})`);
    const overview = await browser.get(saved.location!);
    assert.ok(overview.body.includes(MESSAGES['report_csv_pages.filled'](3)));

    // The hours file: Monday's first band of the first department starts at 8:30 now.
    const hours = cells((await browser.get(`/reporting/reports/${id}/csv/hours`)).body);
    const start = hours[0]!.indexOf('月_診療開始時間');
    assert.ok(start >= 0 && hours.length > 1, hours[0]!.join(','));
    hours[1]![start] = '8:30';
    page = await browser.get(`/reporting/reports/${id}/csv`);
    const withHours = await upload(
      browser,
      id,
      formParts(page.body, stringify(rows), [{ name: 'hours', filename: 'clinic-hours.csv', content: iconv.encode(stringify(hours), 'cp932') }]),
    );
    assert.equal(withHours.status, 303, withHours.body.slice(0, 300));
    assert.match(withHours.location!, /\?done=csv&filled=1$/);
    const v4 = (await findVersion(platform.rt.deps.db, id, 4))!.values;
    assert.ok(v4.includes('"08:30"') || v4.includes('"8:30"'), 'the new start time stored');

    // The same files again change nothing and say so.
    page = await browser.get(`/reporting/reports/${id}/csv`);
    const again = await upload(
      browser,
      id,
      formParts(page.body, stringify(rows), [{ name: 'hours', filename: 'clinic-hours.csv', content: stringify(hours) }]),
    );
    assert.equal(again.location, `/reporting/reports/${id}?done=csv_unchanged`);
    assert.ok((await browser.get(again.location!)).body.includes(MESSAGES['report_csv_pages.unchanged']));
  });

  test('an upload made on a version saved over meanwhile is refused with a message, nothing overwritten', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await filledReport(browser);
    const page = await browser.get(`/reporting/reports/${id}/csv`);
    const rows = cells((await browser.get(`/reporting/reports/${id}/csv/items`)).body);
    setCell(rows, 'access.transport.text', '古いページからの入力');
    // Another browser saves first.
    await fillReport(platform.rt.handle, clock, id, { ...demoValues('診療所', 2025), 'access.transport.text': 'あとから保存した内容' }, staff.id);
    const stale = await upload(browser, id, formParts(page.body, stringify(rows)));
    assert.equal(stale.status, 409);
    assert.ok(stale.body.includes(MESSAGES['report_csv_pages.stale']));
    assert.equal(versionIn(stale.body), '3', 'the page now shows the latest version');
    const values = JSON.parse((await findVersion(platform.rt.deps.db, id, 3))!.values) as Record<string, unknown>;
    assert.equal(values['access.transport.text'], 'あとから保存した内容');
    assert.equal((await findReport(platform.rt.deps.db, id))!.current_version, 3);
  });

  test('the CSRF token is read first: missing, wrong or after the file, the upload is refused (403) unread', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await filledReport(browser);
    const page = await browser.get(`/reporting/reports/${id}/csv`);
    const items = (await browser.get(`/reporting/reports/${id}/csv/items`)).body;
    const file = { name: 'items', filename: 'a.csv', content: items };
    const cases: MultipartPart[][] = [
      [{ name: 'base_version', value: versionIn(page.body) }, file],
      [{ name: '_csrf', value: 'not-a-token' }, { name: 'base_version', value: versionIn(page.body) }, file],
      [file, { name: '_csrf', value: csrfTokenIn(page.body) }, { name: 'base_version', value: versionIn(page.body) }],
    ];
    for (const parts of cases) assert.equal((await upload(browser, id, parts)).status, 403);
    // A plain form post without a token too.
    assert.equal((await browser.request('POST', `/reporting/reports/${id}/csv`, { base_version: '2' })).status, 403);
    assert.equal((await findReport(platform.rt.deps.db, id))!.current_version, 2);
    // The connection is still good: the next upload goes through.
    const fresh = await browser.get(`/reporting/reports/${id}/csv`);
    assert.equal((await upload(browser, id, formParts(fresh.body, items))).status, 303);
  });

  test('no file, an Excel book, binary data, too big, too many files: a Japanese message on the page, never a 5xx', async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await filledReport(browser);
    const page = async () => (await browser.get(`/reporting/reports/${id}/csv`)).body;
    const fileLabel = MESSAGES['report_csv.file.items'];

    const none = await upload(browser, id, [
      { name: '_csrf', value: csrfTokenIn(await page()) },
      { name: 'base_version', value: '2' },
      { name: 'items', filename: '', content: '', type: 'application/octet-stream' },
    ]);
    assert.equal(none.status, 422);
    assert.match(none.body, new RegExp(`<p class="field__error" id="csv-items-error">${MESSAGES['report_csv_pages.items_required']}`));
    // A plain form post (no files at all) says the same.
    const plain = await browser.request('POST', `/reporting/reports/${id}/csv`, { _csrf: csrfTokenIn(await page()), base_version: '2' });
    assert.equal(plain.status, 422);
    assert.ok(plain.body.includes(MESSAGES['report_csv_pages.items_required']));

    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]);
    const excel = await upload(
      browser,
      id,
      formParts(await page(), xlsx).map((p) => (p.name === 'items' ? { ...p, filename: '報告.xlsx' } : p)),
    );
    assert.equal(excel.status, 422);
    assert.ok(excel.body.includes(MESSAGES['report_csv_pages.excel'](fileLabel, '報告.xlsx')));

    const binary = await upload(browser, id, formParts(await page(), Buffer.from([0x41, 0x00, 0x42])));
    assert.equal(binary.status, 422);
    assert.ok(binary.body.includes(MESSAGES['report_csv_pages.binary'](fileLabel, 'clinic-items.csv')));

    const pdf = await upload(
      browser,
      id,
      formParts(await page(), 'a,b\n').map((p) => (p.name === 'items' ? { ...p, filename: 'scan.pdf' } : p)),
    );
    assert.equal(pdf.status, 422);
    assert.ok(pdf.body.includes(MESSAGES['report_csv_pages.not_csv'](fileLabel, 'scan.pdf')));

    const big = await upload(browser, id, formParts(await page(), Buffer.alloc(UPLOAD_FILE_LIMIT + 1024, 0x41)));
    assert.equal(big.status, 413);
    assert.ok(big.body.includes(MESSAGES['report_csv_pages.too_large'](20)));

    const three = await upload(
      browser,
      id,
      formParts(await page(), 'a\n', [
        { name: 'hours', filename: 'h.csv', content: 'a\n' },
        { name: 'items', filename: 'again.csv', content: 'a\n' },
      ]),
    );
    assert.equal(three.status, 413);
    assert.ok(three.body.includes(MESSAGES['report_csv_pages.too_many_parts']));

    // Declared larger than two files may be: answered at once, unread, and the connection closed.
    const declared = await new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
      void page().then((html) => {
        const { body, contentType } = multipartBody(formParts(html, 'a\n'));
        const req = http.request(new URL(`/reporting/reports/${id}/csv`, browser.base), {
          method: 'POST',
          agent: false,
          headers: {
            cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            'content-type': contentType,
            'content-length': String(UPLOAD_REQUEST_LIMIT + 1),
          },
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), connection: res.headers.connection }));
        });
        req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
        req.write(body); // the rest never comes
      });
    });
    assert.equal(declared.status, 413);
    assert.equal(declared.connection, 'close');
    assert.ok(declared.body.includes(MESSAGES['report_csv_pages.too_large'](20)));

    const broken = await browser.request('POST', `/reporting/reports/${id}/csv`, Buffer.from('--x\r\nnot multipart'), {
      'content-type': 'multipart/form-data; boundary=x',
    });
    assert.ok(broken.status < 500 && broken.status >= 400, `${broken.status}`);
    assert.equal((await findReport(platform.rt.deps.db, id))!.current_version, 2, 'nothing saved by any of them');
  });

  test("another institution's report: 404 for the page, the files and the upload; a submitted report takes no upload", async () => {
    const browser = await gmisBrowserAs(platform, staff.id);
    const id = await filledReport(browser);
    const page = await browser.get(`/reporting/reports/${id}/csv`);
    const items = (await browser.get(`/reporting/reports/${id}/csv/items`)).body;
    const stranger = await gmisBrowserAs(platform, otherStaff.id);
    for (const path of [`/reporting/reports/${id}/csv`, `/reporting/reports/${id}/csv/items`, `/reporting/reports/${id}/csv/hours`])
      assert.equal((await stranger.get(path)).status, 404, path);
    const strangerPage = await stranger.get('/reporting');
    const refused = await upload(stranger, id, [
      { name: '_csrf', value: csrfTokenIn(strangerPage.body) },
      { name: 'base_version', value: '2' },
      { name: 'items', filename: 'a.csv', content: items },
    ]);
    assert.equal(refused.status, 404);

    // Handed in: the page says it cannot be filled, an upload is refused (409), nothing changes.
    const overview = await browser.get(`/reporting/reports/${id}`);
    const submitted = await browser.request('POST', `/reporting/reports/${id}/submit`, { _csrf: csrfTokenIn(overview.body), base_version: '2' });
    assert.equal(submitted.status, 303, submitted.body.slice(0, 300));
    const after = await browser.get(`/reporting/reports/${id}/csv`);
    assert.doesNotMatch(after.body, /enctype="multipart\/form-data"/);
    const late = await upload(browser, id, formParts(page.body, items));
    assert.equal(late.status, 409);
    assert.ok(late.body.includes(MESSAGES['report_csv_pages.not_editable']));
    assert.equal((await findReport(platform.rt.deps.db, id))!.state, 'submitted');
  });
});
