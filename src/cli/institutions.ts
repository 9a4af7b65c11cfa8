// `gmis institutions import|export|list`: the facility master from and to CSV.
import fs from 'node:fs';
import type { Command } from 'commander';
import { recordAudit } from '../audit/audit-log.ts';
import type { Runtime } from '../runtime.ts';
import { CSV_COLUMNS, importInstitutions, institutionsCsv, type CsvEncoding } from '../institutions/csv.ts';
import { STATUS_LABELS } from '../institutions/institution.ts';
import { prefectureName } from '../institutions/places.ts';
import { listInstitutions, type InstitutionFilter } from '../institutions/repository.ts';

type WithRuntime = <T>(fn: (rt: Runtime) => Promise<T>) => Promise<T>;

function fail(messages: string[], code = 2): never {
  for (const m of messages) console.error(`error: ${m}`);
  process.exit(code);
}

function prefectureOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const code = value.padStart(2, '0');
  if (!prefectureName(code)) fail([`--prefecture must be a code from 01 to 47, not "${value}"`]);
  return code;
}

/** "12,000 / 245,000" on one line of a terminal; nothing when the output is not a terminal. */
export function progress(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => {};
  const count = new Intl.NumberFormat('en'); // once, not per update (toLocaleString builds one each call)
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count.format(done)} / ${count.format(total)}${done >= total ? '\n' : ''}`,
    );
  };
}

export function registerInstitutionCommands(program: Command, withRuntime: WithRuntime): void {
  const institutions = program.command('institutions').description('the facility master (医療機関マスタ): import and export CSV, list');

  institutions
    .command('import <file>')
    .description(
      'check every row of a CSV file (UTF-8 or Shift_JIS, detected), then add or replace all its institutions in one transaction — ' +
        `or, if any row is wrong, change nothing and list every problem. Columns: ${CSV_COLUMNS.map(([h]) => h).join(', ')}`,
    )
    .option('--dry-run', 'check and count only; write nothing')
    .action((file: string, opts: { dryRun?: boolean }) => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (err) {
        fail([`cannot read ${file}: ${(err as Error).message}`]);
      }
      return withRuntime(async (rt) => {
        const result = await importInstitutions({ db: rt.deps.db, random: rt.deps.random, now: rt.deps.clock.now() }, bytes, {
          dryRun: opts.dryRun,
          onProgress: progress('取り込み中'),
        });
        if (!result.ok) {
          console.error(`${file} (${result.encoding}): ${result.problems.length} problem(s); nothing was imported`);
          for (const p of result.problems.slice(0, 200)) console.error(`  ${p.line}行目${p.column ? `「${p.column}」` : ''}: ${p.message}`);
          if (result.problems.length > 200) console.error(`  … and ${result.problems.length - 200} more`);
          process.exitCode = 1;
          return;
        }
        const summary = `${result.inserted} added, ${result.updated} updated, ${result.unchanged} unchanged (${result.encoding})`;
        if (!opts.dryRun)
          await recordAudit(rt.deps.db, rt.deps.clock, {
            type: 'institutions.imported',
            details: { file, inserted: result.inserted, updated: result.updated, by: 'cli' },
          });
        console.log(opts.dryRun ? `dry run: ${summary}; nothing written` : summary);
      });
    });

  institutions
    .command('export [file]')
    .description('write the master (or one prefecture) as CSV in the import format; to standard output when no file is given')
    .option('--encoding <encoding>', 'utf-8 (with a BOM, opens in Excel) or shift_jis', 'utf-8')
    .option('--prefecture <code>', 'only this prefecture (01–47)')
    .action((file: string | undefined, opts: { encoding: string; prefecture?: string }) => {
      const encoding = opts.encoding.toLowerCase().replace('sjis', 'shift_jis').replace('utf8', 'utf-8') as CsvEncoding;
      if (encoding !== 'utf-8' && encoding !== 'shift_jis') fail([`--encoding must be utf-8 or shift_jis, not "${opts.encoding}"`]);
      const filter: InstitutionFilter = { prefectureCode: prefectureOption(opts.prefecture) };
      return withRuntime(async (rt) => {
        const rows = await listInstitutions(rt.deps.db, filter);
        const { bytes, unencodable } = institutionsCsv(rows, encoding);
        if (unencodable.length > 0) {
          fail(
            [`Shift_JIS cannot carry some characters of ${unencodable.length} institution(s); export in utf-8 or correct them:`, ...unencodable.slice(0, 50)],
            1,
          );
        }
        if (file) {
          fs.writeFileSync(file, bytes);
          console.error(`${rows.length} institutions written to ${file} (${encoding})`);
        } else process.stdout.write(bytes);
      });
    });

  institutions
    .command('list')
    .description('list institutions')
    .option('--prefecture <code>', 'only this prefecture (01–47)')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'print JSON')
    .action((opts: { prefecture?: string; limit: number; json?: boolean }) =>
      withRuntime(async (rt) => {
        const rows = await listInstitutions(
          rt.deps.db,
          { prefectureCode: prefectureOption(opts.prefecture) },
          { limit: Number.isFinite(opts.limit) && opts.limit > 0 ? opts.limit : 50 },
        );
        if (opts.json) console.log(JSON.stringify(rows, null, 2));
        else
          for (const r of rows)
            console.log(
              `${r.prefecture_code} ${r.institution_code.padEnd(10)} ${r.kind.padEnd(5, '　')} ${STATUS_LABELS[r.status]}  ` +
                `${r.name}  〒${r.postcode} ${r.address}`,
            );
      }),
    );
}
