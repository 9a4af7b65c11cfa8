// A small durable job queue in the database, shared safely by several workers (SKIP LOCKED on
// PostgreSQL; SQLite's single writer serialises claimers).
import type { Db, Dialect } from '../db/dialect.ts';
import type { Job } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { RandomSource } from '../platform/secrets.ts';
import { claimDueJobs, insertJob, recordJobOutcome } from './job-repository.ts';

const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

export type JobHandler = (payload: unknown, job: Job) => Promise<void>;

export async function enqueueJob(db: Db, deps: { clock: Clock; random: RandomSource }, kind: string, payload: unknown): Promise<string> {
  const id = deps.random.uuid();
  const now = deps.clock.now();
  await insertJob(db, {
    id,
    kind,
    payload: JSON.stringify(payload),
    status: 'pending',
    attempts: 0,
    run_at: now,
    locked_until: null,
    last_error: null,
    created_at: now,
    finished_at: null,
  });
  return id;
}

export async function runDueJobs(
  deps: { db: Db; dialect: Dialect; clock: Clock; logger?: { error(o: object, msg: string): void } },
  handlers: Record<string, JobHandler>,
  batchSize = 20,
): Promise<number> {
  const { db, clock } = deps;
  const now = clock.now();
  const claimed = await claimDueJobs(db, deps.dialect, now, now + LEASE_MS, batchSize);

  // Outcomes are recorded only while the claim is still ours.
  for (const job of claimed) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(JSON.parse(job.payload), job);
      await recordJobOutcome(db, job, { status: 'done', finished_at: clock.now(), locked_until: null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      deps.logger?.error({ err, jobId: job.id, kind: job.kind }, 'job failed');
      const giveUp = job.attempts >= MAX_ATTEMPTS;
      await recordJobOutcome(db, job, {
        status: giveUp ? 'failed' : 'pending',
        last_error: message.slice(0, 2000),
        locked_until: null,
        run_at: clock.now() + 30_000 * 2 ** (job.attempts - 1),
        finished_at: giveUp ? clock.now() : null,
      });
    }
  }
  return claimed.length;
}
