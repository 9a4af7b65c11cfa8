// 新規ユーザ登録申請 in a real browser, on a 375px phone: fill the form, 住所検索 from the postcode,
// a (?) help opened, a mistake caught with the field's own message, the confirmation page, 申請する,
// and the 申請番号 — with no sideways scrolling on any step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { listMail } from '../src/mail/outbox.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { field } from './browser.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;

const noSidewaysScroll = async (page: Page) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
};

test('an applicant on a phone: 住所検索 → a caught mistake → 確認 → 申請する → 申請番号', { skip, timeout: 60_000 }, async () => {
  let page: Page | undefined;
  await suite.browser().walk(
    'registration-walk',
    () => [page],
    async () => {
      page = await suite.browser().newPage({ viewport: { width: 375, height: 812 } });
      await page.goto(`${suite.platform().url.gmis}/register`);
      await noSidewaysScroll(page);
      await field(page, 'kind').selectOption('診療所');
      await field(page, 'name').fill('梅田こどもクリニック');
      await field(page, 'name_kana').fill('うめだこどもくりにっく');
      await field(page, 'institution_code').fill('c-2001');
      await field(page, 'postcode').fill('５３０－０００１');
      await page.getByRole('button', { name: '住所検索' }).click();
      await page.getByText(MESSAGES['registration.postcode.filled']('大阪府大阪市北区梅田')).waitFor();
      assert.equal(await field(page, 'prefecture_code').inputValue(), '27');
      assert.equal(await field(page, 'municipality_code').inputValue(), '27127');
      assert.equal(await field(page, 'address').inputValue(), '梅田');
      assert.equal(await field(page, 'name').inputValue(), '梅田こどもクリニック', 'what was typed stays');

      await page.locator('details.field__help').nth(3).locator('summary').click();
      await page.getByText('都道府県が医療機能情報提供制度のために付けている機関コード').waitFor();

      await field(page, 'address').fill('梅田2-4-9');
      await field(page, 'phone').fill('06-1234-5678');
      await field(page, 'contact_name').fill('梅田 花子');
      await field(page, 'email').fill('hanako@example.jp');
      await field(page, 'email_confirm').fill('hanako@example.com');
      await page.getByRole('button', { name: '入力内容を確認する' }).click();
      await page.getByText(MESSAGES['registration.email_confirm.mismatch']).first().waitFor();
      await field(page, 'email_confirm').fill('hanako@example.jp');
      await page.getByRole('button', { name: '入力内容を確認する' }).click();

      await page.getByRole('heading', { name: '入力内容の確認' }).waitFor();
      await noSidewaysScroll(page);
      assert.ok(await page.getByText('ウメダコドモクリニック').isVisible());
      assert.ok(await page.getByText('〒530-0001 大阪府大阪市北区梅田２－４－９').isVisible());
      await page.getByRole('button', { name: '申請する' }).click();

      await page.getByRole('heading', { name: '申請を受け付けました' }).waitFor();
      await noSidewaysScroll(page);
      const number = (await page.locator('.reference-number').innerText()).trim();
      assert.match(number, /^A-\d{8}-[0-9A-Z]{5}$/);
      const [mail] = await listMail(suite.platform().rt.deps.db, { to: 'hanako@example.jp' });
      assert.ok(mail?.subject.includes(number));
    },
  );
});
