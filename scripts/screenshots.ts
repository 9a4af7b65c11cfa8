// Screenshots for the docs: starts the platform (in-memory SQLite), issues a demo account, walks the
// first-password, sign-in, password-reset, single sign-on, 新規ユーザ登録申請 and review flows in
// Debian's Chromium and saves PNGs into docs/screenshots/.
//
//   node --import tsx scripts/screenshots.ts        (CHROMIUM_PATH overrides /usr/bin/chromium)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser.ts';
import { issueAccount } from '../src/identity/accounts/issue-account.ts';
import { importInstitutions } from '../src/institutions/csv.ts';
import { listMail } from '../src/mail/outbox.ts';
import { linkIn } from '../src/testing/http-client.ts';
import { accountWithPassword, startTestPlatform, type TestPlatform } from '../src/testing/platform.ts';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 375, height: 740 };
const EMAIL = 'demo-hospital@example.jp';
const NEW_PASSWORD = 'Kango-Joho-2025';

async function shoot(page: Page, name: string): Promise<void> {
  // A clean picture: no focus ring from autofocus, web fonts and layout settled.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(() => document.fonts.ready);
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  console.log(`  ${path.relative(process.cwd(), file)}`);
  await checkPhoneWidth(page, name);
}

/** Warns when the page would scroll sideways on a 375px phone. */
async function checkPhoneWidth(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  if (!before || before.width <= PHONE.width) return;
  await page.setViewportSize(PHONE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > PHONE.width) console.warn(`  warning: ${name} is ${width}px wide on a ${PHONE.width}px phone`);
  await page.setViewportSize(before);
}

async function newestLink(platform: TestPlatform, prefix: string): Promise<string> {
  const mails = await listMail(platform.rt.deps.db, { to: EMAIL });
  for (const mail of mails) {
    try {
      return linkIn(mail.body_text, prefix);
    } catch {
      // not this mail
    }
  }
  throw new Error(`no mail to ${EMAIL} with a link starting ${prefix}`);
}

