// Reporting windows and the publication setting: who sets them, what is refused and what only
// warned about, that a second set replaces the first, the window's phases at its edges, and that
// every change is audited in its transaction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAudit } from '../audit/audit-log.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { issueAccount } from '../identity/accounts/issue-account.ts';
import { ManualClock } from '../platform/clock.ts';
import { Forbidden, type Actor } from '../policies.ts';
import type { Ports } from '../ports.ts';
import { jstMidnight } from './fiscal-year.ts';
import {
  checkPeriod,
  defaultReferenceDate,
  listPeriods,
  setPublishOn,
  setReportingPeriod,
  setReportingPeriodFromCli,
  windowFor,
  windowPhase,
  type PeriodInput,
} from './periods.ts';

const ORIGIN = { ip: '127.0.0.1', userAgent: 'test' };

async function actor(deps: Ports, category: '都道府県' | '事務局', prefectureCode: string | null): Promise<Actor> {
  const { accountId } = await issueAccount(deps, {
    category,
    displayName: `${category} 担当`,
    email: `p-${Math.random().toString(36).slice(2)}@example.jp`,
    prefectureCode,
    issuedBy: 'test',
  });
  await deps.db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
  return (await deps.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow()) as Actor;
}

/** 東京都 FY2026 医療: 2027-01-07 to 3/31 (until 4/1 00:00), as of 2027-01-01. */
const TOKYO: PeriodInput = {
  prefectureCode: '13',
  fiscalYear: 2026,
  scheme: 'medical',
  opensAt: jstMidnight(2027, 1, 7),
  closesAt: jstMidnight(2027, 4, 1),
  referenceDate: '2027-01-01',
};

