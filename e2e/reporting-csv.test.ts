// Filling reports from CSV in Chromium (CSP enforced, axe on every page), signed in through Med-Login:
// a clinic downloads its 項目ファイル from the report's 「CSVで入力」, edits it, uploads it with a
// mistake → the page names the file, line and column and saves nothing → fixed and uploaded → the
// report says how many fields were filled, and the form shows the values. Then 東京都 downloads the
// template of its clinics from 「CSVで報告を入力」, checks an edited file with 「確認のみ」 (nothing
// saved), imports it, and finds the clinic's report filled.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Page } from 'playwright-core';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { demoValues } from '../src/reporting/demo-values.ts';
import { fiscalYearOf } from '../src/reporting/fiscal-year.ts';
import { findReport, findVersion } from '../src/reporting/report-repository.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { addInstitution, fillReport } from '../src/testing/reporting.ts';
import { signInAtMedLogin } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;
const PASSWORD = 'Keyaki-Csv-2026';
const unique = () => Math.random().toString(36).slice(2, 9);

async function intoGmis(page: Page, username: string): Promise<void> {
  await signInAtMedLogin(page, suite.platform(), username, PASSWORD);
  await page.getByRole('link', { name: /^G-MIS/ }).click();
  await page.waitForURL(`${suite.platform().url.gmis}/`);
}

/** Clicks a download link or button and returns the file's text (a UTF-8 BOM dropped) as rows of cells. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ rows: string[][]; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const text = await fs.readFile((await download.path())!, 'utf8');
  // A download ends its navigation (net::ERR_ABORTED): that is the file arriving, not a broken page.
  const problems = suite.browser().problems;
  for (let i = problems.length - 1; i >= 0; i--) if (problems[i] === `request failed: ${download.url()} net::ERR_ABORTED`) problems.splice(i, 1);
  return { rows: parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][], name: download.suggestedFilename() };
}

/** The cell of `key`'s column in the row of `code` (機関コード) set to `value`. */
function setCell(rows: string[][], code: string, key: string, value: string): string {
  const column = rows[0]!.findIndex((h) => h.endsWith(`[${key}]`));
  assert.ok(column >= 0, `a column for ${key}`);
  rows.find((r) => r[1] === code)![column] = value;
  return rows[0]![column]!;
}

