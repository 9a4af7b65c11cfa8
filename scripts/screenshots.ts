// Screenshots for the docs: starts the platform (in-memory SQLite), issues a demo account, walks the
// first-password, sign-in, password-reset, single sign-on, 新規ユーザ登録申請 and review flows in
// Debian's Chromium and saves PNGs into docs/screenshots/. Then, on a second platform seeded as
// `npm start` seeds it (seedDemoData, with reporting/demo.ts) and a clock stopped in 東京都's window,
// the reporting walk: the institution's home, 定期報告 and its form (desktop and phone), two browsers
// saving one report, 報告確認 and 差異表示, the public facility page (ja, en, 休止中), 「CSVで入力」. Then
// 医療情報ネット's public search on the demo's open data (naviWalk). Then the staff's operations screens
// (operationsWalk): 報告状況, 一括メール配信, 臨時休診一括処理, 報告のリマインダー, 医療機関マスタ, the office's
// お知らせ and お問合せ, on the demo data with 50 more clinics and mail to an SMTP server in the script.
//
//   node --import tsx scripts/screenshots.ts [identity] [reporting] [navi] [operations]   (all when none is named;
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
import { MESSAGES } from '../src/platform/messages/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { actorOf } from '../src/policies.ts';
import { jstMidnight } from '../src/reporting/fiscal-year.ts';
import { facilityIdOf } from '../src/reporting/publication.ts';
import { acceptReport } from '../src/reporting/review.ts';
import { seedDemoData } from '../src/seed.ts';
import { linkIn } from '../src/testing/http-client.ts';
import { FACILITY_WORDS } from '../src/apps/navi/facility-page.tsx';
import type { Insertable } from 'kysely';
import type { Institution, InstitutionKind, ReportsTable, ReportState } from '../src/db/schema.ts';
import { submitInquiry } from '../src/portal/inquiries.ts';
import { startCountingSmtp } from '../src/testing/bulk-mail-fixture.ts';
import { accountWithPassword, startTestPlatform, type TestPlatform } from '../src/testing/platform.ts';
import { addInstitution, submittedReport } from '../src/testing/reporting.ts';

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

/** The operations walk's clock: 2027-02-03 10:00 JST, four weeks into 東京都's window of 令和8年度 (1/7–3/31). */
const OPERATIONS_NOW = jstMidnight(2027, 2, 3) + 10 * HOUR;
const DAY = 24 * HOUR;

/** Where the operations walk's clinics are: 東京都's wards, by a street name each. */
const WARDS = [
  { code: '13101', town: '神田', kana: 'カンダ', address: '神田須田町1-2-3' },
  { code: '13102', town: '築地', kana: 'ツキジ', address: '築地2-3-4' },
  { code: '13103', town: '麻布', kana: 'アザブ', address: '麻布十番3-4-5' },
  { code: '13104', town: '四谷', kana: 'ヨツヤ', address: '四谷4-5-6' },
  { code: '13113', town: '代々木', kana: 'ヨヨギ', address: '代々木5-6-7' },
] as const;
const STEMS = [
  ['さくら', 'サクラ'],
  ['あおば', 'アオバ'],
  ['ひまわり', 'ヒマワリ'],
  ['みどり', 'ミドリ'],
  ['つばき', 'ツバキ'],
  ['けやき', 'ケヤキ'],
  ['いちょう', 'イチョウ'],
  ['すずらん', 'スズラン'],
  ['もみじ', 'モミジ'],
  ['かえで', 'カエデ'],
] as const;
const KINDS: ReadonlyArray<readonly [InstitutionKind, string, string]> = [
  ['診療所', '内科クリニック', 'ナイカクリニック'],
  ['診療所', 'こどもクリニック', 'コドモクリニック'],
  ['歯科診療所', '歯科医院', 'シカイイン'],
  ['診療所', '整形外科', 'セイケイゲカ'],
  ['病院', '記念病院', 'キネンビョウイン'],
  ['診療所', '皮ふ科', 'ヒフカ'],
  ['歯科診療所', 'デンタルクリニック', 'デンタルクリニック'],
  ['助産所', '助産院', 'ジョサンイン'],
];

