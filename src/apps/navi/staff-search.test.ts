// 関係者メニュー 施設の検索 over real HTTP, on SQLite and PostgreSQL, with the demo's open data and a few
// facilities published from reports: signed out it leads to 関係者ログイン; a condition only the staff
// have (保有設備, 対応可能な疾患・治療) finds the facilities the query code finds, 20 a page with a pager;
// the results show items the public page does not (管理者 フリガナ, 外来区分); the CSV of the whole result
// in UTF-8 (BOM) and Shift_JIS decodes to the same rows, named in Japanese, with an audit event; bad
// conditions answer 400 with messages beside the fields and the values kept.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import http from 'node:http';
import { listAudit } from '../../audit/audit-log.ts';
import type { InstitutionKind } from '../../db/schema.ts';
import { importInstitutions } from '../../institutions/csv.ts';
import { issueNaviAccount } from '../../navi/issue-account.ts';
import { publishDemoSnapshot } from '../../opendata/seed-import.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { cryptoRandom } from '../../platform/secrets.ts';
import type { Ports } from '../../ports.ts';
import type { ReportValues } from '../../reporting/catalogue/types.ts';
import { demoValues } from '../../reporting/demo-values.ts';
import { searchFacilities } from '../../search/query.ts';
import { STAFF_CSV_MAX } from '../../search/staff-search.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { Browser, csrfTokenIn } from '../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { publishAcceptedReport } from '../../testing/reporting.ts';

const PASSWORD = 'Staff-Search-Passphrase-2026';
const cards = (html: string) => [...html.matchAll(/<li class="result-card">/g)].length;
const facilityLinks = (html: string) => [...html.matchAll(/href="\/facilities\/(\d{3}[0-9A-Za-z]{10})"/g)].map((m) => m[1]!);
const qs = (params: Record<string, string | string[]>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) s.append(k, one);
  return s.toString();
};

