// 医療情報ネット's public home and search results over real HTTP, on SQLite and PostgreSQL, with the
// demo's open data (~3,000 facilities of 東京都, 神奈川県 and 大阪府): both panels and the prefecture
// list, results with their count, cards, pager, page size and order, the typed values kept, English,
// an empty result with ways to widen it, and bad conditions as a 400 with messages beside the fields.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { publishDemoSnapshot } from '../../opendata/seed-import.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { searchFacilities } from '../../search/query.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { Browser } from '../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { SEARCH_WORDS } from './search-words.ts';

const ja = SEARCH_WORDS.ja;
const en = SEARCH_WORDS.en;
const cards = (html: string) => [...html.matchAll(/<li class="result-card">/g)].length;
const facilityLinks = (html: string) => [...html.matchAll(/href="\/facilities\/(\d{3}[0-9A-Za-z]{10})/g)].map((m) => m[1]!);
const q = (params: Record<string, string | string[]>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) s.append(k, one);
  return `/search?${s}`;
};

describeEachEngine('医療情報ネット public search pages', (engine) => {
  let platform: TestPlatform;
  let navi: Browser;

  before(async () => {
    platform = await startTestPlatform({ engine });
    await publishDemoSnapshot(platform.rt.deps);
    navi = new Browser(platform.url.navi);
  });
  after(() => platform.close());

  test('the home: both panels, the 47 prefectures, 関係者ログイン', async () => {
    const res = await navi.get('/');
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.body, /準備中/);
    assert.match(res.body, new RegExp(ja.medicalPanel));
    assert.match(res.body, new RegExp(ja.pharmacyPanel));
    assert.equal((res.body.match(/<form method="get" action="\/search"/g) ?? []).length, 2);
    // The pharmacy panel searches pharmacies alone; the medical one offers its four kinds.
    assert.match(res.body, /<input type="hidden" name="kind" value="pharmacy"/);
    for (const k of ['hospital', 'clinic', 'dental', 'maternity']) assert.match(res.body, new RegExp(`name="kind" value="${k}" checked`));
    const prefLinks = [...res.body.matchAll(/href="\/search\?pref=(\d{2})"/g)].map((m) => m[1]);
    assert.equal(new Set(prefLinks).size, 47);
    assert.match(res.body, /<optgroup label="内科系"><option value="01001"[^>]*>内科<\/option>/);
    assert.match(res.body, /href="\/staff\/login"/);
    assert.doesNotMatch(res.body, /<script(?![^>]*type="module")/, 'no inline script');
    assert.doesNotMatch(res.body, /style="/, 'no inline style');
  });

  test('a keyword in a prefecture: the count, 20 cards, a pager; the same answer as the query code; the keyword kept', async () => {
    const res = await navi.get(q({ q: '内科', pref: '13' }));
    assert.equal(res.status, 200);
    const answer = await searchFacilities(platform.rt.deps.db, { q: '内科', pref: '13' });
    assert.ok(answer.total > 20);
    assert.match(res.body, new RegExp(ja.count(answer.total.toLocaleString('ja-JP'))));
    assert.equal(cards(res.body), 20);
    assert.deepEqual(
      facilityLinks(res.body),
      answer.results.map((r) => r.id),
    );
    assert.match(res.body, /id="s-q" name="q" type="search" value="内科"/);
    assert.match(res.body, /<option value="13" selected>東京都<\/option>/);
    // Tokyo chosen: its municipalities can be chosen.
    assert.match(res.body, /<option value="13101">千代田区<\/option>/);
    assert.match(res.body, /rel="next"/);
    assert.match(res.body, /href="\/search\?q=%E5%86%85%E7%A7%91&pref=13&page=2"/);
    // Department names, not codes.
    assert.match(res.body, /<dt>診療科目<\/dt>/);

    const page2 = await navi.get(q({ q: '内科', pref: '13', page: '2', per_page: '50' }));
    assert.equal(page2.status, 200);
    assert.equal(cards(page2.body), Math.min(50, answer.total - 50));
    assert.match(page2.body, /<option value="50" selected>/);
  });

  test('what was typed is shown escaped: in the form, the conditions in words and the empty result', async () => {
    const typed = '<img src=x onerror=alert(1)>"\'&';
    const res = await navi.get(q({ q: typed }));
    assert.equal(res.status, 200);
    // Inside an attribute value a < is text; the quote that would end the attribute is escaped.
    const raw = res.body.split('<img src=x').length - 1;
    assert.equal(raw, res.body.split('value="<img src=x').length - 1, 'no markup from the keyword outside an attribute value');
    assert.ok(!res.body.includes('alert(1)>"\'&"'), 'the attribute is not ended by the typed quote');
    assert.ok(res.body.includes('「&lt;img src=x onerror=alert(1)>&#34;&#39;&amp;」'), 'the keyword shown as text');
  });

  test('order by name; near a point the nearest first, with distances', async () => {
    const byName = await navi.get(q({ pref: '27', kind: 'pharmacy', sort: 'name' }));
    assert.equal(byName.status, 200);
    const answer = await searchFacilities(platform.rt.deps.db, { pref: '27', kinds: ['薬局'], sort: 'name' });
    assert.deepEqual(
      facilityLinks(byName.body),
      answer.results.map((r) => r.id),
    );
    assert.doesNotMatch(byName.body, /<option value="distance"/, 'no distance order without a point');

    const near = await navi.get(q({ lat: '35.681', lon: '139.767', radius_km: '5' }));
    assert.equal(near.status, 200);
    const distances = [...near.body.matchAll(/約([\d.]+)km/g)].map((m) => Number(m[1]));
    assert.ok(distances.length > 0);
    assert.deepEqual(
      distances,
      [...distances].sort((a, b) => a - b),
      'the nearest first',
    );
    assert.ok(distances.every((d) => d <= 5.05));
    assert.match(near.body, /<option value="distance" selected>/);

    // Near a postcode (as people write it): from its town's approximate point, the nearest first, the postcode kept.
    const shiba = await navi.get(q({ postcode: '〒105-0011', radius_km: '2' }));
    assert.equal(shiba.status, 200);
    assert.match(shiba.body, new RegExp(ja.originNear('1050011', '東京都港区芝公園')));
    assert.match(shiba.body, /name="postcode" type="text" value="〒105-0011"/);
    assert.match(shiba.body, /<option value="distance" selected>/);
    const fromPostcode = [...shiba.body.matchAll(/約([\d.]+)km/g)].map((m) => Number(m[1]));
    assert.ok(fromPostcode.length > 0 && fromPostcode.every((d) => d <= 2.05));
    assert.deepEqual(
      fromPostcode,
      [...fromPostcode].sort((a, b) => a - b),
    );
    const answer2 = await searchFacilities(platform.rt.deps.db, { postcode: { code: '1050011', radiusKm: 2 }, sort: 'distance' });
    assert.deepEqual(
      facilityLinks(shiba.body),
      answer2.results.map((r) => r.id),
    );
    assert.ok(shiba.body.includes(ja.postcodeCondition('105-0011', '2')));
  });

  test('open now, a moment, 他の項目 and a language: the query code’s answer, the choices kept', async () => {
    const now = platform.rt.deps.clock.now();
    const open = await navi.get(q({ pref: '14', open_at: 'now' }));
    assert.equal(open.status, 200);
    const answer = await searchFacilities(platform.rt.deps.db, { pref: '14', openAt: now });
    assert.match(open.body, new RegExp(ja.count(answer.total.toLocaleString('ja-JP'))));
    assert.match(open.body, /name="open_at" value="now" checked/);

    const at = await navi.get(q({ pref: '13', open_date: '2026-04-05', open_time: '10:00', feature: ['parking'], language: 'en' }));
    assert.equal(at.status, 200);
    const atAnswer = await searchFacilities(platform.rt.deps.db, {
      pref: '13',
      openAt: Date.parse('2026-04-05T10:00:00+09:00'),
      features: ['parking'],
      languages: ['en'],
    });
    assert.deepEqual(
      facilityLinks(at.body),
      atAnswer.results.map((r) => r.id),
    );
    assert.match(at.body, /value="2026-04-05"/);
    assert.match(at.body, /name="feature" value="parking" checked/);
    assert.match(at.body, /<option value="en" selected>英語<\/option>/);
  });

  test('nothing found: why, and a link that drops each condition', async () => {
    const res = await navi.get(q({ q: 'ぬぬぬぬぬぬ', pref: '13', feature: 'parking' }));
    assert.equal(res.status, 200);
    assert.match(res.body, new RegExp(ja.emptyTitle));
    assert.equal(cards(res.body), 0);
    assert.match(res.body, /href="\/search\?pref=13&feature=parking"/, 'without the keyword');
    assert.match(res.body, /href="\/search\?q=[^"]*&feature=parking"/, 'without the prefecture');
  });

  test('bad conditions: a 400 with each message beside its field and the values kept, never a 5xx', async () => {
    const res = await navi.get(q({ q: 'x'.repeat(201), pref: '13', city: '27102', lat: 'abc', open_date: '2026-02-30', open_time: '09:00' }));
    assert.equal(res.status, 400);
    assert.match(res.body, /id="s-q-error"[^>]*>キーワードは200文字以内/);
    assert.match(res.body, new RegExp(`id="s-lat-error"[^>]*>${MESSAGES['search.lat.invalid'].replace(/[().]/g, '\\$&')}`));
    assert.match(res.body, /id="s-open_date-error"/);
    assert.match(res.body, /value="2026-02-30"/, 'the day kept as typed');
    assert.match(res.body, /value="abc"/);
    assert.match(res.body, new RegExp(`value="${'x'.repeat(201)}"`));
    assert.equal(cards(res.body), 0);

    const city = await navi.get(q({ pref: '13', city: '27102' }));
    assert.equal(city.status, 400);
    assert.match(city.body, new RegExp(MESSAGES['search.city.other_prefecture']));
    assert.match(city.body, /value="27102"/);

    const postcode = await navi.get(q({ postcode: '123-456' }));
    assert.equal(postcode.status, 400);
    assert.match(postcode.body, new RegExp(`id="s-postcode-error"[^>]*>${MESSAGES['search.postcode.invalid'].replace(/[().]/g, '\\$&')}`));
    assert.match(postcode.body, /value="123-456"/);
    const unknown = await navi.get(q({ postcode: '0000000' }));
    assert.equal(unknown.status, 400);
    assert.match(unknown.body, new RegExp(MESSAGES['search.postcode.unknown']));

    const needs = await navi.get(q({ sort: 'distance', lon: '139.7' }));
    assert.equal(needs.status, 400);
    assert.match(needs.body, new RegExp(MESSAGES['search.lon.needs']));

    const bads: Array<Record<string, string>> = [
      { kind: 'castle' },
      { dept: '99999' },
      { per_page: '1000' },
      { page: '-1' },
      { open_at: 'tomorrow' },
      { feature: 'sauna' },
      { language: 'xx' },
      { radius_km: '500', lat: '35', lon: '139' },
      { open_time: '25:99', open_date: '2026-04-01' },
      { open_date: '2026-04-01' },
      { q: '%', pref: 'zz' },
    ];
    for (const bad of bads) {
      const r = await navi.get(q(bad));
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.match(r.body, /class="field__error"|notice__list/, JSON.stringify(bad));
    }
  });

  test('in English: the words, department names in English, links that stay English', async () => {
    const home = await navi.get('/?lang=en');
    assert.equal(home.status, 200);
    assert.match(home.body, /<html lang="en"[ >]/);
    assert.match(home.body, new RegExp(en.medicalPanel));
    assert.match(home.body, /href="\/search\?pref=13&lang=en">Tokyo</);
    const res = await navi.get(q({ q: '内科', pref: '13', lang: 'en' }));
    assert.equal(res.status, 200);
    assert.match(res.body, /<html lang="en"[ >]/);
    assert.match(res.body, /Internal medicine/);
    assert.match(res.body, /href="\/facilities\/\d{3}[0-9A-Za-z]{10}\?lang=en"/);
    const bad = await navi.get(q({ lat: 'abc', lon: '1', lang: 'en' }));
    assert.equal(bad.status, 400);
    assert.match(bad.body, /This value cannot be read/);
  });
});
