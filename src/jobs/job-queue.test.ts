import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../testing/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { cryptoRandom } from '../platform/secrets.ts';
import { enqueueJob, runDueJobs } from './job-queue.ts';

forEachEngine('job queue', (handle) => {
  test('runs each due job once, even with two runners at once', async () => {
    const { db, dialect } = handle();
    const clock = new ManualClock();
    const seen: unknown[] = [];
    for (let i = 0; i < 10; i++) await enqueueJob(db, { clock, random: cryptoRandom }, 'count', { i });
    const handlers = { count: async (p: unknown) => void seen.push((p as { i: number }).i) };
    const counts = await Promise.all([runDueJobs({ db, dialect, clock }, handlers, 10), runDueJobs({ db, dialect, clock }, handlers, 10)]);
    assert.equal(counts[0]! + counts[1]!, 10);
    assert.deepEqual(
      [...seen].sort((a, b) => Number(a) - Number(b)),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.equal(await runDueJobs({ db, dialect, clock }, handlers), 0, 'nothing left');
  });

  test('a failing job is retried later with backoff, then given up', async () => {
    const { db, dialect } = handle();
    const clock = new ManualClock();
    await db.deleteFrom('jobs').execute();
    let calls = 0;
    const id = await enqueueJob(db, { clock, random: cryptoRandom }, 'boom', {});
    const handlers = {
      boom: async () => {
        calls++;
        throw new Error('nope');
      },
    };
    for (let i = 0; i < 5; i++) {
      assert.equal(await runDueJobs({ db, dialect, clock }, handlers), 1);
      assert.equal(await runDueJobs({ db, dialect, clock }, handlers), 0, 'not before the backoff');
      clock.advance(30_000 * 2 ** i);
    }
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(calls, 5);
    assert.equal(row.status, 'failed');
    assert.equal(row.last_error, 'nope');
  });
});
