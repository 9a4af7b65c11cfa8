// `gmis opendata import DIR` and `gmis opendata export DIR`: a snapshot of the ministry's open data
// (OPEN-DATA.md, any subset of its 8 files) read as it streams and published through publishSnapshot in
// one transaction — with a progress bar, then the import report: the counts, and the values the reader
// normalised or dropped by file and column, each with its count and first lines; a snapshot that cannot
// be placed is refused whole (where, and why; exit code 1; nothing written). And the published records
// written back as the 8 files, so the product publishes open data itself.
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { INSTITUTION_KINDS, type InstitutionKind } from '../db/schema.ts';
import { openPreparedSnapshot, type PreparedSnapshot } from '../opendata/prepare.ts';
import type { NoteCount } from '../opendata/read.ts';
import { SnapshotRefused, type ImportNote, type ImportRefusal } from '../opendata/types.ts';
import { writeSnapshot } from '../opendata/write.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { fiscalYearOf, jstDateOf, jstMidnight } from '../reporting/fiscal-year.ts';
import { publishedRecords, publishSnapshot, type SnapshotResult } from '../reporting/publication.ts';
import type { Runtime } from '../runtime.ts';
import { fiscalYear } from './arguments.ts';
import { progress } from './institutions.ts';

type WithRuntime = <T>(fn: (rt: Runtime) => Promise<T>) => Promise<T>;

