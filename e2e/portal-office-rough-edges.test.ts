// Rough edges a new user hit outside registration, walked in Chromium with the CSP enforced: the home
// page's one way into ユーザ基礎情報 and help that says what the buttons say; the office's
// 無効にする asking first (with JavaScript off too), its audit log in words and its 受付期間 typed
// in full width; and the password checklist saying a common password is common before the button.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { issueAccount } from '../src/identity/accounts/issue-account.ts';
import { createLink } from '../src/identity/tokens/one-time-link.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { eventually } from './browser.ts';
import { signInAtMedLogin } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;
const PASSWORD = 'Kx7-mountain-Lantern';

/** An active account of `category`, signed in through Med-Login and single sign-on to G-MIS. */
async function gmisAs(page: Page, category: '病院' | '事務局', name: string): Promise<{ username: string; accountId: string }> {
  const email = `${Math.random().toString(36).slice(2, 9)}@example.jp`;
  const issued = await accountWithPassword(suite.platform().rt.deps, { category, displayName: name, email, password: PASSWORD });
  await signInAtMedLogin(page, suite.platform(), issued.username, PASSWORD);
  await page.getByRole('link', { name: /^G-MIS/ }).click();
  await page.waitForURL(`${suite.platform().url.gmis}/`);
  return { username: issued.username, accountId: issued.accountId };
}

/** The links and buttons on the page whose name speaks of ユーザ基礎情報 or the name to register. */
const profileWays = (page: Page) =>
  page
    .locator('main a.button, main button')
    .evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? '').filter((t) => /ユーザ基礎情報|名前を登録/.test(t)));

test('home: one way into ユーザ基礎情報 at a time; help and FAQ say 同意 and 却下 as the buttons do', { skip }, async () => {
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'home-profile-way',
    () => [page],
    async () => {
      await gmisAs(page, '病院', 'ひばり病院 担当者');
      assert.deepEqual(await profileWays(page), ['名前を登録する'], 'the first-sign-in notice is the one way in');
      await page.getByRole('link', { name: '名前を登録する' }).click();
      await page.waitForURL(/\/profile\/edit$/);
      await page.locator('#family_name').fill('雲雀');
      await page.locator('#given_name').fill('花子');
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/\/profile/);
      await page.goto(`${suite.platform().url.gmis}/`);
      assert.deepEqual(await profileWays(page), ['ユーザ基礎情報を確認・変更する'], 'then one button');
      await page.getByRole('link', { name: 'ユーザ基礎情報を確認・変更する' }).click();
      await page.getByRole('heading', { level: 1, name: 'ユーザ基礎情報' }).waitFor();

      for (const path of ['/help', '/faq']) {
        await page.goto(`${suite.platform().url.gmis}${path}`);
        const text = await page.locator('main').innerText();
        assert.match(text, /「同意」/, path);
        assert.match(text, /「却下」/, path);
        // Not the words of other screens (「承認」, 拒否); 引き戻し is the report screen's own button now.
        assert.doesNotMatch(text, /「承認」|拒否|「定期報告」ボタン/, path);
      }
    },
  );
});

test('office: 無効にする asks first, without JavaScript too; 戻る changes nothing', { skip }, async () => {
  const page = await suite.browser().newPage({ javaScriptEnabled: false });
  const user = await issueAccount(suite.platform().rt.deps, {
    category: '薬局',
    displayName: 'すずらん薬局 担当者',
    email: 'suzuran@example.jp',
    issuedBy: 'e2e',
  });
  const state = async () =>
    (await suite.platform().rt.deps.db.selectFrom('accounts').select('state').where('id', '=', user.accountId).executeTakeFirstOrThrow()).state;
  await suite.browser().walk(
    'office-disable',
    () => [page],
    async () => {
      await gmisAs(page, '事務局', '事務局 担当A');
      await page.goto(`${suite.platform().url.gmis}/office/accounts/${user.accountId}`);
      await page.getByRole('link', { name: 'アカウントを無効にする' }).click();
      await page.getByRole('heading', { level: 1, name: /を無効にしますか/ }).waitFor();
      assert.notEqual(await state(), 'disabled', 'asking changes nothing');
      await page.getByRole('link', { name: '戻る' }).click();
      await page.getByRole('link', { name: 'アカウントを無効にする' }).click();
      await page.getByRole('button', { name: 'はい、無効にする' }).click();
      await page.getByText(MESSAGES['office.account.disabled']).waitFor();
      assert.equal(await state(), 'disabled');
    },
  );
});

test('office: the audit log in words, and 受付期間 typed in full width', { skip }, async () => {
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'office-audit-window',
    () => [page],
    async () => {
      const { username } = await gmisAs(page, '事務局', '事務局 担当B');
      await page.goto(`${suite.platform().url.gmis}/office`);
      await page.locator('#until').fill('２０９９－１２－３１　１７：００');
      await page.getByRole('button', { name: '受付期間を設定する' }).click();
      await page.getByText(MESSAGES['office.window.changed']).waitFor();
      assert.match(await page.locator('main').innerText(), /2099年12月31日 17:00 まで/);

      await page.goto(`${suite.platform().url.gmis}/office/audit?username=${username}`);
      const table = await page.locator('table').innerText();
      assert.match(table, /Med-Loginへのログイン/);
      assert.match(table, /新規ユーザ登録申請の受付期間の変更/);
      assert.match(table, /終了日時：2099年12月31日 17:00/);
      assert.doesNotMatch(table, /[a-z]+\.[a-z_]+\.?[a-z_]*|[{}"]/, 'no codes and no JSON');
      await page.getByLabel('種類').selectOption({ label: '情報連携への同意' });
      await page.getByRole('button', { name: '絞り込む' }).click();
      await page.waitForURL(/type=sso\.consent\.granted/);
    },
  );
});

test('password checklist: Abcdefg1 meets the four rules but is common, and the page says so before the button', { skip }, async () => {
  const page = await suite.browser().newPage();
  const { accountId } = await issueAccount(suite.platform().rt.deps, {
    category: '病院',
    displayName: 'つばき病院 担当者',
    email: 'tsubaki@example.jp',
    issuedBy: 'e2e',
  });
  const { raw } = await createLink(suite.platform().rt.deps.db, suite.platform().rt.deps, accountId, 'welcome');
  await suite.browser().walk(
    'checklist-common',
    () => [page],
    async () => {
      await page.goto(`${suite.platform().url.login}/welcome/${raw}`);
      const fifth = page.locator('[data-rule="common"]');
      assert.match(await fifth.innerText(), /よく使われるパスワードではない/);
      await page.locator('[data-password-rules][data-common-list="ready"]').waitFor({ state: 'attached' });
      const submit = page.getByRole('button', { name: 'パスワードを変更' });
      await page.locator('#password').fill('Abcdefg1');
      await page.locator('#confirmation').fill('Abcdefg1');
      assert.equal(await fifth.getAttribute('data-state'), 'unmet');
      assert.match(await fifth.innerText(), /よく使われているパスワードです/);
      assert.equal(await submit.isDisabled(), true, 'the button stays off');
      await page.locator('#password').fill('Camellia-Kq7vRt2m');
      await page.locator('#confirmation').fill('Camellia-Kq7vRt2m');
      await eventually(async () => (await fifth.getAttribute('data-state')) === 'met', 'the fifth rule to be met');
      await submit.click();
      await page.getByRole('heading', { level: 1, name: '接続先選択' }).waitFor();
    },
  );
});