/** GET with the browser's cookies, the body as bytes (a Shift_JIS CSV is not UTF-8). */
function getBytes(b: Browser, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, b.base), { headers: { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describeEachEngine('関係者メニュー 施設の検索', (engine) => {
  let platform: TestPlatform;
  let deps: Ports;
  let staff: Browser;
  let ct: string;
  let noEquipment: string;

  const publish = async (code: string, kind: InstitutionKind, values: ReportValues) => (await publishAcceptedReport(deps, code, kind, values)).facilityId;

  before(async () => {
    platform = await startTestPlatform({ engine });
    deps = platform.rt.deps;
    await publishDemoSnapshot(deps);
    await importInstitutions(
      { db: deps.db, random: cryptoRandom, now: 0 },
      Buffer.from(
        '機関区分,都道府県コード,機関コード,機関名,フリガナ,市区町村コード,郵便番号,住所,電話番号\n' +
          '診療所,13,9310000001,髙橋ファミリークリニック,タカハシファミリークリニック,13102,1040061,銀座9-9,03-3000-0003\n' +
          '診療所,13,9310000002,銀座設備なしクリニック,ギンザセツビナシクリニック,13102,1040061,銀座1-1,03-3000-0004\n',
      ),
    );
    const base = demoValues('診療所');
    // The staff's conditions: a CT and 歯科インプラント (a treatment no demo clinic has); the other has neither.
    ct = await publish('9310000001', '診療所', {
      ...base,
      'care.equipment.equipment': [{ code: 'ct' }],
      'care.treatments.treatments': [{ code: 'implant' }],
    });
    const rest: ReportValues = { ...base, 'basic.name.official': '銀座設備なしクリニック', 'basic.administrator.name_kana': 'ギンザ　ジロウ' };
    delete rest['care.equipment.equipment'];
    delete rest['care.treatments.treatments'];
    noEquipment = await publish('9310000002', '診療所', rest);

    const issued = await issueNaviAccount(deps, {
      userId: `ss-${engine}`,
      displayName: '東京都 医療政策課 担当者',
      email: `ss-${engine}@example.jp`,
      issuedBy: 'test',
    });
    assert.ok(issued.ok);
    staff = new Browser(platform.url.navi);
    const login = await staff.get('/staff/login');
    assert.equal(
      (await staff.request('POST', '/staff/login', { _csrf: csrfTokenIn(login.body), user_id: issued.account.user_id, password: issued.temporaryPassword }))
        .status,
      303,
    );
    const change = await staff.get('/staff/password/change');
    const changed = await staff.request('POST', '/staff/password/change', {
      _csrf: csrfTokenIn(change.body),
      current_password: issued.temporaryPassword,
      password: PASSWORD,
      confirmation: PASSWORD,
    });
    assert.equal(changed.status, 303);
  });
  after(() => platform.close());

  test('signed out: the search and its CSV lead to 関係者ログイン', async () => {
    const visitor = new Browser(platform.url.navi);
    for (const path of ['/staff/search', '/staff/search?equipment=ct', '/staff/search/csv?equipment=ct']) {
      const r = await visitor.get(path);
      assert.equal(r.status, 303, path);
      assert.equal(r.location, '/staff/login', path);
    }
  });

  test('the menu links to it; the empty form offers every condition and searches nothing yet', async () => {
    const menu = await staff.get('/staff');
    assert.match(menu.body, /<a href="\/staff\/search">施設の検索<\/a>/);
    const page = await staff.get('/staff/search');
    assert.equal(page.status, 200);
    for (const name of [
      'q',
      'kind',
      'pref',
      'dept',
      'open_at',
      'open_date',
      'open_time',
      'feature',
      'language',
      'lat',
      'lon',
      'radius_km',
      'equipment',
      'treatment',
      'specialist',
      'vaccination',
    ])
      assert.match(page.body, new RegExp(`name="${name}"`), name);
    assert.match(page.body, /<input type="checkbox" name="equipment" value="ct"\/?>\s*<span>CT<\/span>/);
    assert.equal(cards(page.body), 0);
    assert.doesNotMatch(page.body, /<script(?![^>]*src=)/, 'no inline script');
    assert.doesNotMatch(page.body, /style="/, 'no inline style');
  });

  test('a staff-only condition finds what the query code finds; non-public items are shown and marked', async () => {
    const r = await staff.get(`/staff/search?${qs({ treatment: 'implant', pref: '13', kind: 'clinic' })}`);
    assert.equal(r.status, 200);
    const answer = await searchFacilities(deps.db, { treatments: ['implant'], pref: '13', kinds: ['診療所'] });
    assert.deepEqual(facilityLinks(r.body), answer.results.map((x) => x.id).slice(0, 20));
    assert.ok(facilityLinks(r.body).includes(ct));
    assert.ok(!facilityLinks(r.body).includes(noEquipment));
    assert.match(r.body, /name="treatment" value="implant" checked/);
    // 管理者のフリガナ and 外来区分: not on the public page, here with the 非公表 mark.
    assert.match(r.body, /<span>管理者の氏名（フリガナ）<\/span> <span class="badge">非公表<\/span><\/dt><dd>タカハシ　ハナコ<\/dd>/);
    assert.match(r.body, /<span>外来区分<\/span> <span class="badge">非公表<\/span>/);
    assert.match(r.body, /<dt>保有設備<\/dt><dd>CT<\/dd>/);
    const publicPage = await new Browser(platform.url.navi).get(`/facilities/${ct}`);
    assert.doesNotMatch(publicPage.body, /タカハシ　ハナコ/);

    // Two staff conditions at once: each must hold.
    const both = await staff.get(`/staff/search?${qs({ equipment: 'ct', treatment: 'implant', pref: '13', kind: 'clinic' })}`);
    const bothAnswer = await searchFacilities(deps.db, { equipment: ['ct'], treatments: ['implant'], pref: '13', kinds: ['診療所'] });
    assert.deepEqual(
      facilityLinks(both.body),
      bothAnswer.results.map((x) => x.id),
    );
    assert.ok(bothAnswer.results.some((x) => x.id === ct));
  });

  test('20 a page with a pager that keeps the conditions', async () => {
    const answer = await searchFacilities(deps.db, { equipment: ['ct'] });
    assert.ok(answer.total > 20, `${answer.total}`);
    const first = await staff.get(`/staff/search?${qs({ equipment: 'ct' })}`);
    assert.equal(cards(first.body), 20);
    assert.match(first.body, new RegExp(`${answer.total.toLocaleString('ja-JP')}件見つかりました`));
    const next = /<a class="pager__link" href="([^"]+)" rel="next">/.exec(first.body)?.[1];
    assert.equal(next, '/staff/search?equipment=ct&page=2');
    const second = await staff.get(`/staff/search?${qs({ equipment: 'ct', page: '2' })}`);
    const page2 = await searchFacilities(deps.db, { equipment: ['ct'], page: 2 });
    assert.deepEqual(
      facilityLinks(second.body),
      page2.results.map((x) => x.id),
    );
  });

  test('the CSV holds the whole result; UTF-8 (BOM) and Shift_JIS decode to the same rows; the download is audited', async () => {
    const query = { equipment: 'ct', pref: '13' };
    const answer = await searchFacilities(deps.db, { equipment: ['ct'], pref: '13' });
    assert.ok(answer.total > 20 && answer.total <= STAFF_CSV_MAX);
    const utf8 = await getBytes(staff, `/staff/search/csv?${qs({ ...query, encoding: 'utf-8' })}`);
    assert.equal(utf8.status, 200);
    assert.match(String(utf8.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(
      String(utf8.headers['content-disposition']),
      /^attachment; filename="facilities_\d{8}\.csv"; filename\*=UTF-8''%E6%96%BD%E8%A8%AD%E6%A4%9C%E7%B4%A2_\d{8}\.csv$/,
    );
    assert.deepEqual([...utf8.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM');
    const sjis = await getBytes(staff, `/staff/search/csv?${qs({ ...query, encoding: 'shift_jis' })}`);
    assert.equal(sjis.status, 200);
    assert.match(String(sjis.headers['content-type']), /^text\/csv; charset=Shift_JIS/);
    assert.notEqual(sjis.bytes[0], 0xef, 'no BOM in Shift_JIS');

    const rowsUtf8 = parse(utf8.bytes.subarray(3).toString('utf8')) as string[][];
    const rowsSjis = parse(iconv.decode(sjis.bytes, 'cp932')) as string[][];
    assert.deepEqual(rowsSjis, rowsUtf8);
    const [header, ...rows] = rowsUtf8;
    assert.deepEqual(header!.slice(0, 10), ['ID', '名称', 'フリガナ', '種別', '都道府県', '市区町村', '郵便番号', '住所', '電話番号', '診療科目']);
    assert.ok(header!.includes('管理者の氏名（フリガナ）（非公表）'));
    assert.equal(rows.length, answer.total, 'every match, not just one page');
    const all = await searchFacilities(deps.db, { equipment: ['ct'], pref: '13', perPage: 100 });
    assert.deepEqual(
      rows.slice(0, 100).map((r) => r[0]),
      all.results.map((r) => r.id),
    );
    const mine = rows.find((r) => r[0] === ct)!;
    assert.equal(mine[header!.indexOf('保有設備')], 'CT');
    assert.equal(mine[header!.indexOf('管理者の氏名（フリガナ）（非公表）')], 'タカハシ　ハナコ');
    assert.equal(mine[header!.indexOf('都道府県')], '東京都');

    const events = (await listAudit(deps.db, { type: 'navi.staff_search.downloaded' })).filter((e) => e.username === `ss-${engine}`);
    assert.equal(events.length, 2);
    const details = JSON.parse(events[0]!.details) as Record<string, unknown>;
    assert.equal(details.rows, answer.total);
    assert.equal(details.total, answer.total);
    assert.match(String(details.conditions), /equipment=ct/);
  });

  test('bad conditions: a 400 with a message beside each field, the values kept; never a 5xx', async () => {
    const r = await staff.get(`/staff/search?${qs({ q: '眼科', equipment: 'no-such', pref: '99', treatment: ['implant'] })}`);
    assert.equal(r.status, 400);
    assert.ok(r.body.includes(MESSAGES['staff_search.equipment.unknown']));
    assert.ok(r.body.includes(MESSAGES['search.pref.invalid']));
    assert.match(r.body, /<a href="#f-equipment">/);
    assert.match(r.body, /id="f-q" name="q" type="search" value="眼科"/);
    assert.match(r.body, /name="treatment" value="implant" checked/);
    assert.match(r.body, /aria-invalid="true"/);

    const csv = await staff.get(`/staff/search/csv?${qs({ equipment: 'ct', encoding: 'latin1' })}`);
    assert.equal(csv.status, 400);
    assert.ok(csv.body.includes(MESSAGES['staff_search.encoding.unknown']));
    assert.match(csv.body, /name="equipment" value="ct" checked/);

    for (const path of [
      '/staff/search?page=abc&equipment=ct',
      '/staff/search?lat=x&lon=139',
      '/staff/search?open_date=2026-13-01&open_time=09:00',
      '/staff/search?city=99999',
    ])
      assert.equal((await staff.get(path)).status, 400, path);
  });
});
