// The prefecture's 報告確認 in Chromium (CSP enforced, axe on every page), 東京都 signed in through
// Med-Login: a clinic's 新規報告 accepted → its 医療情報ネット page shows it; a 随時報告 with two
// changes → 差異表示 shows exactly those two, 「変更のある項目だけ表示」 → 確認 → the page shows the new
// values; 差戻し with its mail; 公表停止 (asked once more) hides the page and its lifting shows it again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Account, Institution } from '../src/db/schema.ts';
import { listMail } from '../src/mail/outbox.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import type { ReportValues, Timetable } from '../src/reporting/catalogue/types.ts';
import { demoValues } from '../src/reporting/demo-values.ts';
import { fiscalYearOf } from '../src/reporting/fiscal-year.ts';
import { facilityIdOf } from '../src/reporting/publication.ts';
import { findReport } from '../src/reporting/report-repository.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { addAccount, addInstitution, submittedReport } from '../src/testing/reporting.ts';
import { bandAbove, gapBetween, selectWidths, timetableLayout } from './layout-checks.ts';
import { signInAtMedLogin } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;
const PASSWORD = 'Hinoki-Review-2026';
const unique = () => Math.random().toString(36).slice(2, 9);

let tokyoUsername: string | undefined;

/** 東京都's reviewer, with a password (made once). */
async function tokyoReviewer(): Promise<string> {
  if (tokyoUsername) return tokyoUsername;
  const issued = await accountWithPassword(suite.platform().rt.deps, {
    category: '都道府県',
    displayName: '東京都 医療機能情報担当',
    email: `tokyo-${unique()}@example.jp`,
    prefectureCode: '13',
    password: PASSWORD,
  });
  return (tokyoUsername = issued.username);
}

/** A clinic in 東京都中央区 with a numeric 機関コード, its staff account, and a 新規報告 handed in. */
async function clinicWithReport(name: string): Promise<{ clinic: Institution; staff: Account; reportId: string }> {
  const p = suite.platform();
  const clinic = await addInstitution(p.rt.handle, p.rt.deps.clock, { name, institution_code: String(1300000000 + Math.floor(Math.random() * 99_999_999)) });
  const staff = await addAccount(p.rt.handle, p.rt.deps.clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
  const fy = fiscalYearOf(p.rt.deps.clock.now());
  const reportId = await submittedReport(p.rt.deps, p.rt.deps.clock, p.rt.handle, staff, 'new', () => ({
    ...demoValues('診療所', fy),
    'basic.name.official': name,
  }));
  return { clinic, staff, reportId };
}

async function intoReview(page: Page): Promise<void> {
  await signInAtMedLogin(page, suite.platform(), await tokyoReviewer(), PASSWORD);
  await page.getByRole('link', { name: /^G-MIS/ }).click();
  await page.waitForURL(`${suite.platform().url.gmis}/`);
  await page.getByRole('link', { name: '報告を確認する' }).click();
  await page.getByRole('heading', { level: 1, name: '報告確認' }).waitFor();
}

/** Opens the clinic's newest report from the list. */
async function openReport(page: Page, name: string): Promise<void> {
  await page.goto(`${suite.platform().url.gmis}/review/reports?q=${encodeURIComponent(name)}`);
  await page.getByRole('link', { name }).first().click();
  await page.getByRole('heading', { level: 2, name: '差異表示' }).waitFor();
}

const changedItems = (page: Page) => page.locator('[data-item-changed]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-item-changed')).sort());

