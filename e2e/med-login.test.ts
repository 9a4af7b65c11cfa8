// Med-Login end to end in a real browser (system Chromium via playwright-core): the acceptance walk
// from the アカウント発行通知 mail through パスワード初期設定, sign-out and sign-in, to パスワードの再設定
// with a re-sent mail, single-use links and the other device's session ending; and the same forms
// without JavaScript, where the server alone validates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { issueAccount } from '../src/identity/accounts/issue-account.ts';
import { PASSWORD_MIN_LENGTH } from '../src/identity/password/policy.ts';
import { listMail } from '../src/mail/outbox.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { linkIn } from '../src/testing/http-client.ts';
import { eventually, literally } from './browser.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;

const FIRST_PASSWORD = 'Kx7-mountain-Lantern';
const NEW_PASSWORD = 'Rq4-river-Beacon';

const newPage = (options: { javaScriptEnabled?: boolean } = {}) => suite.browser().newPage(options);
const withDebugShots = (name: string, pages: () => Array<Page | undefined>, body: () => Promise<void>) => suite.browser().walk(name, pages, body);

async function mailsOfKind(to: string, kind: string) {
  return (await listMail(suite.platform().rt.deps.db, { to })).filter((m) => m.kind === kind);
}

/** Issues an account and returns its username and the link from its delivered welcome mail. */
async function issueWithWelcomeLink(displayName: string, email: string): Promise<{ username: string; link: string }> {
  const { username } = await issueAccount(suite.platform().rt.deps, { category: '病院', displayName, email, issuedBy: 'e2e' });
  await suite.platform().worker.runOnce();
  const [welcome, ...more] = await mailsOfKind(email, 'account.welcome');
  assert.ok(welcome, 'a welcome mail was queued');
  assert.equal(more.length, 0);
  assert.equal(welcome.status, 'sent', 'the worker delivered the welcome mail');
  assert.match(welcome.body_text, new RegExp(`\\b${username}\\b`), 'the welcome mail gives the username');
  return { username, link: linkIn(welcome.body_text, `${suite.platform().url.login}/welcome/`) };
}

/** The input whose accessible name is exactly `label` (the label's aria-hidden 「※必須」 is not part of it). */
const field = (page: Page, label: string) => page.getByRole('textbox', { name: label, exact: true });

/** Each rule's state, once the common-password list has arrived (the fifth rule checks against it). */
async function ruleStates(page: Page): Promise<Record<string, string | null>> {
  await page.locator('[data-password-rules][data-common-list="ready"]').waitFor({ state: 'attached' });
  return page
    .locator('[data-password-rules] [data-rule]')
    .evaluateAll((lis) => Object.fromEntries(lis.map((li) => [li.getAttribute('data-rule'), li.getAttribute('data-state')])));
}

function passwordForm(page: Page) {
  return {
    password: field(page, '新しいパスワード'),
    confirmation: field(page, '新しいパスワードの確認'),
    submit: page.getByRole('button', { name: 'パスワードを変更' }),
    status: page.locator('[data-confirmation-status]'),
  };
}

/** The new-password form says whose password is being set. */
async function assertFormNamesAccount(page: Page, username: string, email: string): Promise<void> {
  const text = await page.locator('form[data-password-form]').innerText();
  assert.ok(text.includes(email), `the form shows the account e-mail ${email}`);
  assert.ok(text.includes(username), `the form shows the username ${username}`);
}

/** Fills a valid password, checking that the button only enables once the confirmation matches. */
async function setPasswordWithChecklist(page: Page, password: string): Promise<void> {
  const form = passwordForm(page);
  await eventually(() => form.submit.isDisabled(), 'the submit button to be disabled by the checklist script');
  await form.password.fill(password);
  assert.deepEqual(await ruleStates(page), { length: 'met', upper: 'met', lower: 'met', digit: 'met', common: 'met' });
  assert.equal(await form.submit.isDisabled(), true, 'disabled without a confirmation');
  await form.confirmation.fill(password);
  assert.equal(await form.status.textContent(), 'パスワードが一致しています。');
  assert.equal(await form.submit.isEnabled(), true, 'enabled once everything holds');
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await field(page, 'ユーザ名').fill(username);
  await field(page, 'パスワード').fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.getByRole('button', { name: 'ログイン', exact: true }).click(),
  ]);
  await page.waitForLoadState();
}

