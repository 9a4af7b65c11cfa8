// `gmis reporting export` and `gmis reporting import`, run as the command line runs them on a test
// database: a prefecture's files per kind written to a directory, read back by a dry run and by an
// import with 報告; a file with a problem listed by file, line and column, exit code 1, nothing written.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { Command } from 'commander';
import type { Institution } from '../db/schema.ts';
import { ManualClock } from '../platform/clock.ts';
import { reportCsv } from '../reporting/catalogue/csv.ts';
import { catalogueFor } from '../reporting/catalogue/load.ts';
import { demoValues } from '../reporting/demo-values.ts';
import { jstMidnight } from '../reporting/fiscal-year.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { addInstitution, clearReporting } from '../testing/reporting.ts';
import type { Runtime } from '../runtime.ts';
import { registerReportingCommands } from './reporting.ts';

forEachEngine('gmis reporting import|export', (handle) => {
  const clock = new ManualClock(jstMidnight(2026, 2, 1));
  let clinic: Institution;
  let dir: string;

  /** Runs `gmis reporting …`: what it printed to standard output and to standard error, and the exit code it set. */
  async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    registerReportingCommands(program, (fn) => fn({ deps: testDeps(handle(), clock) } as unknown as Runtime));
    const log = mock.method(console, 'log', () => {});
    const error = mock.method(console, 'error', () => {});
    const before = process.exitCode;
    try {
      await program.parseAsync(['reporting', ...args], { from: 'user' });
      const text = (m: typeof log) => m.mock.calls.map((c) => c.arguments.join(' ')).join('\n');
      return { out: text(log), err: text(error), exitCode: Number(process.exitCode ?? 0) };
    } finally {
      log.mock.restore();
      error.mock.restore();
      process.exitCode = before;
    }
  }

  beforeEach(async () => {
    await clearReporting(handle());
    await addInstitution(handle(), clock, { kind: '病院', name: 'テスト総合病院', institution_code: 'H0001' });
    clinic = await addInstitution(handle(), clock, { kind: '診療所', name: 'テストクリニック', institution_code: 'C0001' });
    await addInstitution(handle(), clock, {
      kind: '診療所',
      name: '大阪のクリニック',
      institution_code: 'C0009',
      prefecture_code: '27',
      municipality_code: '27127',
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-report-csv-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('export writes a file pair per kind; importing them back changes nothing, and --dry-run says so', async () => {
    const exported = await run('export', '--prefecture', '13', '--out', dir);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['13_clinic_hours.csv', '13_clinic_items.csv', '13_hospital_hours.csv', '13_hospital_items.csv']);
    assert.match(exported.out, /^病院: 1 institution\(s\) → .*13_hospital_items\.csv, .*13_hospital_hours\.csv \(utf-8\)\n診療所: 1 institution\(s\)/);
    const items = fs.readFileSync(path.join(dir, '13_clinic_items.csv'), 'utf8');
    assert.match(items, /^\uFEFF都道府県コード,機関コード,名称（正式名称）\[basic\.name\.official\]/);
    assert.match(items, /\r\n13,C0001,テストクリニック,/);

    const dry = await run('import', path.join(dir, '13_clinic_items.csv'), '--hours', path.join(dir, '13_clinic_hours.csv'), '--dry-run');
    assert.equal(dry.exitCode, 0, dry.err);
    assert.equal(dry.out, 'dry run: 1 institution(s): 1 report(s) started (新規報告 1), 0 saved, 1 unchanged (utf-8 / utf-8); nothing written');
    assert.equal((await handle().db.selectFrom('reports').selectAll().execute()).length, 0);

    const sjis = await run('export', '--prefecture', '13', '--kind', '病院', '--encoding', 'shift_jis', '--out', path.join(dir, 'sjis'));
    assert.match(sjis.out, /^病院: 1 institution\(s\) .*\(shift_jis\)$/);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'sjis')).sort(), ['13_hospital_hours.csv', '13_hospital_items.csv']);
  });

  test('import --submit: a complete file starts and hands in the report, audited as by the CLI; a problem is listed and nothing written', async () => {
    const file = path.join(dir, 'items.csv');
    fs.writeFileSync(file, '都道府県コード,機関コード,駐車場（台数）[access.parking.spaces]\r\n13,C0001,十台\r\n13,NOPE,1\r\n');
    const bad = await run('import', file);
    assert.equal(bad.exitCode, 1);
    assert.match(
      bad.err,
      /^2 problem\(s\); nothing was imported\n {2}.*items\.csv 2行目「駐車場（台数）\[access\.parking\.spaces\]」: .*整数で入力してください.*\n {2}.*items\.csv 3行目「機関コード」: /,
    );
    assert.equal((await handle().db.selectFrom('reports').selectAll().execute()).length, 0);

    // Fill the exported template with a complete report and hand it in.
    await run('export', '--prefecture', '13', '--kind', '診療所', '--out', dir);
    const full = reportCsv(catalogueFor(2025, '診療所'), [
      { prefectureCode: '13', institutionCode: clinic.institution_code, values: { ...demoValues('診療所', 2025), 'basic.name.official': clinic.name } },
    ]);
    fs.writeFileSync(path.join(dir, 'full_items.csv'), full.items);
    fs.writeFileSync(path.join(dir, 'full_hours.csv'), full.hours);
    const good = await run('import', path.join(dir, 'full_items.csv'), '--hours', path.join(dir, 'full_hours.csv'), '--submit');
    assert.equal(good.exitCode, 0, good.err);
    assert.equal(good.out, '1 institution(s): 1 report(s) started (新規報告 1), 1 saved, 0 unchanged, 1 submitted (utf-8 / utf-8)');
    const [report] = await handle().db.selectFrom('reports').selectAll().where('institution_id', '=', clinic.id).execute();
    assert.equal(report?.state, 'submitted');
    const [imported] = await handle().db.selectFrom('audit_events').select(['details', 'account_id']).where('type', '=', 'report.imported').execute();
    assert.equal(imported?.account_id, null);
    assert.equal(JSON.parse(imported!.details).by, 'cli');
  });
});
