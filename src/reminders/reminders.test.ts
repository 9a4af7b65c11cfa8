// The reporting reminders with an injected clock, on both engines: nothing before the due day; on
// the day exactly the 未報告 and 報告中 institutions of the prefecture that opted in get it (not
// 報告済 or 確認済, not another prefecture's, not one that opted out, not a closed one), each mail
// filled with its own institution; a second run or a restart sends nothing again; a worker down on
// the day sends on its return; two runners at once send once; nothing after the window closed.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Insertable } from 'kysely';
import { listAudit } from '../audit/audit-log.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Account, ReportsTable, ReportState } from '../db/schema.ts';
import { listMail, MAIL_PRIORITY } from '../mail/outbox.ts';
import { ManualClock } from '../platform/clock.ts';
import { actorOf } from '../policies.ts';
import { jstMidnight } from '../reporting/fiscal-year.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { addAccount, addInstitution, clearReporting, ORIGIN, setWindow } from '../testing/reporting.ts';
import { reminderHistory, reminderSchedule, runDueReminders, saveReminderSettings, settingProblems, upcomingReminders } from './reminders.ts';

const MARCH_18 = jstMidnight(2027, 3, 18);
const MARCH_29 = jstMidnight(2027, 3, 29);
const APRIL_1 = jstMidnight(2027, 4, 1);
const MINUTE = 60_000;

let serial = 0;
async function report(h: DatabaseHandle, institutionId: string, state: ReportState, at: number) {
  const row: Insertable<ReportsTable> = {
    id: `rr-${++serial}`,
    institution_id: institutionId,
    institution_kind: '診療所',
    prefecture_code: '13',
    municipality_code: '13102',
    fiscal_year: 2026,
    kind: 'periodic',
    state,
    catalogue: '2026:medical',
    current_version: 1,
    reference_date: '2027-01-01',
    started_at: at,
    submitted_at: state === 'draft' ? null : at,
    decided_at: state === 'accepted' ? at : null,
    updated_at: at,
  };
  await h.db.insertInto('reports').values(row).execute();
}

