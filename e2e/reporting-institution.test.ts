// The institution's side of 医療機能情報提供制度 in Chromium (CSP enforced, axe on every page), signed
// in through Med-Login as in real use: the home with 定期報告 disabled and its reason → 新規報告 →
// 基本情報 with the timetable's 「月曜の時間を火〜金にコピー」 → 保存 → 報告 → 引き戻し; two browsers
// editing one report (the later save gets the conflict page and keeps its own input); and the form on
// a 375 px phone without JavaScript (the copy done by the server), never wider than the screen; and
// next year's 定期報告, disabled outside 東京都's window and enabled inside it, prefilled.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ManualClock } from '../src/platform/clock.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { actorOf } from '../src/policies.ts';
import { jstMidnight } from '../src/reporting/fiscal-year.ts';
import { startReport, submitReport } from '../src/reporting/reports.ts';
import { acceptReport } from '../src/reporting/review.ts';
import { demoValues } from '../src/reporting/demo-values.ts';
import { fiscalYearOf } from '../src/reporting/fiscal-year.ts';
import { findReport, listVersions } from '../src/reporting/report-repository.ts';
import { accountWithPassword } from '../src/testing/platform.ts';
import { addAccount, addInstitution, fillReport, setWindow } from '../src/testing/reporting.ts';
import { signInAtMedLogin } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

/** 令和7年度 (FY2025) until the last test moves it to January 2027. */
const clock = new ManualClock(jstMidnight(2026, 2, 1));
const suite = browserSuite({ platform: { clock } });
const { skip } = suite;
const PASSWORD = 'Kusunoki-Clinic-2026';
const unique = () => Math.random().toString(36).slice(2, 9);

/** A clinic in the master and its account, with a password. */
async function clinicAccount(): Promise<{ username: string; accountId: string; institutionId: string }> {
  const p = suite.platform();
  const deps = p.rt.deps;
  const clinic = await addInstitution(p.rt.handle, deps.clock, { name: `くすのきクリニック${unique()}` });
  const issued = await accountWithPassword(deps, {
    category: '診療所',
    displayName: 'くすのき 担当者',
    email: `${unique()}@example.jp`,
    prefectureCode: '13',
    password: PASSWORD,
  });
  await deps.db.updateTable('accounts').set({ institution_id: clinic.id }).where('id', '=', issued.accountId).execute();
  return { username: issued.username, accountId: issued.accountId, institutionId: clinic.id };
}

async function intoGmis(page: Page, username: string): Promise<void> {
  await signInAtMedLogin(page, suite.platform(), username, PASSWORD);
  await page.getByRole('link', { name: /^G-MIS/ }).click();
  await page.waitForURL(`${suite.platform().url.gmis}/`);
}

