// 医療情報ネット's habits in Chromium (CSP enforced, axe on every page), with the demo's open data:
// お気に入り病院等 added on two facility pages, listed, one removed (kept in localStorage, surviving a
// reload); 文字サイズ 大 remembered across pages; the language switched on a facility page and back;
// ご意見 sent with a mistake, then fixed; 満足度調査 answered. SCREENSHOTS=1 keeps the pictures in
// docs/screenshots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publishDemoSnapshot } from '../src/opendata/seed-import.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { FAVOURITE_WORDS } from '../src/apps/navi/favourites-page.tsx';
import { FEEDBACK_WORDS } from '../src/apps/navi/feedback-page.tsx';
import { listFeedback } from '../src/navi/feedback-repository.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite({
  setUp: async (platform) => {
    await publishDemoSnapshot(platform.rt.deps);
  },
});
const { skip } = suite;
const fav = FAVOURITE_WORDS;
const screenshots = process.env.SCREENSHOTS === '1';

/** Two published facilities of the demo, by name order. */
async function twoFacilities(): Promise<Array<{ facility_id: string; name: string }>> {
  return suite
    .platform()
    .rt.deps.db.selectFrom('published_facilities')
    .select(['facility_id', 'name'])
    .where('visible', '=', 1)
    .where('kind', '=', '病院')
    .orderBy('facility_id')
    .limit(2)
    .execute();
}

test('お気に入り病院等 added, listed and removed; 文字サイズ remembered; the language switched on a facility page', { skip, timeout: 120_000 }, async () => {
  const navi = suite.platform().url.navi;
  const [a, b] = await twoFacilities();
  assert.ok(a && b, 'the demo publishes hospitals');
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'navi-habits-favourites',
    () => [page],
    async () => {
      for (const f of [a, b]) {
        await page.goto(`${navi}/facilities/${f.facility_id}`);
        const button = page.getByRole('button', { name: fav.ja.add });
        await button.click();
        await page.getByRole('button', { name: fav.ja.remove }).waitFor();
        assert.equal(await page.getByRole('button', { name: fav.ja.remove }).getAttribute('aria-pressed'), 'true');
        await page.getByText(fav.ja.added).waitFor();
      }

      // 文字サイズ 大 on the facility page: the same page again, larger, and the next pages too.
      const before = await page.locator('h1').evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
      await page.getByRole('button', { name: '大', exact: true }).click();
      await page.waitForFunction(() => document.documentElement.classList.contains('text-l'));
      assert.equal(new URL(page.url()).pathname, `/facilities/${b.facility_id}`);
      assert.equal(await page.getByRole('button', { name: '大', exact: true }).getAttribute('aria-pressed'), 'true');
      assert.equal(await page.getByRole('button', { name: '中', exact: true }).getAttribute('aria-pressed'), 'false');
      const after = await page.locator('h1').evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
      assert.ok(after > before * 1.2, `the heading grew (${before} → ${after} px)`);

      await page.locator('.site-header').getByRole('link', { name: fav.ja.title }).click();
      await page.waitForURL(/\/favourites$/);
      assert.equal(await page.locator('html').getAttribute('class'), 'text-l', '大 is remembered on the next page');
      const names = page.locator('.favourite__name');
      await names.first().waitFor();
      assert.deepEqual(await names.allTextContents(), [b.name, a.name], 'newest first');
      assert.match((await page.locator('#favourites-count').textContent()) ?? '', /2件/);
      if (screenshots) {
        await page.getByRole('button', { name: '中', exact: true }).click();
        await page.waitForFunction(() => document.documentElement.classList.contains('text-m'));
        await names.first().waitFor();
        await page.screenshot({ path: 'docs/screenshots/navi-favourites.png', fullPage: true });
        await page.getByRole('button', { name: '大', exact: true }).click();
        await page.waitForFunction(() => document.documentElement.classList.contains('text-l'));
      }

      await page.getByRole('button', { name: fav.ja.removeOne(a.name) }).click();
      await page.getByText(fav.ja.removedOne(a.name)).waitFor();
      assert.deepEqual(await names.allTextContents(), [b.name]);
      await page.reload();
      await names.first().waitFor();
      assert.deepEqual(await names.allTextContents(), [b.name], 'kept in the browser across a reload');

      // The language, switched on the facility page: the same page in English, then back.
      await names.first().click();
      await page.waitForURL(new RegExp(`/facilities/${b.facility_id}$`));
      await page.getByRole('link', { name: 'English' }).click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      assert.equal(new URL(page.url()).pathname, `/facilities/${b.facility_id}`);
      await page.getByRole('button', { name: fav.en.remove }).waitFor();
      if (screenshots) {
        await page.setViewportSize({ width: 375, height: 800 });
        await page.screenshot({ path: '/tmp/navi-facility-phone.png' });
        await page.setViewportSize({ width: 1280, height: 800 });
      }
      assert.equal(await page.locator('html').getAttribute('class'), 'text-l');
      await page.getByRole('link', { name: fav.en.title }).first().click();
      await page.waitForURL(/\/favourites/);
      assert.equal(await page.locator('h1').textContent(), fav.en.title);
      await page.getByRole('link', { name: '日本語' }).click();
      await page.waitForFunction(() => document.documentElement.lang === 'ja');
      assert.equal(await page.locator('h1').textContent(), fav.ja.title);
    },
  );
});

