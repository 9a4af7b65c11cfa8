// DATABASE_READ_URL: 医療情報ネット's search reads from the replica's connections, which are read-only,
// while everything else (the import and its indexer) writes to the primary. Here the "replica" is the
// same PostgreSQL database reached through a second, read-only pool — what a hot standby gives.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { ConfigError, loadConfig } from '../config.ts';
import { ManualClock } from '../platform/clock.ts';
import { importSeedSnapshot } from '../opendata/seed-import.ts';
import { openTestDatabase, postgresProblem, TEST_POSTGRES_URL } from '../testing/db.ts';
import { startTestPlatform, type TestPlatform } from '../testing/platform.ts';
import { searchFacilities } from './query.ts';
import { searchDbOf } from './read-db.ts';

test('DATABASE_READ_URL: a PostgreSQL URL, and only beside a PostgreSQL DATABASE_URL', () => {
  assert.equal(loadConfig({ NODE_ENV: 'test' }).readDatabase, undefined);
  assert.deepEqual(loadConfig({ NODE_ENV: 'test', DATABASE_URL: TEST_POSTGRES_URL, DATABASE_READ_URL: TEST_POSTGRES_URL }).readDatabase, {
    engine: 'postgres',
    url: TEST_POSTGRES_URL,
  });
  assert.throws(
    () => loadConfig({ NODE_ENV: 'test', DATABASE_READ_URL: TEST_POSTGRES_URL }),
    (e: unknown) => e instanceof ConfigError && /DATABASE_READ_URL/.test(e.message),
  );
  assert.throws(
    () => loadConfig({ NODE_ENV: 'test', DATABASE_URL: TEST_POSTGRES_URL, DATABASE_READ_URL: 'sqlite:replica.db' }),
    (e: unknown) => e instanceof ConfigError && /DATABASE_READ_URL/.test(e.message),
  );
});

const skip = (await postgresProblem()) !== undefined && process.env.CI !== 'true';

test('search reads from the read-only replica connections; the import writes to the primary', { skip }, async (t) => {
  let platform: TestPlatform | undefined;
  t.after(() => platform?.close());
  const clock = new ManualClock(Date.UTC(2026, 5, 10, 1, 0, 0));
  platform = await startTestPlatform({
    handle: await openTestDatabase('postgres'),
    clock,
    env: { DATABASE_URL: TEST_POSTGRES_URL, DATABASE_READ_URL: TEST_POSTGRES_URL },
  });
  const deps = platform.rt.deps;
  assert.ok(deps.readDb && deps.readDb !== deps.db, 'a second pool for the replica');
  assert.equal(searchDbOf(deps), deps.readDb);

  const fixture = path.join(import.meta.dirname, '../opendata/fixtures/snapshot-2026');
  const { result } = await importSeedSnapshot(deps, fixture, { unpublishMissing: true });
  assert.ok(result.created > 0);

  const answer = await searchFacilities(searchDbOf(deps), {});
  assert.equal(answer.total, result.created, 'every facility the import published is found through the replica');
  await assert.rejects(sql`delete from search_facilities`.execute(deps.readDb), /read-only/, 'the replica pool cannot write');
});
