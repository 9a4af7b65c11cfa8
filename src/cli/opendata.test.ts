// `gmis opendata import|export` run as the command line runs them, on the real platform over SQLite and
// PostgreSQL, with the reader's fixture snapshot (src/opendata/fixtures/snapshot-2026): the import report
// (counts, notes by file and column), each facility's page on 医療情報ネット, a 公表停止 that survives a
// newer snapshot, a second snapshot without a facility unpublishing it, a refused snapshot and a dry run
// writing nothing, and what export writes imported back unchanged. The tests run in order on one database:
// each snapshot follows the one before.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, mock, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { listAudit } from '../audit/audit-log.ts';
import { ManualClock } from '../platform/clock.ts';
import { jstMidnight } from '../reporting/fiscal-year.ts';
import { clearStopped, markStopped } from '../reporting/publication-repository.ts';
import type { Runtime } from '../runtime.ts';
import { describeEachEngine } from '../testing/db.ts';
import { Browser } from '../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../testing/platform.ts';
import { registerOpenDataCommands, takenOnFromNames } from './opendata.ts';

const FIXTURES = fileURLToPath(new URL('../opendata/fixtures/snapshot-2026/', import.meta.url));
const HOSPITAL = '1311234567890';
const PHARMACY = '1350000000008';
const OTHER_PHARMACY = '1350000000009';

/** A copy of the fixture snapshot in a new directory, each file passed through `edit` (by file name). */
function snapshotCopy(root: string, name: string, edit: (file: string, text: string) => string = (_, t) => t): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  for (const file of fs.readdirSync(FIXTURES)) fs.writeFileSync(path.join(dir, file), edit(file, fs.readFileSync(path.join(FIXTURES, file), 'utf8')));
  return dir;
}

