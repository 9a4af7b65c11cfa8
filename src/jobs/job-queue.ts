// A small durable job queue in the database, shared safely by several workers (SKIP LOCKED on
// PostgreSQL; SQLite's single writer serialises claimers).
import type { Db, Dialect } from '../db/dialect.ts';
import type { ExpressionBuilder } from 'kysely';
import type { Database, Job } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { RandomSource } from '../platform/secrets.ts';

const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

export type JobHandler = (payload: unknown, job: Job) => Promise<void>;

export async function enqueueJob(
  db: Db,
  deps: { clock: Clock; random: RandomSource },
  kind: string,
  payload: unknown,
): Promise<string> {
  const id = deps.random.uuid();
  const now = deps.clock.now();
  await db
    .insertInto('jobs')
    .values({
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
    })
    .execute();
  return id;
}

export async function runDueJobs(
  deps: { db: Db; dialect: Dialect; clock: Clock; logger?: { error(o: object, msg: string): void } },
  handlers: Record<string, JobHandler>,
  batchSize = 20,
): Promise<number> {
  const { db, clock } = deps;
  const claimed = await db.transaction().execute(async (trx) => {
    const now = clock.now();
    const due = (eb: ExpressionBuilder<Database, 'jobs'>) =>
      eb.and([
        eb('status', '=', 'pending'),
        eb('run_at', '<=', now),
        eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]),
      ]);
    const candidates = await deps.dialect
      .skipLocked(trx.selectFrom('jobs').select('id').where(due).orderBy('run_at').limit(batchSize))
      .execute();
    if (candidates.length === 0) return [];
    // The claim repeats the conditions, so a row is claimed once even where the select took no lock.
    return trx
      .updateTable('jobs')
      .set((eb) => ({ locked_until: now + LEASE_MS, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', candidates.map((j) => j.id))
      .where(due)
      .returningAll()
      .execute();
  });

  // Outcomes are recorded only while the claim is still ours.
  const stillOurs = (job: Job) =>
    db.updateTable('jobs').where('id', '=', job.id).where('status', '=', 'pending').where('attempts', '=', job.attempts);

  for (const job of claimed) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(JSON.parse(job.payload), job);
      await stillOurs(job).set({ status: 'done', finished_at: clock.now(), locked_until: null }).execute();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      deps.logger?.error({ err, jobId: job.id, kind: job.kind }, 'job failed');
      const giveUp = job.attempts >= MAX_ATTEMPTS;
      await stillOurs(job)
        .set({
          status: giveUp ? 'failed' : 'pending',
          last_error: message.slice(0, 2000),
          locked_until: null,
          run_at: clock.now() + 30_000 * 2 ** (job.attempts - 1),
          finished_at: giveUp ? clock.now() : null,
        })
        .execute();
    }
  }
  return claimed.length;
}
