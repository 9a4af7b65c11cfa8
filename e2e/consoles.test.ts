// The staff consoles in Chromium (CSP enforced, axe on every page), each user signed in through
// Med-Login and single sign-on as in real use: the office's account console (search, disable and
// enable, the reset mail, unlock, the audit log), the office's SSO queue with a 保健所's application
// made in another browser, bulk approval in a prefecture's review queue, and where a 保健所's
// authority reaches — set by its prefecture (/prefecture/staff) and by the office.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { AccountCategory } from '../src/db/schema.ts';
import { listMail } from '../src/mail/outbox.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { checkApplication, submitApplication } from '../src/registration/application.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { literally } from './browser.ts';
import { signInAtMedLogin } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;
const PASSWORD = 'Kx7-mountain-Lantern';
const unique = () => Math.random().toString(36).slice(2, 9);

async function account(category: AccountCategory, name: string, prefectureCode: string | null = '13') {
  const email = `${unique()}@example.jp`;
  return { email, name, ...(await accountWithPassword(suite.platform().rt.deps, { category, displayName: name, email, prefectureCode, password: PASSWORD })) };
}

/** Signs `page` in as `username` at Med-Login and follows 接続先選択 to the G-MIS home. */
async function intoGmis(page: Page, username: string): Promise<void> {
  await signInAtMedLogin(page, suite.platform(), username, PASSWORD);
  await page.getByRole('link', { name: /^G-MIS/ }).click();
  await page.waitForURL(`${suite.platform().url.gmis}/`);
}

const stateOf = async (id: string) =>
  suite.platform().rt.deps.db.selectFrom('accounts').select(['state', 'untrusted_locked_at']).where('id', '=', id).executeTakeFirstOrThrow();

test('office console: search, disable and enable, the reset mail, unlock, the audit log', { skip }, async () => {
  const page = await suite.browser().newPage();
  const office = await account('事務局', '事務局 担当C', null);
  const user = await account('病院', `つばめ病院 担当者 ${unique()}`);
  const deps = suite.platform().rt.deps;
  await deps.db.updateTable('accounts').set({ untrusted_locked_at: deps.clock.now() }).where('id', '=', user.accountId).execute();
  await suite.browser().walk(
    'office-console',
    () => [page],
    async () => {
      await intoGmis(page, office.username);
      await page.goto(`${suite.platform().url.gmis}/office`);
      await page
        .getByRole('link', { name: /アカウントの検索/ })
        .first()
        .click();
      await page.locator('#q').fill(user.username);
      await page.locator('#q').press('Enter');
      await page
        .getByRole('link', { name: new RegExp(user.username) })
        .first()
        .click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.match(await page.locator('main').innerText(), /つばめ病院/);

      await page.getByRole('button', { name: 'ロックを解除する' }).click();
      await page.getByRole('button', { name: 'パスワードの再設定メールを送る' }).waitFor();
      assert.equal((await stateOf(user.accountId)).untrusted_locked_at, null, 'unlocked');

      await page.getByRole('button', { name: 'パスワードの再設定メールを送る' }).click();
      await page.getByRole('link', { name: 'アカウントを無効にする' }).waitFor();
      await suite.platform().worker.runOnce();
      const mails = await listMail(deps.db, { to: user.email });
      assert.ok(
        mails.some((m) => m.kind !== 'account.welcome'),
        `a reset mail was sent: ${mails.map((m) => m.kind).join(', ')}`,
      );

      await page.getByRole('link', { name: 'アカウントを無効にする' }).click();
      await page.getByRole('button', { name: 'はい、無効にする' }).click();
      await page.getByRole('button', { name: 'アカウントを有効にする' }).waitFor();
      assert.equal((await stateOf(user.accountId)).state, 'disabled');
      await page.getByRole('button', { name: 'アカウントを有効にする' }).click();
      await page.getByRole('link', { name: 'アカウントを無効にする' }).waitFor();
      assert.equal((await stateOf(user.accountId)).state, 'active');

      await page.goto(`${suite.platform().url.gmis}/office/audit`);
      const log = await page.locator('main').innerText();
      assert.match(log, new RegExp(user.username), 'the changes are in the audit log');
      assert.doesNotMatch(log, /account\.\w+/, 'in words, not codes');
    },
  );
});