async function assertChooser(page: Page, displayName: string, notice?: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: '接続先選択' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  assert.deepEqual(await page.locator('.tile__name').allTextContents(), ['G-MIS', '医療情報ネット']);
  assert.equal(await page.getByRole('link', { name: /^G-MIS/ }).getAttribute('href'), `${suite.platform().url.gmis}/login`);
  assert.equal(await page.getByRole('link', { name: /^医療情報ネット/ }).getAttribute('href'), `${suite.platform().url.navi}/sso/start`);
  assert.equal((await page.locator('.site-header__name').textContent())?.trim(), displayName);
  assert.match(await page.locator('main, body').first().innerText(), new RegExp(`${displayName}（ユーザ名`));
  if (notice) assert.equal((await page.getByRole('status').first().innerText()).trim(), notice);
}

test('acceptance walk: welcome mail → first password → sign-in → reset with a re-sent mail → old sessions end', { skip, timeout: 45_000 }, async () => {
  const displayName = '医療法人 青葉会 青葉記念病院';
  const email = 'jimu@aoba-kinen.example.jp';
  let page: Page | undefined;
  let other: Page | undefined;
  await withDebugShots(
    'med-login-walk',
    () => [page, other],
    async () => {
      // 1. The account is issued; the worker delivers the アカウント発行通知 mail with a one-time link.
      const { username, link: welcomeLink } = await issueWithWelcomeLink(displayName, email);
      page = await newPage();

      // 2. パスワード初期設定: the checklist follows the typing and gates the button.
      const opened = await page.goto(welcomeLink);
      assert.equal(opened?.status(), 200);
      await page.getByRole('heading', { level: 1, name: 'パスワードを設定する' }).waitFor();
      await assertFormNamesAccount(page, username, email);
      const form = passwordForm(page);
      await eventually(() => form.submit.isDisabled(), 'the button to start disabled');
      assert.deepEqual(await ruleStates(page), { length: 'unmet', upper: 'unmet', lower: 'unmet', digit: 'unmet', common: 'unmet' });

      await form.password.fill('abcdefgh'); // length and lower case only
      assert.deepEqual(await ruleStates(page), { length: 'met', upper: 'unmet', lower: 'met', digit: 'unmet', common: 'unmet' });
      await form.confirmation.fill('abcdefgh');
      assert.equal(await form.submit.isDisabled(), true, 'some rules unmet: still disabled');

      await form.password.fill('Ab1'); // upper, lower, digit but too short
      assert.deepEqual(await ruleStates(page), { length: 'unmet', upper: 'met', lower: 'met', digit: 'met', common: 'unmet' });
      assert.equal(await form.submit.isDisabled(), true);

      await form.password.fill(FIRST_PASSWORD);
      await form.confirmation.fill(`${FIRST_PASSWORD}x`);
      assert.deepEqual(await ruleStates(page), { length: 'met', upper: 'met', lower: 'met', digit: 'met', common: 'met' });
      assert.equal(await form.status.textContent(), '確認用のパスワードが一致していません。');
      assert.equal(await form.submit.isDisabled(), true, 'valid password, different confirmation: still disabled');

      await form.confirmation.fill(FIRST_PASSWORD);
      assert.equal(await form.status.textContent(), 'パスワードが一致しています。');
      assert.equal(await form.submit.isEnabled(), true, 'valid and matching: enabled');
      await form.submit.click();
      await page.waitForURL(`${suite.platform().url.login}/?welcome=1`);
      await assertChooser(page, displayName, MESSAGES['welcome.done']);
      assert.match(await page.locator('main').innerText(), new RegExp(username));

      // The welcome link is spent.
      const again = await page.goto(welcomeLink);
      assert.equal(again?.status(), 410);
      assert.match(await page.locator('main').innerText(), literally(MESSAGES['password_link.used']));
      await page.goto(`${suite.platform().url.login}/`);

      // 3. ログアウト, then back in with ユーザ名 + パスワード.
      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.waitForURL(`${suite.platform().url.login}/login?logged_out=1`);
      await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
      assert.equal((await page.getByRole('status').innerText()).trim(), MESSAGES['logout.done']);
      await signIn(page, username, FIRST_PASSWORD);
      await assertChooser(page, displayName);

      // 4. Another device signs in too.
      other = await newPage();
      await other.goto(`${suite.platform().url.login}/login`);
      await signIn(other, username, FIRST_PASSWORD);
      await assertChooser(other, displayName);

      // 5. The first browser forgets its password: request a reset, then 「メールの再送信」 once.
      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.waitForURL(/\/login\?logged_out=1$/);
      await page.getByRole('link', { name: 'パスワードをお忘れですか？' }).click();
      await page.waitForURL(`${suite.platform().url.login}/password/forgot`);
      await field(page, 'ユーザ名').fill(username);
      await page.getByRole('button', { name: 'パスワードリセット' }).click();
      await page.waitForURL(`${suite.platform().url.login}/password/forgot/sent`);
      await page.getByRole('heading', { level: 1, name: 'メールの確認' }).waitFor();
      assert.doesNotMatch(page.url(), new RegExp(username), 'the username is not in the URL');
      // The request kicks the worker; wait for the first mail so the re-sent one is strictly newer
      // (listMail orders by created_at, in milliseconds).
      await eventually(async () => (await mailsOfKind(email, 'recovery.link')).length === 1, 'the first reset mail to be queued');
      await page.getByRole('button', { name: 'メールの再送信' }).click();
      await page.waitForURL(`${suite.platform().url.login}/password/forgot/sent?resent=1`);
      assert.equal((await page.getByRole('status').innerText()).trim(), MESSAGES['recovery.resent']);

      await suite.platform().worker.runOnce(); // jobs (creates the links and their mails) …
      await suite.platform().worker.runOnce(); // … then mail delivery
      const resetMails = await mailsOfKind(email, 'recovery.link');
      assert.equal(resetMails.length, 2, 'two reset mails: the first and the re-sent one');
      assert.ok(resetMails.every((m) => m.status === 'sent'));
      assert.ok(resetMails[0]!.created_at > resetMails[1]!.created_at, 'newest first');
      const [newest, older] = resetMails.map((m) => linkIn(m.body_text, `${suite.platform().url.login}/password/reset/`));
      assert.notEqual(newest, older);

      // The older link was superseded by the re-sent mail: refused, with what to do next.
      const refused = await page.goto(older!);
      assert.equal(refused?.status(), 410);
      await page.getByRole('heading', { level: 1, name: 'このリンクは使えません' }).waitFor();
      const refusal = await page.locator('main').innerText();
      assert.match(refusal, literally(MESSAGES['password_link.superseded']));
      assert.match(refusal, /これからすること/);
      assert.match(refusal, /「パスワードをお忘れですか？」から手続きすると、新しいリンクをお送りします/);
      assert.equal(await page.getByRole('link', { name: 'パスワードを再設定する' }).getAttribute('href'), '/password/forgot');
      assert.equal(await page.getByRole('link', { name: 'ログイン画面へ' }).getAttribute('href'), '/login');

      // The newest link works: confirm, then set the new password.
      const confirm = await page.goto(newest!);
      assert.equal(confirm?.status(), 200);
      await page.getByRole('heading', { level: 1, name: 'パスワードをリセットしますか？' }).waitFor();
      assert.match(await page.locator('main').innerText(), new RegExp(`ユーザ名 ${username} のパスワードを新しく設定します`));
      await page.getByRole('button', { name: 'パスワードのリセット' }).click();
      await page.getByRole('heading', { level: 1, name: '新しいパスワードを設定する' }).waitFor();
      await assertFormNamesAccount(page, username, email);
      await setPasswordWithChecklist(page, NEW_PASSWORD);
      await passwordForm(page).submit.click();
      await page.waitForURL(`${suite.platform().url.login}/?reset=1`);
      await assertChooser(page, displayName, MESSAGES['recovery.done']);

      // 6. The link is single use; the other device was signed out; the owner is told by mail.
      const reused = await page.goto(newest!);
      assert.equal(reused?.status(), 410);
      assert.match(await page.locator('main').innerText(), literally(MESSAGES['password_link.used']));

      await other.reload();
      await other.waitForURL(`${suite.platform().url.login}/login?ended=1`);
      await other.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
      assert.match(await other.locator('main').innerText(), literally(MESSAGES['session.ended']), 'the ended session is explained');

      const changed = await mailsOfKind(email, 'password.changed');
      assert.equal(changed.length, 1, 'one パスワード変更のお知らせ');
      assert.match(changed[0]!.subject, /パスワード変更のお知らせ/);
      assert.match(changed[0]!.body_text, new RegExp(`ユーザ名 ${username} のパスワードが`));

      // 7. The old password no longer works (the generic answer); the new one does.
      await signIn(other, username, FIRST_PASSWORD);
      await other.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
      const failure = await other.getByRole('alert').innerText();
      assert.match(failure, /ログインできませんでした/);
      assert.match(failure, literally(MESSAGES['login.invalid']));
      assert.equal(await field(other, 'ユーザ名').inputValue(), username, 'the username is kept');
      assert.equal(await field(other, 'パスワード').inputValue(), '', 'the password is not echoed');
      await signIn(other, username, NEW_PASSWORD);
      await assertChooser(other, displayName);
    },
  );
});

