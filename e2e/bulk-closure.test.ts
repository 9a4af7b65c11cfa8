// 臨時休診一括処理 in Chromium (CSP enforced, axe on every page reached), 東京都 signed in through
// Med-Login: from the G-MIS home to 臨時休診の一括登録, a CSV with a mistake → what to fix by line,
// column and message, nothing registered; the fixed file → registered as one batch → 医療情報ネット's
// facility page shows the closure and 急いで探す at a moment inside it leaves the clinic out (its
// neighbour, open then, is found); 取り消す → found again, the notice gone. Then a batch by the
// filter (a list of codes, 確認のみ first), and the pages on a 375 px phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { SEARCH_WORDS } from '../src/apps/navi/search-words.ts';
import { FACILITY_WORDS } from '../src/apps/navi/facility-page.tsx';
import { ManualClock } from '../src/platform/clock.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { jstMidnight } from '../src/reporting/fiscal-year.ts';
import { publishOpenClinic } from '../src/testing/closures.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { addInstitution } from '../src/testing/reporting.ts';
import { gapBetween } from './layout-checks.ts';
import { signInAtMedLogin } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const clock = new ManualClock(jstMidnight(2026, 12, 20) + 10 * 3_600_000);
const suite = browserSuite({ platform: { clock } });
const { skip } = suite;
const PASSWORD = 'Yurinoki-Closure-2026';
const ja = SEARCH_WORDS.ja;
const HEADER = '機関コード,開始日,終了日,区分,変更後の時間,備考\n';

const asFile = (csv: string) => ({ name: 'closures.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf8') });

/** The names 急いで探す finds for ゆりのき in 東京都 open on 2026-12-30 at 10:00. */
async function openThen(page: Page, navi: string): Promise<string[]> {
  await page.goto(`${navi}/`);
  const panel = page.locator('section', { has: page.getByRole('heading', { name: ja.medicalPanel }) });
  await panel.getByLabel(ja.keyword).fill('ゆりのき');
  await panel.getByLabel(ja.pref).selectOption('13');
  await panel.locator('summary', { hasText: ja.quick }).click();
  await panel.getByLabel(ja.openDate).fill('2026-12-30');
  await panel.getByLabel(ja.openTime).fill('10:00');
  await panel.getByRole('button', { name: ja.search }).click();
  await page.waitForURL(/\/search\?/);
  await page.locator('#results-count').waitFor();
  return (await page.locator('.result-card__name').allTextContents()).map((t) => t.trim());
}

