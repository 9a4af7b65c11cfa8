// 報告状況 in Chromium (CSP enforced, axe on every page reached), 東京都 signed in through Med-Login,
// over the hand-made fixture (src/testing/status-board-fixture.ts): the menu's 報告状況, the counts read
// off the page and the 機関区分 table, the chart found as an image by its name, a count followed to its
// list, that list downloaded as CSV (UTF-8 with a BOM) and the summary too; the board and the list on a
// 375 px phone scroll sideways only inside their tables' own boxes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ManualClock } from '../src/platform/clock.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { BOARD_NOW, seedStatusBoard } from '../src/testing/status-board-fixture.ts';
import { downloadedCsv, openFromGmisMenu, signInToGmis } from './gmis-walk.ts';
import { browserSuite } from './suite.ts';

const clock = new ManualClock(BOARD_NOW);
const suite = browserSuite({ platform: { clock } });
const { skip } = suite;
const PASSWORD = 'Hinoki-Status-2026';

/** The cells of a table row (header cell first), as the page shows them. */
const rowText = (page: Page, selector: string) => page.locator(selector).locator('th, td').allInnerTexts();

test('東京都: 報告状況 from the menu → the counts → 未報告 → its list → CSV; on a phone', { skip, timeout: 120_000 }, async () => {
  const p = suite.platform();
  const deps = p.rt.deps;
  await seedStatusBoard(p.rt.handle, clock);
  const tokyo = await accountWithPassword(deps, {
    category: '都道府県',
    displayName: '東京都 医療機能情報担当',
    email: `tokyo-status-${Math.random().toString(36).slice(2, 8)}@example.jp`,
    prefectureCode: '13',
    password: PASSWORD,
  });
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'report-status',
    () => [page],
    async () => {
      await signInToGmis(page, p, tokyo.username, PASSWORD);
      await openFromGmisMenu(page, '報告状況');
      await page.getByRole('heading', { level: 2, name: '令和8年度 医療機能情報の報告状況（東京都）' }).waitFor();

      const count = (what: string) => page.locator(`[data-count="${what}"]`).innerText();
      assert.equal(await count('total'), '7件');
      assert.equal(await count('unreported'), '2件');
      assert.equal(await count('draft'), '1件');
      assert.equal(await count('reported'), '2件');
      assert.equal(await count('accepted'), '2件');
      assert.equal(await count('stopped'), '1件');
      assert.equal(await count('rate'), '57.1%');
      assert.deepEqual(await rowText(page, 'table:has(caption:text("機関区分ごとの件数")) tr[data-row="診療所"]'), [
        '診療所',
        '6',
        '2',
        '1',
        '2',
        '1',
        '50.0%',
        '0',
      ]);
      const chart = page.getByRole('img', { name: /機関区分ごとの割合/ });
      assert.equal(await chart.isVisible(), true, 'the chart is an image named by its title');
      assert.match((await chart.getAttribute('aria-labelledby')) ?? '', /rs-bars-desc/);
      assert.equal(await page.locator('tr[data-week]').count(), 4, 'four weeks of the window');

      // The summary as CSV.
      const summary = await downloadedCsv(suite.browser(), page, () => page.getByRole('link', { name: 'UTF-8' }).first().click());
      assert.deepEqual(summary[1], ['全体', '', '', '7', '2', '1', '2', '2', '57.1%', '1']);

      // 未報告 → the two institutions behind it.
      await page.getByRole('link', { name: '未報告 2件の一覧' }).first().click();
      await page.getByRole('heading', { level: 1, name: '令和8年度・医療機能情報・未報告の医療機関・薬局' }).waitFor();
      const codes = await page.locator('tr[data-institution] td.mono').allInnerTexts();
      assert.deepEqual(codes, ['SB0001', 'SB0010']);
      const list = await downloadedCsv(suite.browser(), page, () => page.getByRole('link', { name: 'UTF-8' }).click());
      assert.deepEqual(
        list.slice(1).map((r) => [r[1], r[6]]),
        [
          ['SB0001', '未報告'],
          ['SB0010', '未報告'],
        ],
      );

      // Back to the board by the breadcrumb; then both pages on a phone.
      await page.getByRole('navigation', { name: '現在位置' }).getByRole('link', { name: '報告状況' }).click();
      await page.getByRole('heading', { level: 1, name: '報告状況' }).waitFor();
      await page.setViewportSize({ width: 375, height: 800 });
      for (const path of ['/review/status', '/review/status/institutions?fy=2026&scheme=medical&status=unreported']) {
        await page.goto(`${p.url.gmis}${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, `${path} at 375 px`);
      }
      // The chart keeps a readable size (not shrunk to the phone's width, its labels ~5 px) in a box of
      // its own that scrolls sideways and is reached by keyboard.
      await page.goto(`${p.url.gmis}/review/status`);
      const chartBox = page.getByRole('region', { name: /ごとの割合（グラフ）$/ });
      assert.ok(((await chartBox.boundingBox())?.width ?? Infinity) <= 375, "the chart's box fits the phone");
      assert.equal(await chartBox.getAttribute('tabindex'), '0');
      const labelPx = await chartBox.locator('svg.rs-chart').evaluate((svg) => {
        const label = svg.querySelector('.rs-chart__label')!;
        return (parseFloat(getComputedStyle(label).fontSize) * svg.getBoundingClientRect().width) / (svg as SVGSVGElement).viewBox.baseVal.width;
      });
      assert.ok(labelPx >= 12, `the chart's labels are ${labelPx.toFixed(1)} px`);
    },
  );
});
