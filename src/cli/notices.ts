// `gmis notice add|list|publish|withdraw`: お知らせ from the command line, through the same domain
// functions as the office console's editor (src/portal/notices.ts), so the rules are the same.
import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { listAllNotices } from '../portal/notice-repository.ts';
import {
  addNotice,
  NOTICE_BODY_MAX,
  NOTICE_CATEGORIES,
  NOTICE_TITLE_MAX,
  noticeState,
  parsePublishAt,
  publishNotice,
  withdrawNotice,
  type NoticeProblem,
} from '../portal/notices.ts';
import { formatJst } from '../platform/japanese/time.ts';
import type { Runtime } from '../runtime.ts';

const addOptions = z
  .object({
    title: z.string().trim().min(1, 'title is required').max(NOTICE_TITLE_MAX, `title is longer than ${NOTICE_TITLE_MAX} characters`),
    body: z.string().optional(),
    bodyFile: z.string().optional(),
    category: z.enum(NOTICE_CATEGORIES, { message: `category must be one of: ${NOTICE_CATEGORIES.join(', ')}` }),
    publishAt: z.string().optional(),
  })
  .refine((o) => (o.body === undefined) !== (o.bodyFile === undefined), { message: 'give the body with exactly one of --body or --body-file' });

type WithRuntime = <T>(fn: (rt: Runtime) => Promise<T>) => Promise<T>;

const PROBLEMS: Record<NoticeProblem, string> = {
  not_found: 'no notice with that id',
  stale: 'the notice changed meanwhile; try again',
  withdrawn: 'the notice is withdrawn; it cannot be changed',
  published: 'the notice is already published',
  past: 'that time has passed; give a time ahead, or leave --at out to publish now',
};
const CLI: { accountId: null; username: string } = { accountId: null, username: 'cli' };

function fail(messages: string[]): never {
  for (const m of messages) console.error(`error: ${m}`);
  process.exit(2);
}

export function registerNoticeCommands(program: Command, withRuntime: WithRuntime): void {
  const notice = program.command('notice').description('publish and list G-MIS お知らせ (notices to every G-MIS user)');

  notice
    .command('add')
    .description('add a notice; published at once, or scheduled with --publish-at')
    .requiredOption('--title <title>', 'the title')
    .option('--body <text>', 'the body as plain text; a blank line starts a new paragraph')
    .option('--body-file <path>', 'read the body from a UTF-8 text file instead')
    .option('--category <category>', `one of ${NOTICE_CATEGORIES.join(', ')}`, 'お知らせ')
    .option('--publish-at <time>', 'when to publish: "2026-12-01 09:00" (Japan time) or ISO 8601 with an offset; default now')
    .action(async (raw: Record<string, string | undefined>) => {
      const parsed = addOptions.safeParse(raw);
      if (!parsed.success) fail(parsed.error.issues.map((i) => i.message));
      const o = parsed.data;
      let body = o.body ?? '';
      if (o.bodyFile !== undefined) {
        try {
          body = fs.readFileSync(o.bodyFile, 'utf8');
        } catch (err) {
          fail([`cannot read ${o.bodyFile}: ${(err as Error).message}`]);
        }
      }
      if (body.trim() === '') fail(['the body is empty']);
      if (body.length > NOTICE_BODY_MAX) fail([`the body is longer than ${NOTICE_BODY_MAX} characters`]);
      const publishAt = o.publishAt === undefined ? undefined : parsePublishAt(o.publishAt);
      if (o.publishAt !== undefined && publishAt === undefined) fail([`cannot read --publish-at "${o.publishAt}"; use e.g. "2026-12-01 09:00" (Japan time)`]);
      await withRuntime(async (rt) => {
        const now = rt.deps.clock.now();
        const added = await addNotice(rt.deps, { title: o.title, body, category: o.category, publishedAt: publishAt ?? now, createdBy: 'cli' });
        const when = added.published_at > now ? `scheduled for ${formatJst(added.published_at)}` : 'published';
        console.log(`${added.id}  ${when}`);
      });
    });

  notice
    .command('list')
    .description('list notices, scheduled ones included, newest publication first')
    .option('--json', 'print JSON (includes bodies)')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 50)
    .action((opts: { json?: boolean; limit: number }) =>
      withRuntime(async (rt) => {
        const now = rt.deps.clock.now();
        const rows = await listAllNotices(rt.deps.db, Number.isFinite(opts.limit) && opts.limit > 0 ? opts.limit : 50);
        if (opts.json) {
          console.log(
            JSON.stringify(
              rows.map((n) => ({
                id: n.id,
                title: n.title,
                category: n.category,
                body: n.body,
                publishedAt: new Date(n.published_at).toISOString(),
                state: noticeState(n, now),
                scheduled: n.status === 'published' && n.published_at > now,
                createdBy: n.created_by,
              })),
              null,
              2,
            ),
          );
          return;
        }
        if (rows.length === 0) console.log('no notices yet');
        for (const n of rows) {
          console.log(`${n.id}  ${noticeState(n, now).padEnd(9)}  ${formatJst(n.published_at)}  [${n.category}] ${n.title}`);
        }
      }),
    );

  notice
    .command('publish <id>')
    .description('publish a draft now, or at --at; or move a scheduled notice to --at')
    .option('--at <time>', 'when: "2026-12-01 09:00" (Japan time) or ISO 8601 with an offset; default now')
    .action(async (id: string, opts: { at?: string }) => {
      const at = opts.at === undefined ? null : parsePublishAt(opts.at);
      if (at === undefined) fail([`cannot read --at "${opts.at}"; use e.g. "2026-12-01 09:00" (Japan time)`]);
      await withRuntime(async (rt) => {
        const r = await publishNotice(rt.deps, CLI, id, undefined, at);
        if (!r.ok) fail([PROBLEMS[r.problem]]);
        const now = rt.deps.clock.now();
        console.log(`${r.notice.id}  ${r.notice.published_at > now ? `scheduled for ${formatJst(r.notice.published_at)}` : 'published'}`);
      });
    });

  notice
    .command('withdraw <id>')
    .description('withdraw a notice: users no longer see it; it is kept for the record')
    .action((id: string) =>
      withRuntime(async (rt) => {
        const r = await withdrawNotice(rt.deps, CLI, id, undefined);
        if (!r.ok) fail([PROBLEMS[r.problem]]);
        console.log(`${r.notice.id}  withdrawn`);
      }),
    );
}