test(
  '新規報告 → 確認 → the facility page; a 随時報告 with two changes → 差異表示 shows exactly those two → 確認 → published',
  { skip, timeout: 120_000 },
  async () => {
    const page = await suite.browser().newPage();
    const p = suite.platform();
    const name = `ひのき内科クリニック${unique()}`;
    const { clinic, staff, reportId } = await clinicWithReport(name);
    const facilityUrl = `${p.url.navi}/facilities/${facilityIdOf(clinic)}`;
    await suite.browser().walk(
      'reporting-review',
      () => [page],
      async () => {
        await intoReview(page);
        // The list as laid out: the 状態 filter shows 「報告済・再報告済・差戻し・確認済」 whole, the 報告状況
        // card's title starts at its padding (no empty band), and the filter card does not touch it.
        const state = await selectWidths(page.getByLabel('状態', { exact: true }));
        assert.ok(state.width >= state.needed, `the 状態 select ${state.width}px, its choice needs ${state.needed}px`);
        const progress = page.locator('.review-progress');
        assert.ok((await bandAbove(progress, page.locator('#progress-title'))) <= 1, 'no empty band above 報告状況');
        assert.ok((await gapBetween(progress, page.locator('.review-filter'))) >= 16, 'the filter card apart from the 報告状況 card');
        await openReport(page, name);
        assert.ok(
          (await gapBetween(page.locator('.confirm-list.card'), page.getByRole('link', { name: 'この医療機関の公表の状態（公表停止）' }))) >= 16,
          'the 公表の状態 link apart from the card above it',
        );
        await page.getByRole('button', { name: '確認する' }).click();
        await page.getByText(MESSAGES['report_review.accepted']).waitFor();

        const published = await page.goto(facilityUrl);
        assert.equal(published?.status(), 200);
        await page.getByRole('heading', { level: 1, name }).waitFor();
        const head = await page.locator('.facility-head').innerText();
        assert.match(head, /イリョウホウジンシャダン　タカハシファミリークリニック/, 'フリガナ');
        assert.match(head, /公表日\s*\d{4}年\d{1,2}月\d{1,2}日/);
        assert.match(await page.locator('[data-item="basic.hours"] table').innerText(), /09:00–12:30/, 'a department timetable cell');
        // The timetable in its card on a desktop: not wider than its box, in English too; no time range
        // broken (「09:00–」 over 「12:30」), there nor on a narrower screen where the table is squeezed.
        for (const lang of ['ja', 'en']) {
          await page.goto(lang === 'en' ? `${facilityUrl}?lang=en` : facilityUrl);
          const t = await timetableLayout(page);
          assert.ok(t.tables > 0 && t.ranges > 0, `${lang}: ${JSON.stringify(t)}`);
          assert.equal(t.brokenRanges, 0, `${lang}: time ranges broken across lines`);
          assert.equal(t.overflow, 0, `${lang}: the timetable is wider than its box`);
          await page.setViewportSize({ width: 900, height: 720 });
          assert.equal((await timetableLayout(page)).brokenRanges, 0, `${lang}, 900 px: time ranges broken across lines`);
          await page.setViewportSize({ width: 1280, height: 720 });
        }
        await page.goto(facilityUrl);

        // A 随時報告 changing two items: the phone and one timetable cell.
        const change = await submittedReport(p.rt.deps, p.rt.deps.clock, p.rt.handle, staff, 'change', (previous: ReportValues) => {
          const hours = structuredClone(previous['basic.hours.hours']) as Timetable;
          hours.rows[0]!.bands[0]!.mon!.care = ['09:00', '13:00'];
          return { ...previous, 'basic.phone.phone': '03-9999-0000', 'basic.hours.hours': hours };
        });
        await page.goto(`${p.url.gmis}/review/reports/${change}`);
        await page.getByRole('heading', { level: 2, name: '差異表示' }).waitFor();
        assert.deepEqual(await changedItems(page), ['basic.hours', 'basic.phone']);
        assert.equal(await page.locator('[data-item-changed]').getByText('変更あり').count(), 2, 'a text badge, not colour alone');
        assert.equal(await page.locator('[data-item="basic.phone"] td:nth-child(3) mark').innerText(), '03-9999-0000');
        assert.ok((await page.locator('[data-item]').count()) > 2, 'every item with a value is shown');
        await page.getByRole('link', { name: '変更のある項目だけ表示' }).click();
        await page.getByRole('link', { name: 'すべての項目を表示' }).waitFor();
        assert.equal(await page.locator('[data-item]').count(), 2);
        assert.deepEqual(await changedItems(page), ['basic.hours', 'basic.phone']);
        await page.getByRole('button', { name: '確認する' }).click();
        await page.getByText(MESSAGES['report_review.accepted']).waitFor();
        assert.equal((await findReport(p.rt.deps.db, change))!.state, 'accepted');
        assert.equal((await findReport(p.rt.deps.db, reportId))!.state, 'accepted');

        await page.goto(facilityUrl);
        assert.match(await page.locator('[data-field="basic.phone.phone"]').innerText(), /03-9999-0000/);
        assert.match(await page.locator('[data-item="basic.hours"] table').innerText(), /09:00–13:00/);
      },
    );
  },
);

test('差戻し with its comment, mailed to the institution', { skip, timeout: 90_000 }, async () => {
  const page = await suite.browser().newPage();
  const p = suite.platform();
  const name = `かえで歯科${unique()}`;
  const { staff, reportId } = await clinicWithReport(name);
  const comment = '診療時間の土曜日の終了時刻を確認してください。';
  await suite.browser().walk(
    'reporting-review-return',
    () => [page],
    async () => {
      await intoReview(page);
      await openReport(page, name);
      await page.getByRole('button', { name: '差し戻す' }).click();
      await page.getByText(MESSAGES['text.required']('差戻しの理由')).first().waitFor();
      await page.getByLabel('差戻しの理由').fill(comment);
      await page.getByRole('button', { name: '差し戻す' }).click();
      await page.getByText(MESSAGES['report_review.returned']).waitFor();
      assert.equal((await findReport(p.rt.deps.db, reportId))!.state, 'returned');
      const mails = (await listMail(p.rt.deps.db, { to: staff.email })).filter((m) => m.body_text.includes(comment));
      assert.equal(mails.length, 1, 'one mail with the comment');
      assert.ok(mails[0]!.body_text.includes(`/reporting/reports/${reportId}`), 'with the link to the report');
    },
  );
});

