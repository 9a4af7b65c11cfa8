// 一括メール配信 in Chromium (CSP enforced, axe on every page), mail through a real SMTP server that
// refuses one address: 東京都's staff composes a mail with {機関名}, sees the count and the preview
// filled for one clinic, sends, watches the progress page reload itself until done, and opens the
// result: the delivered clinics, and the refused one with its reason and the 宛先不明 mark. A
// placeholder that does not exist is said beside the body, with what was typed kept.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accountWithPassword } from '../src/testing/platform.ts';
import { addInstitution } from '../src/testing/reporting.ts';
import { startCountingSmtp } from '../src/testing/bulk-mail-fixture.ts';
import { signInAtMedLogin } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const unique = () => Math.random().toString(36).slice(2, 9);
const BAD = `gone-${unique()}@example.jp`;
const smtp = await startCountingSmtp({ refuse: (address) => address === BAD });
after(() => smtp.close());
const suite = browserSuite({ platform: { env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, workerIntervalMs: 100 } });
const { skip } = suite;
const PASSWORD = 'Kiri-Bulk-Mail-2026';

async function intoGmis(page: Page, username: string): Promise<void> {
  await signInAtMedLogin(page, suite.platform(), username, PASSWORD);
  await page.getByRole('link', { name: /^G-MIS/ }).click();
  await page.waitForURL(`${suite.platform().url.gmis}/`);
}

test('compose with {機関名} → count and preview → send → progress → result with one refused address', { skip, timeout: 180_000 }, async () => {
  const p = suite.platform();
  const deps = p.rt.deps;
  // A municipality of its own, so the count is this test's clinics only.
  const town = '13123';
  const names: string[] = [];
  for (let i = 0; i < 3; i++) {
    const name = `きりの木クリニック${unique()}`;
    names.push(name);
    const inst = await addInstitution(p.rt.handle, deps.clock, {
      name,
      municipality_code: town,
      institution_code: String(1310000000 + Math.floor(Math.random() * 9_999_999)),
    });
    const staff = await accountWithPassword(deps, {
      category: '診療所',
      displayName: `${name} 受付`,
      email: i === 2 ? BAD : `${unique()}@example.jp`,
      prefectureCode: '13',
      password: PASSWORD,
    });
    await deps.db.updateTable('accounts').set({ institution_id: inst.id }).where('id', '=', staff.accountId).execute();
  }
  const tokyo = await accountWithPassword(deps, {
    category: '都道府県',
    displayName: '東京都 医療政策課',
    email: `${unique()}@example.jp`,
    prefectureCode: '13',
    password: PASSWORD,
  });
  // The refused address's welcome mail (sent by the worker at once) marked it 宛先不明, which would
  // leave it out: forgotten here, so that the bulk mail meets the refusal itself.
  await p.worker.runOnce();
  await deps.db.deleteFrom('email_bounces').execute();

  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'bulk-mail',
    () => [page],
    async () => {
      await intoGmis(page, tokyo.username);
      await page.getByRole('link', { name: /一括メール配信/ }).click();
      await page.getByRole('heading', { level: 1, name: '一括メール配信' }).waitFor();
      await page.getByRole('link', { name: '新しいメールを作成する' }).click();
      await page.getByRole('heading', { level: 1, name: 'メールの作成' }).waitFor();
      await page.getByRole('combobox', { name: /^報告の状況/ }).selectOption('not_reported');
      await page.getByRole('combobox', { name: /^市区町村/ }).selectOption(town);
      await page.getByRole('combobox', { name: /^施設の種類/ }).selectOption('診療所');
      await page.getByRole('textbox', { name: /^件名/ }).fill('{機関名} 様：定期報告のお願い');
      await page.getByRole('textbox', { name: /^本文/ }).fill('{担当者名} 様\n{報告期限} までに定期報告をお願いします。{医院名}');
      await page.getByRole('button', { name: '宛先の数とプレビューを確認する' }).click();
      // An unknown placeholder: said beside the body, the text kept.
      await page.getByText('{医院名} は使えない差し込み項目です', { exact: false }).first().waitFor();
      assert.match(await page.getByRole('textbox', { name: /^本文/ }).inputValue(), /\{医院名\}/);
      await page.getByRole('textbox', { name: /^本文/ }).fill('{担当者名} 様\n{報告期限} までに定期報告をお願いします。');
      await page.getByRole('button', { name: '宛先の数とプレビューを確認する' }).click();

      await page.getByRole('heading', { level: 1, name: '送信の確認' }).waitFor();
      assert.match(await page.locator('[data-count="recipients"]').innerText(), /^3件/);
      const subject = await page.locator('[data-preview="subject"]').innerText();
      assert.ok(
        names.some((n) => subject === `${n} 様：定期報告のお願い`),
        `the subject as typed (its full-width colon kept): ${subject}`,
      );
      assert.doesNotMatch(await page.locator('[data-preview="body"]').innerText(), /\{/);
      // On a phone the preview's long lines wrap inside the page.
      const desktop = page.viewportSize();
      await page.setViewportSize({ width: 375, height: 800 });
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 375, 'the confirmation fits a 375 px phone');
      if (desktop) await page.setViewportSize(desktop);
      await page.getByRole('button', { name: '3件に送信する' }).click();

      await page.getByText('送信を受け付けました', { exact: false }).waitFor();
      // The page reloads itself until every mail is sent or refused.
      await page.getByRole('heading', { level: 2, name: '送信が終わりました' }).waitFor({ timeout: 30_000 });
      assert.equal((await page.locator('[data-count="sent"]').innerText()).trim(), '2件');
      assert.equal((await page.locator('[data-count="failed"]').innerText()).trim(), '1件');
      await page.getByRole('link', { name: '届かなかった' }).click();
      const failed = page.locator('tr[data-result="failed"]');
      await failed.first().waitFor();
      assert.equal(await failed.count(), 1);
      const row = await failed.innerText();
      assert.match(row, new RegExp(BAD.replace(/[.]/g, '\\.')));
      assert.match(row, /宛先不明/);
      assert.match(row, /550|unknown mailbox/);
      // The subject is shown as the template it is, not as the heading of the page.
      await page.getByRole('heading', { level: 1, name: '送信の結果' }).waitFor();
      assert.equal(await page.locator('[data-campaign="subject"]').innerText(), '{機関名} 様：定期報告のお願い');
      // 「届かなかった」 stays on one line on a phone.
      await page.setViewportSize({ width: 375, height: 800 });
      const stateLines = await failed.locator('td.sso-table__nowrap').evaluate((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
      assert.equal(stateLines, 1, '「届かなかった」 on one line');
      if (desktop) await page.setViewportSize(desktop);

      // The campaign is listed for coming back later.
      await page.getByRole('link', { name: '一括メール配信に戻る' }).click();
      await page
        .getByRole('link', { name: /定期報告のお願い/ })
        .first()
        .waitFor();
    },
  );
});