describeEachEngine('gmis opendata import|export', (engine) => {
  let platform: TestPlatform;
  let navi: Browser;
  let root: string;
  const clock = new ManualClock(jstMidnight(2026, 6, 10));
  const db = () => platform.rt.deps.db;

  /** Runs `gmis opendata …`: what it printed to standard output and error, and the exit code it set. */
  async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    registerOpenDataCommands(program, (fn) => fn({ deps: platform.rt.deps } as unknown as Runtime));
    const log = mock.method(console, 'log', () => {});
    const error = mock.method(console, 'error', () => {});
    const before = process.exitCode;
    try {
      await program.parseAsync(['opendata', ...args], { from: 'user' });
      const text = (m: typeof log) => m.mock.calls.map((c) => c.arguments.join(' ')).join('\n');
      return { out: text(log), err: text(error), exitCode: Number(process.exitCode ?? 0) };
    } finally {
      log.mock.restore();
      error.mock.restore();
      process.exitCode = before;
    }
  }
  const counts = async () =>
    Promise.all(
      (['institutions', 'publications', 'published_facilities', 'opendata_snapshots', 'audit_events'] as const).map(async (t) =>
        Number(
          (
            await db()
              .selectFrom(t)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    );
  const page = (id: string) => navi.get(`/facilities/${id}`);

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    navi = new Browser(platform.url.navi);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-opendata-'));
  });
  after(async () => {
    await platform.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('import: the report (counts, notes by file and column with their lines), audited as by the CLI; each facility on its page', async () => {
    assert.equal(takenOnFromNames(FIXTURES), '2026-06-01', 'from 01-1_hospital_facility_info_20260601.csv');
    const r = await run('import', FIXTURES);
    assert.equal(r.exitCode, 0, r.err);
    const [summary, notes, ...lines] = r.out.split('\n');
    assert.match(
      summary!,
      /^snapshot of 2026-06-01 \(FY2026 catalogue\), 8 file\(s\), 9 facilities: 9 published for the first time, 0 updated, 0 unchanged, 0 unpublished/,
    );
    assert.match(summary!, /master 9 added, 0 updated$/);
    assert.match(notes!, /^\d+ value\(s\) normalised or dropped \(by file and column\):$/);
    const pharmacyAt = lines.indexOf('  05_pharmacy');
    assert.ok(pharmacyAt > 0, 'the notes grouped by file');
    assert.match(
      lines.slice(pharmacyAt + 1).join('\n'),
      /^ {4}「所在地座標（緯度）」 1: 座標が0\.0のため、座標なしとして取り込みました。 \(line 3; line 3: "0\.0"\)/m,
    );
    assert.match(r.out, /「案内用ホームページアドレス」 1: ホームページアドレスがURLの形ではないため、取り込みませんでした。 \(line 3; line 3: "なし"\)/);

    const hospital = await page(HOSPITAL);
    assert.equal(hospital.status, 200);
    assert.match(hospital.body, /Ｔａｋａｈａｓｈｉ総合病院/);
    assert.match(hospital.body, /内科/);
    for (const id of [PHARMACY, OTHER_PHARMACY, '132A000000003', '1340000000007']) assert.equal((await page(id)).status, 200, id);
    const [event] = await listAudit(db(), { type: 'opendata.imported', limit: 1 });
    assert.deepEqual(JSON.parse(event!.details), {
      ...JSON.parse(event!.details),
      takenOn: '2026-06-01',
      listed: 9,
      newlyPublished: 9,
      by: 'cli',
    });
  });

  test('公表停止 by the prefecture survives a newer snapshot that renames the facility; lifted, the page shows the new name', async () => {
    const { institution_id } = await db()
      .selectFrom('published_facilities')
      .select('institution_id')
      .where('facility_id', '=', PHARMACY)
      .executeTakeFirstOrThrow();
    await markStopped(db(), institution_id, clock.now(), '問い合わせ中');
    clock.advance(86_400_000);
    const renamed = snapshotCopy(root, 'renamed', (file, t) => (file === '05_pharmacy.csv' ? t.replace('ひかり薬局', 'ひかり調剤薬局') : t));
    const r = await run('import', renamed, '--taken-on', '2026-06-05');
    assert.equal(r.exitCode, 0, r.err);
    assert.match(r.out, /9 facilities: 0 published for the first time, 1 updated, 8 unchanged, 0 unpublished/);
    assert.equal((await page(PHARMACY)).status, 404, 'still stopped');
    await clearStopped(db(), institution_id, clock.now());
    assert.match((await page(PHARMACY)).body, /ひかり調剤薬局/);
  });

  test('a second snapshot without a facility unpublishes it; the others stay', async () => {
    const without = snapshotCopy(root, 'without', (file, t) =>
      file === '05_pharmacy.csv' ? t.replace('ひかり薬局', 'ひかり調剤薬局').replace(/\r?\n1350000000009,[^\n]*/, '') : t,
    );
    const r = await run('import', without, '--taken-on', '2026-12-01');
    assert.equal(r.exitCode, 0, r.err);
    assert.match(
      r.out,
      /snapshot of 2026-12-01 \(FY2026 catalogue\), 8 file\(s\), 8 facilities: 0 published for the first time, 0 updated, 8 unchanged, 1 unpublished/,
    );
    assert.equal((await page(OTHER_PHARMACY)).status, 404);
    assert.equal((await page(HOSPITAL)).status, 200);
    // Only the pharmacy file: it says nothing of the other kinds.
    const alone = path.join(root, 'alone');
    fs.mkdirSync(alone);
    fs.copyFileSync(path.join(without, '05_pharmacy.csv'), path.join(alone, '05_pharmacy.csv'));
    assert.match((await run('import', alone, '--taken-on', '2026-12-02')).out, /1 file\(s\), 1 facilities: .* 1 unchanged, 0 unpublished/);
    assert.equal((await page(HOSPITAL)).status, 200);
  });

  test('a refused snapshot writes nothing: where and why on standard error, exit code 1; a dry run writes nothing either', async () => {
    const before = await counts();
    const broken = snapshotCopy(root, 'broken', (file, t) => (file === '03-1_dental_facility_info.csv' ? t.replace('1330000000006,', '13300000006,') : t));
    const r = await run('import', broken);
    assert.equal(r.exitCode, 1);
    assert.match(
      r.err,
      /^refused: 03-1_dental_facility_info 2行目 「ID」: ID「13300000006」は、都道府県コード2桁・機関区分1桁・機関コード10桁の13文字ではありません。/,
    );
    assert.match(r.err, /\nnothing was imported/);
    assert.deepEqual(await counts(), before);

    const dry = await run('import', FIXTURES, '--dry-run');
    assert.equal(dry.exitCode, 0, dry.err);
    assert.match(
      dry.out,
      /^dry run: snapshot of 2026-06-01 .* 9 facilities: 0 published for the first time, 2 updated, 7 unchanged, 0 unpublished .*; nothing written$/m,
    );
    assert.deepEqual(await counts(), before);
    assert.equal((await page(OTHER_PHARMACY)).status, 404);
  });

  test('export writes the 8 files of what is published; importing them back changes nothing', async () => {
    const out = path.join(root, 'export');
    const r = await run('export', out, '--date', '2026-12-10');
    assert.equal(r.exitCode, 0, r.err);
    assert.deepEqual(
      fs.readdirSync(out).sort(),
      fs
        .readdirSync(FIXTURES)
        .map((f) => f.replace(/(_20260601)?\.csv$/, '_20261210.csv'))
        .sort(),
    );
    const pharmacies = fs.readFileSync(path.join(out, '05_pharmacy_20261210.csv'), 'utf8');
    assert.ok(pharmacies.startsWith('\uFEFFID,名称,フリガナ,'), 'UTF-8 with a BOM, the headers of the format');
    assert.match(pharmacies, /\r\n1350000000008,ひかり調剤薬局,/);
    assert.doesNotMatch(pharmacies, /1350000000009/, 'an unpublished record is not exported');
    assert.match(r.out, /05_pharmacy_20261210\.csv: 1 row\(s\)/);

    const before = await counts();
    const back = await run('import', out);
    assert.equal(back.exitCode, 0, back.err);
    assert.match(back.out, /snapshot of 2026-12-10 .* 8 facilities: 0 published for the first time, 0 updated, 8 unchanged, 0 unpublished/);
    const [institutions, publications, records] = await counts();
    assert.deepEqual([institutions, publications, records], before.slice(0, 3), 'no row written but the snapshot and its audit event');
  });
});
