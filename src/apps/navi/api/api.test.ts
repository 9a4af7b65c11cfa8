// 医療情報ネット's public JSON API over real HTTP, on SQLite and PostgreSQL, with the reader's fixture
// snapshot published: every search parameter (the answers are the query module's, as the HTML search
// gets them), bad parameters (400 naming each one, never a 500), one facility's record, 404s, the
// OpenAPI document (every parameter documented; answers valid against its schemas), CORS, ETag and
// Cache-Control; and the per-address rate limit (429 with Retry-After) in memory and in Redis.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Redis } from 'ioredis';
import { importSeedSnapshot } from '../../../opendata/seed-import.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { jstMidnight } from '../../../reporting/fiscal-year.ts';
import { findPublishedFacilityById, markStopped } from '../../../reporting/publication-repository.ts';
import { parseSearchQuery, searchFacilities, SEARCH_PARAMS } from '../../../search/query.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { freePort, startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { openApiDocument } from './openapi.ts';

const SNAPSHOT = fileURLToPath(new URL('../../../opendata/fixtures/snapshot-2026/', import.meta.url));
const HOSPITAL = '1311234567890';
const PHARMACY = '1350000000008';

/** The OpenAPI document's schemas, compiled (2020-12, as OpenAPI 3.1 has them). */
function validators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: 'api', components: openApiDocument('http://x/api/v1').components });
  return (name: string, value: unknown) => {
    const validate = ajv.getSchema(`api#/components/schemas/${name}`)!;
    assert.ok(validate(value), `${name}: ${ajv.errorsText(validate.errors)}`);
  };
}
const valid = validators();

interface Answer {
  status: number;
  headers: Headers;
  json: () => unknown;
  text: string;
}

async function get(base: string, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const r = await fetch(`${base}${url}`, { headers });
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: () => JSON.parse(text) as unknown };
}

type SearchBody = { total: number; page: number; per_page: number; origin?: unknown; results: Array<Record<string, unknown> & { id: string }> };

