// Steps the single sign-on browser tests share: an account ready to sign in, and signing in at
// Med-Login up to 接続先選択.
import type { Page } from 'playwright-core';
import { accountWithPassword, type TestPlatform } from '../src/testing/platform.ts';

/** An active account with a password, as after パスワード初期設定. Returns its username. */
export async function ssoAccount(platform: TestPlatform, category: '病院' | '保健所', name: string, password: string): Promise<string> {
  const email = `${Math.random().toString(36).slice(2, 9)}@example.jp`;
  return (await accountWithPassword(platform.rt.deps, { category, displayName: name, email, prefectureCode: '13', password })).username;
}

/** Med-Login's ログイン, until 接続先選択 is shown. */
export async function signInAtMedLogin(page: Page, platform: TestPlatform, username: string, password: string): Promise<void> {
  await page.goto(`${platform.url.login}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '接続先選択' }).waitFor();
}
