// 医療機関マスタ in Chromium (CSP enforced, axe on every page reached), 大阪府 signed in through
// Med-Login: the menu's 医療機関マスタ, a search by フリガナ in hiragana, a record opened, the search's
// CSV downloaded, an import with a mistake named by line and column (nothing written), then the
// corrected file checked (確認のみ) and applied; and the search, a record and the import on a 375 px phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { findInstitutionByCode } from '../src/institutions/repository.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { addInstitution } from '../src/testing/reporting.ts';
import { downloadedCsv, openFromGmisMenu, signInToGmis } from './gmis-walk.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;
const PASSWORD = 'Kusunoki-Master-2026';
const unique = () => Math.random().toString(36).slice(2, 8);

const asFile = (rows: string[][]) => ({ name: 'osaka-master.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${stringify(rows)}`, 'utf8') });

test('大阪府: search by フリガナ → a record → the CSV → an import with a mistake → fixed → applied', { skip, timeout: 120_000 }, async () => {
  const p = suite.platform();
  const deps = p.rt.deps;
  const code = `KS${unique().toUpperCase()}`;
  const clinic = await addInstitution(p.rt.handle, deps.clock, {
    prefecture_code: '27',
    municipality_code: '27127',
    postcode: '5300001',
    address: '大阪市北区梅田１－２－３',
    phone: '06-1234-5678',
    name: 'くすのきマスタクリニック',
    name_kana: 'クスノキマスタクリニック',
    institution_code: code,
  });
  await addInstitution(p.rt.handle, deps.clock, { name: 'よその銀座クリニック', name_kana: 'クスノキギンザ' });
  const reviewer = await accountWithPassword(deps, {
    category: '都道府県',
    displayName: '大阪府 医療機関マスタ担当',
    email: `osaka-${unique()}@example.jp`,
    prefectureCode: '27',
    password: PASSWORD,
  });
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'institution-master',
    () => [page],
    async () => {
      await signInToGmis(page, p, reviewer.username, PASSWORD);
      await openFromGmisMenu(page, '医療機関マスタ');

      await page.getByLabel('機関名・フリガナ').fill('くすのき');
      await page.getByRole('button', { name: '検索', exact: true }).last().click();
      await page.waitForURL(/\/institutions\?/);
      const rows = page.locator('tr[data-code]');
      assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code'))), [code], '大阪府’s clinic only, by its フリガナ');

      const csv = await downloadedCsv(suite.browser(), page, () => page.getByRole('button', { name: 'ダウンロード' }).click());
      assert.equal(csv.length, 2, 'the header and the search’s one row');
      assert.equal(csv[1]![2], code);

      await page.getByRole('link', { name: 'くすのきマスタクリニック' }).click();
      await page.getByRole('heading', { level: 1, name: 'くすのきマスタクリニック' }).waitFor();
      assert.match(await page.locator('dl.summary-list').innerText(), /クスノキマスタクリニック[\s\S]*〒530-0001[\s\S]*06-1234-5678/);
      await page.getByRole('link', { name: '公表の状態' }).waitFor();

      await page.goto(`${p.url.gmis}/institutions`);
      await page.getByRole('link', { name: 'CSVファイルから登録・更新する' }).click();
      await page.getByRole('heading', { level: 1, name: 'CSVファイルから登録・更新' }).waitFor();
      const header = csv[0]!;
      const phone = header.indexOf('電話番号');
      const kana = header.indexOf('フリガナ');
      const edited = [...csv[1]!];
      edited[phone] = '06-7777-8888';
      const wrong = [...edited];
      wrong[kana] = 'kusunoki';
      await page.getByLabel('医療機関マスタのCSVファイル').setInputFiles(asFile([header, wrong]));
      await page.getByRole('button', { name: '取り込む' }).click();
      await page.getByText('ファイルに直す必要のある箇所が1件あります').waitFor();
      assert.match(await page.locator('tr[data-line="2"]').innerText(), /2行目\s+フリガナ\s+フリガナはカタカナで/);
      assert.equal((await findInstitutionByCode(deps.db, '27', code))?.phone, '06-1234-5678', 'nothing written');

      await page.getByLabel('医療機関マスタのCSVファイル').setInputFiles(asFile([header, edited]));
      await page.getByRole('button', { name: '確認のみ' }).click();
      await page.getByText('確認のみ: このファイルは問題なく取り込めます').waitFor();
      assert.equal(await page.locator('[data-count="updated"]').innerText(), '1件');
      assert.equal((await findInstitutionByCode(deps.db, '27', code))?.phone, '06-1234-5678', '確認のみ writes nothing');

      await page.getByLabel('医療機関マスタのCSVファイル').setInputFiles(asFile([header, edited]));
      await page.getByRole('button', { name: '取り込む' }).click();
      await page.getByText('取り込みました').waitFor();
      assert.equal((await findInstitutionByCode(deps.db, '27', code))?.phone, '06-7777-8888');
      assert.equal((await findInstitutionByCode(deps.db, '27', code))?.id, clinic.id, 'the same institution, updated');

      // A phone: nothing scrolls sideways but the result table's own box.
      await page.setViewportSize({ width: 375, height: 800 });
      for (const path of ['/institutions', `/institutions/${clinic.id}`, '/institutions/import']) {
        await page.goto(`${p.url.gmis}${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, `${path} at 375 px`);
      }
    },
  );
});
