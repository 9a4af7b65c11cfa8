// 医療機関マスタ over real HTTP on the real platform, on SQLite and PostgreSQL: who sees which rows (a
// prefecture its own, a health centre its municipalities, an association what was delegated, the
// office all, a hospital its own record), the search (name, フリガナ in hiragana, a full-width code,
// kind, municipality, state), a record and its links, the CSV of a search in UTF-8 with a BOM and in
// Shift_JIS, and the import: 確認のみ counting and writing nothing, a problem by line and column, a
// row out of reach refused, 取り込む writing all and auditing, and who may not import.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { listAudit } from '../../../audit/audit-log.ts';
import type { Account, Institution } from '../../../db/schema.ts';
import { CSV_COLUMNS, importInstitutions } from '../../../institutions/csv.ts';
import { findInstitutionByCode } from '../../../institutions/repository.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { csrfTokenIn, type Browser, type Response } from '../../../testing/http-client.ts';
import { multipartBody } from '../../../testing/multipart.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { addAccount } from '../../../testing/reporting.ts';

/** One master row in the CSV's column order (機関区分 … 状態). */
type Row = [string, string, string, string, string, string, string, string, string, string, string, string];
const HEADER = CSV_COLUMNS.map(([h]) => h);
const csvOf = (rows: Row[]) => stringify([HEADER, ...rows], { record_delimiter: '\r\n' });

const UMEDA: Row = [
  '病院',
  '27',
  'MA001',
  '',
  '梅田マスタ病院',
  'ウメダマスタビョウイン',
  '27127',
  '5300001',
  '大阪市北区梅田1-1-1',
  '',
  '06-1234-5678',
  '開設',
];
const TENMA: Row = [
  '診療所',
  '27',
  'MA002',
  '',
  '天満マスタクリニック',
  'テンママスタクリニック',
  '27127',
  '5300043',
  '大阪市北区天満1-2-3',
  '',
  '06-2345-6789',
  '廃止',
];
const FUKUSHIMA: Row = [
  '病院',
  '27',
  'MA003',
  '',
  '福島マスタ病院',
  'フクシママスタビョウイン',
  '27128',
  '5530003',
  '大阪市福島区福島1-1-1',
  '',
  '06-3456-7890',
  '開設',
];
const GINZA: Row = [
  '診療所',
  '13',
  'MA004',
  '',
  '銀座マスタクリニック',
  'ギンザマスタクリニック',
  '13102',
  '1040061',
  '中央区銀座1-2-3',
  '',
  '03-1234-5678',
  '開設',
];

