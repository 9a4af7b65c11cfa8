// 報告状況 over HTTP on both engines, with the hand-made fixture: the board's counts, chart and tables
// for 東京都, a count followed to its list, the two CSVs (UTF-8 with a BOM; Shift_JIS, byte for byte)
// — and who gets what: a health centre its municipalities, the office every prefecture, an association
// without report.review and an institution 403, nobody signed in the way to ログイン.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { Account } from '../../../db/schema.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { Browser } from '../../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { addAccount } from '../../../testing/reporting.ts';
import { BOARD_NOW, seedStatusBoard, type BoardFixture } from '../../../testing/status-board-fixture.ts';

/** The raw bytes of a GET (the test client decodes bodies as UTF-8). */
function bytesOf(browser: Browser, path: string): Promise<{ status: number; type: string | undefined; disposition: string | undefined; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, browser.base), { headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } }, (res) => {
        const chunks: Buffer[] = [];
        res
          .on('data', (c: Buffer) => chunks.push(c))
          .on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: res.headers['content-type'],
              disposition: res.headers['content-disposition'],
              bytes: Buffer.concat(chunks),
            }),
          );
      })
      .on('error', reject);
  });
}

const countIn = (html: string, what: string) => new RegExp(`data-count="${what}">(?:<a [^>]*>)?(\\d+)`).exec(html)?.[1];
const rowsOf = (html: string) => [...html.matchAll(/data-institution="[^"]+" data-status="(\w+)">\s*<td class="mono">([^<]+)</g)].map((m) => [m[2], m[1]]);

describeEachEngine('報告状況 routes', (engine) => {
  const clock = new ManualClock(BOARD_NOW);
  let platform: TestPlatform;
  let fx: BoardFixture;
  const accounts: Record<'tokyo' | 'centre' | 'delegate' | 'applicationsOnly' | 'office' | 'clinic', Account> = {} as never;
  const as = (who: keyof typeof accounts) => gmisBrowserAs(platform, accounts[who].id);

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    const h = platform.rt.handle;
    fx = await seedStatusBoard(h, clock);
    accounts.tokyo = await addAccount(h, clock, '都道府県', { prefectureCode: '13' });
    accounts.centre = await addAccount(h, clock, '保健所', { prefectureCode: '13', municipalities: ['13103'] });
    accounts.delegate = await addAccount(h, clock, '関係団体', { delegated: [{ prefectureCode: '13', action: 'report.review' }] });
    accounts.applicationsOnly = await addAccount(h, clock, '関係団体', { delegated: [{ prefectureCode: '13', action: 'registration.review' }] });
    accounts.office = await addAccount(h, clock, '事務局');
    accounts.clinic = await addAccount(h, clock, '診療所', { prefectureCode: '13', institutionId: fx.institutions.A.id });
  });
  after(() => platform.close());

  test('東京都: the counts, the chart with its text and the tables; a count leads to its list', async () => {
    const browser = await as('tokyo');
    const res = await browser.get('/review/status');
    assert.equal(res.status, 200);
    assert.match(res.body, /令和8年度 医療機能情報の報告状況（東京都）/);
    const counts = Object.fromEntries(['total', 'unreported', 'draft', 'reported', 'accepted', 'stopped'].map((k) => [k, countIn(res.body, k)]));
    assert.deepEqual(counts, { total: '7', unreported: '2', draft: '1', reported: '2', accepted: '2', stopped: '1' });
    assert.match(res.body, /data-count="rate">57\.1%/);
    // The charts: images named by their title and described in words, the numbers also in tables.
    assert.match(res.body, /<svg class="rs-chart"[^>]*role="img" aria-labelledby="rs-bars-title rs-bars-desc"/);
    assert.match(res.body, /<desc id="rs-bars-desc">[^<]*診療所：対象6件、未報告2件、報告中1件、報告済2件、確認済1件、報告率50\.0%/);
    assert.match(res.body, /<svg class="rs-chart"[^>]*aria-labelledby="rs-weeks-chart-title rs-weeks-chart-desc"/);
    assert.equal([...res.body.matchAll(/<tr data-week="/g)].length, 4, 'four weeks into the window');
    assert.match(res.body, /<tr data-row="13102">/);
    assert.ok(!res.body.includes('style='), 'no inline style (CSP)');
    assert.ok(!/<script(?! src)/.test(res.body), 'no inline script');

    const link = /href="(\/review\/status\/institutions\?[^"]*status=unreported[^"]*)" aria-label="未報告 2件の一覧"/.exec(res.body)?.[1];
    assert.ok(link, 'the 未報告 count is a link');
    const list = await browser.get(link.replaceAll('&amp;', '&'));
    assert.equal(list.status, 200);
    assert.deepEqual(rowsOf(list.body), [
      ['SB0001', 'unreported'],
      ['SB0010', 'unreported'],
    ]);
    const kindLink = /href="(\/review\/status\/institutions\?[^"]*kind=[^"]*status=reported[^"]*)"/.exec(res.body)![1]!.replaceAll('&amp;', '&');
    assert.deepEqual(rowsOf((await browser.get(kindLink)).body), [
      ['SB0003', 'reported'],
      ['SB0005', 'reported'],
    ]);
    // A page past the end: the count stays, no rows.
    const past = await browser.get('/review/status/institutions?fy=2026&scheme=medical&status=unreported&page=3');
    assert.equal(past.status, 200);
    assert.match(past.body, /data-total="2"/);
    // Anything unreadable in the query is no filter.
    assert.equal((await browser.get('/review/status?fy=abc&scheme=x&prefecture=<script>&status=none')).status, 200);
  });

  test('the CSVs: UTF-8 with a BOM, and Shift_JIS', async () => {
    const browser = await as('tokyo');
    const summary = await bytesOf(browser, '/review/status/csv?fy=2026&scheme=medical');
    assert.equal(summary.status, 200);
    assert.match(summary.type ?? '', /text\/csv; charset=utf-8/);
    assert.match(summary.disposition ?? '', /attachment; filename="report-status_13_2026_medical\.csv"; filename\*=UTF-8''/);
    assert.deepEqual([...summary.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM');
    const rows = parse(summary.bytes.subarray(3).toString('utf8')) as string[][];
    assert.deepEqual(rows[0], ['集計', 'コード', '名称', '対象', '未報告', '報告中', '報告済', '確認済', '報告率', '公表停止']);
    assert.deepEqual(rows[1], ['全体', '', '', '7', '2', '1', '2', '2', '57.1%', '1']);
    assert.deepEqual(
      rows.find((r) => r[1] === '13103'),
      ['市区町村別', '13103', '港区', '2', '0', '0', '1', '1', '100.0%', '1'],
    );

    const sjis = await bytesOf(browser, '/review/status/institutions/csv?fy=2026&scheme=medical&status=unreported&encoding=shift_jis');
    assert.equal(sjis.status, 200);
    assert.match(sjis.type ?? '', /charset=Shift_JIS/);
    assert.notDeepEqual([...sjis.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'no BOM in Shift_JIS');
    assert.ok(!sjis.bytes.includes(Buffer.from('未報告', 'utf8')), 'not UTF-8');
    assert.ok(sjis.bytes.includes(iconv.encode('未報告', 'cp932')));
    const list = parse(iconv.decode(sjis.bytes, 'cp932')) as string[][];
    assert.deepEqual(list[0], ['都道府県名', '機関コード', '機関名', '機関区分', '市区町村コード', '市区町村', '状況', '報告日', '確認日', '公表停止']);
    assert.deepEqual(
      list.slice(1).map((r) => [r[1], r[5], r[6]]),
      [
        ['SB0001', '中央区', '未報告'],
        ['SB0010', '中央区', '未報告'],
      ],
    );
    const all = parse((await bytesOf(browser, '/review/status/institutions/csv?fy=2026&scheme=medical')).bytes.subarray(3).toString('utf8')) as string[][];
    assert.equal(all.length, 1 + 7);
  });

  test('a health centre sees its municipalities; an association only where delegated', async () => {
    const centre = await (await as('centre')).get('/review/status');
    assert.equal(centre.status, 200);
    assert.equal(countIn(centre.body, 'total'), '2');
    assert.ok(!centre.body.includes('data-row="13102"'));
    const elsewhere = await (await as('centre')).get('/review/status/institutions?fy=2026&scheme=medical&municipality=13102');
    assert.match(elsewhere.body, /data-total="0"/);

    const delegate = await (await as('delegate')).get('/review/status');
    assert.equal(delegate.status, 200);
    assert.equal(countIn(delegate.body, 'total'), '7');
    for (const path of ['/review/status', '/review/status/institutions', '/review/status/csv', '/review/status/institutions/csv']) {
      assert.equal((await (await as('applicationsOnly')).get(path)).status, 403, path);
      assert.equal((await (await as('clinic')).get(path)).status, 403, path);
      const anonymous = await new Browser(platform.url.gmis).get(path);
      assert.equal(anonymous.status, 303, path);
      assert.match(anonymous.location ?? '', /\/login/);
    }
  });

  test('the office: every prefecture side by side, then one prefecture with its municipalities', async () => {
    const office = await as('office');
    const all = await office.get('/review/status');
    assert.equal(all.status, 200);
    assert.match(all.body, /報告状況（全国）/);
    assert.equal([...all.body.matchAll(/<tr data-row="\d{2}">/g)].length, 47);
    assert.equal(countIn(all.body, 'total'), '8');
    assert.match(all.body, /市区町村ごとの件数は、都道府県を選ぶと表示します/);
    const tokyo = await office.get('/review/status?fy=2026&scheme=medical&prefecture=13');
    assert.equal(countIn(tokyo.body, 'total'), '7');
    assert.match(tokyo.body, /<tr data-row="13103">/);
    const list = await office.get('/review/status/institutions?fy=2026&scheme=medical&status=unreported');
    assert.deepEqual(rowsOf(list.body).length, 3, 'every prefecture’s 未報告');
    assert.match(list.body, /<th scope="col">都道府県<\/th>/);
  });

  test('the staff menu has 報告状況; the home’s 報告確認 card links to it', async () => {
    const home = await (await as('tokyo')).get('/');
    assert.match(home.body, /<a class="gmis-nav__link" href="\/review\/status"><span>報告状況<\/span>/);
    assert.match(home.body, /href="\/review\/status">報告状況（/);
    const board = await (await as('tokyo')).get('/review/status');
    assert.match(board.body, /href="\/review\/status" aria-current="page"><span>報告状況<\/span>/);
    const clinicHome = await (await as('clinic')).get('/');
    assert.ok(!clinicHome.body.includes('href="/review/status"'), 'not in an institution’s menu');
  });
});
