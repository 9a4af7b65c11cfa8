// `gmis reporting period list|set` and `gmis reporting lapse`: the prefectures' reporting windows
// (the prefecture sets its own on G-MIS; the operator may set one from here, audited as by: cli), and
// the April 1 job run by hand — or only counted with --dry-run — for a fiscal year that has ended.
import { InvalidArgumentError, type Command } from 'commander';
import { REPORTING_SCHEMES, type ReportingScheme } from '../db/schema.ts';
import { formatJst, formatJstDate } from '../platform/japanese/time.ts';
import { parsePublishAt } from '../portal/notices.ts';
import { jstDateOf, jstMidnight, reiwaLabel } from '../reporting/fiscal-year.ts';
import { dueFiscalYear, lapseUnreported, TooEarlyToLapse } from '../reporting/lapse.ts';
import { defaultReferenceDate, listPeriods, setReportingPeriodFromCli, type PeriodProblem } from '../reporting/periods.ts';
import type { Runtime } from '../runtime.ts';
import { fiscalYear, prefecture } from './arguments.ts';
import { registerReportCsvCommands } from './report-csv.ts';

type WithRuntime = <T>(fn: (rt: Runtime) => Promise<T>) => Promise<T>;

const DATE_ONLY = /^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/;

function scheme(value: string): ReportingScheme {
  if (!(REPORTING_SCHEMES as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${REPORTING_SCHEMES.join(', ')}`);
  return value as ReportingScheme;
}

/** --from: a day (its 00:00) or a time, Japan time. */
function from(value: string): number {
  const ms = parsePublishAt(value.trim());
  if (ms === undefined) throw new InvalidArgumentError('a day or time, e.g. 2027-01-07 or "2027-01-07 09:00" (Japan time)');
  return ms;
}

/** --until: a day is the last day of the window (it closes at the next 00:00); a time is when it closes. */
function until(value: string): number {
  const ms = parsePublishAt(value.trim());
  if (ms === undefined) throw new InvalidArgumentError('a day or time, e.g. 2027-03-31 (the last day) or "2027-02-10 17:00" (Japan time)');
  return DATE_ONLY.test(value.trim()) ? ms + 86_400_000 : ms;
}

function referenceDate(value: string): string {
  const ms = parsePublishAt(value.trim());
  if (ms === undefined || !DATE_ONLY.test(value.trim())) throw new InvalidArgumentError('a day, e.g. 2027-01-01');
  return jstDateOf(ms);
}

const PROBLEMS: Record<PeriodProblem, string> = {
  unknown_prefecture: 'no such prefecture',
  bad_fiscal_year: 'the fiscal year is not one we can take',
  closes_before_opens: '--until must be after --from',
  outside_fiscal_year: 'the window must lie inside the fiscal year (April 1 to March 31, Japan time)',
  bad_reference_date: 'the reference date (報告基準日) is not a day of the calendar',
};

/** A window closing at a midnight reads as "until" its last day; otherwise as the time it closes. */
const untilText = (closesAt: number) => (jstMidnightOf(closesAt) === closesAt ? `${formatJstDate(closesAt - 1)}まで` : `${formatJst(closesAt)}まで`);
const jstMidnightOf = (ms: number) => {
  const [y, m, d] = jstDateOf(ms).split('-').map(Number);
  return jstMidnight(y!, m!, d!);
};

export function registerReportingCommands(program: Command, withRuntime: WithRuntime): void {
  const reporting = program.command('reporting').description('医療機能情報・薬局機能情報の報告: reporting windows and the April 1 job');
  const period = reporting.command('period').description("the prefectures' reporting windows (定期報告) per fiscal year and scheme");

  period
    .command('list')
    .description('list the windows set, latest fiscal year first')
    .option('--prefecture <code>', 'only this prefecture, e.g. 13', prefecture)
    .option('--fiscal-year <year>', 'only this fiscal year, e.g. 2026', fiscalYear)
    .option('--json', 'print JSON')
    .action((o: { prefecture?: string; fiscalYear?: number; json?: boolean }) =>
      withRuntime(async (rt) => {
        const rows = await listPeriods(rt.deps.db, {
          ...(o.prefecture !== undefined ? { prefectureCode: o.prefecture } : {}),
          ...(o.fiscalYear !== undefined ? { fiscalYear: o.fiscalYear } : {}),
        });
        if (o.json) {
          console.log(
            JSON.stringify(
              rows.map((r) => ({
                prefectureCode: r.prefectureCode,
                fiscalYear: r.fiscalYear,
                scheme: r.scheme,
                opensAt: new Date(r.opensAt).toISOString(),
                closesAt: new Date(r.closesAt).toISOString(),
                referenceDate: r.referenceDate,
              })),
              null,
              2,
            ),
          );
          return;
        }
        if (rows.length === 0) console.log('no reporting windows set');
        for (const r of rows)
          console.log(
            `${r.prefectureCode}  ${r.fiscalYear} ${reiwaLabel(r.fiscalYear)}  ${r.scheme.padEnd(8)}  ${formatJst(r.opensAt)} から ${untilText(r.closesAt)}  報告基準日 ${r.referenceDate}`,
          );
      }),
    );

  period
    .command('set')
    .description("set (or replace) a prefecture's window for a fiscal year and scheme; audited as by the CLI")
    .requiredOption('--prefecture <code>', 'the prefecture, e.g. 13', prefecture)
    .requiredOption('--fiscal-year <year>', 'the fiscal year, e.g. 2026 for 令和8年度 (reported January–March 2027)', fiscalYear)
    .requiredOption('--scheme <scheme>', `${REPORTING_SCHEMES.join(' or ')}`, scheme)
    .requiredOption('--from <day-or-time>', 'when it opens, e.g. 2027-01-07 (00:00 Japan time)', from)
    .requiredOption('--until <day-or-time>', 'its last day, e.g. 2027-03-31, or the time it closes', until)
    .option('--reference-date <day>', '報告基準日 (default: January 1 after the fiscal year began for medical, December 31 for pharmacy)', referenceDate)
    .action((o: { prefecture: string; fiscalYear: number; scheme: ReportingScheme; from: number; until: number; referenceDate?: string }, command: Command) =>
      withRuntime(async (rt) => {
        const input = {
          prefectureCode: o.prefecture,
          fiscalYear: o.fiscalYear,
          scheme: o.scheme,
          opensAt: o.from,
          closesAt: o.until,
          referenceDate: o.referenceDate ?? defaultReferenceDate(o.fiscalYear, o.scheme),
        };
        const result = await setReportingPeriodFromCli(rt.deps, input);
        if (!result.ok) return command.error(`error: ${PROBLEMS[result.problem]}`, { exitCode: 2 });
        console.log(
          `${input.prefectureCode} ${input.fiscalYear} ${reiwaLabel(input.fiscalYear)} ${input.scheme}: ${formatJst(input.opensAt)} から ${untilText(input.closesAt)}, 報告基準日 ${input.referenceDate}`,
        );
        if (result.warning) console.log('note: the window reaches outside January 1 – March 31, the period the law sets for 定期報告');
      }),
    );

  reporting
    .command('lapse')
    .description('unpublish the records of institutions without the fiscal year’s report (the April 1 job; it runs by itself in the worker)')
    .option('--fiscal-year <year>', 'the fiscal year (default: the one that ended last)', fiscalYear)
    .option('--dry-run', 'only count what would be unpublished and kept')
    .action((o: { fiscalYear?: number; dryRun?: boolean }, command: Command) =>
      withRuntime(async (rt) => {
        const fy = o.fiscalYear ?? dueFiscalYear(rt.deps.clock.now());
        try {
          const counts = await lapseUnreported(rt.deps, { fiscalYear: fy, dryRun: o.dryRun === true });
          console.log(`${fy} ${reiwaLabel(fy)}: ${o.dryRun ? 'would unpublish' : 'unpublished'} ${counts.lapsed}, kept ${counts.kept}`);
        } catch (err) {
          if (err instanceof TooEarlyToLapse)
            return command.error(`error: fiscal year ${fy} has not ended (it ends on March 31, Japan time); try --dry-run`, { exitCode: 2 });
          throw err;
        }
      }),
    );

  registerReportCsvCommands(reporting, withRuntime);
}