describeEachEngine('医療機関マスタ (G-MIS)', (engine) => {
  let platform: TestPlatform;
  const clock = new ManualClock(Date.UTC(2026, 1, 2));
  const h = () => platform.rt.handle;
  const who: Record<'osaka' | 'tokyo' | 'centre' | 'association' | 'office' | 'hospital' | 'unbound', Account> = {} as never;
  const inst: Record<string, Institution> = {};

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    const deps = platform.rt.deps;
    const made = await importInstitutions({ db: deps.db, random: deps.random, now: clock.now() }, Buffer.from(csvOf([UMEDA, TENMA, FUKUSHIMA, GINZA])));
    assert.ok(made.ok, JSON.stringify(made));
    for (const code of ['MA001', 'MA002', 'MA003']) inst[code] = (await findInstitutionByCode(deps.db, '27', code))!;
    inst.MA004 = (await findInstitutionByCode(deps.db, '13', 'MA004'))!;
    who.osaka = await addAccount(h(), clock, '都道府県', { prefectureCode: '27' });
    who.tokyo = await addAccount(h(), clock, '都道府県', { prefectureCode: '13' });
    who.centre = await addAccount(h(), clock, '保健所', { prefectureCode: '27', municipalities: ['27127'] });
    who.association = await addAccount(h(), clock, '関係団体', { delegated: [{ prefectureCode: '27', action: 'registration.review' }] });
    who.office = await addAccount(h(), clock, '事務局');
    who.hospital = await addAccount(h(), clock, '病院', { prefectureCode: '27', institutionId: inst.MA003!.id });
    who.unbound = await addAccount(h(), clock, '病院', { prefectureCode: '27' });
  });
  after(() => platform.close());

  const as = (a: Account) => gmisBrowserAs(platform, a.id);
  const codesIn = (body: string) => [...body.matchAll(/<tr data-code="([^"]+)"/g)].map((m) => m[1]);
  const search = async (a: Account, query = '') => codesIn((await (await as(a)).get(`/institutions${query}`)).body);

  test('each sees the rows within reach, and a record out of reach is 404', async () => {
    assert.deepEqual(await search(who.osaka), ['MA001', 'MA002', 'MA003']);
    assert.deepEqual(await search(who.centre), ['MA001', 'MA002']);
    assert.deepEqual(await search(who.association), ['MA001', 'MA002', 'MA003']);
    assert.deepEqual(await search(who.tokyo), ['MA004']);
    assert.deepEqual(await search(who.office), ['MA004', 'MA001', 'MA002', 'MA003'], 'by prefecture, then 機関コード');
    assert.deepEqual(await search(who.hospital), ['MA003'], 'a hospital its own record');
    assert.equal((await (await as(who.unbound)).get('/institutions')).status, 403, 'an institution account bound to none');

    const osaka = await as(who.osaka);
    assert.equal((await osaka.get(`/institutions/${inst.MA004!.id}`)).status, 404);
    assert.equal((await osaka.get('/institutions/no-such-id')).status, 404);
    assert.equal((await (await as(who.centre)).get(`/institutions/${inst.MA003!.id}`)).status, 404, 'another municipality');
    assert.equal((await (await as(who.hospital)).get(`/institutions/${inst.MA001!.id}`)).status, 404, 'another institution');
    assert.equal((await (await as(who.hospital)).get(`/institutions/${inst.MA003!.id}`)).status, 200);
  });

  test('the search: name, フリガナ in hiragana, a full-width code, kind, municipality, state', async () => {
    const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;
    assert.deepEqual(await search(who.osaka, q({ q: '梅田' })), ['MA001']);
    assert.deepEqual(await search(who.osaka, q({ q: 'てんま' })), ['MA002'], 'hiragana finds the katakana フリガナ');
    assert.deepEqual(await search(who.osaka, q({ q: 'ﾌｸｼﾏ' })), ['MA003'], 'half-width katakana');
    assert.deepEqual(await search(who.osaka, q({ code: 'ｍａ００２' })), ['MA002'], 'a full-width lower-case code');
    assert.deepEqual(await search(who.osaka, q({ kind: '診療所' })), ['MA002']);
    assert.deepEqual(await search(who.osaka, q({ municipality: '27128' })), ['MA003']);
    assert.deepEqual(await search(who.osaka, q({ status: 'closed' })), ['MA002']);
    assert.deepEqual(await search(who.osaka, q({ q: '銀座' })), [], 'another prefecture’s name finds nothing');
    assert.deepEqual(await search(who.osaka, q({ q: '%' })), [], 'LIKE signs are text');
    const odd = await (await as(who.osaka)).get(`/institutions${q({ kind: 'x', status: 'y', municipality: '1', page: '-3', q: 'あ'.repeat(500) })}`);
    assert.equal(odd.status, 200, 'unreadable conditions are no conditions');
    const page = await (await as(who.osaka)).get('/institutions?q=%E6%A2%85%E7%94%B0');
    assert.match(page.body, /<input class="field__input" id="q" name="q" value="梅田"/, 'what was typed is kept');
  });

  test('a record: the master’s fields and its links', async () => {
    const osaka = await (await as(who.osaka)).get(`/institutions/${inst.MA001!.id}`);
    assert.equal(osaka.status, 200);
    for (const text of ['梅田マスタ病院', 'ウメダマスタビョウイン', 'MA001', '大阪市北区', '〒530-0001', '06-1234-5678', '開設'])
      assert.ok(osaka.body.includes(text), text);
    assert.ok(osaka.body.includes(`href="/review/publications/${inst.MA001!.id}"`), 'its 公表の状態');
    assert.ok(osaka.body.includes('href="/review/reports?q=MA001"'), 'its reports');
    const own = await (await as(who.hospital)).get(`/institutions/${inst.MA003!.id}`);
    assert.ok(own.body.includes('href="/reporting"'), 'an institution’s own reports');
    assert.ok(!own.body.includes('/review/publications/'), 'no staff links for the institution');
  });

  /** The raw bytes of a GET (the test client decodes as UTF-8). */
  const bytesOf = (browser: Browser, path: string) =>
    new Promise<{ status: number; type: string; bytes: Buffer }>((resolve, reject) => {
      http
        .get(new URL(path, browser.base), { headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } }, (res) => {
          const chunks: Buffer[] = [];
          res
            .on('data', (c: Buffer) => chunks.push(c))
            .on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), bytes: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });

  test('the CSV of the search: UTF-8 with a BOM or Shift_JIS, the rows of the search only; not for an institution', async () => {
    const osaka = await as(who.osaka);
    const utf8 = await bytesOf(osaka, '/institutions/export?municipality=27127');
    assert.equal(utf8.status, 200);
    assert.match(utf8.type, /^text\/csv; charset=utf-8/);
    assert.deepEqual([...utf8.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM');
    const rows = parse(utf8.bytes.toString('utf8').slice(1)) as string[][];
    assert.deepEqual(rows[0], HEADER);
    assert.deepEqual(
      rows.slice(1).map((r) => r[2]),
      ['MA001', 'MA002'],
    );
    const sjis = await bytesOf(osaka, '/institutions/export?encoding=shift_jis&q=%E6%A2%85%E7%94%B0');
    assert.equal(sjis.status, 200);
    assert.match(sjis.type, /Shift_JIS/);
    assert.ok(iconv.decode(sjis.bytes, 'cp932').includes('梅田マスタ病院'));
    assert.ok(!sjis.bytes.includes(Buffer.from('梅田', 'utf8')), 'not UTF-8');
    assert.ok(!iconv.decode(sjis.bytes, 'cp932').includes('天満'), 'the search only');
    assert.equal((await bytesOf(await as(who.centre), '/institutions/export')).status, 200, 'a health centre exports what it sees');
    assert.equal((await bytesOf(await as(who.hospital), '/institutions/export')).status, 403);
  });

  function upload(browser: Browser, page: string, csv: string | Buffer, mode: 'check' | 'apply', filename = 'master.csv'): Promise<Response> {
    const { body, contentType } = multipartBody([
      { name: '_csrf', value: csrfTokenIn(page) },
      { name: 'file', filename, content: csv },
      { name: 'mode', value: mode },
    ]);
    return browser.request('POST', '/institutions/import', body, { 'content-type': contentType });
  }
  const count = (body: string, what: string) => Number(new RegExp(`data-count="${what}">(\\d+)件`).exec(body)?.[1]);
  const phoneOf = async (code: string) => (await findInstitutionByCode(h().db, '27', code))?.phone;

  test('import: 確認のみ counts and writes nothing; a problem by line and column; a row out of reach; 取り込む writes all', async () => {
    const b = await as(who.osaka);
    const page = await b.get('/institutions/import');
    assert.equal(page.status, 200);
    assert.match(page.body, /<form method="post" action="\/institutions\/import" enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf"/);
    const changed: Row = [...UMEDA];
    changed[10] = '06-9999-0000';
    const added: Row = [
      '薬局',
      '27',
      'MA005',
      '',
      '中之島マスタ薬局',
      'ナカノシママスタヤッキョク',
      '27127',
      '5300005',
      '大阪市北区中之島1-1-1',
      '',
      '06-1111-2222',
      '',
    ];
    const good = csvOf([changed, TENMA, added]);

    const checked = await upload(b, page.body, good, 'check');
    assert.equal(checked.status, 200, checked.body.slice(0, 500));
    assert.match(checked.body, /data-outcome="check"/);
    assert.deepEqual([count(checked.body, 'inserted'), count(checked.body, 'updated'), count(checked.body, 'unchanged')], [1, 1, 1]);
    assert.equal(await phoneOf('MA001'), '06-1234-5678', 'nothing written by 確認のみ');
    assert.equal(await findInstitutionByCode(h().db, '27', 'MA005'), undefined);

    const wrong: Row = [...added];
    wrong[5] = 'Nakanoshima';
    const bad = await upload(b, checked.body, csvOf([changed, wrong]), 'apply');
    assert.equal(bad.status, 422);
    assert.match(bad.body, /<tr data-line="3">\s*<td>3行目<\/td>\s*<td>フリガナ<\/td>\s*<td>フリガナはカタカナで/);
    assert.equal(await phoneOf('MA001'), '06-1234-5678', 'all or nothing');

    const away = await upload(b, bad.body, csvOf([changed, GINZA]), 'apply');
    assert.equal(away.status, 422);
    assert.match(
      away.body,
      /<tr data-line="3">\s*<td>3行目<\/td>\s*<td>市区町村コード<\/td>\s*<td>この医療機関は、あなたが医療機関マスタを登録・更新できる範囲/,
    );
    assert.equal(await phoneOf('MA001'), '06-1234-5678');

    const excel = await upload(b, away.body, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'apply', 'master.xlsx');
    assert.equal(excel.status, 422);
    assert.match(excel.body, /Excelのブックです/);

    const applied = await upload(b, excel.body, iconv.encode(good, 'cp932'), 'apply');
    assert.equal(applied.status, 200);
    assert.match(applied.body, /data-outcome="apply"/);
    assert.deepEqual([count(applied.body, 'inserted'), count(applied.body, 'updated'), count(applied.body, 'unchanged')], [1, 1, 1]);
    assert.equal(await phoneOf('MA001'), '06-9999-0000');
    assert.equal((await findInstitutionByCode(h().db, '27', 'MA005'))?.name, '中之島マスタ薬局');
    const audit = await listAudit(h().db, { type: 'institutions.imported' });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.account_id, who.osaka.id);
    assert.deepEqual(JSON.parse(audit[0]!.details), { file: 'master.csv', inserted: 1, updated: 1, unchanged: 1, by: 'screen' });

    const again = await upload(b, applied.body, good, 'apply');
    assert.deepEqual(
      [count(again.body, 'inserted'), count(again.body, 'updated'), count(again.body, 'unchanged')],
      [0, 0, 3],
      'applied twice changes nothing more',
    );
  });

  test('import: a health centre, an association and an institution may not; another prefecture’s rows are refused', async () => {
    for (const a of [who.centre, who.association, who.hospital]) {
      const b = await as(a);
      assert.equal((await b.get('/institutions/import')).status, 403);
      assert.doesNotMatch((await b.get('/institutions')).body, /href="\/institutions\/import"/);
      const faq = await b.get('/faq');
      assert.equal((await upload(b, faq.body, csvOf([UMEDA]), 'apply')).status, 403);
    }
    const tokyo = await as(who.tokyo);
    const page = await tokyo.get('/institutions/import');
    const changed: Row = [...UMEDA];
    changed[4] = '乗っ取り病院';
    const r = await upload(tokyo, page.body, csvOf([changed]), 'apply');
    assert.equal(r.status, 422);
    assert.notEqual((await findInstitutionByCode(h().db, '27', 'MA001'))?.name, '乗っ取り病院');
  });
});
