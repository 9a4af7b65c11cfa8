// `gmis reporting import` and `gmis reporting export`: reports filled from CSV in the catalogue's
// format (src/reporting/catalogue/csv.ts) by the operator, as the system: every row checked first and
// nothing written when one has a problem; and a prefecture's institutions written out as the two
// files, per kind, to fill and import again.
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { INSTITUTION_KINDS, type InstitutionKind } from '../db/schema.ts';
import { exportReportCsv, importReports, type CsvEncoding } from '../reporting/report-import.ts';
import { REPORT_KIND_LABELS } from '../reporting/report.ts';
import type { Runtime } from '../runtime.ts';
import { fiscalYear, prefecture } from './arguments.ts';
import { progress } from './institutions.ts';

type WithRuntime = <T>(fn: (rt: Runtime) => Promise<T>) => Promise<T>;

function kind(value: string): InstitutionKind {
  if (!(INSTITUTION_KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${INSTITUTION_KINDS.join(', ')}`);
  return value as InstitutionKind;
}

function encoding(value: string): CsvEncoding {
  const e = value.toLowerCase().replace('sjis', 'shift_jis').replace('utf8', 'utf-8');
  if (e !== 'utf-8' && e !== 'shift_jis') throw new InvalidArgumentError('utf-8 (with a BOM) or shift_jis');
  return e;
}

const MAX_SHOWN = 200;

export function registerReportCsvCommands(reporting: Command, withRuntime: WithRuntime): void {
  reporting
    .command('import <items>')
    .description(
      'fill reports from a 項目ファイル (one row per institution, columns `<label>[<key>]` of the catalogue) and optionally a 時間ファイル; ' +
        'each row continues the institution’s open report or starts the one its home allows (定期報告, else 新規報告, else 随時報告). ' +
        'Every row is checked first: if any is wrong, nothing is written and every problem is listed. Audited as by the CLI',
    )
    .option('--hours <file>', 'the 時間ファイル (診療時間 etc., the ministry’s 診療科目・診療時間 shape with 都道府県コード, 機関コード, 項目)')
    .option('--submit', '報告: hand each report in after saving it (every row must then be complete)')
    .option('--dry-run', 'check and count only; write nothing')
    .action((itemsFile: string, o: { hours?: string; submit?: boolean; dryRun?: boolean }, command: Command) => {
      const read = (file: string): Buffer => {
        try {
          return fs.readFileSync(file);
        } catch (err) {
          return command.error(`error: cannot read ${file}: ${(err as Error).message}`, { exitCode: 2 });
        }
      };
      const files = { items: read(itemsFile), ...(o.hours ? { hours: read(o.hours) } : {}) };
      return withRuntime(async (rt) => {
        const result = await importReports(rt.deps, null, files, { submit: o.submit === true, dryRun: o.dryRun === true, onProgress: progress('取り込み中') });
        if (!result.ok) {
          console.error(`${result.problems.length} problem(s); nothing was imported`);
          for (const p of result.problems.slice(0, MAX_SHOWN))
            console.error(`  ${p.file === 'items' ? itemsFile : (o.hours ?? '')} ${p.line}行目${p.column ? `「${p.column}」` : ''}: ${p.message}`);
          if (result.problems.length > MAX_SHOWN) console.error(`  … and ${result.problems.length - MAX_SHOWN} more`);
          process.exitCode = 1;
          return;
        }
        const kinds = new Map<string, number>();
        for (const r of result.reports) if (r.started) kinds.set(REPORT_KIND_LABELS[r.kind], (kinds.get(REPORT_KIND_LABELS[r.kind]) ?? 0) + 1);
        const startedBy = kinds.size ? ` (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})` : '';
        const summary =
          `${result.reports.length} institution(s): ${result.started} report(s) started${startedBy}, ${result.saved} saved, ${result.unchanged} unchanged` +
          `${o.submit ? `, ${result.submitted} submitted` : ''} (${result.encoding.items}${result.encoding.hours ? ` / ${result.encoding.hours}` : ''})`;
        console.log(result.dryRun ? `dry run: ${summary}; nothing written` : summary);
      });
    });

  reporting
    .command('export')
    .description(
      'write the reports of a prefecture’s open institutions as CSV, a 項目ファイル and a 時間ファイル per kind (<pref>_<kind>_items.csv, _hours.csv): ' +
        'for each institution what an import would start from now (its open report, else its last accepted values, else the master) — a template to fill and import',
    )
    .requiredOption('--prefecture <code>', 'the prefecture, e.g. 13', prefecture)
    .requiredOption('--out <dir>', 'the directory to write the files to (created if missing)')
    .option('--fiscal-year <year>', 'whose catalogue the columns follow (default: this fiscal year)', fiscalYear)
    .option('--kind <kind>', `only one kind: ${INSTITUTION_KINDS.join(', ')}`, kind)
    .option('--encoding <encoding>', 'utf-8 (with a BOM, opens in Excel) or shift_jis', encoding, 'utf-8' as CsvEncoding)
    .action((o: { prefecture: string; out: string; fiscalYear?: number; kind?: InstitutionKind; encoding: CsvEncoding }, command: Command) =>
      withRuntime(async (rt) => {
        const sets = await exportReportCsv(rt.deps, null, {
          prefectureCode: o.prefecture,
          encoding: o.encoding,
          ...(o.fiscalYear !== undefined ? { fiscalYear: o.fiscalYear } : {}),
          ...(o.kind ? { kind: o.kind } : {}),
        });
        const unencodable = sets.flatMap((s) => s.unencodable);
        if (unencodable.length > 0)
          return command.error(
            `error: Shift_JIS cannot carry some characters of ${unencodable.length} institution(s); export in utf-8 or correct them:\n${unencodable.slice(0, 50).join('\n')}`,
            { exitCode: 1 },
          );
        if (sets.length === 0) {
          console.log(`no open institutions in ${o.prefecture}${o.kind ? ` (${o.kind})` : ''}; nothing written`);
          return;
        }
        fs.mkdirSync(o.out, { recursive: true });
        for (const s of sets) {
          const items = path.join(o.out, `${s.fileStem}_items.csv`);
          const hours = path.join(o.out, `${s.fileStem}_hours.csv`);
          fs.writeFileSync(items, s.items);
          fs.writeFileSync(hours, s.hours);
          console.log(`${s.kind}: ${s.institutions} institution(s) → ${items}, ${hours} (${o.encoding})`);
        }
      }),
    );
}
