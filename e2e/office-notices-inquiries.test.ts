// The office's お知らせ editor and お問合せ inbox in Chromium (CSP enforced, axe on every page), each
// side signed in through Med-Login, on a clock of its own and with mail to a real SMTP server: the
// office writes a notice, a title forgotten is said beside its field with the body kept, saves the
// draft and schedules it for 09:10 (Japan time); the clinic does not see it at 09:05 and does at
// 09:10. The clinic sends an お問合せ; the office finds it 新規 in the inbox, opens it (対応中),
// answers, the answer mail reaches the SMTP server once, the clinic reads the answer on its inquiry
// page, and the office closes it (完了).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageIdFor } from '../src/mail/transport.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { startSmtpPeer } from '../src/testing/smtp-peer.ts';
import { eventually } from './browser.ts';
import { signInAtMedLogin } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const clock = new ManualClock(Date.UTC(2026, 10, 21, 0, 0)); // 2026-11-21 09:00 JST
const PASSWORD = 'Office-Notices-2026';
const peer = await startSmtpPeer();

const suite = browserSuite({
  platform: { clock, env: { SMTP_URL: `smtp://127.0.0.1:${peer.port}` } },
  setUp: async () => () => peer.close(),
});
const { skip } = suite;

test('the office schedules a notice the clinic sees from its time, and answers the clinic’s お問合せ by mail', { skip, timeout: 180_000 }, async () => {
  const p = suite.platform();
  const browser = suite.browser();
  const office = await browser.newPage();
  const clinic = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await browser.walk(
    'office-notices-inquiries',
    () => [office, clinic],
    async () => {
      const staff = await accountWithPassword(p.rt.deps, {
        category: '事務局',
        displayName: '事務局 お知らせ担当',
        email: 'office-e2e@example.jp',
        password: PASSWORD,
      });
      const user = await accountWithPassword(p.rt.deps, {
        category: '診療所',
        displayName: 'ひかり診療所 担当者',
        email: 'hikari-e2e@example.jp',
        password: PASSWORD,
      });
      for (const [page, who] of [
        [office, staff],
        [clinic, user],
      ] as const) {
        await signInAtMedLogin(page, p, who.username, PASSWORD);
        await page.getByRole('link', { name: /^G-MIS/ }).click();
        await page.waitForURL(`${p.url.gmis}/`);
      }

      // ── お知らせ: a draft, a forgotten title, then scheduled for 09:10 ──
      await office.goto(`${p.url.gmis}/office`);
      await office.getByRole('link', { name: /お知らせの管理/ }).click();
      await office.getByRole('heading', { level: 1, name: 'お知らせの管理' }).waitFor();
      await office.getByRole('link', { name: 'お知らせを書く' }).click();
      await office.getByLabel('分類').selectOption('重要');
      await office.getByLabel('本文').fill('12月1日から、定期報告の受付を始めます。\n\n期限は各都道府県のお知らせをご確認ください。');
      await office.getByRole('button', { name: '下書きとして保存する' }).click();
      await office.getByRole('heading', { name: '入力内容を確認してください' }).waitFor();
      assert.match(await office.locator('.field--error').innerText(), new RegExp(MESSAGES['notice.title.required']));
      assert.match(await office.getByLabel('本文').inputValue(), /定期報告の受付を始めます/, 'the body as typed');
      await office.getByLabel('タイトル').fill('定期報告の受付開始について');
      await office.getByRole('button', { name: '下書きとして保存する' }).click();
      await office.getByText(MESSAGES['notice.saved']).waitFor();
      await office.getByLabel('日時を指定して予約').check();
      await office.getByLabel('公開日時（予約のとき）').fill('2026-11-21 09:10');
      await office.getByRole('button', { name: '公開する' }).click();
      await office.getByText(MESSAGES['notice.scheduled']).waitFor();
      assert.match(await office.locator('.confirm-list').innerText(), /公開予約[\s\S]*2026年11月21日 09:10 から利用者に表示されます/);

      clock.advance(5 * 60_000);
      await clinic.goto(`${p.url.gmis}/notices`);
      assert.doesNotMatch(await clinic.locator('main').innerText(), /定期報告の受付開始について/, 'at 09:05: not yet');
      clock.advance(5 * 60_000);
      await clinic.reload();
      await clinic.getByRole('link', { name: '定期報告の受付開始について' }).click();
      await clinic.getByRole('heading', { level: 1, name: '定期報告の受付開始について' }).waitFor();

      // ── お問合せ: sent by the clinic, answered by the office, closed ──
      await clinic.goto(`${p.url.gmis}/inquiry`);
      await clinic.getByLabel('分類').selectOption('報告（新規・定期・随時）');
      await clinic.getByLabel('件名').fill('報告の期限を知りたい');
      await clinic.getByLabel('内容').fill('東京都の定期報告の期限はいつでしょうか。');
      await clinic.getByRole('button', { name: '送信する' }).click();
      await clinic.getByRole('heading', { level: 1, name: 'お問合せを受け付けました' }).waitFor();
      const reference = (await clinic.locator('.reference').innerText()).trim();

      await office.goto(`${p.url.gmis}/office`);
      await office.getByRole('link', { name: /お問合せの受付箱/ }).click();
      await office.getByRole('link', { name: /^新規/ }).click();
      await office.getByRole('link', { name: reference }).click();
      await office.getByRole('heading', { level: 1, name: '報告の期限を知りたい' }).waitFor();
      assert.match(await office.locator('.confirm-list').innerText(), /対応中/);
      await office.getByLabel('回答').fill('東京都の定期報告は、3月31日が期限です。');
      await office.getByRole('button', { name: '回答を送る' }).click();
      await office.getByText(MESSAGES['inquiry.answered']).waitFor();
      assert.match(await office.locator('#thread-title + article + article').innerText(), /3月31日が期限です/);

      const { mail_id: mailId } = await p.rt.deps.db.selectFrom('gmis_inquiry_answers').select('mail_id').executeTakeFirstOrThrow();
      const carrying = () => peer.received.filter((m) => m.includes(messageIdFor(mailId)));
      await eventually(async () => {
        await p.worker.runOnce();
        return carrying().length > 0;
      }, 'the answer mail reaches the SMTP server');
      await p.worker.runOnce();
      assert.equal(carrying().length, 1, 'once');
      assert.match(carrying()[0]!, /^To: hikari-e2e@example\.jp/m);

      await office.getByRole('button', { name: '完了にする' }).click();
      await office.getByText(MESSAGES['inquiry.closed']).waitFor();
      assert.match(await office.locator('.confirm-list').innerText(), /完了/);

      await clinic.goto(`${p.url.gmis}/inquiry/${reference}`);
      assert.match(await clinic.locator('main').innerText(), /東京都の定期報告は、3月31日が期限です。/);
      assert.match(await clinic.locator('main').innerText(), /対応の状況：完了/);
    },
  );
});
