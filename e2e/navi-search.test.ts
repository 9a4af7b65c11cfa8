// 医療情報ネット's public search in Chromium (CSP enforced, axe on every page), with the demo's open
// data: a keyword and a prefecture from the home → results → page 2 → a facility's page; the
// pharmacy panel without JavaScript; 「現在地を使う」 filling the point from the browser's location →
// the nearest first; near a postcode on a phone; a mistake said beside its field with the value kept; English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publishDemoSnapshot } from '../src/opendata/seed-import.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { SEARCH_WORDS } from '../src/apps/navi/search-words.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite({
  setUp: async (platform) => {
    await publishDemoSnapshot(platform.rt.deps);
  },
});
const { skip } = suite;
const ja = SEARCH_WORDS.ja;

test('a keyword in 東京都 from the home → results → page 2 → the facility page', { skip, timeout: 120_000 }, async () => {
  const navi = suite.platform().url.navi;
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'navi-search-keyword',
    () => [page],
    async () => {
      await page.goto(`${navi}/`);
      const panel = page.locator('section', { has: page.getByRole('heading', { name: ja.medicalPanel }) });
      await panel.getByLabel(ja.keyword).fill('内科');
      await panel.getByLabel(ja.pref).selectOption('13');
      await panel.getByRole('button', { name: ja.search }).click();
      await page.waitForURL(/\/search\?/);
      const heading = await page.locator('#results-count').textContent();
      assert.match(heading ?? '', /件見つかりました/);
      assert.equal(await page.locator('#s-q').inputValue(), '内科');
      assert.equal(await page.locator('.result-card').count(), 20);
      await page.getByRole('link', { name: '次のページ' }).click();
      await page.waitForURL(/page=2/);
      assert.equal(await page.locator('#s-q').inputValue(), '内科');
      const first = page.locator('.result-card__name a').first();
      const name = (await first.textContent())!.trim();
      await first.click();
      await page.waitForURL(/\/facilities\//);
      assert.equal((await page.locator('h1').textContent())!.trim(), name);
    },
  );
});

test('the pharmacy panel without JavaScript: 大阪府, open now, 20 or 50 a page', { skip, timeout: 120_000 }, async () => {
  const navi = suite.platform().url.navi;
  const page = await suite.browser().newPage({ javaScriptEnabled: false });
  await suite.browser().walk(
    'navi-search-pharmacy',
    () => [page],
    async () => {
      await page.goto(`${navi}/`);
      const panel = page.locator('section', { has: page.getByRole('heading', { name: ja.pharmacyPanel }) });
      await panel.getByLabel(ja.pref).selectOption('27');
      await panel.locator('summary', { hasText: ja.quick }).click();
      await panel.getByLabel(ja.openNow).check();
      await panel.getByRole('button', { name: ja.search }).click();
      await page.waitForURL(/kind=pharmacy/);
      const kinds = await page.locator('.result-card__kind').allTextContents();
      assert.ok(kinds.length > 0);
      assert.ok(kinds.every((k) => k === '薬局'));
      assert.ok(await page.locator('#s-open_at-now').isChecked());
      await page.locator('#per_page').selectOption('50');
      await page.getByRole('button', { name: ja.apply }).click();
      await page.waitForURL(/per_page=50/);
      assert.ok((await page.locator('.result-card').count()) <= 50);
    },
  );
});

test('「現在地を使う」 fills the point; the nearest come first; a mistake is said beside its field', { skip, timeout: 120_000 }, async () => {
  const navi = suite.platform().url.navi;
  const page = await suite.browser().newPage();
  await page.context().grantPermissions(['geolocation'], { origin: navi });
  await page.context().setGeolocation({ latitude: 35.4437, longitude: 139.638 });
  await suite.browser().walk(
    'navi-search-near',
    () => [page],
    async () => {
      await page.goto(`${navi}/`);
      const panel = page.locator('section', { has: page.getByRole('heading', { name: ja.medicalPanel }) });
      await panel.locator('summary', { hasText: ja.near }).click();
      await panel.getByRole('button', { name: ja.useLocation }).click();
      await panel.getByText(ja.located).waitFor();
      assert.equal(await panel.getByLabel(ja.lat).inputValue(), '35.443700');
      await panel.getByLabel(ja.radius).selectOption('10');
      await panel.getByRole('button', { name: ja.search }).click();
      await page.waitForURL(/lat=35\.4437/);
      const distances = (await page.locator('.result-card__distance').allTextContents()).map((t) => Number(/[\d.]+/.exec(t)![0]));
      assert.ok(distances.length > 0);
      assert.deepEqual(
        distances,
        [...distances].sort((a, b) => a - b),
      );
      // A latitude that is not a number: the message beside it, the value kept.
      await page.locator('#s-lat').fill('北緯35度');
      await page.locator('#s-q').press('Enter');
      await page.getByText(MESSAGES['search.lat.invalid']).first().waitFor();
      assert.equal(await page.locator('#s-lat').inputValue(), '北緯35度');
      assert.equal(await page.locator('#s-lat').getAttribute('aria-invalid'), 'true');
    },
  );
});

test(
  'near a postcode on a 375 px phone: the approximate place said, the nearest first, nothing wider than the screen',
  { skip, timeout: 120_000 },
  async () => {
    const navi = suite.platform().url.navi;
    const page = await suite.browser().newPage({ viewport: { width: 375, height: 740 } });
    await suite.browser().walk(
      'navi-search-postcode',
      () => [page],
      async () => {
        await page.goto(`${navi}/`);
        const panel = page.locator('section', { has: page.getByRole('heading', { name: ja.medicalPanel }) });
        await panel.locator('summary', { hasText: ja.near }).click();
        await panel.getByLabel(ja.postcode).fill('〒１０５－００１１');
        await panel.getByLabel(ja.radius).selectOption('2');
        await panel.getByRole('button', { name: ja.search }).click();
        await page.getByText(ja.originNear('1050011', '東京都港区芝公園')).waitFor();
        const distances = (await page.locator('.result-card__distance').allTextContents()).map((t) => Number(/[\d.]+/.exec(t)![0]));
        assert.ok(distances.length > 0 && distances.every((d) => d <= 2.05));
        assert.deepEqual(
          distances,
          [...distances].sort((a, b) => a - b),
        );
        assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 375, 'no sideways scrolling');
        // A postcode of six digits: said beside the field, kept as typed.
        await page.locator('#s-postcode').fill('105-001');
        await page.locator('#s-q').press('Enter');
        await page.getByText(MESSAGES['search.postcode.invalid']).first().waitFor();
        assert.equal(await page.locator('#s-postcode').inputValue(), '105-001');
        assert.equal(await page.locator('#s-postcode').getAttribute('aria-invalid'), 'true');
      },
    );
  },
);

test('in English: the home and results, department names in English', { skip, timeout: 120_000 }, async () => {
  const navi = suite.platform().url.navi;
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'navi-search-english',
    () => [page],
    async () => {
      await page.goto(`${navi}/?lang=en`);
      await page.getByRole('link', { name: 'Kanagawa' }).click();
      await page.waitForURL(/pref=14/);
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.match((await page.locator('#results-count').textContent()) ?? '', /found/);
      const facts = await page.locator('.result-card__facts').first().textContent();
      assert.match(facts ?? '', /Departments/);
    },
  );
});
