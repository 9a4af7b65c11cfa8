// The institution's commands on both engines: which starts the home allows (window, last year's
// data, an open report), the prefill (新規 from the master, 定期 from the last accepted report),
// saves with their versions and the conflict, 報告 only when complete, 引き戻し racing 確認 (exactly
// one wins), and 破棄.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Account, Institution, Report } from '../db/schema.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { actorOf } from '../policies.ts';
import { addAccount, addInstitution, clearReporting, fillReport, ORIGIN, setWindow } from '../testing/reporting.ts';
import { demoValues } from './demo-values.ts';
import { jstMidnight } from './fiscal-year.ts';
import { reportingHome } from './home.ts';
import { listVersions, findReport } from './report-repository.ts';
import { carriedOverFrom, discardReport, saveReport, startReport, submitReport, withdrawReport, type ReportingDeps } from './reports.ts';
import { acceptReport } from './review.ts';

/** A clock the tests set. */
const clock = { ms: jstMidnight(2026, 2, 1), now: () => clock.ms };

forEachEngine('reporting commands', (handle) => {
  const deps = (): ReportingDeps => testDeps(handle(), clock);
  let clinic: Institution;
  let staff: Account;
  let tokyo: Account;

  const actor = (a: Account) => actorOf(handle().db, a);
  /** FY2025 window of 東京都 (medical): 2026-01-07 to 3/31, 報告基準日 2026-01-01. */
  const window2025 = () =>
    setWindow(handle(), {
      prefectureCode: '13',
      fiscalYear: 2025,
      scheme: 'medical',
      opensAt: jstMidnight(2026, 1, 7),
      closesAt: jstMidnight(2026, 4, 1),
      referenceDate: '2026-01-01',
    });
  const window2026 = () =>
    setWindow(handle(), {
      prefectureCode: '13',
      fiscalYear: 2026,
      scheme: 'medical',
      opensAt: jstMidnight(2027, 1, 7),
      closesAt: jstMidnight(2027, 4, 1),
      referenceDate: '2027-01-01',
    });

  /** A 新規報告 of FY2025 filled with the demo values, submitted and accepted by 東京都. */
  async function acceptedNewReport(): Promise<string> {
    const started = await startReport(deps(), await actor(staff), 'new', ORIGIN);
    assert.ok(started.ok, JSON.stringify(started));
    await fillReport(handle(), clock, started.reportId, { ...demoValues('診療所', 2025), 'basic.name.official': clinic.name });
    const submitted = await submitReport(deps(), await actor(staff), started.reportId, undefined, ORIGIN);
    assert.ok(submitted.ok, JSON.stringify(submitted));
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), started.reportId, ORIGIN), { ok: true });
    return started.reportId;
  }

  beforeEach(async () => {
    clock.ms = jstMidnight(2026, 2, 1);
    await clearReporting(handle());
    clinic = await addInstitution(handle(), clock, { name: '銀座みらいクリニック', name_kana: 'ギンザミライクリニック' });
    staff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
  });

  test('a new institution may make a 新規報告 only; it starts from the facility master', async () => {
    await window2025();
    const home = await reportingHome(deps(), await actor(staff), clock.now());
    assert.deepEqual(home.actions.new, { enabled: true });
    assert.deepEqual(home.actions.periodic, { enabled: false, reason: 'no_previous_data' });
    assert.deepEqual(home.actions.change, { enabled: false, reason: 'no_previous_data' });
    assert.equal(home.annual, 'unreported');
    assert.deepEqual(await startReport(deps(), await actor(staff), 'periodic', ORIGIN), { ok: false, problem: 'no_previous_data' });

    const started = await startReport(deps(), await actor(staff), 'new', ORIGIN);
    assert.ok(started.ok);
    const report = await findReport(handle().db, started.reportId);
    assert.equal(report?.state, 'draft');
    assert.equal(report?.fiscal_year, 2025);
    assert.equal(report?.catalogue, '2025:medical');
    assert.equal(report?.reference_date, '2026-01-01');
    const v1 = await handle().db.selectFrom('report_versions').selectAll().where('report_id', '=', started.reportId).executeTakeFirstOrThrow();
    assert.equal(v1.source, 'prefill');
    const values = JSON.parse(v1.values) as Record<string, unknown>;
    assert.equal(values['basic.name.official'], '銀座みらいクリニック');
    assert.equal(values['basic.name.official_kana'], 'ギンザミライクリニック');
    assert.equal(values['basic.phone.phone'], '03-1234-5678');
    assert.match(String(values['basic.location.address']), /^東京都中央区銀座1-2-3/);

    // One open report at a time; the home points at it.
    assert.deepEqual(await startReport(deps(), await actor(staff), 'new', ORIGIN), { ok: false, problem: 'open_report' });
    const after = await reportingHome(deps(), await actor(staff), clock.now());
    assert.equal(after.openReportId, started.reportId);
    assert.equal(after.annual, 'draft');
    const audit = await handle().db.selectFrom('audit_events').select(['type', 'details']).where('type', '=', 'report.started').execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0]!.details).reportId, started.reportId);
  });

  test('定期報告: only inside the window and with last year’s accepted data, prefilled from it', async () => {
    await window2025();
    const accepted = await acceptedNewReport();

    // FY2026 has no window yet.
    clock.ms = jstMidnight(2026, 12, 1);
    let home = await reportingHome(deps(), await actor(staff), clock.now());
    assert.deepEqual(home.actions.periodic, { enabled: false, reason: 'no_window' });
    assert.deepEqual(home.actions.new, { enabled: false, reason: 'already_accepted' });
    assert.deepEqual(home.actions.change, { enabled: true });
    // Before the window opens.
    await window2026();
    home = await reportingHome(deps(), await actor(staff), clock.now());
    assert.deepEqual(home.actions.periodic, { enabled: false, reason: 'outside_window' });
    assert.deepEqual(await startReport(deps(), await actor(staff), 'periodic', ORIGIN), { ok: false, problem: 'outside_window' });
    // Inside it.
    clock.ms = jstMidnight(2027, 1, 7);
    home = await reportingHome(deps(), await actor(staff), clock.now());
    assert.deepEqual(home.actions.periodic, { enabled: true });
    const started = await startReport(deps(), await actor(staff), 'periodic', ORIGIN);
    assert.ok(started.ok);
    const report = await findReport(handle().db, started.reportId);
    assert.equal(report?.fiscal_year, 2026);
    assert.equal(report?.catalogue, '2026:medical');
    assert.equal(report?.baseline_report_id, accepted);
    const v1 = await handle().db.selectFrom('report_versions').select('values').where('report_id', '=', started.reportId).executeTakeFirstOrThrow();
    const acceptedValues = await handle()
      .db.selectFrom('report_versions')
      .select('values')
      .where('report_id', '=', accepted)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(v1.values), JSON.parse(acceptedValues.values));

    // Once reported, the year's 定期報告 is done.
    assert.ok((await submitReport(deps(), await actor(staff), started.reportId, undefined, ORIGIN)).ok);
    assert.ok((await acceptReport(deps(), await actor(tokyo), started.reportId, ORIGIN)).ok);
    home = await reportingHome(deps(), await actor(staff), clock.now());
    assert.deepEqual(home.actions.periodic, { enabled: false, reason: 'already_reported' });
    assert.equal(home.annual, 'accepted');
    // After the window closes.
    clock.ms = jstMidnight(2027, 4, 1);
    home = await reportingHome(deps(), await actor(staff), clock.now());
    assert.deepEqual(home.actions.periodic, { enabled: false, reason: 'no_window' });
  });

  test('each save is a new version; a save on a stale version is a conflict with both sides, never an overwrite', async () => {
    const started = await startReport(deps(), await actor(staff), 'new', ORIGIN);
    assert.ok(started.ok);
    const me = await actor(staff);
    const first = await saveReport(deps(), me, started.reportId, {
      baseVersion: 1,
      section: 'access',
      form: { 'f.access.transport.text': '銀座駅から徒歩3分' },
    });
    assert.deepEqual(first, { ok: true, version: 2, problems: {} });
    // A second browser still on version 1.
    const second = await saveReport(deps(), me, started.reportId, {
      baseVersion: 1,
      section: 'access',
      form: { 'f.access.transport.text': '東銀座駅から徒歩5分' },
    });
    assert.equal(second.ok, false);
    assert.ok(!second.ok && second.problem === 'conflict');
    assert.equal(second.theirs.version, 2);
    assert.equal(second.theirs.values['access.transport.text'], '銀座駅から徒歩3分');
    assert.equal(second.mine['access.transport.text'], '東銀座駅から徒歩5分');
    // 「自分の入力で保存する」: saved over theirs, as version 3.
    const override = await saveReport(deps(), me, started.reportId, {
      baseVersion: second.theirs.version,
      section: 'access',
      form: { 'f.access.transport.text': '東銀座駅から徒歩5分' },
      source: 'override',
    });
    assert.deepEqual(override, { ok: true, version: 3, problems: {} });
    assert.deepEqual(
      (await listVersions(handle().db, started.reportId)).map((v) => [v.version, v.source]),
      [
        [1, 'prefill'],
        [2, 'form'],
        [3, 'override'],
      ],
    );
    // Another institution's account cannot see it.
    const other = await addInstitution(handle(), clock);
    const stranger = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: other.id });
    assert.deepEqual(await saveReport(deps(), await actor(stranger), started.reportId, { baseVersion: 3, section: 'access', form: {} }), {
      ok: false,
      problem: 'not_found',
    });
    // Two saves at once on the same version: one is stored, the other is a conflict.
    const racing = await Promise.all(
      ['一', '二'].map((n) => saveReport(deps(), me, started.reportId, { baseVersion: 3, section: 'access', form: { 'f.access.transport.text': n } })),
    );
    assert.equal(racing.filter((r) => r.ok).length, 1);
    assert.equal(racing.filter((r) => !r.ok && r.problem === 'conflict').length, 1);
  });

  test('報告 only when complete; it records how many items differ from what is published', async () => {
    const started = await startReport(deps(), await actor(staff), 'new', ORIGIN);
    assert.ok(started.ok);
    const incomplete = await submitReport(deps(), await actor(staff), started.reportId, undefined, ORIGIN);
    assert.ok(!incomplete.ok && incomplete.problem === 'incomplete');
    assert.ok(
      Object.keys(incomplete.problems).some((k) => k.endsWith('basic.hours.hours')),
      Object.keys(incomplete.problems).join(),
    );
    assert.equal((await findReport(handle().db, started.reportId))?.state, 'draft');

    const version = await fillReport(handle(), clock, started.reportId, demoValues('診療所', 2025));
    assert.deepEqual(await submitReport(deps(), await actor(staff), started.reportId, version - 1, ORIGIN), { ok: false, problem: 'stale' });
    const submitted = await submitReport(deps(), await actor(staff), started.reportId, version, ORIGIN);
    assert.ok(submitted.ok);
    assert.equal(submitted.state, 'submitted');
    assert.ok(submitted.changedItems > 10, String(submitted.changedItems));
    assert.equal(submitted.published, false);
    const report = await findReport(handle().db, started.reportId);
    assert.equal(report?.compared_publication_id, null);
    assert.equal(report?.changed_items, submitted.changedItems);
    assert.equal(report?.submitted_by, staff.id);
    // Not editable any more, and not twice.
    assert.deepEqual(await saveReport(deps(), await actor(staff), started.reportId, { baseVersion: version, section: 'all', form: {} }), {
      ok: false,
      problem: 'not_editable',
    });
    assert.deepEqual(await submitReport(deps(), await actor(staff), started.reportId, undefined, ORIGIN), { ok: false, problem: 'already_processed' });
  });

  test('引き戻し brings a report back; racing 確認, exactly one of them wins', async () => {
    const started = await startReport(deps(), await actor(staff), 'new', ORIGIN);
    assert.ok(started.ok);
    await fillReport(handle(), clock, started.reportId, demoValues('診療所', 2025));
    assert.ok((await submitReport(deps(), await actor(staff), started.reportId, undefined, ORIGIN)).ok);
    assert.deepEqual(await withdrawReport(deps(), await actor(staff), started.reportId, ORIGIN), { ok: true, state: 'draft' });
    assert.ok((await submitReport(deps(), await actor(staff), started.reportId, undefined, ORIGIN)).ok);

    const [withdrawn, accepted] = await Promise.all([
      withdrawReport(deps(), await actor(staff), started.reportId, ORIGIN),
      acceptReport(deps(), await actor(tokyo), started.reportId, ORIGIN),
    ]);
    assert.equal([withdrawn.ok, accepted.ok].filter(Boolean).length, 1, JSON.stringify({ withdrawn, accepted }));
    const state = (await findReport(handle().db, started.reportId))?.state;
    assert.equal(state, withdrawn.ok ? 'draft' : 'accepted');
    const loser = withdrawn.ok ? accepted : withdrawn;
    assert.deepEqual(loser, { ok: false, problem: 'already_processed' });
    // After 確認, 引き戻し is refused.
    if (state === 'accepted')
      assert.deepEqual(await withdrawReport(deps(), await actor(staff), started.reportId, ORIGIN), { ok: false, problem: 'already_processed' });
    const events = await handle().db.selectFrom('audit_events').select('type').where('type', 'in', ['report.withdrawn', 'report.accepted']).execute();
    assert.equal(events.length, 2);
  });

  test('破棄 gives up a draft; a new report may start after it', async () => {
    const started = await startReport(deps(), await actor(staff), 'new', ORIGIN);
    assert.ok(started.ok);
    assert.deepEqual(await discardReport(deps(), await actor(staff), started.reportId, ORIGIN), { ok: true, state: 'discarded' });
    assert.deepEqual(await discardReport(deps(), await actor(staff), started.reportId, ORIGIN), { ok: false, problem: 'already_processed' });
    assert.equal((await listVersions(handle().db, started.reportId)).length, 1);
    const again = await startReport(deps(), await actor(staff), 'new', ORIGIN);
    assert.ok(again.ok);
    const home = await reportingHome(deps(), await actor(staff), clock.now());
    assert.deepEqual(
      home.reports.map((r) => r.state),
      ['draft', 'discarded'],
    );
    assert.equal((await handle().db.selectFrom('audit_events').select('type').where('type', '=', 'report.discarded').execute()).length, 1);
  });
});

test('the report a 定期・随時 carries over: the latest accepted 新規・定期・随時 by time of 確認 (the later id on a tie), none for 新規 and 休止・廃止・再開', () => {
  const r = (id: string, kind: Report['kind'], state: Report['state'], decided: number | null) =>
    ({ id, kind, state, decided_at: decided }) as unknown as Report;
  const reports = [
    r('a', 'new', 'accepted', 10),
    r('b', 'change', 'accepted', 30),
    r('c', 'periodic', 'accepted', 30),
    r('d', 'suspension', 'accepted', 50),
    r('e', 'periodic', 'returned', 60),
    r('f', 'change', 'draft', null),
  ];
  assert.equal(carriedOverFrom('periodic', reports)?.id, 'c');
  assert.equal(carriedOverFrom('change', reports)?.id, 'c');
  assert.equal(carriedOverFrom('change', reports.slice(0, 1))?.id, 'a');
  assert.equal(carriedOverFrom('new', reports), undefined);
  assert.equal(carriedOverFrom('closure', reports), undefined);
  assert.equal(carriedOverFrom('periodic', reports.slice(3)), undefined);
});