test('without JavaScript the server validates the first password and re-renders the form', { skip, timeout: 30_000 }, async () => {
  const displayName = '山田こどもクリニック';
  const email = 'uketsuke@yamada-kodomo.example.jp';
  let page: Page | undefined;
  await withDebugShots(
    'med-login-nojs',
    () => [page],
    async () => {
      const { username, link } = await issueWithWelcomeLink(displayName, email);
      page = await newPage({ javaScriptEnabled: false });
      assert.equal((await page.goto(link))?.status(), 200);
      const form = passwordForm(page);
      assert.equal(await form.submit.isEnabled(), true, 'without the script the button is usable');
      assert.equal(await page.locator('form[data-password-form]').getAttribute('data-password-enhanced'), null);

      // Too short, and a confirmation that does not match: 422 with a message at each field.
      await form.password.fill('Ab1');
      await form.confirmation.fill('Ab2');
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === link), form.submit.click()]);
      assert.equal(response.status(), 422);
      await page.waitForLoadState();
      const summary = page.getByRole('alert');
      assert.match(await summary.innerText(), /入力内容を確認してください/);
      // One entry per field, each linking to its field.
      const summaryItems = await summary.getByRole('link').all();
      const entries = await Promise.all(summaryItems.map(async (a) => [await a.getAttribute('href'), (await a.innerText()).trim()] as const));
      assert.deepEqual(
        entries.map(([href]) => href),
        ['#password', '#confirmation'],
      );
      assert.ok(entries[0]![1].includes(MESSAGES['password.length'](PASSWORD_MIN_LENGTH)), entries[0]![1]);
      assert.ok(entries[1]![1].includes(MESSAGES['password.mismatch']), entries[1]![1]);
      assert.equal(await page.locator('#password-error.field__error').innerText(), MESSAGES['password.length'](PASSWORD_MIN_LENGTH));
      assert.equal(await page.locator('#confirmation-error.field__error').innerText(), MESSAGES['password.mismatch']);
      assert.equal(await form.password.getAttribute('aria-invalid'), 'true');
      assert.match((await form.password.getAttribute('aria-describedby')) ?? '', /\bpassword-error\b/);
      assert.equal(await form.password.inputValue(), '', 'passwords are never echoed back');
      assert.equal(await form.confirmation.inputValue(), '');
      await assertFormNamesAccount(page, username, email);

      // A password containing the e-mail's local part passes the four rules but the server refuses it.
      await form.password.fill('Uketsuke-2025');
      await form.confirmation.fill('Uketsuke-2025');
      const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === link), form.submit.click()]);
      assert.equal(refused.status(), 422);
      await page.waitForLoadState();
      assert.match(await page.locator('#password-error').innerText(), literally(MESSAGES['password.contains_email']));
      assert.equal(await page.locator('#confirmation-error').count(), 0);

      // Then a valid one is accepted and signs the browser in.
      await form.password.fill(FIRST_PASSWORD);
      await form.confirmation.fill(FIRST_PASSWORD);
      await form.submit.click();
      await page.waitForURL(`${suite.platform().url.login}/?welcome=1`);
      await assertChooser(page, displayName, MESSAGES['welcome.done']);
      assert.match(await page.locator('main').innerText(), new RegExp(username));
    },
  );
});