/** This year's state of the i-th clinic (undefined: no report yet), from a fixed cycle of 20 as bench:operations spreads them. */
function operationsState(i: number): ReportState | undefined {
  const k = (i * 7) % 20;
  if (k < 6) return undefined;
  if (k < 8) return 'draft';
  if (k < 13) return 'submitted';
  if (k < 14) return 'returned';
  return 'accepted';
}

/**
 * 50 institutions of 東京都 beside the demo's, this year's 定期報告 in every state, handed in over the
 * weeks the window has been open, and an account for each 未報告 clinic (one address the SMTP server
 * refuses, one already marked 宛先不明).
 */
async function seedOperations(platform: TestPlatform, clock: ManualClock, refused: string, bounced: string): Promise<void> {
  const h = platform.rt.handle;
  const deps = platform.rt.deps;
  const mine: Institution[] = [];
  for (let i = 0; i < 50; i++) {
    const ward = WARDS[i % WARDS.length]!;
    const [stem, stemKana] = STEMS[Math.floor(i / WARDS.length) % STEMS.length]!;
    const [kind, suffix, suffixKana] = KINDS[(i * 3) % KINDS.length]!;
    mine.push(
      await addInstitution(h, clock, {
        kind,
        institution_code: String(1310100001 + i),
        name: `${ward.town}${stem}${suffix}`,
        name_kana: `${ward.kana}${stemKana}${suffixKana}`,
        municipality_code: ward.code,
        address: ward.address,
        phone: `03-3${String(100 + i).padStart(3, '0')}-${String(1000 + i * 37).slice(-4)}`,
        created_at: jstMidnight(2020, 4, 1),
        updated_at: jstMidnight(2020, 4, 1),
      }),
    );
  }
  // This year's 定期報告 of every open institution of 東京都 without a report of this year yet (the
  // demo's open data too), by their place in the cycle.
  const opens = jstMidnight(2027, 1, 7) + 9 * HOUR;
  const reported = new Set((await h.db.selectFrom('reports').select('institution_id').where('fiscal_year', '=', 2026).execute()).map((r) => r.institution_id));
  const all = await h.db
    .selectFrom('institutions')
    .selectAll()
    .where('prefecture_code', '=', '13')
    .where('status', '=', 'open')
    .orderBy('institution_code')
    .execute();
  const reports: Array<Insertable<ReportsTable>> = [];
  const stateOf = new Map<string, ReportState | undefined>();
  for (const [j, inst] of all.filter((i) => !reported.has(i.id)).entries()) {
    const state = operationsState(j);
    stateOf.set(inst.id, state);
    if (!state) continue;
    const submitted = state === 'draft' ? null : opens + ((j * 7919 * 60_000) % (OPERATIONS_NOW - opens - DAY));
    const decided = state === 'accepted' || state === 'returned' ? Math.min(OPERATIONS_NOW - HOUR, submitted! + 3 * DAY) : null;
    reports.push({
      id: `ops-report-${j}`,
      institution_id: inst.id,
      institution_kind: inst.kind,
      prefecture_code: '13',
      municipality_code: inst.municipality_code,
      fiscal_year: 2026,
      kind: 'periodic',
      state,
      catalogue: '2026:medical',
      current_version: 1,
      reference_date: null,
      baseline_report_id: null,
      compared_publication_id: null,
      changed_items: null,
      started_by: null,
      started_at: (submitted ?? OPERATIONS_NOW - 2 * DAY) - 2 * DAY,
      submitted_at: submitted,
      submitted_by: null,
      decided_at: decided,
      decided_by: null,
      decision_comment: state === 'returned' ? '病床数をご確認ください。' : null,
      returned_count: state === 'returned' ? 1 : 0,
      updated_at: decided ?? submitted ?? OPERATIONS_NOW - 2 * DAY,
    });
  }
  for (let k = 0; k < reports.length; k += 200)
    await h.db
      .insertInto('reports')
      .values(reports.slice(k, k + 200))
      .execute();
  // An account for each of the 50 clinics still 未報告, the first two with the addresses that do not arrive.
  let withAccount = 0;
  for (const inst of mine.filter((i) => i.kind === '診療所' && stateOf.get(i.id) === undefined)) {
    const email = [refused, bounced][withAccount++] ?? `clinic-${inst.institution_code}@example.jp`;
    const staff = await accountWithPassword(deps, {
      category: '診療所',
      displayName: `${inst.name} 事務長`,
      email,
      prefectureCode: '13',
      password: NEW_PASSWORD,
    });
    await updateAccount(deps.db, staff.accountId, { institution_id: inst.id });
  }
  // The welcome mails go out (the refused addresses are marked 宛先不明); the mark of `refused` is
  // forgotten, so that the bulk mail meets the refusal itself.
  await waitForOutbox(platform);
  await deps.db.deleteFrom('email_bounces').where('address', '=', refused).execute();
}