describeEachEngine('医療情報ネット public API', (engine) => {
  let platform: TestPlatform;
  let base: string;
  const clock = new ManualClock(jstMidnight(2026, 6, 10) + 10 * 3_600_000);
  const api = (url: string, headers?: Record<string, string>) => get(base, `/api/v1${url}`, headers);
  const search = async (qs: string) => {
    const r = await api(`/search?${qs}`);
    assert.equal(r.status, 200, `${qs}: ${r.text}`);
    const body = r.json() as SearchBody;
    valid('SearchResponse', body);
    return body;
  };
  const ids = async (qs: string) => (await search(qs)).results.map((r) => r.id).sort();

  before(async () => {
    platform = await startTestPlatform({ engine, clock, env: { API_RATE_LIMIT_PER_MINUTE: '100000' } });
    base = platform.url.navi;
    await importSeedSnapshot(platform.rt.deps, SNAPSHOT, { unpublishMissing: true });
  });
  after(() => platform?.close());

  test('a search: the issue’s keys, absolute facility URLs, JSON with charset, public caching, an ETag that answers 304, CORS', async () => {
    const r = await api('/search?q=内科&per_page=100');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(r.headers.get('cache-control'), 'public, max-age=60');
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.equal(r.headers.get('access-control-allow-credentials'), null);
    assert.equal(r.headers.get('set-cookie'), null, 'no cookie from the API');
    const body = r.json() as SearchBody;
    valid('SearchResponse', body);
    assert.deepEqual(Object.keys(body), ['total', 'page', 'per_page', 'results']);
    assert.ok(body.total >= 3, r.text);
    const hospital = body.results.find((x) => x.id === HOSPITAL)!;
    for (const key of ['id', 'name', 'kind', 'pref', 'city', 'address', 'lat', 'lon', 'departments', 'url']) assert.ok(key in hospital, key);
    assert.equal(hospital.kind, 'hospital');
    assert.equal(hospital.pref, '13');
    assert.equal(hospital.city, '13101');
    assert.deepEqual(hospital.departments, ['01001', '01991', '09010']);
    assert.equal(hospital.url, `${base}/facilities/${HOSPITAL}`);
    assert.equal(hospital.lat, 35.681236);

    const etag = r.headers.get('etag')!;
    assert.match(etag, /^"[\w-]+"$/);
    const again = await api('/search?q=内科&per_page=100', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    assert.equal(again.headers.get('etag'), etag);
    assert.equal((await api('/search?q=内科&per_page=100', { 'if-none-match': `W/${etag}, "other"` })).status, 304, 'a weak or listed tag matches');
    assert.equal((await api('/search?q=内科&per_page=99', { 'if-none-match': etag })).status, 200, 'another body, another tag');
  });

  test('every parameter gives what the query module gives (the HTML search runs the same code)', async () => {
    const cases = [
      'q=内科',
      'q=眼',
      'q=ﾋﾏﾜﾘ',
      'q=高橋 総合',
      'kind=hospital&kind=clinic',
      'kind=pharmacy,maternity',
      'kind=dental',
      'pref=13&city=13104',
      'city=13101',
      'dept=01001',
      'dept=01001&dept=08001',
      'dept=08001,09010',
      'open_at=2026-06-10T10:00:00%2B09:00',
      'open_at=2026-06-10T03:00:00Z&kind=clinic',
      'open_at=2026-06-14T23:30:00%2B09:00',
      'feature=parking',
      'feature=night,holiday',
      'lang=en',
      'lat=35.68&lon=139.76&radius_km=2',
      'lat=35.68&lon=139.76&sort=distance',
      'postcode=105-0011&sort=distance',
      'postcode=1040045',
      'postcode=〒１０５－００１１&radius_km=5',
      'sort=name&per_page=3&page=2',
      'per_page=1&page=4',
    ];
    const db = platform.rt.deps.db;
    for (const qs of cases) {
      const params = new URLSearchParams(qs);
      const raw: Record<string, string[]> = {};
      for (const [k, v] of params) (raw[k] ??= []).push(v);
      const parsed = parseSearchQuery(raw);
      assert.ok(parsed.ok, qs);
      const inProcess = await searchFacilities(db, parsed.query);
      const body = await search(qs);
      assert.equal(body.total, inProcess.total, qs);
      assert.deepEqual(
        body.results.map((r) => r.id),
        inProcess.results.map((r) => r.id),
        qs,
      );
      assert.equal(body.page, inProcess.page, qs);
      assert.equal(body.per_page, inProcess.perPage, qs);
    }
    // A few answers known from the fixture.
    assert.deepEqual(await ids('kind=pharmacy'), ['1350000000008', '1350000000009']);
    assert.deepEqual(await ids('kind=hospital,dental'), ['1310000000002', '1311234567890', '1330000000006']);
    assert.deepEqual(await ids('kind=hospital&kind=dental'), await ids('kind=hospital,dental'));
    assert.deepEqual(await ids('city=13104'), ['1320000000004', '1320000000005', '132A000000003']);
    assert.deepEqual(await ids('dept=08001'), ['1330000000006']);
    assert.ok((await ids('open_at=2026-06-14T03:00:00%2B09:00')).includes('1350000000009'), '24時間 on a Sunday night');
    const near = await search('lat=35.68&lon=139.76&sort=distance&per_page=3');
    assert.equal(near.results[0]!.id, HOSPITAL);
    const d = near.results.map((r) => r.distance_km as number);
    assert.ok(
      d.every((x, i) => typeof x === 'number' && (i === 0 || x >= d[i - 1]!)),
      JSON.stringify(d),
    );
    // A postcode: near the mean of its town's published coordinates; by its municipality when none there has any.
    const shiba = await search('postcode=105-0011&sort=distance');
    assert.deepEqual(shiba.origin, { postcode: '1050011', place: '東京都港区芝公園', lat: 35.65858, lon: 139.74543, approximate: true });
    assert.equal(shiba.results[0]!.id, '1330000000006');
    assert.equal(shiba.results[0]!.distance_km, 0);
    const tsukiji = await search('postcode=1040045&sort=distance');
    assert.deepEqual(tsukiji.origin, { postcode: '1040045', place: '東京都中央区築地', lat: null, lon: null, approximate: true });
    assert.deepEqual(
      tsukiji.results.map((r) => r.id),
      ['1310000000002'],
    );
    assert.equal((await search('postcode=1050011&lat=35.68&lon=139.76')).origin, undefined, 'lat/lon win');
    const page = await search('sort=name&per_page=2&page=2');
    assert.equal(page.page, 2);
    assert.equal(page.per_page, 2);
    assert.equal(page.results.length, 2);
    assert.equal((await search('per_page=100')).results.length, (await search('per_page=100')).total);
  });

  test('bad parameters: 400 naming each parameter and its problem in English, never cached, never a 500', async () => {
    const long = 'あ'.repeat(201);
    const many = Array.from({ length: 31 }, () => 'dept=01001').join('&');
    const cases: Array<[string, Array<[string, string]>]> = [
      ['q=%00', [['q', 'invalid']]],
      [
        'q=a%00b&pref=%00',
        [
          ['q', 'invalid'],
          ['pref', 'invalid'],
        ],
      ],
      [`q=${long}`, [['q', 'too_long']]],
      ['kind=hospitals', [['kind', 'unknown']]],
      ['kind=hospital,,clinic,x', [['kind', 'unknown']]],
      ['pref=48', [['pref', 'invalid']]],
      ['pref=13&pref=14', [['pref', 'repeated']]],
      ['city=1310', [['city', 'invalid']]],
      ['city=99999', [['city', 'unknown']]],
      ['pref=13&city=27205', [['city', 'other_prefecture']]],
      ['dept=99999', [['dept', 'unknown']]],
      [many, [['dept', 'too_many']]],
      ['open_at=2026-06-10T10:00:00', [['open_at', 'invalid']]],
      ['open_at=tomorrow', [['open_at', 'invalid']]],
      ['feature=spa', [['feature', 'unknown']]],
      ['lang=klingon', [['lang', 'unknown']]],
      ['equipment=warp', [['equipment', 'unknown']]],
      ['lat=91&lon=0', [['lat', 'out_of_range']]],
      ['lat=35', [['lat', 'needs']]],
      ['lon=139', [['lon', 'needs']]],
      ['radius_km=5', [['radius_km', 'needs']]],
      ['lat=35&lon=139&radius_km=0', [['radius_km', 'out_of_range']]],
      ['lat=35&lon=139&radius_km=1e9', [['radius_km', 'invalid']]],
      ['sort=distance', [['sort', 'needs']]],
      ['postcode=12345', [['postcode', 'invalid']]],
      ['postcode=0000000', [['postcode', 'unknown']]],
      ['postcode=1050011&postcode=1040045', [['postcode', 'repeated']]],
      ['sort=random', [['sort', 'unknown']]],
      ['page=0', [['page', 'out_of_range']]],
      ['page=99999999999999999999999', [['page', 'out_of_range']]],
      ['page=abc', [['page', 'invalid']]],
      ['per_page=101', [['per_page', 'out_of_range']]],
      ['per_page=1&per_page=2', [['per_page', 'repeated']]],
      [
        'page=NaN&per_page=Infinity&lat=0x10&lon=1',
        [
          ['lat', 'invalid'],
          ['page', 'invalid'],
          ['per_page', 'invalid'],
        ],
      ],
    ];
    for (const [qs, expected] of cases) {
      const r = await api(`/search?${qs}`);
      assert.equal(r.status, 400, `${qs.slice(0, 80)}: ${r.text.slice(0, 300)}`);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
      const body = r.json() as { error: string; problems: Array<{ param: string; problem: string; message: string }> };
      valid('InvalidParameters', body);
      assert.deepEqual(
        body.problems.map((p) => [p.param, p.problem]),
        expected,
        qs.slice(0, 80),
      );
      for (const p of body.problems) assert.match(p.message, new RegExp(`^${p.param === 'city' && p.problem !== 'invalid' ? 'city' : p.param} `), p.message);
      assert.ok(!/[\u3040-\u30ff\u4e00-\u9fff]/.test(body.problems.map((p) => p.message).join('')), 'English messages');
    }
    // Fuzz: random bytes and shapes in every parameter answer 200 or 400, never anything else.
    const junk = [
      '%FF',
      '%E0%A4%A',
      '%C0%80',
      '%ED%A0%80',
      '\u{1F600}'.repeat(50),
      '-0',
      '1e-400',
      ' ',
      ',,,',
      '[]',
      '{}',
      '9'.repeat(400),
      '%0A%0D',
      '..%2F..%2F',
    ];
    for (const param of SEARCH_PARAMS) {
      for (const value of junk) {
        const r = await api(`/search?${param}=${value}&${param}=${value}`);
        assert.ok(r.status === 200 || r.status === 400, `${param}=${value}: ${r.status} ${r.text.slice(0, 200)}`);
        if (r.status === 400) valid('InvalidParameters', r.json());
        const one = await api(`/search?${param}=${value}`);
        assert.ok(one.status === 200 || one.status === 400, `${param}=${value}: ${one.status} ${one.text.slice(0, 200)}`);
      }
    }
    // Unknown parameters are ignored; an unknown path is a JSON 404; a bad URL a JSON 400.
    assert.equal((await api('/search?prefecture=13&_=1')).status, 200);
    const nowhere = await api('/nowhere');
    assert.equal(nowhere.status, 404);
    valid('Error', nowhere.json());
    assert.equal(nowhere.headers.get('cache-control'), 'no-store');
    const badUrl = await api('/facilities/%E0%A4%A');
    assert.ok(badUrl.status === 400 || badUrl.status === 404, String(badUrl.status));
    valid('Error', badUrl.json());
    const tooLong = await api(`/search?q=${'a'.repeat(9000)}`);
    assert.equal(tooLong.status, 414);
    valid('Error', tooLong.json());
  });

  test('a facility: the published record with departments and hours, closed days and the public items by catalogue id; 404 JSON otherwise', async () => {
    const r = await api(`/facilities/${HOSPITAL}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(r.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    const f = r.json() as Record<string, unknown> & {
      departments: Array<{
        code: string;
        name: { ja: string; en: string };
        text?: string;
        hours: Array<{ band: number; days: Record<string, Record<string, string[]>> }>;
      }>;
      items: Array<{ id: string; fields: Array<{ path: string; value: unknown }> }>;
      closed_days: { nth: unknown[]; other: string; text: { ja: string; en: string } };
    };
    valid('Facility', f);
    assert.equal(f.id, HOSPITAL);
    assert.equal(f.kind, 'hospital');
    assert.equal(f.name_en, 'Takahashi General Hospital');
    assert.equal(f.pref_name, '東京都');
    assert.equal(f.city_name, '千代田区');
    assert.equal(f.url, `${base}/facilities/${HOSPITAL}`);
    assert.equal(f.published_on, '2026-06-10');
    const internal = f.departments.find((d) => d.code === '01001')!;
    assert.deepEqual(internal.name, { ja: '内科', en: 'Internal medicine' });
    assert.deepEqual(internal.hours[0]!.days.mon, { care: ['09:00', '12:00'], reception: ['08:30', '11:30'] });
    assert.equal(internal.hours[1]!.band, 2);
    assert.equal(f.departments.find((d) => d.code === '01991')!.text, 'ペインクリニック内科');
    assert.deepEqual(f.closed_days.nth, [{ week: 2, day: 'sat' }]);
    assert.match(f.closed_days.text.ja, /第2土曜/);
    assert.match(f.closed_days.text.en, /2nd Saturday/);
    const itemIds = f.items.map((i) => i.id);
    for (const id of ['basic.name', 'basic.location', 'basic.hours']) assert.ok(itemIds.includes(id), id);
    // The public items only: nothing the catalogue keeps from the public page.
    const paths = f.items.flatMap((i) => i.fields.map((x) => x.path));
    assert.ok(!paths.includes('basic.administrator.name_kana'));
    assert.ok(!paths.includes('basic.departments.outpatient_category'));

    const etag = r.headers.get('etag')!;
    assert.equal((await api(`/facilities/${HOSPITAL}`, { 'if-none-match': etag })).status, 304);

    const pharmacy = (await api(`/facilities/${PHARMACY}`)).json() as { kind: string; hours: Array<{ days: Record<string, unknown> }>; departments: unknown[] };
    valid('Facility', pharmacy);
    assert.equal(pharmacy.kind, 'pharmacy');
    assert.deepEqual(pharmacy.hours[0]!.days.mon, { open: ['09:00', '13:00'] });
    assert.deepEqual(pharmacy.departments, []);

    for (const id of ['1320000000099', '1390000000001', 'abc', `${HOSPITAL}0`, '%00', encodeURIComponent("1' or 1=1 --"), 'x'.repeat(190)]) {
      const missing = await api(`/facilities/${id}`);
      assert.equal(missing.status, 404, id);
      assert.equal(missing.headers.get('cache-control'), 'no-store');
      valid('Error', missing.json());
    }
    // Stopped (公表停止): gone from the API as from the page.
    const row = (await findPublishedFacilityById(platform.rt.deps.db, PHARMACY))!;
    await markStopped(platform.rt.deps.db, row.institution_id, clock.now(), '確認中');
    assert.equal((await api(`/facilities/${PHARMACY}`)).status, 404);
  });

  test('the OpenAPI document: 3.1, both endpoints, every parameter the query module takes and no other', async () => {
    const r = await api('/openapi.json');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.ok(r.headers.get('etag'));
    const doc = r.json() as {
      openapi: string;
      servers: Array<{ url: string }>;
      paths: Record<string, { get: { parameters?: Array<{ name: string; in: string; schema: unknown }>; responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, unknown> };
    };
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.servers[0]!.url, `${base}/api/v1`);
    const params = doc.paths['/search']!.get.parameters!;
    assert.deepEqual(
      params.map((p) => p.name),
      [...SEARCH_PARAMS],
    );
    for (const p of params) assert.equal(p.in, 'query');
    assert.deepEqual(Object.keys(doc.paths['/search']!.get.responses).sort(), ['200', '304', '400', '429']);
    assert.deepEqual(
      doc.paths['/facilities/{id}']!.get.parameters!.map((p) => p.name),
      ['id'],
    );
    // Every $ref resolves.
    const refs = [...r.text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    for (const name of new Set(refs)) assert.ok(doc.components.schemas[name], name);
    // Each parameter's schema accepts the values the API accepts and refuses a bad one where it can.
    const ajv = new Ajv2020({ strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const accepts = (name: string, v: unknown) => ajv.validate(params.find((p) => p.name === name)!.schema as object, v);
    assert.ok(accepts('kind', ['hospital', 'pharmacy']) && !accepts('kind', ['hospitals']));
    assert.ok(accepts('pref', '13') && !accepts('pref', '48'));
    assert.ok(accepts('per_page', 100) && !accepts('per_page', 101));
    assert.ok(accepts('open_at', '2026-06-10T10:00:00+09:00'));
  });

  test('CORS preflight: answered for any origin and path, GET only, no credentials, not rate limited', async () => {
    for (const url of ['/api/v1/search', `/api/v1/facilities/${HOSPITAL}`]) {
      const r = await fetch(`${base}${url}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match, x-client' },
      });
      assert.equal(r.status, 204);
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
      assert.match(r.headers.get('access-control-allow-methods')!, /\bGET\b/);
      assert.doesNotMatch(r.headers.get('access-control-allow-methods')!, /POST|PUT|DELETE/);
      assert.equal(r.headers.get('access-control-allow-headers'), 'if-none-match, x-client');
      assert.equal(r.headers.get('access-control-allow-credentials'), null);
      assert.equal(r.headers.get('x-ratelimit-limit'), null);
    }
    const exposed = (await api('/search?q=眼')).headers.get('access-control-expose-headers')!;
    for (const h of ['ETag', 'Retry-After']) assert.match(exposed, new RegExp(h));
  });
});