test("office's SSO queue: a 保健所 applies in its browser, the office approves in its own", { skip }, async () => {
  const applicantPage = await suite.browser().newPage();
  const officePage = await suite.browser().newPage();
  const centre = await account('保健所', `みなと保健所 担当 ${unique()}`);
  const office = await account('事務局', '事務局 担当D', null);
  await suite.browser().walk(
    'sso-queue',
    () => [applicantPage, officePage],
    async () => {
      await intoGmis(applicantPage, centre.username);
      await applicantPage.goto(`${suite.platform().url.gmis}/sso-application`);
      await applicantPage.locator('#reason').fill('管内の医療機関の掲載内容を確認するため');
      await applicantPage.getByRole('button', { name: '申請する' }).click();
      await applicantPage.waitForURL(/\/sso-application/);
      assert.match(await applicantPage.locator('main').innerText(), literally(MESSAGES['sso_application.submitted']));

      await intoGmis(officePage, office.username);
      await officePage.goto(`${suite.platform().url.gmis}/office/sso`);
      const row = officePage.locator('form', { hasText: centre.username }).or(officePage.locator('li, tr, article', { hasText: centre.username }));
      await row.first().getByRole('button', { name: '承認する' }).click();
      await officePage.waitForURL(/\/office\/sso/);
      const status = await suite
        .platform()
        .rt.deps.db.selectFrom('sso_applications')
        .select('status')
        .where('account_id', '=', centre.accountId)
        .executeTakeFirstOrThrow();
      assert.equal(status.status, 'approved');
    },
  );
});

test('bulk approval: the prefecture picks two applications in its queue and approves them at once', { skip }, async () => {
  const page = await suite.browser().newPage();
  const deps = suite.platform().rt.deps;
  const reviewer = await account('都道府県', '東京都 審査担当', '13');
  const numbers: string[] = [];
  for (const i of [1, 2, 3]) {
    const email = `${unique()}@example.jp`;
    const checked = checkApplication({
      kind: '診療所',
      name: `一括${i}クリニック ${unique()}`,
      name_kana: 'イッカツクリニック',
      institution_code: `E2E${unique()}`,
      insurance_code: '',
      postcode: '1000005',
      prefecture_code: '13',
      municipality_code: '13101',
      address: '丸の内１',
      building: '',
      phone: '03-1234-5678',
      department: '',
      department_number: '',
      contact_name: '一括 花子',
      email,
      email_confirm: email,
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const submitted = await submitApplication(deps, checked.value, { ip: '127.0.0.1', userAgent: 'e2e' });
    assert.ok(submitted.ok, JSON.stringify(submitted));
    numbers.push(submitted.number);
  }
  await suite.browser().walk(
    'bulk-approval',
    () => [page],
    async () => {
      await intoGmis(page, reviewer.username);
      await page.goto(`${suite.platform().url.gmis}/review/registrations`);
      await page.getByRole('checkbox', { name: `${numbers[0]} を選択` }).check();
      await page.getByRole('checkbox', { name: `${numbers[1]} を選択` }).check();
      await page.getByRole('button', { name: '選択した申請を承認' }).click();
      await page.waitForURL(/\/review\/registrations/);
      const states = await deps.db.selectFrom('registration_applications').select(['number', 'status']).where('number', 'in', numbers).execute();
      const byNumber = Object.fromEntries(states.map((s) => [s.number, s.status]));
      assert.notEqual(byNumber[numbers[0]!], 'submitted', 'the first was approved');
      assert.equal(byNumber[numbers[0]!], byNumber[numbers[1]!], 'both picked the same way');
      assert.equal(byNumber[numbers[2]!], 'submitted', 'the one not picked waits');
    },
  );
});

test("jurisdiction: the prefecture sets its 保健所's municipalities, and the office sees and changes them", { skip }, async () => {
  const prefecturePage = await suite.browser().newPage();
  const officePage = await suite.browser().newPage();
  const deps = suite.platform().rt.deps;
  const prefecture = await account('都道府県', '東京都 保健所担当', '13');
  const centre = await account('保健所', `みどり保健所 ${unique()}`, '13');
  const office = await account('事務局', '事務局 担当E', null);
  const covered = async () =>
    (await deps.db.selectFrom('account_municipalities').select('municipality_code').where('account_id', '=', centre.accountId).execute())
      .map((r) => r.municipality_code)
      .sort();
  const box = (page: Page, name: string) => page.getByRole('checkbox', { name, exact: true });
  await suite.browser().walk(
    'jurisdiction',
    () => [prefecturePage, officePage],
    async () => {
      await intoGmis(prefecturePage, prefecture.username);
      await prefecturePage.goto(`${suite.platform().url.gmis}/prefecture/staff`);
      await prefecturePage.getByRole('link', { name: centre.name }).click();
      await box(prefecturePage, '千代田区').check();
      await box(prefecturePage, '中央区').check();
      await prefecturePage.getByRole('button', { name: '担当の市区町村を保存する' }).click();
      await prefecturePage.waitForLoadState();
      assert.deepEqual(await covered(), ['13101', '13102']);

      await intoGmis(officePage, office.username);
      await officePage.goto(`${suite.platform().url.gmis}/office/accounts/${centre.accountId}`);
      assert.equal(await box(officePage, '千代田区').isChecked(), true, 'the office sees what the prefecture set');
      await box(officePage, '中央区').uncheck();
      await officePage.getByRole('button', { name: '担当の市区町村を保存する' }).click();
      await officePage.waitForLoadState();
      assert.deepEqual(await covered(), ['13101']);
    },
  );
});
