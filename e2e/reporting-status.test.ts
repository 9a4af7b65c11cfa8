// 休止 and 再開 in Chromium (CSP enforced, axe on every page), each side signed in through Med-Login
// as in real use: a clinic published from its 新規報告 files 休止 from its home (再開 not offered yet;
// the contact already filled), 東京都 reads 届出の内容 and 確認 → the 医療情報ネット page says 休止中
// from that day and stays published; the home now offers 再開 instead of 休止; 再開 → 確認 → the
// notice is gone. 廃止 on the home asks once more and 「やめる」 goes back without starting anything.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { FACILITY_WORDS } from '../src/apps/navi/facility-page.tsx';
import { ManualClock } from '../src/platform/clock.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { actorOf } from '../src/policies.ts';
import { demoValues } from '../src/reporting/demo-values.ts';
import { jstMidnight } from '../src/reporting/fiscal-year.ts';
import { facilityIdOf } from '../src/reporting/publication.ts';
import { findPublishedFacility } from '../src/reporting/publication-repository.ts';
import { findReport } from '../src/reporting/report-repository.ts';
import { acceptReport } from '../src/reporting/review.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { addInstitution, ORIGIN, submittedReport } from '../src/testing/reporting.ts';
import { signInAtMedLogin } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const clock = new ManualClock(jstMidnight(2026, 2, 10) + 10 * 3_600_000);
const suite = browserSuite({ platform: { clock } });
const { skip } = suite;
const PASSWORD = 'Suzuran-Status-2026';
const unique = () => Math.random().toString(36).slice(2, 9);

/** An account with a password (as after パスワード初期設定), optionally of an institution. */
async function account(category: '診療所' | '都道府県', institutionId?: string) {
  const deps = suite.platform().rt.deps;
  const issued = await accountWithPassword(deps, {
    category,
    displayName: category === '診療所' ? 'すずらん 受付' : '東京都 医療機能情報担当',
    email: `${unique()}@example.jp`,
    prefectureCode: '13',
    password: PASSWORD,
  });
  if (institutionId) await deps.db.updateTable('accounts').set({ institution_id: institutionId }).where('id', '=', issued.accountId).execute();
  return { ...issued, row: await deps.db.selectFrom('accounts').selectAll().where('id', '=', issued.accountId).executeTakeFirstOrThrow() };
}

async function intoGmis(page: Page, username: string): Promise<void> {
  await signInAtMedLogin(page, suite.platform(), username, PASSWORD);
  await page.getByRole('link', { name: /^G-MIS/ }).click();
  await page.waitForURL(`${suite.platform().url.gmis}/`);
}

