// The whole path of issue 4 on a fresh database, in a real browser: an applicant fills the public
// form with the postcode look-up → confirmation → 申請番号; the prefecture approves → the welcome
// mail → パスワード初期設定 → 接続先選択 → G-MIS home. Then the same institution applies again →
// the 既存アカウント通知 goes out, the permission is there, and there is still one account.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { listMail } from '../src/mail/outbox.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { linkIn } from '../src/testing/http-client.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { field } from './browser.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;
const REVIEWER_PASSWORD = 'Osaka-Review-2026';
const NEW_PASSWORD = 'Kodomo-Clinic-77';

async function applyAs(page: Page, email: string, contact: string, department = { name: '', number: '' }): Promise<string> {
  await page.goto(`${suite.platform().url.gmis}/register`);
  await field(page, 'kind').selectOption('診療所');
  await field(page, 'name').fill('梅田こどもクリニック');
  await field(page, 'name_kana').fill('うめだこどもくりにっく');
  await field(page, 'institution_code').fill('C-2001');
  await field(page, 'postcode').fill('530-0001');
  await page.getByRole('button', { name: '住所検索' }).click();
  await page.getByText(MESSAGES['registration.postcode.filled']('大阪府大阪市北区梅田')).waitFor();
  await field(page, 'address').fill('梅田2-4-9');
  await field(page, 'phone').fill('06-1234-5678');
  await field(page, 'department').fill(department.name);
  await field(page, 'department_number').fill(department.number);
  await field(page, 'contact_name').fill(contact);
  await field(page, 'email').fill(email);
  await field(page, 'email_confirm').fill(email);
  await page.getByRole('button', { name: '入力内容を確認する' }).click();
  await page.getByRole('heading', { name: '入力内容の確認' }).waitFor();
  await page.getByRole('button', { name: '申請する' }).click();
  await page.getByRole('heading', { name: '申請を受け付けました' }).waitFor();
  return (await page.locator('.reference-number').innerText()).trim();
}

/** Approves application `number` from the review queue; `said` is the notice the approval ends with. */
async function approveAsReviewer(page: Page, number: string, said: string): Promise<void> {
  await page.goto(`${suite.platform().url.gmis}/review/registrations`);
  await page.getByRole('link', { name: number }).click();
  await page.getByRole('heading', { name: `申請 ${number}` }).waitFor();
  await page.getByRole('button', { name: '承認する' }).click();
  await page.getByText(said).waitFor();
}

test(
  'form → 申請番号 → approval → welcome mail → first password → 接続先選択 → G-MIS home; again → 既存アカウント通知, one account',
  { skip, timeout: 90_000 },
  async () => {
    const applicant = await suite.browser().newPage({ viewport: { width: 375, height: 812 } });
    const reviewer = await suite.browser().newPage();
    await suite.browser().walk(
      'registration-to-home',
      () => [applicant, reviewer],
      async () => {
        const first = await applyAs(applicant, 'hanako@example.jp', '梅田 花子', { name: '医事課', number: '２１０' });

        // The prefecture signs in through Med-Login and approves from its queue.
        const { username: reviewerName } = await accountWithPassword(suite.platform().rt.deps, {
          category: '都道府県',
          displayName: '大阪府 医療対策課 担当者',
          email: 'osaka@example.jp',
          prefectureCode: '27',
          password: REVIEWER_PASSWORD,
        });
        await reviewer.goto(`${suite.platform().url.gmis}/login`);
        await field(reviewer, 'username').fill(reviewerName);
        await field(reviewer, 'password').fill(REVIEWER_PASSWORD);
        await reviewer.getByRole('button', { name: 'ログイン', exact: true }).click();
        await reviewer.waitForURL(`${suite.platform().url.gmis}/`);
        await reviewer.getByRole('link', { name: '申請を確認する' }).click();
        await approveAsReviewer(reviewer, first, MESSAGES['review.approved']);

        // The welcome mail → パスワード初期設定 → 接続先選択 → G-MIS home.
        const [welcome] = await listMail(suite.platform().rt.deps.db, { to: 'hanako@example.jp' }).then((m) => m.filter((x) => x.kind === 'account.welcome'));
        assert.ok(welcome, 'the アカウント発行通知 mail');
        const username = /ユーザ名\n(\w+)/.exec(welcome.body_text)?.[1];
        assert.ok(username);
        assert.ok(
          welcome.body_text.startsWith('梅田こどもクリニック 梅田 花子 様'),
          `the welcome mail greets the applicant: ${welcome.body_text.split('\n')[0]}`,
        );
        await applicant.goto(linkIn(welcome.body_text, `${suite.platform().url.login}/welcome/`));
        await field(applicant, 'password').fill(NEW_PASSWORD);
        await field(applicant, 'confirmation').fill(NEW_PASSWORD);
        await applicant.getByRole('button', { name: 'パスワードを変更' }).click();
        await applicant.getByRole('heading', { level: 1, name: '接続先選択' }).waitFor();
        await applicant.getByRole('link', { name: /^G-MIS/ }).click();
        await applicant.waitForURL(`${suite.platform().url.gmis}/`);
        assert.match(await applicant.locator('body').innerText(), /梅田こどもクリニック 梅田 花子/);

        // ユーザ基礎情報 starts with what the application said about the person in charge.
        await applicant.goto(`${suite.platform().url.gmis}/profile`);
        const profile = await applicant.locator('.summary-list--wide').first().innerText();
        assert.match(profile, /名前\s+梅田 花子/);
        assert.match(profile, /内線\s+210/);
        assert.match(profile, /担当部署\s+医事課/);

        // The same institution applies again (a new member of staff): no second account.
        const second = await applyAs(await suite.browser().newPage(), 'jiro@example.jp', '梅田 次郎');
        await approveAsReviewer(reviewer, second, MESSAGES['review.approved.existing_account']);
        const notices = (await listMail(suite.platform().rt.deps.db, {})).filter((m) => m.kind === 'registration.existing_account');
        assert.deepEqual(notices.map((m) => m.to_address).sort(), ['hanako@example.jp', 'jiro@example.jp']);
        for (const m of notices) {
          assert.ok(m.subject.includes(second));
          assert.ok(m.body_text.includes(username));
        }
        const db = suite.platform().rt.deps.db;
        const accounts = await db.selectFrom('accounts').select(['id', 'username']).where('category', '=', '診療所').execute();
        assert.deepEqual(
          accounts.map((a) => a.username),
          [username],
        );
        const permissions = await db.selectFrom('account_permissions').select('permission').where('account_id', '=', accounts[0]!.id).execute();
        assert.deepEqual(permissions, [{ permission: '医療機能情報提供制度' }]);
      },
    );
  },
);
