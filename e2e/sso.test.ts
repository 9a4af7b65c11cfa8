// The single sign-on acceptance walk in Chromium: Med-Login sign-in → 接続先選択 → G-MIS home →
// ユーザ基礎情報 edit and save → 医療情報ネット button → consent → 関係者メニュー; sign-out in
// Med-Login ends the G-MIS and 医療情報ネット sessions. Also the 却下 path and a 保健所 account.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { literally } from './browser.ts';
import { signInAtMedLogin, ssoAccount } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;
const PASSWORD = 'Kx7-mountain-Lantern';

const newPage = () => suite.browser().newPage();

const account = (category: '病院' | '保健所', name: string) => ssoAccount(suite.platform(), category, name, PASSWORD);
const signIn = (page: Page, username: string) => signInAtMedLogin(page, suite.platform(), username, PASSWORD);

test('Med-Login → G-MIS → ユーザ基礎情報 → 医療情報ネット with consent; Med-Login sign-out ends both', { skip }, async () => {
  const page = await newPage();
  const username = await account('病院', 'みなと総合病院 担当者');
  await suite.browser().walk(
    'sso-walk',
    () => [page],
    async () => {
      await signIn(page, username);
      await page.getByRole('link', { name: /^G-MIS/ }).click();
      await page.waitForURL(`${suite.platform().url.gmis}/`);
      assert.match(await page.locator('body').innerText(), /みなと総合病院 担当者/);

      await page.goto(`${suite.platform().url.gmis}/profile`);
      await page.getByRole('link', { name: '編集' }).click();
      await page.locator('#family_name').fill('港');
      await page.locator('#given_name').fill('花子');
      await page.locator('#phone').fill('０３－１２３４－５６７８');
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/\/profile/);
      const profile = await page.locator('main').innerText();
      assert.match(profile, /港/);
      assert.match(profile, /03-1234-5678/);

      await page.goto(`${suite.platform().url.gmis}/`);
      await page.getByRole('link', { name: /医療情報ネット（関係者メニュー）へ/ }).click();
      await page.getByRole('heading', { level: 1, name: /情報連携/ }).waitFor();
      assert.match(await page.locator('main').innerText(), new RegExp(username));
      await page.getByRole('button', { name: '同意' }).click();
      await page.waitForURL(`${suite.platform().url.navi}/staff`);
      assert.match(await page.locator('main').innerText(), literally(MESSAGES['navi.login_method.sso']));

      // Sign out in Med-Login: G-MIS and 医療情報ネット sessions end (back-channel logout).
      await page.goto(`${suite.platform().url.login}/`);
      await page.getByRole('button', { name: 'ログアウト' }).first().click();
      await page.waitForURL(/\/login/);
      await page.goto(`${suite.platform().url.gmis}/profile`);
      assert.doesNotMatch(page.url(), /\/profile$/, 'G-MIS session ended');
      await page.goto(`${suite.platform().url.navi}/staff`);
      assert.doesNotMatch(page.url(), /\/staff$/, '医療情報ネット session ended');
    },
  );
});

test('却下 blocks SSO and says what to do; a 保健所 account without an application is refused', { skip }, async () => {
  const page = await newPage();
  const username = await account('病院', 'かもめ病院 担当者');
  await suite.browser().walk(
    'sso-refuse',
    () => [page],
    async () => {
      await signIn(page, username);
      await page.goto(`${suite.platform().url.navi}/sso/start`);
      await page.getByRole('link', { name: '却下' }).click();
      // Asked first: 戻る returns to the consent page, はい、却下する refuses.
      await page.getByRole('link', { name: '戻る' }).click();
      await page.getByRole('heading', { level: 1, name: /情報連携/ }).waitFor();
      await page.getByRole('link', { name: '却下' }).click();
      await page.getByRole('heading', { level: 1, name: /却下しますか/ }).waitFor();
      await page.getByRole('button', { name: 'はい、却下する' }).click();
      await page.waitForURL(`${suite.platform().url.navi}/sso/callback**`);
      assert.match(await page.locator('main').innerText(), literally(MESSAGES['sso_refusal.blocked_after_refusal.next_step']));
    },
  );
  const other = await newPage();
  const hc = await account('保健所', 'みなと保健所 担当者');
  await suite.browser().walk(
    'sso-hokenjo',
    () => [other],
    async () => {
      await signIn(other, hc);
      await other.goto(`${suite.platform().url.navi}/sso/start`);
      const link = other.getByRole('link', { name: /申請/ }).first();
      assert.equal(new URL((await link.getAttribute('href'))!).pathname, '/sso-application');
    },
  );
});
