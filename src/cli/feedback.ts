// `gmis feedback list`: the office reads 医療情報ネット's ご意見 and 満足度調査 answers, newest first,
// from a day (--since) and of one kind (--kind), as text or JSON — until it has a console page.
import type { Command } from 'commander';
import { FEEDBACK_WORDS } from '../apps/navi/feedback-page.tsx';
import type { NaviFeedback } from '../db/schema.ts';
import { listFeedback } from '../navi/feedback-repository.ts';
import { FEEDBACK_KINDS, type FeedbackTopic } from '../navi/feedback.ts';
import { formatJst } from '../platform/japanese/time.ts';
import { parsePublishAt } from '../portal/notices.ts';
import type { Runtime } from '../runtime.ts';

type WithRuntime = <T>(fn: (rt: Runtime) => Promise<T>) => Promise<T>;

const w = FEEDBACK_WORDS.ja;

/** One answer as the office reads it: a heading line, then the text indented. */
export function feedbackLines(f: NaviFeedback): string[] {
  const when = formatJst(f.received_at);
  const indent = (text: string) => text.split('\n').map((l) => `    ${l}`);
  if (f.kind === 'opinion') {
    const head = [when, w.opinionTitle, f.topic ? w.topics[f.topic as FeedbackTopic] : undefined, f.lang === 'en' ? '(English)' : undefined];
    const contact = [f.contact_name, f.contact_email].filter(Boolean).join(' ');
    return [head.filter(Boolean).join('  '), ...indent(f.body ?? ''), ...(contact ? [`    連絡先: ${contact}`] : [])];
  }
  const level = f.satisfaction as 1 | 2 | 3 | 4 | 5;
  const head = [when, w.surveyTitle, `満足度 ${level}（${w.levels[level]}）`, `見つかったか: ${w.founds[f.found!]}`, f.lang === 'en' ? '(English)' : undefined];
  return [head.filter(Boolean).join('  '), ...(f.body ? indent(f.body) : [])];
}

export function registerFeedbackCommands(program: Command, withRuntime: WithRuntime): void {
  const feedback = program.command('feedback').description('read 医療情報ネット ご意見 and 満足度調査 answers sent by visitors');
  feedback
    .command('list')
    .description('list answers, newest first, with a count and the average satisfaction')
    .option('--since <day>', 'only from this day or time: "2026-06-01" or "2026-06-01 09:00" (Japan time), or ISO 8601 with an offset')
    .option('--kind <kind>', `only ${FEEDBACK_KINDS.join(' or ')}`)
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 200)
    .option('--json', 'print JSON')
    .action((opts: { since?: string; kind?: string; limit: number; json?: boolean }) => {
      const since = opts.since === undefined ? undefined : parsePublishAt(opts.since);
      if (opts.since !== undefined && since === undefined) {
        console.error(`error: cannot read --since "${opts.since}"; use e.g. 2026-06-01 (Japan time)`);
        process.exit(2);
      }
      const kind = opts.kind as (typeof FEEDBACK_KINDS)[number] | undefined;
      if (kind !== undefined && !FEEDBACK_KINDS.includes(kind)) {
        console.error(`error: --kind must be one of: ${FEEDBACK_KINDS.join(', ')}`);
        process.exit(2);
      }
      const limit = Number.isFinite(opts.limit) && opts.limit > 0 ? opts.limit : 200;
      return withRuntime(async (rt) => {
        const rows = await listFeedback(rt.deps.db, { since, kind, limit });
        if (opts.json) {
          console.log(
            JSON.stringify(
              rows.map((f) => ({ ...f, received_at: new Date(f.received_at).toISOString() })),
              null,
              2,
            ),
          );
          return;
        }
        for (const f of rows) console.log(feedbackLines(f).join('\n'));
        const surveys = rows.filter((f) => f.kind === 'survey');
        const average = surveys.length ? (surveys.reduce((s, f) => s + (f.satisfaction ?? 0), 0) / surveys.length).toFixed(1) : '—';
        console.log(`\n${rows.length}件（ご意見 ${rows.length - surveys.length}件、満足度調査 ${surveys.length}件、満足度の平均 ${average}）`);
      });
    });
}