/** A day as YYYY-MM-DD (or YYYYMMDD, as the ministry's file names write it). */
function day(value: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  const d = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw new InvalidArgumentError('a date such as 2026-06-01');
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function kindOption(value: string, previous: InstitutionKind[] | undefined): InstitutionKind[] {
  const kinds = value.split(',').map((k) => k.trim());
  for (const k of kinds) if (!(INSTITUTION_KINDS as readonly string[]).includes(k)) throw new InvalidArgumentError(`one of ${INSTITUTION_KINDS.join(', ')}`);
  return [...(previous ?? []), ...(kinds as InstitutionKind[])];
}

/** The day a snapshot was taken, as its file names say (…_20260601.csv) or its directory's name, if either does. */
export function takenOnFromNames(dir: string): string | undefined {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  for (const candidate of [...names.map((n) => /_(\d{8})\.csv$/i.exec(n)?.[1]), /(?:^|\D)(\d{8})(?:\D|$)/.exec(path.basename(path.resolve(dir)))?.[1]]) {
    if (candidate === undefined) continue;
    try {
      return day(candidate);
    } catch {
      // Eight digits that are not a date: look further.
    }
  }
  return undefined;
}

const message = (what: string): string => {
  const m = (MESSAGES as Record<string, unknown>)[what];
  return typeof m === 'string' ? m : what;
};

const where = (r: ImportRefusal): string =>
  [r.file, r.line === undefined ? undefined : `${r.line}行目`, r.column === undefined ? undefined : `「${r.column}」`].filter((s) => s !== undefined).join(' ');

/** How many lines of each note are printed (the reader keeps a few more). */
const LINES_SHOWN = 5;

/** The import report's notes: by file, then column, each kind with its count, first lines and the first value as published. */
export function noteReport(counts: readonly NoteCount[], samples: readonly ImportNote[]): string[] {
  if (counts.length === 0) return ['no values needed normalising'];
  const total = counts.reduce((n, c) => n + c.count, 0);
  const out = [`${total} value(s) normalised or dropped (by file and column):`];
  const sorted = [...counts].sort((a, b) => a.file.localeCompare(b.file) || a.column.localeCompare(b.column) || b.count - a.count);
  let file: string | undefined;
  for (const c of sorted) {
    if (c.file !== file) out.push(`  ${(file = c.file)}`);
    const lines = c.lines.slice(0, LINES_SHOWN).join(', ') + (c.count > LINES_SHOWN ? ', …' : '');
    const sample = samples.find((s) => s.file === c.file && s.column === c.column && s.what === c.what && s.detail !== undefined);
    out.push(`    「${c.column}」 ${c.count}: ${message(c.what)} (line ${lines}${sample ? `; line ${sample.line}: ${JSON.stringify(sample.detail)}` : ''})`);
  }
  return out;
}

function summary(r: SnapshotResult, reader: PreparedSnapshot): string {
  return (
    `snapshot of ${r.takenOn} (FY${r.fiscalYear} catalogue), ${reader.files.length} file(s), ${r.facilities} facilities: ` +
    `${r.created} published for the first time, ${r.updated} updated, ${r.unchanged} unchanged, ${r.unpublished} unpublished (no longer listed), ` +
    `${r.keptReported} kept as reported, ${r.withheld} withheld (外来区分 9); master ${r.masterCreated} added, ${r.masterUpdated} updated`
  );
}

export function registerOpenDataCommands(program: Command, withRuntime: WithRuntime): void {
  const opendata = program
    .command('opendata')
    .description('医療情報ネット open data (the ministry’s 8 CSV files): import a snapshot, export what is published');

  opendata
    .command('import <dir>')
    .description(
      'read a snapshot (any subset of the 8 files, UTF-8 with or without a BOM) and publish it in one transaction: the facility master created or updated, ' +
        'each facility’s record shown, the open-data records of the kinds it covers that it no longer lists unpublished (records published from reports are never touched). ' +
        'Imperfect values are normalised or dropped and counted; a row that cannot be placed refuses the whole snapshot (nothing written, exit code 1)',
    )
    .option('--dry-run', 'read, check and count everything; write nothing')
    .option('--taken-on <date>', 'the day the ministry took the snapshot (default: the date in its file names, e.g. …_20260601.csv, else today)', day)
    .option('--keep-missing', 'leave published the open-data records the snapshot no longer lists')
    .action((dir: string, o: { dryRun?: boolean; takenOn?: string; keepMissing?: boolean }) =>
      withRuntime(async (rt) => {
        const takenOn = o.takenOn ?? takenOnFromNames(dir) ?? jstDateOf(rt.deps.clock.now());
        const fy = fiscalYearOf(jstMidnight(Number(takenOn.slice(0, 4)), Number(takenOn.slice(5, 7)), Number(takenOn.slice(8, 10))));
        const bar = progress(o.dryRun ? '確認中' : '取り込み中');
        let reader: PreparedSnapshot | undefined;
        try {
          reader = await openPreparedSnapshot(dir, { fiscalYear: fy, extras: false, onProgress: (p) => bar(p.bytesRead, p.totalBytes) });
          const result = await publishSnapshot(rt.deps.db, rt.deps, reader, {
            takenOn,
            fiscalYear: fy,
            unpublishMissing: o.keepMissing !== true,
            kinds: reader.kinds,
            dryRun: o.dryRun === true,
            by: 'cli',
          });
          console.log(`${result.dryRun ? 'dry run: ' : ''}${summary(result, reader)}${result.dryRun ? '; nothing written' : ''}`);
          for (const line of noteReport(reader.noteCounts(), reader.notes)) console.log(line);
        } catch (err) {
          if (!(err instanceof SnapshotRefused)) throw err;
          if (process.stderr.isTTY) process.stderr.write('\n');
          console.error(`refused: ${where(err.refusal) || dir}: ${err.refusal.message}`);
          console.error('nothing was imported');
          if (reader) for (const line of noteReport(reader.noteCounts(), reader.notes)) console.error(line);
          process.exitCode = 1;
        }
      }),
    );

  opendata
    .command('export <dir>')
    .description(
      'write what 医療情報ネット publishes as the 8 files of a snapshot (UTF-8 with a BOM; the subset of each record the format has), to a directory created if missing',
    )
    .option('--fiscal-year <year>', 'whose catalogue maps the values to columns (default: this fiscal year)', fiscalYear)
    .option('--kind <kind>', `only these kinds (repeatable or comma-separated): ${INSTITUTION_KINDS.join(', ')}`, kindOption)
    .option('--date <date>', 'the date in the file names, as the ministry names them (…_20260601.csv); none by default', day)
    .action((dir: string, o: { fiscalYear?: number; kind?: InstitutionKind[]; date?: string }) =>
      withRuntime(async (rt) => {
        const fy = o.fiscalYear ?? fiscalYearOf(rt.deps.clock.now());
        const kinds = o.kind ?? [...INSTITUTION_KINDS];
        const written = await writeSnapshot(dir, publishedRecords(rt.deps.db, { fiscalYear: fy, kinds }), {
          fiscalYear: fy,
          kinds,
          ...(o.date === undefined ? {} : { date: o.date.replace(/-/g, '') }),
        });
        for (const f of written) console.log(`${f.path}: ${f.rows} row(s)`);
      }),
    );
}
