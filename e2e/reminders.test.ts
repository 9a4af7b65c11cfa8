// 報告のリマインダー in Chromium (CSP enforced, axe on every page), on a clock of its own: 東京都's
// reviewer opts in, chooses 7 and 3 days before, writes a subject with {機関名}, leaves a placeholder
// misspelt and is told so beside the field with the text kept, previews the mail filled for the
// clinic still 未報告, saves, and sees the next send (3月25日, 1機関). With the clock at the due
// day the worker runs: the mail is in the dev mailbox, and no second one after another run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listMail } from '../src/mail/outbox.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { jstMidnight } from '../src/reporting/fiscal-year.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { addAccount, addInstitution, setWindow } from '../src/testing/reporting.ts';
import { signInAtMedLogin } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const clock = new ManualClock(jstMidnight(2027, 3, 10) + 9 * 3_600_000);
const PASSWORD = 'Kaede-Reminder-2027';
const CLINIC = 'かえで未報告クリニック';

const suite = browserSuite({
  platform: { clock },
  setUp: async (p) => {
    await setWindow(p.rt.handle, {
      prefectureCode: '13',
      fiscalYear: 2026,
      scheme: 'medical',
      opensAt: jstMidnight(2027, 1, 1),
      closesAt: jstMidnight(2027, 4, 1),
      referenceDate: '2027-01-01',
    });
    const clinic = await addInstitution(p.rt.handle, clock, { name: CLINIC, institution_code: '1312345678' });
    await addAccount(p.rt.handle, clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
  },
});
const { skip } = suite;

test('a prefecture opts in, previews and saves; on the due day the worker mails the clinic once', { skip, timeout: 120_000 }, async () => {
  const p = suite.platform();
  const browser = suite.browser();
  const page = await browser.newPage();
  await browser.walk(
    'reminders',
    () => [page],
    async () => {
      const reviewer = await accountWithPassword(p.rt.deps, {
        category: '都道府県',
        displayName: '東京都 医療政策担当',
        email: 'tokyo-reminders@example.jp',
        prefectureCode: '13',
        password: PASSWORD,
      });
      await signInAtMedLogin(page, p, reviewer.username, PASSWORD);
      await page.getByRole('link', { name: /^G-MIS/ }).click();
      await page.waitForURL(`${p.url.gmis}/`);
      await page.goto(`${p.url.gmis}/review/reminders`);
      await page.getByRole('heading', { level: 1, name: '報告のリマインダー' }).waitFor();

      await page.getByLabel('リマインダーのメールを送る').check();
      await page.getByLabel('14日前').uncheck();
      await page.getByLabel('7日前').check();
      await page.getByLabel('件名').fill('【{都道府県名}】{機関名} 様 定期報告のお願い');
      await page.getByLabel('本文').fill('{機関名} ご担当者様\n{報告期限}までに定期報告をお願いします。現在は「{報告状況}」です。\n{機関コード の報告}');
      await page.getByRole('button', { name: /プレビューする/ }).click();
      await page.getByRole('heading', { name: '入力内容を確認してください' }).waitFor();
      assert.match(await page.locator('.field--error').innerText(), /使えない差し込み項目です/);
      assert.equal(await page.getByLabel('件名').inputValue(), '【{都道府県名}】{機関名} 様 定期報告のお願い', 'the subject as typed');
      assert.ok(await page.getByLabel('7日前').isChecked());

      await page.getByLabel('本文').fill('{機関名} ご担当者様\n{報告期限}までに定期報告をお願いします。現在は「{報告状況}」です。');
      await page.getByRole('button', { name: /プレビューする/ }).click();
      const preview = page.locator('#preview');
      await preview.waitFor();
      assert.match(await preview.innerText(), /【東京都】かえで未報告クリニック 様 定期報告のお願い/);
      assert.match(await preview.innerText(), /2027年3月31日までに定期報告をお願いします。現在は「未報告」です。/);

      await page.getByRole('button', { name: '設定を保存する' }).click();
      await page.getByText('リマインダーの設定を保存しました。').waitFor();
      const next = page.locator('tr[data-scheduled="medical:7"]');
      assert.match(await next.innerText(), /2027年3月25日[\s\S]*予定[\s\S]*1機関/);
      assert.match(await page.locator('tr[data-scheduled="medical:3"]').innerText(), /2027年3月29日/);

      // The due day: the worker's next checks send it, once.
      clock.advance(jstMidnight(2027, 3, 25) - clock.now() + 60_000);
      await p.worker.runOnce();
      await p.worker.runOnce();
      clock.advance(120_000);
      await p.worker.runOnce();
      const mails = (await listMail(p.rt.deps.db, { limit: 50 })).filter((m) => m.kind === 'reporting.reminder');
      assert.equal(mails.length, 1);
      assert.equal(mails[0]!.status, 'sent');
      await page.goto(`${p.url.login}/dev/mailbox`);
      await page.getByText('【東京都】かえで未報告クリニック 様 定期報告のお願い').first().waitFor();
      assert.match(await page.locator('body').innerText(), /2027年3月31日までに定期報告をお願いします。現在は「未報告」です。/);
    },
  );
});