test('東京都: a CSV with a mistake → fixed → registered → 医療情報ネット → 取り消す; a batch by the filter; a phone', { skip, timeout: 180_000 }, async () => {
  const p = suite.platform();
  const h = p.rt.handle;
  const closed = await addInstitution(h, clock, { name: 'ゆりのき内科クリニック', name_kana: 'ユリノキナイカクリニック', institution_code: '2000000101' });
  const neighbour = await addInstitution(h, clock, {
    name: 'ゆりのき小児科クリニック',
    name_kana: 'ユリノキショウニカクリニック',
    institution_code: '2000000102',
  });
  const facilityId = await publishOpenClinic(h, clock, closed);
  await publishOpenClinic(h, clock, neighbour);
  const tokyo = await accountWithPassword(p.rt.deps, {
    category: '都道府県',
    displayName: '東京都 医療機能情報担当',
    email: `tokyo-${Math.random().toString(36).slice(2, 8)}@example.jp`,
    prefectureCode: '13',
    password: PASSWORD,
  });
  const closures = async () => (await h.db.selectFrom('temporary_closures').select('id').execute()).length;

  const page = await suite.browser().newPage();
  const visitor = await suite.browser().newPage();
  await suite.browser().walk(
    'bulk-closure',
    () => [page, visitor],
    async () => {
      await signInAtMedLogin(page, p, tokyo.username, PASSWORD);
      await page.getByRole('link', { name: /^G-MIS/ }).click();
      await page.waitForURL(`${p.url.gmis}/`);
      await page.getByRole('link', { name: /^臨時休診の一括登録/ }).click();
      await page.getByRole('heading', { level: 1, name: '臨時休診の一括登録' }).waitFor();
      await page.getByRole('link', { name: '新しく登録する' }).click();
      await page.getByRole('heading', { level: 1, name: '臨時休診を登録する' }).waitFor();

      // A mistake on line 3: what to fix by line, column and message; nothing registered; the reason kept.
      const csvForm = page.getByRole('form', { name: 'CSVファイルで登録' });
      await csvForm.getByLabel('理由').selectOption('年末年始');
      await csvForm
        .getByLabel('CSVファイル')
        .setInputFiles(asFile(`${HEADER}2000000101,2026-12-29,2027-01-03,休診,,\n2000000102,2027-01-05,2027-01-04,休診,,\n`));
      await csvForm.getByRole('button', { name: '登録する' }).click();
      await page.getByRole('heading', { name: '直す必要のある箇所（1件）' }).waitFor();
      assert.match(await page.locator('tr[data-line="3"]').innerText(), /^3行目\s+終了日\s+終了日が開始日より前になっています。$/);
      assert.equal(await page.locator('tr[data-line]').count(), 1);
      // On a phone 「3行目」 stays on one line in its narrow column.
      const desktop = page.viewportSize();
      await page.setViewportSize({ width: 375, height: 800 });
      const lineRows = await page
        .locator('tr[data-line="3"] td')
        .first()
        .evaluate((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        });
      assert.equal(lineRows, 1, '「3行目」 on one line at 375 px');
      if (desktop) await page.setViewportSize(desktop);
      assert.equal(await closures(), 0, 'nothing registered');
      assert.equal(await csvForm.getByLabel('理由').inputValue(), '年末年始');

      // Fixed: one batch.
      await csvForm
        .getByLabel('CSVファイル')
        .setInputFiles(
          asFile(`${HEADER}2000000101,2026-12-29,2027-01-03,休診,,年末年始はお休みします\n2000000102,2026-12-28,2026-12-28,時間変更,9:00-12:00,\n`),
        );
      await csvForm.getByRole('button', { name: '登録する' }).click();
      await page.waitForURL(/\/closures\/[^/?]+\?done=applied$/);
      await page.getByText(MESSAGES['closures.applied_short']).waitFor();
      assert.equal(await page.locator('[data-closures]').innerText(), '2件');
      assert.equal(await closures(), 2);
      const batchUrl = page.url().split('?')[0]!;
      const back = page.getByRole('link', { name: '一括登録の一覧へ戻る' });
      assert.ok((await gapBetween(page.getByRole('region', { name: '登録した臨時休診の表' }), back)) >= 16, 'the way back is spaced from the table');

      // 医療情報ネット: the facility page says it; 急いで探す on the 30th leaves the clinic out, not its neighbour.
      await visitor.goto(`${p.url.navi}/facilities/${facilityId}`);
      const notice = visitor.getByRole('status', { name: FACILITY_WORDS.ja.closureTitle });
      assert.match(await notice.innerText(), /2026年12月29日 – 2027年1月3日\s*休診[\s\S]*年末年始はお休みします/);
      assert.deepEqual(await openThen(visitor, p.url.navi), ['ゆりのき小児科クリニック']);

      // 取り消す: found again, the notice gone.
      await page.getByRole('button', { name: 'この一括登録を取り消す' }).click();
      await page.waitForURL(/\?done=undone$/);
      await page.getByText(MESSAGES['closures.undone_short']).waitFor();
      assert.equal(await page.locator('[data-state]').getAttribute('data-state'), 'undone');
      assert.equal(await page.getByRole('button', { name: 'この一括登録を取り消す' }).count(), 0, 'no second undo offered');
      assert.equal(await closures(), 0);
      assert.deepEqual((await openThen(visitor, p.url.navi)).sort(), ['ゆりのき内科クリニック', 'ゆりのき小児科クリニック']);
      await visitor.goto(`${p.url.navi}/facilities/${facilityId}`);
      await visitor.getByRole('heading', { level: 1, name: 'ゆりのき内科クリニック' }).waitFor();
      assert.equal(await visitor.getByRole('status', { name: FACILITY_WORDS.ja.closureTitle }).count(), 0);

      // By the filter: one clinic named by its code, 確認のみ first, then registered.
      await page.goto(`${p.url.gmis}/closures/new`);
      const filterForm = page.getByRole('form', { name: '条件で選んで登録' });
      await filterForm.getByLabel(/^機関コードの一覧/).fill('2000000102');
      await filterForm.getByLabel('開始日').fill('2027-01-10');
      await filterForm.getByLabel('終了日').fill('2027-01-10');
      await filterForm.getByLabel('区分').selectOption('hours');
      await filterForm.getByLabel(/^変更後の時間/).fill('10:00-12:00');
      await filterForm.getByLabel('理由').selectOption('設備の点検・工事');
      await filterForm.getByRole('button', { name: '確認のみ' }).click();
      await page.getByText('1件を確かめました', { exact: false }).waitFor();
      assert.equal(await closures(), 0, '確認のみ registers nothing');
      assert.equal(await filterForm.getByLabel(/^変更後の時間/).inputValue(), '10:00-12:00', 'what was typed is kept');
      await filterForm.getByRole('button', { name: '登録する' }).click();
      await page.waitForURL(/\/closures\/[^/?]+\?done=applied$/);
      assert.equal(await page.locator('[data-closures]').innerText(), '1件');
      assert.match(await page.locator('tbody tr').innerText(), /2000000102\s+ゆりのき小児科クリニック\s+2027年1月10日\s+時間変更（10:00〜12:00）/);
      const filterBatchUrl = page.url().split('?')[0]!;

      // The list shows both batches; a phone: nothing scrolls sideways but the tables' own boxes.
      await page.goto(`${p.url.gmis}/closures`);
      assert.equal(await page.locator('tr[data-batch]').count(), 2);
      await page.setViewportSize({ width: 375, height: 800 });
      for (const url of [`${p.url.gmis}/`, `${p.url.gmis}/closures`, `${p.url.gmis}/closures/new`, batchUrl, filterBatchUrl]) {
        await page.goto(url);
        await page.getByRole('heading', { level: 1 }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, `${url} at 375 px`);
      }
    },
  );
});
