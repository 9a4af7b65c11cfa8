// 医療情報ネット 関係者ログイン in a real browser (system Chromium via playwright-core): 「表示」 reveals
// the password, the first sign-in with a temporary password goes through the forced change (the
// checklist gates the button), 関係者メニュー says how the user signed in, and logout. Also the login
// page without JavaScript (no dead 「表示」 checkbox) and on a 375px phone (no sideways scrolling).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { issueNaviAccount } from '../src/navi/issue-account.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { eventually, field } from './browser.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;
const NEW_PASSWORD = 'Cedar-Lantern-61';

const newPage = (options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}) => suite.browser().newPage(options);

const withShot = (name: string, page: () => Page | undefined, body: () => Promise<void>) => suite.browser().walk(name, () => [page()], body);

test('first sign-in: 「表示」, forced change with the checklist, 関係者メニュー, logout', { skip, timeout: 40_000 }, async () => {
  let page: Page | undefined;
  await withShot(
    'navi-staff-walk',
    () => page,
    async () => {
      const issued = await issueNaviAccount(suite.platform().rt.deps, {
        userId: 'Chiba-Iryo01',
        displayName: '千葉県 医療整備課 担当者',
        email: 'chiba@example.jp',
        issuedBy: 'e2e',
      });
      assert.ok(issued.ok);
      page = await newPage();
      await page.goto(`${suite.platform().url.navi}/`);
      await page.locator('#main').getByRole('link', { name: '関係者ログイン' }).click();
      await page.getByRole('heading', { level: 1, name: '関係者ログイン' }).waitFor();

      await page.getByRole('textbox', { name: 'ユーザーID', exact: true }).fill('Chiba-Iryo01');
      const password = page.locator('#password');
      await password.fill(issued.temporaryPassword);
      const reveal = page.getByRole('checkbox', { name: '表示' });
      await reveal.waitFor({ state: 'visible' });
      assert.equal(await password.getAttribute('type'), 'password');
      await reveal.check();
      assert.equal(await password.getAttribute('type'), 'text', 'checked: the password is shown');
      await reveal.uncheck();
      assert.equal(await password.getAttribute('type'), 'password');
      await reveal.check();
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();

      await page.waitForURL(`${suite.platform().url.navi}/staff/password/change`);
      await page.getByRole('heading', { level: 1, name: 'パスワードの変更' }).waitFor();
      const submit = page.getByRole('button', { name: 'パスワードを変更' });
      await eventually(() => submit.isDisabled(), 'the checklist to disable the button');
      assert.equal(await page.locator('#current_password').count(), 0, 'the temporary password was typed a moment ago: not asked again');
      await field(page, 'password').fill(NEW_PASSWORD);
      await field(page, 'confirmation').fill(NEW_PASSWORD);
      assert.equal(await submit.isEnabled(), true);
      await submit.click();

      await page.waitForURL(`${suite.platform().url.navi}/staff?changed=1`);
      await page.getByRole('heading', { level: 1, name: '関係者メニュー' }).waitFor();
      const main = await page.locator('main').innerText();
      assert.ok(main.includes(MESSAGES['navi.login_method.local']));
      assert.ok(main.includes('Chiba-Iryo01'));
      await page.locator('main').getByRole('button', { name: 'ログアウト' }).click();
      await page.waitForURL(`${suite.platform().url.navi}/staff/login?ended=1`);
      assert.ok((await page.locator('main').innerText()).includes(MESSAGES['navi.logout.done']));
    },
  );
});

test('without JavaScript the login page shows no 「表示」 checkbox; on a phone nothing scrolls sideways', { skip, timeout: 20_000 }, async () => {
  let page: Page | undefined;
  await withShot(
    'navi-staff-nojs',
    () => page,
    async () => {
      page = await newPage({ javaScriptEnabled: false });
      await page.goto(`${suite.platform().url.navi}/staff/login`);
      assert.equal(await page.getByRole('checkbox', { name: '表示' }).count(), 0);
      page = await newPage({ viewport: { width: 375, height: 740 } });
      for (const path of ['/', '/staff/login', '/staff/password/forgot']) {
        await page.goto(`${suite.platform().url.navi}${path}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${path}: ${overflow}px sideways scroll`);
      }
    },
  );
});