forEachEngine('reporting periods', (handle) => {
  test('the prefecture sets its window; it is found and listed, and the change is audited with the window', async () => {
    const clock = new ManualClock();
    const deps = testDeps(handle(), clock);
    const tokyo = await actor(deps, '都道府県', '13');
    assert.deepEqual(await setReportingPeriod(deps, tokyo, TOKYO, ORIGIN), { ok: true });
    const w = await windowFor(deps.db, '13', 2026, 'medical');
    assert.ok(w);
    assert.deepEqual(
      { opensAt: w.opensAt, closesAt: w.closesAt, referenceDate: w.referenceDate, updatedBy: w.updatedBy, updatedAt: w.updatedAt },
      { opensAt: TOKYO.opensAt, closesAt: TOKYO.closesAt, referenceDate: '2027-01-01', updatedBy: tokyo.id, updatedAt: clock.now() },
    );
    assert.equal(await windowFor(deps.db, '13', 2026, 'pharmacy'), undefined);
    assert.equal(await windowFor(deps.db, '13', 2025, 'medical'), undefined);
    const [event] = await listAudit(deps.db, { type: 'reporting.period_set', limit: 1 });
    assert.equal(event!.account_id, tokyo.id);
    assert.deepEqual(JSON.parse(event!.details), { ...TOKYO });
    assert.deepEqual(
      (await listPeriods(deps.db, { prefectureCode: '13' })).map((p) => [p.fiscalYear, p.scheme]),
      [[2026, 'medical']],
    );
  });

  test('a second set replaces the window (one per prefecture, fiscal year and scheme)', async () => {
    const clock = new ManualClock();
    const deps = testDeps(handle(), clock);
    const tokyo = await actor(deps, '都道府県', '13');
    clock.advance(60_000);
    const shorter = { ...TOKYO, closesAt: jstMidnight(2027, 2, 11) };
    assert.deepEqual(await setReportingPeriod(deps, tokyo, shorter, ORIGIN), { ok: true });
    assert.equal((await windowFor(deps.db, '13', 2026, 'medical'))!.closesAt, shorter.closesAt);
    await setReportingPeriod(deps, tokyo, { ...TOKYO, scheme: 'pharmacy', referenceDate: defaultReferenceDate(2026, 'pharmacy') }, ORIGIN);
    const listed = await listPeriods(deps.db, { prefectureCode: '13', fiscalYear: 2026 });
    assert.deepEqual(
      listed.map((p) => [p.scheme, p.referenceDate]),
      [
        ['medical', '2027-01-01'],
        ['pharmacy', '2026-12-31'],
      ],
    );
  });

  test('only the prefecture itself sets its window and its setting', async () => {
    const deps = testDeps(handle(), new ManualClock());
    const osaka = await actor(deps, '都道府県', '27');
    const office = await actor(deps, '事務局', null);
    for (const who of [osaka, office]) {
      await assert.rejects(setReportingPeriod(deps, who, TOKYO, ORIGIN), Forbidden);
      await assert.rejects(setPublishOn(deps, who, '13', 'submit', ORIGIN), Forbidden);
    }
  });

  test('an end not after the start, a window outside the fiscal year and a bad 報告基準日 are refused and nothing is stored', async () => {
    const deps = testDeps(handle(), new ManualClock());
    const osaka = await actor(deps, '都道府県', '27');
    const base = { ...TOKYO, prefectureCode: '27' };
    const cases: Array<[Partial<PeriodInput>, string]> = [
      [{ closesAt: base.opensAt }, 'closes_before_opens'],
      [{ closesAt: base.opensAt - 1 }, 'closes_before_opens'],
      [{ closesAt: jstMidnight(2027, 4, 1) + 1 }, 'outside_fiscal_year'],
      [{ opensAt: jstMidnight(2026, 4, 1) - 1 }, 'outside_fiscal_year'],
      [{ referenceDate: '2027-02-30' }, 'bad_reference_date'],
      [{ referenceDate: '2027/01/01' }, 'bad_reference_date'],
      [{ prefectureCode: '48' }, 'unknown_prefecture'],
      [{ fiscalYear: 2026.5 }, 'bad_fiscal_year'],
    ];
    for (const [change, problem] of cases) {
      const result = await setReportingPeriod(deps, osaka, { ...base, ...change }, ORIGIN).catch((e: unknown) => e);
      // An unknown prefecture is not the actor's: refused by policy before it is checked.
      if (change.prefectureCode) assert.ok(result instanceof Forbidden);
      else assert.deepEqual(result, { ok: false, problem }, JSON.stringify(change));
      assert.deepEqual(checkPeriod({ ...base, ...change }), { problem });
    }
    assert.equal(await windowFor(deps.db, '27', 2026, 'medical'), undefined);
  });

  test('a window reaching outside 1/1–3/31 is kept with a warning (the demo opens in December)', async () => {
    const deps = testDeps(handle(), new ManualClock());
    const kyoto = await actor(deps, '都道府県', '26');
    const december = { ...TOKYO, prefectureCode: '26', opensAt: jstMidnight(2026, 12, 1) };
    assert.deepEqual(await setReportingPeriod(deps, kyoto, december, ORIGIN), { ok: true, warning: 'outside_usual_window' });
    assert.equal((await windowFor(deps.db, '26', 2026, 'medical'))!.opensAt, december.opensAt);
    assert.deepEqual(checkPeriod({ ...december, opensAt: jstMidnight(2027, 1, 1) }), {}, 'from 1/1 00:00 JST is usual');
  });

  test('the CLI sets a window, audited as by the CLI without an account', async () => {
    const deps = testDeps(handle(), new ManualClock());
    const hokkaido = { ...TOKYO, prefectureCode: '01' };
    assert.deepEqual(await setReportingPeriodFromCli(deps, hokkaido), { ok: true });
    assert.equal((await windowFor(deps.db, '01', 2026, 'medical'))!.updatedBy, null);
    const [event] = (await listAudit(deps.db, { type: 'reporting.period_set', limit: 10 })).filter((e) => JSON.parse(e.details).prefectureCode === '01');
    assert.equal(event!.account_id, null);
    assert.deepEqual(JSON.parse(event!.details), { ...hokkaido, by: 'cli' });
  });

  test('the publication setting: set, replaced, audited', async () => {
    const clock = new ManualClock();
    const deps = testDeps(handle(), clock);
    const nara = await actor(deps, '都道府県', '29');
    const stored = () => deps.db.selectFrom('prefecture_reporting_settings').selectAll().where('prefecture_code', '=', '29').executeTakeFirst();
    assert.equal(await stored(), undefined);
    await setPublishOn(deps, nara, '29', 'submit', ORIGIN);
    assert.equal((await stored())!.publish_on, 'submit');
    await setPublishOn(deps, nara, '29', 'accept', ORIGIN);
    assert.deepEqual(
      { ...(await stored()), updated_at: Number((await stored())!.updated_at) },
      {
        prefecture_code: '29',
        publish_on: 'accept',
        updated_at: clock.now(),
        updated_by: nara.id,
      },
    );
    const events = await listAudit(deps.db, { type: 'reporting.settings_set', limit: 10 });
    assert.deepEqual(
      events.map((e) => JSON.parse(e.details)),
      [
        { prefectureCode: '29', publishOn: 'accept' },
        { prefectureCode: '29', publishOn: 'submit' },
      ],
    );
  });
});

test('a window is open from its start up to, not including, its end', () => {
  const w = { opensAt: TOKYO.opensAt, closesAt: TOKYO.closesAt };
  assert.equal(windowPhase(w, w.opensAt - 1), 'before');
  assert.equal(windowPhase(w, w.opensAt), 'open');
  assert.equal(windowPhase(w, w.closesAt - 1), 'open', '3/31 23:59:59.999 JST');
  assert.equal(windowPhase(w, w.closesAt), 'after', '4/1 00:00 JST');
});

test('default 報告基準日: 1 January for 医療, 31 December for 薬局', () => {
  assert.equal(defaultReferenceDate(2026, 'medical'), '2027-01-01');
  assert.equal(defaultReferenceDate(2026, 'pharmacy'), '2026-12-31');
});