forEachEngine('reporting reminders', (handle) => {
  let clock: ManualClock;
  let accounts: Record<'unreported' | 'draft' | 'submitted' | 'accepted' | 'osaka' | 'closed' | 'pharmacy', Account>;
  let staffSecond: Account;
  const deps = () => testDeps(handle(), clock);

  beforeEach(async () => {
    const h = handle();
    for (const t of ['reminder_recipients', 'reminder_sends', 'reminder_settings'] as const) await h.db.deleteFrom(t).execute();
    await clearReporting(h);
    clock = new ManualClock(MARCH_18 - MINUTE);
    const at = jstMidnight(2027, 2, 1);
    for (const scheme of ['medical', 'pharmacy'] as const)
      await setWindow(h, { prefectureCode: '13', fiscalYear: 2026, scheme, opensAt: jstMidnight(2027, 1, 1), closesAt: APRIL_1, referenceDate: '2027-01-01' });
    await setWindow(h, {
      prefectureCode: '27',
      fiscalYear: 2026,
      scheme: 'medical',
      opensAt: jstMidnight(2027, 1, 1),
      closesAt: APRIL_1,
      referenceDate: '2027-01-01',
    });
    const withAccount = async (o: Parameters<typeof addInstitution>[2]) => {
      const i = await addInstitution(h, clock, o);
      return { i, a: await addAccount(h, clock, i.kind, { institutionId: i.id, prefectureCode: i.prefecture_code }) };
    };
    const unreported = await withAccount({ name: '未報告クリニック' });
    // A second account of the same institution gets its own mail.
    staffSecond = await addAccount(h, clock, '診療所', { institutionId: unreported.i.id, prefectureCode: '13' });
    const draft = await withAccount({ name: '報告中クリニック' });
    await report(h, draft.i.id, 'draft', at);
    const submitted = await withAccount({ name: '報告済クリニック' });
    await report(h, submitted.i.id, 'submitted', at);
    const accepted = await withAccount({ name: '確認済クリニック' });
    await report(h, accepted.i.id, 'accepted', at);
    const osaka = await withAccount({ name: '大阪の未報告クリニック', prefecture_code: '27', municipality_code: '27127' });
    const closed = await withAccount({ name: '廃止したクリニック', status: 'closed' });
    const pharmacy = await withAccount({ name: '未報告薬局', kind: '薬局' });
    accounts = {
      unreported: unreported.a,
      draft: draft.a,
      submitted: submitted.a,
      accepted: accepted.a,
      osaka: osaka.a,
      closed: closed.a,
      pharmacy: pharmacy.a,
    };
    const tokyo = await actorOf(h.db, await addAccount(h, clock, '都道府県', { prefectureCode: '13' }));
    const osakaStaff = await actorOf(h.db, await addAccount(h, clock, '都道府県', { prefectureCode: '27' }));
    const text = {
      subject: '【{都道府県名}】{機関名} 様 定期報告のお願い',
      body: '{機関名}（{機関コード}）{担当者名} 様\n状況: {報告状況}\n期限: {報告期限}\nユーザ名: {ユーザ名}',
    };
    assert.deepEqual(await saveReminderSettings(deps(), tokyo, '13', { enabled: true, daysBefore: [3, 14], ...text }, ORIGIN), { ok: true });
    assert.deepEqual(await saveReminderSettings(deps(), osakaStaff, '27', { enabled: false, daysBefore: [14, 3], ...text }, ORIGIN), { ok: true });
  });

  const reminderMails = async () => (await listMail(handle().db, { limit: 100 })).filter((m) => m.kind === 'reporting.reminder');

  test('nothing before the day; on the day exactly the 未報告 and 報告中 institutions, each mail filled for its own', async () => {
    assert.deepEqual(await runDueReminders(deps()), []);
    assert.equal((await reminderMails()).length, 0);
    clock.advance(MINUTE);
    const sent = await runDueReminders(deps());
    assert.deepEqual(
      sent.map((s) => `${s.scheme}:${s.daysBefore}:${s.institutions}:${s.mails}`),
      ['medical:14:2:3', 'pharmacy:14:1:1'],
    );
    const mails = await reminderMails();
    assert.deepEqual(mails.map((m) => m.to_address).sort(), [accounts.unreported, staffSecond, accounts.draft, accounts.pharmacy].map((a) => a.email).sort());
    assert.ok(
      mails.every((m) => m.priority === MAIL_PRIORITY.bulk),
      'behind transactional mail, within the bulk rate',
    );
    const unreported = mails.find((m) => m.to_address === accounts.unreported.email)!;
    assert.equal(unreported.subject, '【東京都】未報告クリニック 様 定期報告のお願い');
    assert.match(unreported.body_text, /^未報告クリニック（C\d+）.+ 様\n状況: 未報告\n期限: 2027年3月31日\nユーザ名: /);
    assert.ok(unreported.body_text.includes(`ユーザ名: ${accounts.unreported.username}`));
    const draft = mails.find((m) => m.to_address === accounts.draft.email)!;
    assert.match(draft.body_text, /^報告中クリニック.*\n状況: 報告中\n/);
    const audit = await listAudit(handle().db, { type: 'reminder.sent' });
    assert.equal(audit.length, 2);
    const history = await reminderHistory(handle().db, { prefectureCode: '13' });
    assert.deepEqual(
      history.map((r) => [r.scheme, r.daysBefore, r.mails, r.pending]),
      [
        ['pharmacy', 14, 1, 1],
        ['medical', 14, 3, 3],
      ],
    );
    assert.deepEqual(await reminderHistory(handle().db, { prefectureCode: '27' }), []);
  });

  test('a second run, or a restart later that day, sends nothing again', async () => {
    clock.advance(MINUTE);
    assert.equal((await runDueReminders(deps())).length, 2);
    assert.deepEqual(await runDueReminders(deps()), []);
    clock.advance(6 * 3_600_000);
    assert.deepEqual(await runDueReminders(testDeps(handle(), clock)), []);
    assert.equal((await reminderMails()).length, 4);
  });

  test('down on the day: sent on return, by one of two runners at once; only the latest due reminder; none after the window', async () => {
    // Down from before 3/18 until 3/30: the 14-day reminder was never sent, the 3-day one is due; only it goes.
    clock.advance(MARCH_29 - MARCH_18 + MINUTE + 86_400_000);
    const schedule = await upcomingReminders(deps(), '13', [14, 3]);
    assert.deepEqual(
      schedule.filter((r) => r.scheme === 'medical').map((r) => [r.daysBefore, r.state, r.institutions]),
      [
        [14, 'passed', 2],
        [3, 'due', 2],
      ],
    );
    const [a, b] = await Promise.all([runDueReminders(deps()), runDueReminders(testDeps(handle(), clock))]);
    assert.deepEqual([...a, ...b].map((s) => `${s.scheme}:${s.daysBefore}`).sort(), ['medical:3', 'pharmacy:3']);
    const mails = await reminderMails();
    assert.equal(mails.length, 4, 'each account once');
    assert.equal(new Set(mails.map((m) => m.to_address)).size, 4);
    clock.advance(APRIL_1 - clock.now());
    assert.deepEqual(await runDueReminders(deps()), []);
  });

  test('turned off, nothing goes; the settings are checked field by field', async () => {
    const h = handle();
    const tokyo = await actorOf(h.db, await addAccount(h, clock, '都道府県', { prefectureCode: '13' }));
    const off = await saveReminderSettings(deps(), tokyo, '13', { enabled: false, daysBefore: [14], subject: '件名', body: '本文' }, ORIGIN);
    assert.deepEqual(off, { ok: true });
    clock.advance(MINUTE);
    assert.deepEqual(await runDueReminders(deps()), []);
    const bad = settingProblems({ enabled: true, daysBefore: [], subject: '{機関}', body: '' });
    assert.deepEqual(Object.keys(bad).sort(), ['body', 'days_before', 'subject']);
    assert.match(bad.subject!, /\{機関\} は使えない差し込み項目です/);
    assert.equal((await listAudit(h.db, { type: 'reminder.settings_set' })).length, 3);
  });

  test('the schedule: a day before the window opens is moved to its opening; a window shorter than the days', () => {
    const w = { fiscalYear: 2026, scheme: 'medical' as const, opensAt: jstMidnight(2027, 3, 25), closesAt: APRIL_1 };
    const s = reminderSchedule([w], [14, 3], new Set(), jstMidnight(2027, 3, 20));
    assert.deepEqual(
      s.map((r) => [r.daysBefore, r.dueAt, r.state]),
      [
        [14, w.opensAt, 'upcoming'],
        [3, MARCH_29, 'upcoming'],
      ],
    );
  });
});