/** Runs the worker until no mail is waiting. */
async function waitForOutbox(platform: TestPlatform): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await platform.worker.runOnce();
    const waiting = await platform.rt.deps.db.selectFrom('mail_outbox').select('id').where('status', '=', 'pending').execute();
    if (waiting.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('mail still waiting in the outbox');
}

/**
 * Issue 15's staff screens on the demo data and 50 more institutions of 東京都, mail to an SMTP server
 * in the process that refuses one address: 報告状況 and its list, 一括メール配信 (confirm, result),
 * 臨時休診一括処理 (a CSV with mistakes, 医療情報ネット's facility page), 報告のリマインダー, 医療機関マスタ,
 * and the office's お知らせ editor and お問合せ inbox.
 */
async function operationsWalk(browser: Browser): Promise<void> {
  const refused = 'moved-away@example.jp';
  const bounced = 'old-address@example.jp';
  const smtp = await startCountingSmtp({ refuse: (address) => address === refused || address === bounced });
  const clock = new ManualClock(OPERATIONS_NOW);
  const platform = await startTestPlatform({ clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
  try {
    const { gmis, navi } = platform.url;
    const deps = platform.rt.deps;
    const demo = await seedDemoData(platform.rt);
    if (!demo) throw new Error('the operations platform was not empty');
    await seedOperations(platform, clock, refused, bounced);
    const tokyoUser = await withPassword(platform, demo.prefecture);
    const officeUser = await withPassword(platform, demo.office);
    clock.advance(5 * MINUTE);

    // 報告状況: the board from the menu, then the institutions behind 未報告.
    const tokyo = await gmisAs(browser, platform, tokyoUser);
    await tokyo.getByRole('navigation', { name: 'G-MISのメニュー' }).getByRole('link', { name: '報告状況' }).click();
    await tokyo.getByRole('heading', { level: 1, name: '報告状況' }).waitFor();
    // The board is long (every 市区町村 of 東京都): the counts and 機関区分, then the weeks of the window.
    const section = (p: Page, id: string) => p.locator(`section[aria-labelledby="${id}"]`);
    await shootPart(tokyo, 'report-status', tokyo.locator('body'), section(tokyo, 'rs-breakdown-title'), { margin: 0 });
    await shootPart(tokyo, 'report-status-weeks', section(tokyo, 'rs-weeks-title'));
    await tokyo
      .getByRole('link', { name: /^未報告 \d+件の一覧$/ })
      .first()
      .click();
    await tokyo.locator('tr[data-institution]').first().waitFor();
    await shoot(tokyo, 'report-status-list');

    // 一括メール配信: the 未報告 clinics, {機関名} and {報告期限} filled in the preview; sent; the result
    // once the worker has delivered (one address refused by the server, one left out as 宛先不明).
    await tokyo.goto(`${gmis}/bulk-mail/new`);
    await tokyo.getByRole('combobox', { name: /^報告の状況/ }).selectOption('not_reported');
    await tokyo.getByRole('combobox', { name: /^施設の種類/ }).selectOption('診療所');
    await tokyo.getByRole('textbox', { name: /^件名/ }).fill('【東京都】{機関名} 様：令和8年度 定期報告のお願い');
    await tokyo
      .getByRole('textbox', { name: /^本文/ })
      .fill(
        '{担当者名} 様\n\nいつもお世話になっております。東京都 医療機能情報担当です。\n令和8年度の定期報告がまだ届いておりません。{報告期限} までに G-MIS からご報告をお願いします。\n\nご不明な点は、G-MIS のお問合せからご連絡ください。',
      );
    await tokyo.getByRole('button', { name: '宛先の数とプレビューを確認する' }).click();
    await tokyo.getByRole('heading', { level: 1, name: '送信の確認' }).waitFor();
    await shoot(tokyo, 'bulk-mail-confirm');
    clock.advance(2 * MINUTE);
    await tokyo.getByRole('button', { name: /^\d+件に送信する$/ }).click();
    await tokyo.getByText('送信を受け付けました', { exact: false }).waitFor();
    await waitForOutbox(platform);
    clock.advance(1 * MINUTE);
    await tokyo.reload();
    await tokyo.getByRole('heading', { level: 2, name: '送信が終わりました' }).waitFor({ timeout: 30_000 });
    await shoot(tokyo, 'bulk-mail-result');

    // 臨時休診一括処理: a CSV with three mistakes, each said by line and column; the fixed file registered
    // as one batch; 医療情報ネット's page of デモ総合病院 says it.
    await tokyo.goto(`${gmis}/closures/new`);
    const csvForm = tokyo.getByRole('form', { name: 'CSVファイルで登録' });
    await csvForm.getByLabel('理由').selectOption('設備の点検・工事');
    const closureCsv = (rows: string[]) => ({
      name: 'rinji-kyushin.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF機関コード,開始日,終了日,区分,変更後の時間,備考\r\n${rows.join('\r\n')}\r\n`, 'utf8'),
    });
    const good = ['H00001,2027-02-15,2027-02-16,時間変更,9:00-12:00,電気設備の点検のため、午後は休診します', '1310100002,2027-02-15,2027-02-15,休診,,'];
    await csvForm
      .getByLabel('CSVファイル')
      .setInputFiles(
        closureCsv([
          ...good,
          '1310100003,2027-02-16,2027-02-15,休診,,',
          '1399999999,2027-02-15,2027-02-15,休診,,',
          '1310100004,2027-02-15,2027-02-15,時間変更,25:00-12:00,',
        ]),
      );
    await csvForm.getByRole('button', { name: '登録する' }).click();
    await tokyo.getByRole('heading', { name: /^直す必要のある箇所/ }).waitFor();
    await shootPart(tokyo, 'closures-problems', tokyo.locator('body'), tokyo.locator('table:has(tr[data-line])'), { margin: 0 });
    await csvForm.getByLabel('CSVファイル').setInputFiles(closureCsv(good));
    clock.advance(3 * MINUTE);
    await csvForm.getByRole('button', { name: '登録する' }).click();
    await tokyo.waitForURL(/\/closures\/[^/?]+\?done=applied$/);
    await shoot(tokyo, 'closures-batch');
    const visitor = await (await newContext(browser, DESKTOP)).newPage();
    await visitor.goto(`${navi}/facilities/${demo.reporting.facilityId}`);
    const closureNotice = visitor.getByRole('status', { name: FACILITY_WORDS.ja.closureTitle });
    await closureNotice.waitFor();
    await shootPart(visitor, 'facility-closure', visitor.locator('body'), closureNotice, { margin: 0 });
    await visitor.context().close();

    // 報告のリマインダー: on, 7 and 3 days before the window closes, the preview filled for the first clinic of the next send; saved.
    await tokyo.goto(`${gmis}/review/reminders`);
    await tokyo.getByLabel('リマインダーのメールを送る').check();
    await tokyo.getByLabel('14日前').uncheck();
    await tokyo.getByLabel('7日前').check();
    await tokyo.getByLabel('3日前').check();
    await tokyo.getByRole('button', { name: /プレビューする/ }).click();
    await tokyo.locator('#preview').waitFor();
    await shoot(tokyo, 'reminders');
    await tokyo.getByRole('button', { name: '設定を保存する' }).click();
    await tokyo.getByText('リマインダーの設定を保存しました。').waitFor();

    // 医療機関マスタ: さくら in hiragana finds the フリガナ; one record.
    await tokyo.goto(`${gmis}/institutions`);
    await tokyo.getByLabel('機関名・フリガナ').fill('さくら');
    await tokyo.getByRole('button', { name: '検索', exact: true }).last().click();
    await tokyo.waitForURL(/\/institutions\?/);
    await shoot(tokyo, 'institutions-search');
    await tokyo.getByRole('link', { name: '神田さくら内科クリニック' }).click();
    await tokyo.locator('dl.summary-list').waitFor();
    await shoot(tokyo, 'institutions-record');
    await tokyo.context().close();

    // The office: a notice written and saved as a draft, its page with 公開する; お問合せ from clinics, the
    // inbox, one answered.
    const office = await gmisAs(browser, platform, officeUser);
    await office.goto(`${gmis}/office/notices`);
    await office.getByRole('link', { name: 'お知らせを書く' }).click();
    await office.getByLabel('タイトル').fill('令和8年度 定期報告の期限について');
    await office.getByLabel('分類').selectOption('重要');
    await office
      .getByLabel('本文')
      .fill(
        '令和8年度の定期報告は、各都道府県が定める期限までにお済ませください。\n\n東京都の期限は2027年3月31日です。報告の状況は G-MIS のホームでご確認いただけます。',
      );
    await office.getByRole('button', { name: '下書きとして保存する' }).click();
    await office.getByLabel('日時を指定して予約').check();
    await office.getByLabel('公開日時（予約のとき）').fill('2027-02-04 09:00');
    await shoot(office, 'office-notice-editor');

    const hospitalRow = (await findAccountById(deps.db, demo.hospital.accountId))!;
    const asked = await submitInquiry(deps, hospitalRow, {
      category: '報告（新規・定期・随時）',
      subject: '定期報告の病床数の書き方',
      body: '一般病床のうち、休棟中の病床は定期報告の病床数に含めますか。',
      contactEmail: EMAIL,
      contactPhone: '03-3000-0001',
    });
    if (!asked.ok) throw new Error('お問合せ was refused');
    const clinics = await deps.db.selectFrom('accounts').selectAll().where('email', 'like', 'clinic-%').orderBy('email').limit(2).execute();
    for (const [i, [category, subject, body]] of (
      [
        ['ログイン・パスワード', 'パスワードを忘れました', 'ログインできなくなりました。再設定の方法を教えてください。'],
        ['医療情報ネット', '医療情報ネットの診療時間が古い', '先月変更した診療時間が、医療情報ネットではまだ前のままです。'],
      ] as const
    ).entries()) {
      clock.advance(2 * MINUTE);
      const from = clinics[i];
      if (from) await submitInquiry(deps, from, { category, subject, body, contactEmail: from.email, contactPhone: null });
    }
    clock.advance(5 * MINUTE);
    await office.goto(`${gmis}/office/inquiries`);
    await shoot(office, 'office-inquiries');
    await office.getByRole('link', { name: asked.reference }).click();
    await office.getByLabel('回答').fill('休棟中の病床も、許可病床数として定期報告の病床数に含めてください。\n稼働状況は「備考」にお書きいただけます。');
    clock.advance(4 * MINUTE);
    await office.getByRole('button', { name: '回答を送る' }).click();
    await office.getByText(MESSAGES['inquiry.answered']).waitFor();
    await shoot(office, 'office-inquiry-answered');
    await office.context().close();

    // On a phone: the hospital reads the answer; the 報告状況 board.
    await waitForOutbox(platform);
    const hospitalUser = await withPassword(platform, demo.hospital);
    const phone = await gmisAs(browser, platform, hospitalUser, PHONE);
    await phone.goto(`${gmis}/inquiry/${asked.reference}`);
    await shoot(phone, 'inquiry-answer-phone');
    await phone.context().close();
    const tokyoPhone = await gmisAs(browser, platform, tokyoUser, PHONE);
    await tokyoPhone.goto(`${gmis}/review/status`);
    await shootPart(tokyoPhone, 'report-status-phone', tokyoPhone.locator('body'), section(tokyoPhone, 'rs-breakdown-title'), { margin: 0, fullWidth: true });
    await tokyoPhone.context().close();
  } finally {
    await platform.close();
    await smtp.close();
  }
}

async function main(): Promise<void> {
  const named = process.argv.slice(2);
  const WALKS = ['identity', 'reporting', 'navi', 'operations'];
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
    if (wanted('operations')) await operationsWalk(browser);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