// ---------------------------------------------------------------------------------------------------------
// The rate limit (storage-independent: in memory on SQLite, and in Redis shared by two instances)

const LIMIT = 5;

async function burst(base: string, n: number, url = '/api/v1/search?q=眼'): Promise<Answer[]> {
  return Promise.all(Array.from({ length: n }, () => get(base, url)));
}

function checkRefusal(r: Answer) {
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  const seconds = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(seconds) && seconds >= 1 && seconds <= 60, String(r.headers.get('retry-after')));
  const body = r.json() as { error: string; message: string; retry_after: number };
  valid('Error', body);
  assert.equal(body.error, 'rate_limited');
  assert.equal(body.retry_after, seconds);
}

describe('医療情報ネット public API: the rate limit in memory', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform({ env: { API_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
  });
  after(() => platform?.close());

  test(`a burst of requests at once: exactly ${LIMIT} answered, the rest 429 with Retry-After; the HTML pages are not limited`, async () => {
    const answers = await burst(platform.url.navi, LIMIT + 7);
    assert.equal(answers.filter((r) => r.status === 200).length, LIMIT, answers.map((r) => r.status).join(','));
    for (const r of answers.filter((x) => x.status !== 200)) checkRefusal(r);
    // Every /api/v1 route counts against the same address.
    checkRefusal(await get(platform.url.navi, `/api/v1/facilities/${HOSPITAL}`));
    checkRefusal(await get(platform.url.navi, '/api/v1/openapi.json'));
    // Preflights and the site's pages are not counted.
    const preflight = await fetch(`${platform.url.navi}/api/v1/search`, {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.status, 204);
    assert.equal((await get(platform.url.navi, '/healthz')).status, 200);
    assert.notEqual((await get(platform.url.navi, '/')).status, 429);
  });
});

describe('医療情報ネット public API: REDIS_URL set but Redis unreachable', () => {
  let platform: TestPlatform;
  let port: number;
  before(async () => {
    port = await freePort();
    platform = await startTestPlatform({ env: { API_RATE_LIMIT_PER_MINUTE: String(LIMIT), REDIS_URL: `redis://127.0.0.1:${port}` } });
  });
  after(() => platform?.close());

  test('the API still answers at once (unlimited until Redis is back), and the instance closes', async () => {
    const started = performance.now();
    const answers = await burst(platform.url.navi, LIMIT + 2);
    assert.deepEqual(
      answers.map((r) => r.status),
      Array.from({ length: LIMIT + 2 }, () => 200),
    );
    assert.ok(performance.now() - started < 5000, 'no request waited for Redis');
  });
});

/** Whether Redis answers at 127.0.0.1:6379 (the machine's service). */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
async function redisProblem(): Promise<string | undefined> {
  const u = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379), timeout: 1000 });
    socket.once('connect', () => {
      socket.end();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timed out');
    });
    socket.once('error', (err) => resolve(err.message));
  });
}
const noRedis = await redisProblem();

