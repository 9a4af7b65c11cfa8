// `gmis reporting period set|list` and `gmis reporting lapse`, run as the command line runs them on
// a test database: the window a day-only --until means, the CLI's audit entry, a refusal's exit
// code, and a dry run that counts without changing anything.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { Command, CommanderError } from 'commander';
import { listAudit } from '../audit/audit-log.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { jstMidnight } from '../reporting/fiscal-year.ts';
import { windowFor } from '../reporting/periods.ts';
import type { Runtime } from '../runtime.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { registerReportingCommands } from './reporting.ts';

forEachEngine('gmis reporting', (handle) => {
  const clock = new ManualClock(jstMidnight(2026, 12, 2));

  /** Runs `gmis reporting …` and returns what it printed. */
  async function run(...args: string[]): Promise<string> {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    // Subcommands inherit both: a refusal throws CommanderError instead of exiting, quietly.
    registerReportingCommands(program, (fn) => fn({ deps: testDeps(handle(), clock) } as unknown as Runtime));
    const log = mock.method(console, 'log', () => {});
    try {
      await program.parseAsync(['reporting', ...args], { from: 'user' });
      return log.mock.calls.map((c) => c.arguments.join(' ')).join('\n');
    } finally {
      log.mock.restore();
    }
  }

  test('period set: a day-only --until is the last day (closes at the next 00:00 JST); the default 報告基準日; audited as by the CLI', async () => {
    const out = await run(
      'period',
      'set',
      '--prefecture',
      '13',
      '--fiscal-year',
      '2026',
      '--scheme',
      'medical',
      '--from',
      '2027-01-07',
      '--until',
      '2027-03-31',
    );
    assert.match(out, /^13 2026 令和8年度 medical: 2027年1月7日 00:00 から 2027年3月31日まで, 報告基準日 2027-01-01$/);
    const w = await windowFor(handle().db, '13', 2026, 'medical');
    assert.deepEqual([w!.opensAt, w!.closesAt, w!.referenceDate], [jstMidnight(2027, 1, 7), jstMidnight(2027, 4, 1), '2027-01-01']);
    const [event] = await listAudit(handle().db, { type: 'reporting.period_set', limit: 1 });
    assert.equal(JSON.parse(event!.details).by, 'cli');
    assert.equal(event!.account_id, null);
  });

  test('period set: a window reaching outside 1/1–3/31 is set with a note; pharmacy defaults to 12/31', async () => {
    const out = await run(
      'period',
      'set',
      '--prefecture',
      '13',
      '--fiscal-year',
      '2026',
      '--scheme',
      'pharmacy',
      '--from',
      '2026-12-01',
      '--until',
      '2027-02-10 17:00',
    );
    assert.match(out, /2027年2月10日 17:00まで, 報告基準日 2026-12-31\nnote: /);
    assert.equal((await windowFor(handle().db, '13', 2026, 'pharmacy'))!.closesAt, jstMidnight(2027, 2, 10) + 17 * 3_600_000);
  });

  test('period list prints the windows (text and JSON)', async () => {
    const text = await run('period', 'list', '--prefecture', '13');
    assert.deepEqual(
      text.split('\n').map((l) => l.split(/\s+/).slice(0, 4).join(' ')),
      ['13 2026 令和8年度 medical', '13 2026 令和8年度 pharmacy'],
    );
    const json = JSON.parse(await run('period', 'list', '--fiscal-year', '2026', '--json')) as Array<{ scheme: string; closesAt: string }>;
    assert.deepEqual(
      json.map((r) => [r.scheme, r.closesAt]),
      [
        ['medical', '2027-03-31T15:00:00.000Z'],
        ['pharmacy', '2027-02-10T08:00:00.000Z'],
      ],
    );
    assert.equal(await run('period', 'list', '--prefecture', '27'), 'no reporting windows set');
  });

  test('period set refuses an end before the start and a bad option, with exit code 2, and stores nothing', async () => {
    const refused = (p: Promise<unknown>) => assert.rejects(p, (err: unknown) => err instanceof CommanderError && err.exitCode !== 0);
    await refused(run('period', 'set', '--prefecture', '27', '--fiscal-year', '2026', '--scheme', 'medical', '--from', '2027-03-01', '--until', '2027-02-01'));
    await refused(run('period', 'set', '--prefecture', '99', '--fiscal-year', '2026', '--scheme', 'medical', '--from', '2027-01-01', '--until', '2027-03-31'));
    await refused(run('period', 'set', '--prefecture', '27', '--fiscal-year', '2026', '--scheme', 'dental', '--from', '2027-01-01', '--until', '2027-03-31'));
    assert.equal(await windowFor(handle().db, '27', 2026, 'medical'), undefined);
  });

  test('lapse --dry-run counts without changing anything; a real run before the year ended is refused', async () => {
    await publishedClinic(handle());
    assert.equal(await run('lapse', '--fiscal-year', '2026', '--dry-run'), '2026 令和8年度: would unpublish 1, kept 0');
    const f = await handle().db.selectFrom('published_facilities').select(['visible', 'lapsed_at']).executeTakeFirstOrThrow();
    assert.deepEqual([f.visible, f.lapsed_at], [1, null]);
    await assert.rejects(run('lapse', '--fiscal-year', '2026'), (err: unknown) => err instanceof CommanderError && err.exitCode === 2);
    assert.deepEqual(await listAudit(handle().db, { type: 'publication.lapsed' }), []);
  });
});

/** A clinic published in this fiscal year, without a 定期報告 of it. */
async function publishedClinic(h: DatabaseHandle): Promise<void> {
  const t = jstMidnight(2026, 6, 1);
  await h.db
    .insertInto('institutions')
    .values({
      id: 'inst-1',
      kind: '診療所',
      prefecture_code: '13',
      institution_code: '1',
      insurance_code: null,
      name: 'テストクリニック',
      name_kana: 'テストクリニック',
      municipality_code: '13101',
      postcode: '1000001',
      address: '東京都千代田区千代田1-1',
      building: null,
      phone: '03-0000-0000',
      status: 'open',
      created_at: t,
      updated_at: t,
    })
    .execute();
  await h.db
    .insertInto('reports')
    .values({
      id: 'r-1',
      institution_id: 'inst-1',
      institution_kind: '診療所',
      prefecture_code: '13',
      municipality_code: '13101',
      fiscal_year: 2026,
      kind: 'new',
      state: 'accepted',
      catalogue: '2026:medical',
      current_version: 1,
      started_at: t,
      submitted_at: t,
      updated_at: t,
    })
    .execute();
  await h.db
    .insertInto('publications')
    .values({ id: 'p-1', institution_id: 'inst-1', report_id: 'r-1', report_version: 1, catalogue: '2026:medical', values: '{}', published_at: t })
    .execute();
  await h.db
    .insertInto('published_facilities')
    .values({
      institution_id: 'inst-1',
      facility_id: '1320000000001',
      kind: '診療所',
      prefecture_code: '13',
      municipality_code: '13101',
      name: 'テストクリニック',
      name_kana: 'テストクリニック',
      publication_id: 'p-1',
      published_at: t,
      visible: 1,
      updated_at: t,
    })
    .execute();
}
