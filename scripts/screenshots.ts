// Screenshots for the docs: starts the platform (in-memory SQLite), issues a demo account, walks the
// first-password, sign-in, password-reset, single sign-on, 新規ユーザ登録申請 and review flows in
// Debian's Chromium and saves PNGs into docs/screenshots/. Then, on a second platform seeded as
// `npm start` seeds it (seedDemoData, with reporting/demo.ts) and a clock stopped in 東京都's window,
// the reporting walk: the institution's home, 定期報告 and its form (desktop and phone), two browsers
// saving one report, 報告確認 and 差異表示, the public facility page (ja, en, 休止中), 「CSVで入力」. Then
// 医療情報ネット's public search on the demo's open data (naviWalk).
//
//   node --import tsx scripts/screenshots.ts [identity] [reporting] [navi]   (all when none is named;
//     CHROMIUM_PATH overrides /usr/bin/chromium, SCREENSHOTS_DIR the folder). Chromium's own words
//     (a file input's 「ファイルを選択」) are in Japanese when Debian's chromium-l10n is installed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser.ts';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { findAccountById, updateAccount } from '../src/identity/accounts/account-repository.ts';
import { issueAccount, type IssuedAccount } from '../src/identity/accounts/issue-account.ts';
import { importInstitutions } from '../src/institutions/csv.ts';
import { findInstitutionByCode } from '../src/institutions/repository.ts';
import { listMail } from '../src/mail/outbox.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { actorOf } from '../src/policies.ts';
import { jstMidnight } from '../src/reporting/fiscal-year.ts';
import { facilityIdOf } from '../src/reporting/publication.ts';
import { acceptReport } from '../src/reporting/review.ts';
import { seedDemoData } from '../src/seed.ts';
import { linkIn } from '../src/testing/http-client.ts';
import { accountWithPassword, startTestPlatform, type TestPlatform } from '../src/testing/platform.ts';
import { submittedReport } from '../src/testing/reporting.ts';

const OUT = process.env.SCREENSHOTS_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 375, height: 740 };
const EMAIL = 'demo-hospital@example.jp';
const NEW_PASSWORD = 'Kango-Joho-2025';
const HOUR = 3_600_000;

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

/** Sign-in, passwords, single sign-on, registration and its review, the office console. */
async function identityWalk(browser: Browser): Promise<void> {
  const platform = await startTestPlatform();
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
    await platform.close();
  }
}

/** The reporting demo's clock: 令和8年度, inside 東京都's window (1/7–3/31), stopped so the pictures' dates stay put. */
const REPORTING_NOW = jstMidnight(2027, 1, 20) + 10 * HOUR;
const MINUTE = 60_000;

/** Gives a seeded account a password, as パスワード初期設定 would (the seed only mails a welcome link). */
async function withPassword(platform: TestPlatform, account: IssuedAccount): Promise<string> {
  const deps = platform.rt.deps;
  const now = deps.clock.now();
  await updateAccount(deps.db, account.accountId, {
    password_hash: await deps.hasher.hash(NEW_PASSWORD),
    state: 'active',
    password_changed_at: now,
    updated_at: now,
  });
  return account.username;
}

/** A new browser context signed in to G-MIS as `username`. */
async function gmisAs(browser: Browser, platform: TestPlatform, username: string, viewport = DESKTOP): Promise<Page> {
  const page = await (await newContext(browser, viewport)).newPage();
  await page.goto(`${platform.url.gmis}/login`);
  await page.fill('#username', username);
  await page.fill('#password', NEW_PASSWORD);
  await Promise.all([page.waitForURL(`${platform.url.gmis}/`), page.click('button[type=submit].button--primary')]);
  return page;
}

/**
 * Shoots the part of the page from the top of `from` to the bottom of `to`, as wide as `from` (with a
 * margin of the page around it); warns when the page is wider than its viewport.
 */
async function shootPart(page: Page, name: string, from: Locator, to: Locator = from, o: { margin?: number; fullWidth?: boolean } = {}): Promise<void> {
  const margin = o.margin ?? 16;
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(() => document.fonts.ready);
  const box = (l: Locator) =>
    l.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left + window.scrollX, right: r.right + window.scrollX, top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
    });
  const [a, b] = [await box(from), await box(to)];
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  const x = o.fullWidth ? 0 : Math.max(0, a.left - margin);
  const y = Math.max(0, a.top - margin);
  const clip = { x, y, width: (o.fullWidth ? pageWidth : Math.min(pageWidth, a.right + margin)) - x, height: b.bottom + margin - y };
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, clip, animations: 'disabled', caret: 'hide' });
  console.log(`  ${path.relative(process.cwd(), file)}`);
  const viewport = page.viewportSize();
  if (viewport && pageWidth > viewport.width) console.warn(`  warning: ${name}: the page is ${pageWidth}px wide in a ${viewport.width}px window`);
  await checkPhoneWidth(page, name);
}

