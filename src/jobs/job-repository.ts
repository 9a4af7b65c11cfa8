// The job queue's storage (the jobs table): claims that several workers can share (SKIP LOCKED on
// PostgreSQL; SQLite's single writer serialises claimers), and outcomes written only while the
// claim still holds. The queue's rules (lease, attempts, backoff) are in job-queue.ts.
import type { ExpressionBuilder, Insertable, Updateable } from 'kysely';
import type { Db, Dialect } from '../db/dialect.ts';
import type { Database, Job, JobsTable } from '../db/schema.ts';

export async function insertJob(db: Db, row: Insertable<JobsTable>): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
}

/** Claims up to `batchSize` pending jobs due at `now` (oldest first), leased until `lockedUntil`. */
export async function claimDueJobs(db: Db, dialect: Dialect, now: number, lockedUntil: number, batchSize: number): Promise<Job[]> {
  return db.transaction().execute(async (trx) => {
    const due = (eb: ExpressionBuilder<Database, 'jobs'>) =>
      eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)])]);
    const candidates = await dialect.skipLocked(trx.selectFrom('jobs').select('id').where(due).orderBy('run_at').limit(batchSize)).execute();
    if (candidates.length === 0) return [];
    // The claim repeats the conditions, so a row is claimed once even where the select took no lock.
    return trx
      .updateTable('jobs')
      .set((eb) => ({ locked_until: lockedUntil, attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        candidates.map((j) => j.id),
      )
      .where(due)
      .returningAll()
      .execute();
  });
}

/** Records a claimed job's outcome, only while the claim (status, attempts) is still ours. */
export async function recordJobOutcome(db: Db, job: Pick<Job, 'id' | 'attempts'>, change: Updateable<JobsTable>): Promise<void> {
  await db.updateTable('jobs').set(change).where('id', '=', job.id).where('status', '=', 'pending').where('attempts', '=', job.attempts).execute();
}