const reportIdOf = (page: Page) => /\/reporting\/reports\/([^/?#]+)/.exec(page.url())![1]!;

/** From the institution's home: start `label`, fill its own section with `fill`, save, 報告. Returns the report's id. */
async function fileStatus(page: Page, label: '休止' | '再開', section: string, fill: () => Promise<void>): Promise<string> {
  await page.goto(`${suite.platform().url.gmis}/reporting`);
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.getByText(MESSAGES['report_form.started'](label)).waitFor();
  const id = reportIdOf(page);
  await page.getByRole('link', { name: section }).click();
  await page.getByRole('heading', { level: 1, name: section }).waitFor();
  await fill();
  await page.getByRole('button', { name: '保存する' }).last().click();
  await page.getByText(MESSAGES['report_form.saved']).waitFor();
  await page.getByRole('button', { name: '報告', exact: true }).click();
  await page.getByText(MESSAGES['report_form.submitted']).waitFor();
  return id;
}

/** 東京都 opens the report, reads what it says and accepts it. */
async function accept(page: Page, id: string): Promise<void> {
  await page.goto(`${suite.platform().url.gmis}/review/reports/${id}`);
  await page.getByRole('heading', { level: 2, name: '届出の内容' }).waitFor();
  await page.getByRole('button', { name: '確認する' }).click();
  await page.getByText(MESSAGES['report_review.accepted']).waitFor();
}

test('休止 → 確認 → the facility page says 休止中 from that day → 再開 → 確認 → it does not', { skip, timeout: 180_000 }, async () => {
  const p = suite.platform();
  const name = `すずらん内科クリニック${unique()}`;
  const clinic = await addInstitution(p.rt.handle, p.rt.deps.clock, { name, institution_code: String(1300000000 + Math.floor(Math.random() * 99_999_999)) });
  const staff = await account('診療所', clinic.id);
  const tokyo = await account('都道府県');
  const first = await submittedReport(p.rt.deps, p.rt.deps.clock, p.rt.handle, staff.row, 'new', () => ({
    ...demoValues('診療所', 2025),
    'basic.name.official': name,
  }));
  assert.deepEqual(await acceptReport(p.rt.deps, await actorOf(p.rt.deps.db, tokyo.row), first, ORIGIN), { ok: true });
  const facilityUrl = `${p.url.navi}/facilities/${facilityIdOf(clinic)}`;

  const institution = await suite.browser().newPage();
  const reviewer = await suite.browser().newPage();
  const visitor = await suite.browser().newPage();
  await suite.browser().walk(
    'reporting-status',
    () => [institution, reviewer, visitor],
    async () => {
      await intoGmis(institution, staff.username);
      await institution.getByRole('link', { name: '医療機能情報提供制度・薬局機能情報提供制度' }).click();
      await institution.getByRole('heading', { level: 2, name: '休止・廃止・再開の報告' }).waitFor();
      assert.equal(await institution.getByRole('button', { name: '再開', exact: true }).count(), 0, '再開 is not offered while operating');

      // 廃止 asks first; 「やめる」 starts nothing.
      await institution.getByRole('button', { name: '廃止', exact: true }).click();
      await institution.getByRole('heading', { level: 1, name: '廃止の報告を始めますか' }).waitFor();
      await institution.getByRole('link', { name: 'やめる' }).click();
      await institution.getByRole('heading', { level: 2, name: '休止・廃止・再開の報告' }).waitFor();

      const suspension = await fileStatus(institution, '休止', '休止の内容', async () => {
        await institution.getByRole('textbox', { name: /^休止した日/ }).fill('2026-02-09');
        await institution.getByRole('combobox', { name: /^再開の予定/ }).selectOption({ label: '未定' });
        await institution.getByRole('combobox', { name: /^休止の理由/ }).selectOption({ label: '管理者の病気・療養のため' });
        await institution.getByRole('textbox', { name: /^患者さんの案内先/ }).fill('近くの銀座中央クリニックをご案内しています。');
      });
      const stored = await findReport(p.rt.deps.db, suspension);
      assert.equal(stored?.state, 'submitted', 'the prefilled contact was enough');

      await intoGmis(reviewer, tokyo.username);
      await accept(reviewer, suspension);

      const page = await visitor.goto(facilityUrl);
      assert.equal(page?.status(), 200, '休止 stays published');
      await visitor.getByRole('heading', { level: 1, name }).waitFor();
      // The day in words, as 公表日 beside it is (never 2026-02-09); the English page in English.
      assert.equal((await visitor.getByRole('status').first().innerText()).trim(), 'この医療機関は2026年2月9日から休止しています。');
      assert.match(await visitor.locator('[data-published-on]').innerText(), /^\d{4}年\d{1,2}月\d{1,2}日$/);
      await visitor.goto(`${facilityUrl}?lang=en`);
      assert.equal((await visitor.getByRole('status').first().innerText()).trim(), 'This facility has suspended its services since February 9, 2026.');
      assert.match(await visitor.locator('[data-published-on]').innerText(), /^[A-Z][a-z]+ \d{1,2}, \d{4}$/);

      await institution.goto(`${p.url.gmis}/reporting`);
      await institution.getByText('2026年2月9日から休止中です。', { exact: false }).first().waitFor();
      assert.equal(await institution.getByRole('button', { name: '休止', exact: true }).count(), 0, '休止 is not offered while 休止中');
      const resumption = await fileStatus(institution, '再開', '再開の内容', async () => {
        await institution.getByRole('textbox', { name: /^再開した日/ }).fill('2026-02-10');
        await institution.getByRole('radio', { name: 'いいえ' }).check();
      });
      await accept(reviewer, resumption);

      await visitor.goto(facilityUrl);
      await visitor.getByRole('heading', { level: 1, name }).waitFor();
      assert.equal(await visitor.getByText(FACILITY_WORDS.ja.suspended('2026年2月9日')).count(), 0);
      assert.equal((await findPublishedFacility(p.rt.deps.db, clinic.id))?.suspended_since, null);
    },
  );
});