/**
 * 医療機能情報提供制度 on the data `npm start` seeds: デモ総合病院 (last year's 定期報告 published, 東京都's
 * window open) starts this year's 定期報告; 東京都 reviews 髙橋ファミリークリニック's 随時報告.
 */
async function reportingWalk(browser: Browser): Promise<void> {
  const clock = new ManualClock(REPORTING_NOW);
  const platform = await startTestPlatform({ clock });
  try {
    const { gmis, navi } = platform.url;
    const demo = await seedDemoData(platform.rt);
    if (!demo) throw new Error('the reporting platform was not empty');
    const hospitalUser = await withPassword(platform, demo.hospital);
    const tokyoUser = await withPassword(platform, demo.prefecture);
    clock.advance(5 * MINUTE);

    // The home: 定期報告 enabled (the window is open and last year's report was accepted), 新規報告 and
    // 再開 disabled with their reasons.
    const page = await gmisAs(browser, platform, hospitalUser);
    await page.click('a:has-text("医療機能情報提供制度・薬局機能情報提供制度")');
    await page.waitForURL(`${gmis}/reporting`);
    await shoot(page, 'report-home');

    // 定期報告 (prefilled from last year's accepted report) → 基本情報's timetable: 内科 opens at 08:30
    // now, copied from Monday to Tuesday–Friday in the page; Saturday's afternoon is started and not
    // finished. Saved, the mistake is kept as typed with its message beside the grid.
    await page.click('button:has-text("定期報告")');
    await page.waitForSelector('.report-sections');
    const reportUrl = page.url().replace(/[?#].*$/, '');
    const reportPath = new URL(reportUrl).pathname;
    await page.goto(`${reportUrl}/sections/basic`);
    await page.getByLabel('内科 月曜 時間帯1 開始', { exact: true }).fill('08:30');
    await page.getByRole('button', { name: /月曜の時間を火〜金にコピー\s*（内科）/ }).click();
    await page.getByLabel('内科 土曜 時間帯2 開始', { exact: true }).fill('14:00');
    clock.advance(3 * MINUTE);
    await page.getByRole('button', { name: '保存する' }).last().click();
    await page.waitForSelector('.report-timetable.report-field--error');
    const timetable = page.locator('.report-timetable');
    await shootPart(page, 'report-timetable', timetable, timetable.locator('.report-tt').first());

    // The overview: progress per section (基本情報 has the mistake), what changes against what is published.
    await page.goto(reportUrl);
    await page.waitForSelector('[data-changes="1"]');
    await shoot(page, 'report-overview');

    // The same section saved from a 375 px phone: the message at the top, linked to the grid, which
    // has one day a row.
    const phone = await gmisAs(browser, platform, hospitalUser, PHONE);
    await phone.goto(`${reportUrl}/sections/basic`);
    await phone.getByRole('button', { name: '保存する' }).last().click();
    await phone.waitForSelector('.report-timetable.report-field--error');
    await shootPart(phone, 'report-form-phone', phone.locator('body'), phone.locator('.report-item').first(), { fullWidth: true });
    const phoneTimetable = phone.locator('.report-timetable');
    await shootPart(phone, 'report-timetable-phone', phoneTimetable, phoneTimetable.locator('.report-tt').first(), { fullWidth: true });
    await phone.context().close();

    // The mistake mended; then two browsers on アクセス: the later save gets the conflict page.
    await page.goto(`${reportUrl}/sections/basic`);
    await page.getByLabel('内科 土曜 時間帯2 開始', { exact: true }).fill('');
    clock.advance(2 * MINUTE);
    await page.getByRole('button', { name: '保存する' }).last().click();
    await page.waitForSelector('.notice--success');
    const other = await gmisAs(browser, platform, hospitalUser);
    await page.goto(`${reportUrl}/sections/access`);
    await other.goto(`${reportUrl}/sections/access`);
    const transport = (p: Page) => p.getByRole('textbox', { name: '交通手段' });
    await transport(page).fill(`${await transport(page).inputValue()}（南口は工事のため閉鎖中）`);
    await transport(other).fill(`${await transport(other).inputValue()}（タクシー乗り場は正面玄関前）`);
    clock.advance(4 * MINUTE);
    await page.getByRole('button', { name: '保存する' }).last().click();
    await page.waitForSelector('.notice--success');
    clock.advance(1 * MINUTE);
    await other.getByRole('button', { name: '保存する' }).last().click();
    await other.waitForSelector('[data-resolve="mine"]');
    await shoot(other, 'report-conflict');
    await other.context().close();

    // 報告.
    await page.goto(reportUrl);
    clock.advance(10 * MINUTE);
    await page.click('button[data-action="submit"]');
    await page.waitForSelector('button[data-action="withdraw"]');

    // 東京都: 報告確認, then 髙橋ファミリークリニック's 随時報告 (seeded with two changes) in 差異表示, only the changes; 確認.
    clock.advance(15 * MINUTE);
    const tokyo = await gmisAs(browser, platform, tokyoUser);
    await tokyo.click('a:has-text("報告を確認する")');
    await tokyo.waitForURL(`${gmis}/review/reports`);
    await shoot(tokyo, 'report-review-list');
    await tokyo.click('a:has-text("髙橋ファミリークリニック")');
    await tokyo.click('a:has-text("変更のある項目だけ表示")');
    await tokyo.waitForSelector('a:has-text("すべての項目を表示")');
    await shoot(tokyo, 'report-review-diff');
    await tokyo.click('button:has-text("確認する")');
    await tokyo.waitForSelector('.notice--success');
    await tokyo.context().close();

    // 医療情報ネット: デモ総合病院's public page (last year's report, still what is published), in Japanese and English.
    const visitor = await (await newContext(browser, DESKTOP)).newPage();
    const facility = `${navi}/facilities/${demo.reporting.facilityId}`;
    // The page is long (12 departments' timetables): the pictures end after the first one's.
    const throughFirstDepartment = (p: Page) => p.locator('[data-item="basic.hours"] tbody tr').nth(1);
    await visitor.goto(facility);
    await shootPart(visitor, 'facility-page', visitor.locator('body'), throughFirstDepartment(visitor), { margin: 0 });
    await visitor.goto(`${facility}?lang=en`);
    await shootPart(visitor, 'facility-page-en', visitor.locator('body'), throughFirstDepartment(visitor), { margin: 0 });

    // 髙橋ファミリークリニック reports 休止 (its 随時報告 is accepted now) and 東京都 accepts it: the page says 休止中.
    const deps = platform.rt.deps;
    const clinic = (await findInstitutionByCode(deps.db, '13', 'C00001'))!;
    const clinicStaff = await accountWithPassword(deps, {
      category: '診療所',
      displayName: '髙橋ファミリークリニック 受付',
      email: 'demo-clinic@example.jp',
      prefectureCode: '13',
      password: NEW_PASSWORD,
    });
    await updateAccount(deps.db, clinicStaff.accountId, { institution_id: clinic.id });
    const staffRow = (await findAccountById(deps.db, clinicStaff.accountId))!;
    const suspension = await submittedReport(deps, clock, platform.rt.handle, staffRow, 'suspension', (prefill) => ({
      ...prefill,
      'suspension.effective.date': '2027-01-18',
      'suspension.period.plan': 'date',
      'suspension.period.until': '2027-04-30',
      'suspension.reason.reason': 'renovation',
    }));
    const tokyoActor = await actorOf(deps.db, (await findAccountById(deps.db, demo.prefecture.accountId))!);
    const accepted = await acceptReport(deps, tokyoActor, suspension, { ip: '127.0.0.1', userAgent: 'screenshots' });
    if (!accepted.ok) throw new Error(`休止: ${JSON.stringify(accepted)}`);
    await visitor.goto(`${navi}/facilities/${facilityIdOf(clinic)}`);
    await visitor.waitForSelector('.notice--warning[role=status]');
    await shootPart(visitor, 'facility-suspended', visitor.locator('.facility-lang'), visitor.locator('.facility-head'));
    await visitor.context().close();

    // 「CSVで入力」 (last: the CSV screens are the newest): デモ総合病院 takes its 定期報告 back, downloads
    // its items file, and reads it back with two cells a person might get wrong — listed by line and column.
    await page.goto(reportUrl);
    await page.click('button[data-action="withdraw"]');
    await page.waitForSelector('button[data-action="submit"]');
    await page.goto(`${reportUrl}/csv`);
    const rows = parseCsv((await (await page.request.get(`${reportUrl}/csv/items`)).text()).replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const setCell = (key: string, value: string) => {
      const i = rows[0]!.findIndex((h) => h === key || h.endsWith(`[${key}]`));
      if (i < 0) throw new Error(`the items file has no column for ${key}`);
      rows[1]![i] = value;
    };
    setCell('basic.beds.general', '二百床');
    setCell('basic.phone.phone', '03-3000-0001（代表）');
    await page.setInputFiles('#csv-items', { name: 'demo-hospital-items.csv', mimeType: 'text/csv', buffer: Buffer.from(stringifyCsv(rows)) });
    await page.click('button[data-action="csv-upload"]');
    await page.waitForSelector('[data-problems]');
    await shoot(page, 'report-csv-problems');
  } finally {
    await platform.close();
  }
}

/**
 * 医療情報ネット's public side on the demo's open data (東京都, 神奈川県, 大阪府), a Wednesday morning: the
 * home, 内科 in 東京都 from the home's form (desktop and phone), near a postcode, a favourite kept in
 * the browser, and ご意見.
 */
async function naviWalk(browser: Browser): Promise<void> {
  const platform = await startTestPlatform({ clock: new ManualClock(REPORTING_NOW) });
  try {
    const { navi } = platform.url;
    if (!(await seedDemoData(platform.rt))) throw new Error('the navi platform was not empty');
    for (const [viewport, suffix] of [
      [DESKTOP, ''],
      [PHONE, '-phone'],
    ] as const) {
      const page = await (await newContext(browser, viewport)).newPage();
      await page.goto(`${navi}/`);
      if (suffix === '') await shoot(page, 'navi-home');
      await page.fill('#m-q', '内科');
      await page.selectOption('#m-pref', '13');
      await page.click('form[aria-labelledby="m-title"] button[type="submit"]');
      await page.waitForSelector('.result-list');
      await shootPart(page, `navi-results${suffix}`, page.locator('body'), page.locator('.result-card').nth(2), { margin: 0 });
      await page.context().close();
    }
    const visitor = await (await newContext(browser, DESKTOP)).newPage();
    await visitor.goto(`${navi}/search?postcode=105-0011&radius_km=2`);
    await visitor.waitForSelector('.results__origin');
    await shootPart(visitor, 'navi-postcode', visitor.locator('body'), visitor.locator('.result-card').nth(2), { margin: 0 });
    // A favourite: added on a facility page (the script shows the button), then the list in the browser.
    await visitor.click('.result-card a[href^="/facilities/"]');
    await visitor.click('[data-favourite-button]');
    await visitor.waitForSelector('[data-favourite-button][aria-pressed="true"]');
    await visitor.goto(`${navi}/favourites`);
    await visitor.waitForSelector('[data-favourites] li');
    await shoot(visitor, 'navi-favourites');
    await visitor.goto(`${navi}/feedback`);
    await shoot(visitor, 'navi-feedback');
    await visitor.context().close();
  } finally {
    await platform.close();
  }
}

async function main(): Promise<void> {
  const named = process.argv.slice(2);
  const WALKS = ['identity', 'reporting', 'navi'];
  const unknown = named.filter((n) => !WALKS.includes(n));
  if (unknown.length > 0) throw new Error(`unknown walk ${unknown.join(', ')} (${WALKS.join(', ')})`);
  const wanted = (walk: string) => named.length === 0 || named.includes(walk);
  fs.mkdirSync(OUT, { recursive: true });
  // Chromium's own words in Japanese, as a Japanese user's browser shows them (the pages' locale is the context's).
  process.env.LANGUAGE = 'ja';
  const locales = '/usr/lib/chromium/locales';
  if (fs.existsSync(locales) && !fs.existsSync(path.join(locales, 'ja.pak')))
    console.warn('warning: no Japanese for Chromium itself (a file input says "Choose File"): apt-get install chromium-l10n');
  const browser = await launchChromium();
  try {
    console.log(`Saving screenshots to ${path.relative(process.cwd(), OUT)}/`);
    if (wanted('identity')) await identityWalk(browser);
    if (wanted('reporting')) await reportingWalk(browser);
    if (wanted('navi')) await naviWalk(browser);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