test('公表停止 hides the facility page, and lifting it shows it again', { skip, timeout: 90_000 }, async () => {
  const page = await suite.browser().newPage();
  const p = suite.platform();
  const name = `すずらんクリニック${unique()}`;
  const { clinic } = await clinicWithReport(name);
  const facilityUrl = `${p.url.navi}/facilities/${facilityIdOf(clinic)}`;
  await suite.browser().walk(
    'reporting-review-stop',
    () => [page],
    async () => {
      await intoReview(page);
      await openReport(page, name);
      await page.getByRole('button', { name: '確認する' }).click();
      await page.getByText(MESSAGES['report_review.accepted']).waitFor();
      assert.equal((await page.goto(facilityUrl))?.status(), 200);

      await page.goBack();
      await page.getByRole('link', { name: 'この医療機関の公表の状態（公表停止）' }).click();
      await page.getByLabel('公表停止の理由').fill('診療科目について問い合わせ中のため');
      await page.getByRole('button', { name: '公表を停止する' }).click();
      await page.getByRole('heading', { level: 1, name: '公表を停止しますか' }).waitFor();
      await page.getByRole('button', { name: '停止する' }).click();
      await page.getByText(MESSAGES['report_review.stopped']).waitFor();
      const gmisPage = page.url();

      const hidden = await page.goto(facilityUrl);
      assert.equal(hidden?.status(), 404);
      await page.getByRole('heading', { level: 1, name: 'この医療機関の情報は公表されていません' }).waitFor();

      await page.goto(gmisPage);
      await page.getByLabel('解除の理由').fill('回答をいただいたため');
      await page.getByRole('button', { name: '公表停止を解除する' }).click();
      await page.getByRole('heading', { level: 1, name: '公表停止を解除しますか' }).waitFor();
      await page.getByRole('button', { name: '解除する' }).click();
      await page.getByText(MESSAGES['report_review.lifted']).waitFor();
      assert.equal((await page.goto(facilityUrl))?.status(), 200);
      await page.getByRole('heading', { level: 1, name }).waitFor();
    },
  );
});

test(
  '報告期間: the days as Chromium’s date inputs send them; a day typed in a text box that is no day stays, beside its message',
  { skip, timeout: 90_000 },
  async () => {
    const page = await suite.browser().newPage();
    const fy = fiscalYearOf(suite.platform().rt.deps.clock.now());
    await suite.browser().walk(
      'reporting-review-periods',
      () => [page],
      async () => {
        await intoReview(page);
        await page.getByRole('link', { name: '報告期間と公表のしかた' }).click();
        await page.getByRole('heading', { level: 1, name: '報告期間と公表のしかた' }).waitFor();
        assert.equal(await page.locator('#opens_on').getAttribute('type'), 'date');
        await page.getByLabel('受付開始日').fill(`${fy + 1}-01-07`);
        await page.getByLabel('受付終了日').fill(`${fy + 1}-03-31`);
        await page.getByLabel('報告基準日').fill(`${fy + 1}-01-01`);
        await page.getByRole('button', { name: '報告期間を保存する' }).click();
        await page.getByText(MESSAGES['report_review.period.saved']).waitFor();
        await page.locator(`[data-period="${fy}:medical"]`).waitFor();

        // A browser without a date picker shows a text box (here: the input made one): what a person types is read too.
        await page.locator('#opens_on').evaluate((input) => ((input as HTMLInputElement).type = 'text'));
        await page.locator('#closes_on').evaluate((input) => ((input as HTMLInputElement).type = 'text'));
        await page.getByLabel('受付開始日').fill(`${fy + 1}/1/8`);
        await page.getByLabel('受付終了日').fill(`${fy + 1}/2/30`);
        await page.getByLabel('報告基準日').fill(`${fy + 1}-01-01`);
        await page.getByRole('button', { name: '報告期間を保存する' }).click();
        await page.getByText(MESSAGES['catalogue.date.invalid']('受付終了日')).first().waitFor();
        assert.equal(await page.locator('#closes_on').getAttribute('type'), 'text');
        assert.equal(await page.locator('#closes_on').inputValue(), `${fy + 1}/2/30`);
        assert.equal(await page.locator('#closes_on').getAttribute('aria-invalid'), 'true');
        assert.equal(await page.locator('#opens_on').getAttribute('type'), 'date', 'a day that reads is back in the date input');
        assert.equal(await page.locator('#opens_on').inputValue(), `${fy + 1}-01-08`);
      },
    );
  },
);