const reportIdOf = (page: Page) => /\/reporting\/reports\/([^/?#]+)/.exec(page.url())![1]!;
const narrowEnough = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test('新規報告 → 基本情報 with the copy button → 保存 → 報告 → 引き戻し → saved as the user goes', { skip, timeout: 120_000 }, async () => {
  const page = await suite.browser().newPage();
  const who = await clinicAccount();
  await suite.browser().walk(
    'reporting-institution',
    () => [page],
    async () => {
      await intoGmis(page, who.username);
      await page.getByRole('link', { name: '医療機能情報提供制度・薬局機能情報提供制度' }).click();
      await page.getByRole('heading', { level: 1, name: '医療機能情報提供制度' }).waitFor();
      // 定期報告 is disabled, with the reason beside it (no window, no accepted data yet).
      const periodic = page.getByRole('button', { name: '定期報告' });
      assert.equal(await periodic.isDisabled(), true);
      assert.equal((await page.locator('#start-periodic-reason').innerText()).trim(), MESSAGES['reporting.start.no_window']);

      await page.getByRole('button', { name: '新規報告' }).click();
      await page.getByText(MESSAGES['report_form.started']('新規報告')).waitFor();
      const id = reportIdOf(page);

      await page.getByRole('link', { name: '基本情報' }).click();
      await page.getByRole('heading', { level: 1, name: '基本情報' }).waitFor();
      // The 診療科目 folded by 診療科目群: open two groups and choose in them.
      await page.locator('summary', { hasText: '内科系' }).click();
      await page.getByRole('checkbox', { name: '内科', exact: true }).check();
      await page.locator('summary', { hasText: '小児科系' }).click();
      await page.getByRole('checkbox', { name: '小児科', exact: true }).check();
      await page.getByRole('button', { name: '保存する' }).first().click();
      await page.getByText(MESSAGES['report_form.saved']).waitFor();

      // The timetable has a row per department now.
      await page.getByRole('link', { name: '基本情報' }).click();
      await page.getByLabel('内科 月曜 時間帯1 開始').fill('9:00');
      await page.getByLabel('内科 月曜 時間帯1 終了').fill('１２：３０');
      await page.getByRole('button', { name: /月曜の時間を火〜金にコピー\s*（内科）/ }).click();
      assert.equal(await page.getByLabel('内科 金曜 時間帯1 開始').inputValue(), '9:00', 'copied in the page, before saving');
      await page.getByRole('button', { name: /すべての診療科に同じ時間を設定\s*（内科の時間を使う）/ }).click();
      assert.equal(await page.getByLabel('小児科 水曜 時間帯1 終了').inputValue(), '１２：３０');
      await page.getByRole('button', { name: '保存する' }).last().click();
      await page.getByText(MESSAGES['report_form.saved']).waitFor();
      const stored = (await listVersions(suite.platform().rt.deps.db, id)).length;
      assert.ok(stored >= 3, `versions: ${stored}`);

      // A band left unfinished, saved: one problem on the section page and on the overview, and the
      // field still marked with its message when the section is opened again, from the overview's list too.
      const message = MESSAGES['catalogue.time.incomplete']('診療時間（内科・時間帯2・月曜）');
      const band = page.getByLabel('内科 月曜 時間帯2 終了');
      const marked = async (how: string) => {
        assert.equal(await page.getByLabel('内科 月曜 時間帯2 開始').inputValue(), '14:00', `${how}: what was typed`);
        assert.equal(await band.getAttribute('aria-invalid'), 'true', `${how}: the red mark`);
        const described = (await band.getAttribute('aria-describedby')) ?? '';
        assert.ok(
          described.split(' ').some((d) => d.endsWith('--error')),
          `${how}: tied to its message`,
        );
        assert.equal(await page.locator('[data-field="basic.hours.hours"] .field__error').getByText(message).count(), 1, `${how}: the message beside it`);
      };
      await page.getByRole('link', { name: '基本情報' }).click();
      await page.getByLabel('内科 月曜 時間帯2 開始').fill('14:00');
      await page.getByRole('button', { name: '保存する' }).last().click();
      await page.getByText(MESSAGES['report_form.saved_with_problems'](1)).waitFor();
      await marked('after saving');
      await page.getByRole('navigation', { name: '現在位置' }).getByRole('link').last().click();
      await page.locator('[data-section="basic"] summary', { hasText: '直す必要がある項目を見る' }).click();
      const listed = page.locator('[data-section="basic"] .report-sections__problems li');
      assert.equal(await listed.getByText(message).count(), 1, 'the overview lists the band once');
      await listed.getByRole('link', { name: message }).click();
      await page.getByRole('heading', { level: 1, name: '基本情報' }).waitFor();
      await marked('from 「直す必要がある項目を見る」');
      await page.goto(`${suite.platform().url.gmis}/reporting/reports/${id}/sections/basic`);
      await marked('opened again');
      await page.goto(`${suite.platform().url.gmis}/reporting/reports/${id}`);

      // The rest as a full save would write it, then 報告 from the overview.
      const report = await findReport(suite.platform().rt.deps.db, id);
      const values = { ...demoValues('診療所', fiscalYearOf(suite.platform().rt.deps.clock.now())) };
      await fillReport(suite.platform().rt.handle, suite.platform().rt.deps.clock, id, values, who.accountId);
      assert.equal(report?.state, 'draft');
      await page.reload();
      await page.getByRole('button', { name: '報告', exact: true }).click();
      await page.getByText(MESSAGES['report_form.submitted']).waitFor();
      assert.equal(await page.locator('.summary-list [data-state]').innerText(), '報告済');
      assert.equal(await page.getByRole('button', { name: '報告', exact: true }).count(), 0);

      await page.getByRole('button', { name: '引き戻し' }).click();
      await page.getByText(MESSAGES['report_form.withdrawn']).waitFor();
      assert.equal(await page.locator('.summary-list [data-state]').innerText(), '報告中');
      assert.equal((await findReport(suite.platform().rt.deps.db, id))?.state, 'draft');

      // Saved as the user goes: a change is saved in the background a few seconds later.
      const before = (await findReport(suite.platform().rt.deps.db, id))!.current_version;
      await page.getByRole('link', { name: 'アクセス' }).click();
      // Typed only once the page's script listens: under load a fill can come before the module runs.
      await page.locator('form[data-report-form][data-autosave="armed"]').waitFor({ state: 'attached' });
      await page.getByRole('textbox', { name: '交通手段' }).fill('銀座一丁目駅から徒歩1分');
      await page.getByText(`自動で保存しました（第${before + 1}版）`, { exact: false }).waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('input[name="base_version"]').inputValue(), String(before + 1));
    },
  );
});

test('two browsers on one report: the later save gets the conflict page and may keep its own input', { skip, timeout: 120_000 }, async () => {
  const first = await suite.browser().newPage();
  const second = await suite.browser().newPage();
  const who = await clinicAccount();
  await suite.browser().walk(
    'reporting-conflict',
    () => [first, second],
    async () => {
      await intoGmis(first, who.username);
      await intoGmis(second, who.username);
      await first.goto(`${suite.platform().url.gmis}/reporting`);
      await first.getByRole('button', { name: '新規報告' }).click();
      await first.getByText(MESSAGES['report_form.started']('新規報告')).waitFor();
      const id = reportIdOf(first);
      const section = `${suite.platform().url.gmis}/reporting/reports/${id}/sections/access`;
      await first.goto(section);
      await second.goto(section);
      await first.getByRole('textbox', { name: '交通手段' }).fill('銀座駅から徒歩3分');
      await second.getByRole('textbox', { name: '交通手段' }).fill('東銀座駅から徒歩5分');
      await first.getByRole('button', { name: '保存する' }).last().click();
      await first.getByText(MESSAGES['report_form.saved']).waitFor();
      await second.getByRole('button', { name: '保存する' }).last().click();
      await second.getByRole('heading', { level: 1, name: '保存が重なりました' }).waitFor();
      const row = second.locator('[data-conflict-field="access.transport.text"]');
      assert.match(await row.locator('[data-side="mine"]').innerText(), /東銀座駅から徒歩5分/);
      assert.match(await row.locator('[data-side="theirs"]').innerText(), /銀座駅から徒歩3分/);
      await second.getByRole('button', { name: '自分の入力で保存する' }).click();
      await second.getByText(MESSAGES['report_form.saved']).waitFor();
      const versions = await listVersions(suite.platform().rt.deps.db, id);
      assert.deepEqual(
        versions.map((v) => v.version),
        [1, 2, 3],
      );
      assert.equal(versions[2]?.source, 'override');
      await second.getByRole('link', { name: '保存した版の一覧' }).click();
      for (const v of [1, 2, 3]) await second.locator(`[data-version="${v}"]`).waitFor();
    },
  );
});

test('the form on a 375 px phone, without JavaScript: one column, the copy done by the server', { skip, timeout: 120_000 }, async () => {
  const page = await suite.browser().newPage({ viewport: { width: 375, height: 812 }, javaScriptEnabled: false });
  const who = await clinicAccount();
  await suite.browser().walk(
    'reporting-phone',
    () => [page],
    async () => {
      await intoGmis(page, who.username);
      assert.ok((await narrowEnough(page)) <= 375, 'home');
      await page.goto(`${suite.platform().url.gmis}/reporting`);
      assert.ok((await narrowEnough(page)) <= 375, 'reporting home');
      await page.getByRole('button', { name: '新規報告' }).click();
      await page.getByText(MESSAGES['report_form.started']('新規報告')).waitFor();
      assert.ok((await narrowEnough(page)) <= 375, 'overview');
      await page.getByRole('link', { name: '基本情報' }).click();
      // 127 診療科目 would be a long scroll: nine folded 診療科目群 instead, opened without script.
      const groups = page.locator('details[data-code-group]');
      assert.equal(await groups.count(), 9);
      assert.equal(await page.locator('details[data-code-group][open]').count(), 0);
      assert.equal(await page.getByRole('checkbox', { name: '内科', exact: true }).isVisible(), false);
      await page.locator('summary', { hasText: '内科系' }).click();
      await page.getByRole('checkbox', { name: '内科', exact: true }).check();
      await page.getByRole('button', { name: '保存する' }).first().click();
      await page.getByText(MESSAGES['report_form.saved']).waitFor();
      await page.getByRole('link', { name: '基本情報' }).click();
      assert.ok((await narrowEnough(page)) <= 375, `section: ${await narrowEnough(page)}`);
      await page.getByLabel('内科 月曜 時間帯1 開始').fill('08:30');
      await page.getByLabel('内科 月曜 時間帯1 終了').fill('12:00');
      await page.getByRole('button', { name: /月曜の時間を火〜金にコピー\s*（内科）/ }).click();
      await page.getByText(MESSAGES['report_form.copied']).waitFor();
      assert.equal(await page.getByLabel('内科 木曜 時間帯1 開始').inputValue(), '08:30');
      assert.equal(await page.getByLabel('内科 土曜 時間帯1 開始').inputValue(), '');
      assert.ok((await narrowEnough(page)) <= 375, 'section after the copy');
      await page.getByRole('button', { name: '保存する' }).last().click();
      await page.getByText(MESSAGES['report_form.saved']).waitFor();
      assert.ok((await narrowEnough(page)) <= 375, 'overview after saving');
    },
  );
});

test('定期報告 is disabled outside the window and enabled inside it, starting from last year’s accepted report', { skip, timeout: 120_000 }, async () => {
  const p = suite.platform();
  const deps = p.rt.deps;
  const who = await clinicAccount();
  const account = await deps.db.selectFrom('accounts').selectAll().where('id', '=', who.accountId).executeTakeFirstOrThrow();
  const tokyo = await addAccount(p.rt.handle, clock, '都道府県', { prefectureCode: '13' });
  const origin = { ip: '192.0.2.30', userAgent: 'e2e' };
  // 令和7年度: a 新規報告, complete, reported and accepted by 東京都.
  const first = await startReport(deps, await actorOf(deps.db, account), 'new', origin);
  assert.ok(first.ok);
  await fillReport(p.rt.handle, clock, first.reportId, { ...demoValues('診療所', 2025), 'access.transport.text': '銀座駅A4出口から徒歩2分' }, who.accountId);
  assert.ok((await submitReport(deps, await actorOf(deps.db, account), first.reportId, undefined, origin)).ok);
  assert.deepEqual(await acceptReport(deps, await actorOf(deps.db, tokyo), first.reportId, origin), { ok: true });

  // 令和8年度, January 2027: the window opens later this month.
  clock.advance(jstMidnight(2027, 1, 10) - clock.now());
  const window = { prefectureCode: '13', fiscalYear: 2026, scheme: 'medical' as const, closesAt: jstMidnight(2027, 4, 1), referenceDate: '2027-01-01' };
  await setWindow(p.rt.handle, { ...window, opensAt: jstMidnight(2027, 1, 15) });
  const page = await suite.browser().newPage();
  await suite.browser().walk(
    'reporting-periodic',
    () => [page],
    async () => {
      await intoGmis(page, who.username);
      await page.goto(`${p.url.gmis}/reporting`);
      assert.equal(await page.getByRole('button', { name: '定期報告' }).isDisabled(), true);
      assert.equal((await page.locator('#start-periodic-reason').innerText()).trim(), MESSAGES['reporting.start.outside_window']);
      assert.equal(await page.getByRole('button', { name: '新規報告' }).isDisabled(), true, 'there is accepted data: no 新規報告');
      // The window's days in words, 報告基準日 as 報告期間 beside it (never 2027-01-01).
      const when = await page.locator('dl', { hasText: '報告基準日' }).innerText();
      assert.match(when, /報告期間\s*2027年1月15日〜2027年3月31日/);
      assert.match(when, /報告基準日\s*2027年1月1日/);
      assert.doesNotMatch(await page.locator('main').innerText(), /\d{4}-\d{2}-\d{2}/, 'no day as YYYY-MM-DD on the home');

      await setWindow(p.rt.handle, { ...window, opensAt: jstMidnight(2027, 1, 7) });
      await page.reload();
      await page.getByRole('button', { name: '定期報告' }).click();
      await page.getByText(MESSAGES['report_form.started']('定期報告')).waitFor();
      await page.getByRole('heading', { level: 1, name: '令和8年度 定期報告' }).waitFor();
      await page.locator('[data-changes="0"]').waitFor();
      await page.getByRole('link', { name: 'アクセス' }).click();
      const transport = page.getByRole('textbox', { name: '交通手段' });
      assert.equal(await transport.inputValue(), '銀座駅A4出口から徒歩2分', 'prefilled from the accepted report');
      // One change: the overview shows it against what is published.
      await transport.fill('銀座駅A4出口から徒歩3分');
      await page.getByRole('button', { name: '保存する' }).last().click();
      await page.getByText(MESSAGES['report_form.saved']).waitFor();
      await page.locator('[data-changes="1"]').waitFor();
      await page.getByText('変わる項目を見る').click();
      assert.match(await page.locator('tr[data-item-changed="access.transport"]').innerText(), /徒歩2分[\s\S]*徒歩3分/);
    },
  );
});