describe(
  '医療情報ネット public API: the rate limit in Redis, shared by two instances',
  { skip: noRedis ? `Redis not reachable at ${REDIS_URL}: ${noRedis}` : false },
  () => {
    let a: TestPlatform;
    let b: TestPlatform;
    let redis: Redis;
    before(async () => {
      redis = new Redis(REDIS_URL);
      // The counter of this address (127.0.0.1) from an earlier run within the minute.
      await redis.del('gmis:api-rate:127.0.0.1');
      a = await startTestPlatform({ env: { API_RATE_LIMIT_PER_MINUTE: String(LIMIT), REDIS_URL } });
      b = await startTestPlatform({ env: { API_RATE_LIMIT_PER_MINUTE: String(LIMIT), REDIS_URL } });
    });
    after(async () => {
      await a?.close();
      await b?.close();
      await redis.del('gmis:api-rate:127.0.0.1');
      redis.disconnect();
    });

    test(`requests at once to two instances share one count: ${LIMIT} answered in all`, async () => {
      const answers = (await Promise.all([burst(a.url.navi, 4), burst(b.url.navi, 4)])).flat();
      assert.equal(answers.filter((r) => r.status === 200).length, LIMIT, answers.map((r) => r.status).join(','));
      for (const r of answers.filter((x) => x.status !== 200)) checkRefusal(r);
      assert.equal(Number(await redis.get('gmis:api-rate:127.0.0.1')), 8);
      assert.ok((await redis.pttl('gmis:api-rate:127.0.0.1')) > 0, 'the count expires');
    });
  },
);