async function newContext(browser: Browser, viewport: { width: number; height: number }): Promise<BrowserContext> {
  return browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', colorScheme: 'light' });
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const platform = await startTestPlatform();
  let browser: Browser | undefined;
  try {
    const login = platform.url.login;
    const { username } = await issueAccount(platform.rt.deps, {
      category: '病院',
      displayName: 'デモ総合病院 担当者',
      email: EMAIL,
      issuedBy: 'screenshots',
    });
    await platform.worker.runOnce();
    const welcome = await newestLink(platform, `${login}/welcome/`);

    browser = await launchChromium();
    console.log(`Saving screenshots to ${path.relative(process.cwd(), OUT)}/`);

    // ログイン (empty form).
    const desk = await newContext(browser, DESKTOP);
    const page = await desk.newPage();
    await page.goto(`${login}/login`);
    await shoot(page, 'login');

    // パスワード初期設定, half typed: some rules met, the button still disabled.
    await page.goto(welcome);
    await page.fill('#password', 'Kango');
    await page.waitForSelector('[data-password-submit]:disabled');
    await shoot(page, 'first-password');

    // 接続先選択 after setting the password.
    await page.fill('#password', NEW_PASSWORD);
    await page.fill('#confirmation', NEW_PASSWORD);
    await page.click('[data-password-submit]:enabled');
    await page.waitForURL(`${login}/?welcome=1`);
    await shoot(page, 'chooser');

    // Single sign-on: the G-MIS tile → G-MIS home; ユーザ基礎情報; 医療情報ネット consent → 関係者メニュー.
    await page.click(`a[href="${platform.url.gmis}/login"]`);
    await page.waitForURL(`${platform.url.gmis}/`);
    await shoot(page, 'gmis-home');
    await page.goto(`${platform.url.gmis}/profile/edit`);
    await page.fill('#family_name', '医療');
    await page.fill('#given_name', '花子');
    await page.fill('#phone', '03-1234-5678');
    await shoot(page, 'gmis-profile-edit');
    await page.goto(`${platform.url.navi}/sso/start`);
    await page.waitForSelector('button[value=approve]');
    await shoot(page, 'sso-consent');
    // 却下 asks first; 戻る returns to the consent page.
    await page.click('a[href$="/refuse"]');
    await page.waitForSelector('button[value=reject]');
    await shoot(page, 'sso-refuse-confirm');
    await page.click('a.button--secondary[href^="/interaction/"]');
    await page.waitForSelector('button[value=approve]');
    await page.click('button[value=approve]');
    await page.waitForURL(`${platform.url.navi}/staff`);
    await shoot(page, 'navi-staff-menu');
    await page.goto(`${login}/account/sessions`);
    await shoot(page, 'account-sessions');
    await desk.close();

    // Wrong password.
    const other = await newContext(browser, DESKTOP);
    const page2 = await other.newPage();
    await page2.goto(`${login}/login`);
    await page2.fill('#username', username);
    await page2.fill('#password', 'not-the-password');
    await Promise.all([page2.waitForLoadState('load'), page2.click('button[type=submit].button--primary')]);
    await page2.waitForSelector('.notice--error');
    await shoot(page2, 'login-error');

    // パスワードをお忘れですか？ → メールの確認.
    await page2.goto(`${login}/password/forgot`);
    await shoot(page2, 'forgot');
    await page2.fill('#username', username);
    await page2.click('form[action="/password/forgot"] button[type=submit]');
    await page2.waitForURL(`${login}/password/forgot/sent`);
    await shoot(page2, 'check-mail');

    // The request queues a job, which queues the mail: two passes.
    await platform.worker.runOnce();
    await platform.worker.runOnce();
    const reset = await newestLink(platform, `${login}/password/reset/`);
    await page2.goto(reset);
    await shoot(page2, 'reset-confirm');
    await page2.click('button[type=submit].button--primary');
    await page2.waitForSelector('[data-password-form]');
    await shoot(page2, 'reset-new-password');

    // 開発用メールボックス.
    await page2.goto(`${login}/dev/mailbox`);
    await shoot(page2, 'mailbox');
    await other.close();

    // ログイン on a phone.
    const phone = await newContext(browser, PHONE);
    const page3 = await phone.newPage();
    await page3.goto(`${login}/login`);
    await shoot(page3, 'login-phone');

    // 新規ユーザ登録申請 on a phone: 住所検索 done, a mistake caught; then the confirmation page.
    const gmis = platform.url.gmis;
    await page3.goto(`${gmis}/register`);
    await page3.selectOption('#kind', '診療所');
    await page3.fill('#name', '梅田こどもクリニック');
    await page3.fill('#name_kana', 'うめだこどもくりにっく');
    await page3.fill('#institution_code', 'C-2001');
    await page3.fill('#postcode', '530-0001');
    await page3.click('button[value=lookup]');
    await page3.waitForSelector('.notice--info');
    await page3.fill('#address', '梅田2-4-9');
    await page3.fill('#phone', '06-1234-5678');
    await page3.fill('#contact_name', '梅田 花子');
    await page3.fill('#email', 'hanako@example.jp');
    await page3.fill('#email_confirm', 'hanako@example.com');
    await page3.locator('details.field__help').nth(3).locator('summary').click();
    await page3.click('button[value=confirm]');
    await page3.waitForSelector('.notice--error');
    await shoot(page3, 'registration-phone');
    await page3.fill('#email_confirm', 'hanako@example.jp');
    await page3.click('button[value=confirm]');
    await page3.waitForSelector('.confirm-list');
    await shoot(page3, 'registration-confirm-phone');
    await page3.click('button[value=submit]');
    await page3.waitForSelector('.reference-number');
    await phone.close();

    // The prefecture reviews it: the queue, then the application beside the master (which has
    // another telephone number for the clinic).
    await importInstitutions(
      { db: platform.rt.deps.db, random: platform.rt.deps.random, now: platform.rt.deps.clock.now() },
      Buffer.from(
        '機関区分,都道府県コード,機関コード,機関名,フリガナ,市区町村コード,郵便番号,住所,電話番号\n診療所,27,C-2001,梅田こどもクリニック,ウメダコドモクリニック,27127,5300001,梅田２－４－９,06-1234-0000\n',
      ),
    );
    await accountWithPassword(platform.rt.deps, {
      category: '都道府県',
      displayName: '大阪府 医療対策課 担当者',
      email: 'osaka@example.jp',
      prefectureCode: '27',
      password: NEW_PASSWORD,
    });
    const reviewer = (await platform.rt.deps.db.selectFrom('accounts').select('username').where('email', '=', 'osaka@example.jp').executeTakeFirstOrThrow())
      .username;
    const review = await newContext(browser, DESKTOP);
    const page4 = await review.newPage();
    await page4.goto(`${login}/login`);
    await page4.fill('#username', reviewer);
    await page4.fill('#password', NEW_PASSWORD);
    await Promise.all([page4.waitForURL(`${login}/`), page4.click('button[type=submit].button--primary')]);
    await page4.click(`a[href="${gmis}/login"]`);
    await page4.waitForURL(`${gmis}/`);
    await page4.goto(`${gmis}/review/registrations`);
    await shoot(page4, 'review-queue');
    await page4.click('table a.mono');
    await page4.waitForSelector('.compare-table');
    await shoot(page4, 'review-application');
    await review.close();

    // The office console, and a health centre's page with its municipalities.
    await accountWithPassword(platform.rt.deps, { category: '事務局', displayName: 'G-MIS事務局 担当者', email: 'office@example.jp', password: NEW_PASSWORD });
    const centre = await issueAccount(platform.rt.deps, {
      category: '保健所',
      displayName: '大阪市北区保健所',
      email: 'kita-hc@example.jp',
      prefectureCode: '27',
      issuedBy: 'screenshots',
    });
    await platform.rt.deps.db.insertInto('account_municipalities').values({ account_id: centre.accountId, municipality_code: '27127' }).execute();
    const officer = (await platform.rt.deps.db.selectFrom('accounts').select('username').where('email', '=', 'office@example.jp').executeTakeFirstOrThrow())
      .username;
    const officeContext = await newContext(browser, DESKTOP);
    const page5 = await officeContext.newPage();
    await page5.goto(`${gmis}/login`);
    await page5.fill('#username', officer);
    await page5.fill('#password', NEW_PASSWORD);
    await Promise.all([page5.waitForURL(`${gmis}/`), page5.click('button[type=submit].button--primary')]);
    await page5.goto(`${gmis}/office`);
    await shoot(page5, 'office-console');
    await page5.goto(`${gmis}/office/accounts/${centre.accountId}`);
    await shoot(page5, 'office-health-centre');
    await page5.goto(`${gmis}/office/accounts/${centre.accountId}/disable`);
    await shoot(page5, 'office-disable-confirm');
    await page5.goto(`${gmis}/office/audit`);
    await shoot(page5, 'office-audit');
    await officeContext.close();
  } finally {
    await browser?.close();
    await platform.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
