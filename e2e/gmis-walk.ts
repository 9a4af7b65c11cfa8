// Steps the G-MIS browser tests share: signing in through Med-Login into G-MIS, opening a part from
// G-MIS's menu, and a CSV downloaded from a page (UTF-8 with a BOM) read back as rows.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import type { TestPlatform } from '../src/testing/platform.ts';
import type { E2eBrowser } from './browser.ts';
import { signInAtMedLogin } from './sso-walk.ts';

/** Med-Login's ログイン, then 接続先選択's G-MIS: G-MIS's ホーム is shown. */
export async function signInToGmis(page: Page, platform: TestPlatform, username: string, password: string): Promise<void> {
  await signInAtMedLogin(page, platform, username, password);
  await page.getByRole('link', { name: /^G-MIS/ }).click();
  await page.waitForURL(`${platform.url.gmis}/`);
}

/** Follows `name` in G-MIS's menu, until the page headed `name` is shown. */
export async function openFromGmisMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'G-MISのメニュー' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Clicks a download link or button and returns the file's rows (its BOM checked and dropped). */
export async function downloadedCsv(browser: E2eBrowser, page: Page, click: () => Promise<void>): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const bytes = await fs.readFile((await download.path())!);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
  // A download ends its navigation (net::ERR_ABORTED): that is the file arriving, not a broken page.
  const problems = browser.problems;
  for (let i = problems.length - 1; i >= 0; i--) if (problems[i] === `request failed: ${download.url()} net::ERR_ABORTED`) problems.splice(i, 1);
  return parse(bytes.toString('utf8').slice(1)) as string[][];
}