const asFile = (name: string, rows: string[][]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${stringify(rows)}`, 'utf8') });

test('a clinic: download → edit → a mistake named by line and column → fixed → the values on the form', { skip, timeout: 120_000 }, async () => {
  const p = suite.platform();
  const deps = p.rt.deps;
  const clinic = await addInstitution(p.rt.handle, deps.clock, { name: `けやきクリニック${unique()}`, institution_code: `K${unique()}` });
  const staff = await accountWithPassword(deps, {
    category: '診療所',
    displayName: 'けやき 担当者',
    email: `${unique()}@example.jp`,
    prefectureCode: '13',
    password: PASSWORD,
  });
  await deps.db.updateTable('accounts').set({ institution_id: clinic.id }).where('id', '=', staff.accountId).execute();
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'reporting-csv-institution',
    () => [page],
    async () => {
      await intoGmis(page, staff.username);
      await page.getByRole('link', { name: '医療機能情報提供制度・薬局機能情報提供制度' }).click();
      await page.getByRole('button', { name: '新規報告' }).click();
      await page.getByText(MESSAGES['report_form.started']('新規報告')).waitFor();
      const id = /\/reporting\/reports\/([^/?#]+)/.exec(page.url())![1]!;
      // The rest of the report as a full save writes it (the form itself is another walk's).
      await fillReport(
        p.rt.handle,
        deps.clock,
        id,
        { ...demoValues('診療所', fiscalYearOf(deps.clock.now())), 'basic.name.official': clinic.name },
        staff.accountId,
      );
      await page.reload();

      const panel = page.getByRole('region', { name: 'CSVで入力' });
      const { rows, name } = await downloaded(page, () => panel.getByRole('link', { name: '項目ファイル（UTF-8）' }).click());
      assert.match(name, /-items\.csv$/);
      assert.equal(rows[1]![1], clinic.institution_code);
      setCell(rows, clinic.institution_code, 'access.transport.text', '銀座一丁目駅から徒歩2分');
      const beds = setCell(rows, clinic.institution_code, 'basic.beds.general', '十九床');

      await panel.getByLabel('項目ファイル').setInputFiles(asFile('keyaki.csv', rows));
      await panel.getByRole('button', { name: 'CSVを読み込む' }).click();
      await page.getByRole('heading', { level: 1, name: 'CSVで入力' }).waitFor();
      await page.getByText(MESSAGES['report_csv_pages.problems'](1)).waitFor();
      const problem = page.locator('table.csv-problems tbody tr');
      assert.equal(await problem.count(), 1);
      const cells = (await problem.locator('td').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(cells.slice(0, 3), ['項目ファイル（keyaki.csv）', '2行目', beds]);
      assert.match(cells[3]!, /整数/);
      assert.equal((await findReport(deps.db, id))!.current_version, 2, 'nothing saved');

      setCell(rows, clinic.institution_code, 'basic.beds.general', '19');
      await page.getByLabel('項目ファイル').setInputFiles(asFile('keyaki.csv', rows));
      await page.getByRole('button', { name: 'CSVを読み込む' }).click();
      await page.getByText(MESSAGES['report_csv_pages.filled'](2)).waitFor();
      assert.match(page.url(), new RegExp(`/reporting/reports/${id}\\?done=csv&filled=2$`));

      await page.getByRole('link', { name: 'アクセス' }).click();
      assert.equal(await page.getByRole('textbox', { name: '交通手段' }).inputValue(), '銀座一丁目駅から徒歩2分');
      await page.goBack();
      await page.getByRole('link', { name: '基本情報' }).click();
      assert.equal(await page.locator('input[name="f.basic.beds.general"]').inputValue(), '19');
    },
  );
});

test('東京都: the template of its clinics → 確認のみ (nothing saved) → 入力する → the clinic’s report filled', { skip, timeout: 120_000 }, async () => {
  const p = suite.platform();
  const deps = p.rt.deps;
  const clinic = await addInstitution(p.rt.handle, deps.clock, { name: `くぬぎクリニック${unique()}`, institution_code: `Q${unique()}` });
  const reviewer = await accountWithPassword(deps, {
    category: '都道府県',
    displayName: '東京都 医療機能情報担当',
    email: `tokyo-${unique()}@example.jp`,
    prefectureCode: '13',
    password: PASSWORD,
  });
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'reporting-csv-prefecture',
    () => [page],
    async () => {
      await intoGmis(page, reviewer.username);
      await page.getByRole('link', { name: '報告を確認する' }).click();
      await page.getByRole('heading', { level: 1, name: '報告確認' }).waitFor();
      await page.getByRole('link', { name: 'CSVで報告を入力' }).click();
      await page.getByRole('heading', { level: 1, name: 'CSVで報告を入力' }).waitFor();

      // 機関区分 first: the page says so beside the field.
      await page.getByRole('button', { name: '項目ファイルをダウンロード' }).click({ noWaitAfter: true });
      assert.equal(await page.getByLabel('機関区分').evaluate((s: HTMLSelectElement) => s.validity.valueMissing), true, 'the browser asks first');
      await page.getByLabel('機関区分').selectOption('診療所');
      const { rows } = await downloaded(page, () => page.getByRole('button', { name: '項目ファイルをダウンロード' }).click());
      const ours = rows.find((r) => r[1] === clinic.institution_code);
      assert.ok(ours, 'the clinic is in the template');
      const only = [rows[0]!, ours];
      setCell(only, clinic.institution_code, 'access.transport.text', '京橋駅から徒歩4分');

      await page.getByLabel('項目ファイル').setInputFiles(asFile('tokyo-clinics.csv', only));
      await page.getByRole('button', { name: '確認のみ' }).click();
      await page.getByRole('heading', { level: 1, name: 'CSVの確認結果' }).waitFor();
      await page.getByText(MESSAGES['report_csv_pages.checked'](1)).waitFor();
      const before = await deps.db.selectFrom('reports').select('id').where('institution_id', '=', clinic.id).execute();
      assert.deepEqual(before, [], '確認のみ saves nothing');

      await page.getByLabel('項目ファイル').setInputFiles(asFile('tokyo-clinics.csv', only));
      await page.getByRole('button', { name: '入力する', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'CSVの読み込み結果' }).waitFor();
      await page.getByText(MESSAGES['report_csv_pages.imported'](1, 0)).waitFor();
      const row = page.locator(`tr[data-key="13:${clinic.institution_code}"]`);
      assert.match(await row.innerText(), /新規報告[\s\S]*報告中/);
      const [report] = await deps.db.selectFrom('reports').select(['id', 'state', 'current_version']).where('institution_id', '=', clinic.id).execute();
      assert.equal(report!.state, 'draft');
      const values = JSON.parse((await findVersion(deps.db, report!.id, report!.current_version))!.values) as Record<string, unknown>;
      assert.equal(values['access.transport.text'], '京橋駅から徒歩4分');
      // The link leads to the clinic's publication page.
      await row.getByRole('link').click();
      await page.getByRole('heading', { level: 1 }).waitFor();
    },
  );
});