test('the favourites page without JavaScript says why it is empty', { skip, timeout: 60_000 }, async () => {
  const navi = suite.platform().url.navi;
  const page = await suite.browser().newPage({ javaScriptEnabled: false });
  await suite.browser().walk(
    'navi-habits-noscript',
    () => [page],
    async () => {
      await page.goto(`${navi}/favourites`);
      // (Playwright's text matching skips <noscript>, so the notice is found by its class.)
      assert.equal((await page.locator('.notice--info').textContent())?.trim(), fav.ja.noscript);
      assert.equal(await page.locator('.notice--info').isVisible(), true);
      assert.equal(await page.locator('[data-favourites]').isHidden(), true);
      // 文字サイズ works without JavaScript: a plain form.
      await page.getByRole('button', { name: '小', exact: true }).click();
      await page.waitForURL(/\/favourites$/);
      assert.equal(await page.locator('html').getAttribute('class'), 'text-s');
    },
  );
});

test('ご意見 with a mistake, then fixed; 満足度調査 answered', { skip, timeout: 120_000 }, async () => {
  const navi = suite.platform().url.navi;
  const w = FEEDBACK_WORDS.ja;
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'navi-habits-feedback',
    () => [page],
    async () => {
      await page.goto(`${navi}/favourites`);
      await page.locator('.site-footer').getByRole('link', { name: w.opinionTitle }).click();
      await page.waitForURL(/\/feedback$/);
      await page.getByLabel(w.topic).selectOption('search');
      await page.getByLabel(w.contactEmail).fill('hanako@example');
      await page.getByRole('button', { name: w.send }).click();
      await page.getByText(MESSAGES['feedback.body.required']).first().waitFor();
      assert.equal(await page.getByLabel(w.contactEmail).inputValue(), 'hanako@example', 'the address kept');
      assert.equal(await page.locator('#body').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#topic').inputValue(), 'search');
      if (screenshots) await page.screenshot({ path: 'docs/screenshots/navi-feedback.png', fullPage: true });
      await page.getByRole('textbox', { name: w.body }).fill('夜間に開いている薬局を地図で探せると助かります。');
      await page.getByLabel(w.contactEmail).fill('hanako@example.jp');
      await page.getByRole('button', { name: w.send }).click();
      await page.waitForURL(/\/feedback\/thanks\?for=opinion$/);
      await page.getByText(w.thanksOpinion).waitFor();

      await page.getByRole('link', { name: w.other.opinion }).click();
      await page.waitForURL(/\/survey$/);
      await page.getByRole('button', { name: w.send }).click();
      await page.getByText(MESSAGES['feedback.satisfaction.required']).first().waitFor();
      if (screenshots) await page.screenshot({ path: '/tmp/navi-survey.png', fullPage: true });
      await page.getByLabel(w.levels[4]).check();
      await page.getByLabel(w.founds.partly).check();
      await page.getByLabel(w.comment).fill('診療時間が見やすかったです。');
      await page.getByRole('button', { name: w.send }).click();
      await page.getByText(w.thanksSurvey).waitFor();
    },
  );
  const rows = await listFeedback(suite.platform().rt.deps.db, { limit: 5 });
  assert.deepEqual(rows.map((r) => [r.kind, r.body, r.contact_email, r.satisfaction, r.found]).sort(), [
    ['opinion', '夜間に開いている薬局を地図で探せると助かります。', 'hanako@example.jp', null, null],
    ['survey', '診療時間が見やすかったです。', null, 4, 'partly'],
  ]);
});
