// One contract, both engines: `forEachEngine` runs a suite on SQLite and on PostgreSQL (fresh schema
// per run). Without a reachable PostgreSQL the PostgreSQL half is skipped and says so, except under
// CI=true, where it fails.
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/database.ts';
import { loadConfig } from '../config.ts';
import type { Ports } from '../ports.ts';
import { testHasher } from '../identity/password/hasher.ts';
import type { Clock } from '../platform/clock.ts';
import { cryptoRandom, Secrets } from '../platform/secrets.ts';

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<string | undefined> | undefined;

/** Resolves to undefined when PostgreSQL answers, otherwise to the reason it does not. */
export function postgresProblem(): Promise<string | undefined> {
  reachable ??= (async () => {
    // A few tries with a generous wait: on a loaded 2-core machine a first connection can take seconds
    // (CI once failed a whole suite on a 3 s timeout while PostgreSQL was up).
    let problem = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 10_000 });
      try {
        await client.connect();
        await client.query('select 1');
        return undefined;
      } catch (err) {
        problem = (err as Error).message || String(err);
        // Refused outright: PostgreSQL is not there, and waiting will not change that.
        if ((err as { code?: string }).code === 'ECONNREFUSED') break;
      } finally {
        await client.end().catch(() => {});
      }
    }
    return problem;
  })();
  return reachable;
}

export async function createPostgresSchema(): Promise<string> {
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  return schema;
}

export async function dropPostgresSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}

export async function openTestDatabase(engine: 'sqlite' | 'postgres'): Promise<DatabaseHandle> {
  if (engine === 'sqlite') {
    const handle = openDatabase({ engine: 'sqlite', file: ':memory:' });
    await migrateToLatest(handle);
    return handle;
  }
  const schema = await createPostgresSchema();
  const handle = openDatabase({ engine: 'postgres', url: TEST_POSTGRES_URL, schema, poolSize: 5 });
  await migrateToLatest(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await dropPostgresSchema(schema);
    },
  };
}

const problem = await postgresProblem();
if (problem && process.env.CI !== 'true') {
  console.warn(`# PostgreSQL suite skipped: ${TEST_POSTGRES_URL} is not reachable (${problem})`);
}

/**
 * Declares `suite` once per engine. `suite` receives a getter for the open handle (valid inside
 * tests and hooks).
 */
export function forEachEngine(name: string, suite: (handle: () => DatabaseHandle) => void): void {
  describeEachEngine(name, (engine) => {
    let handle: DatabaseHandle | undefined;
    before(async () => {
      handle = await openTestDatabase(engine);
    });
    after(async () => {
      await handle?.close();
    });
    suite(() => {
      if (!handle) throw new Error('database not open');
      return handle;
    });
  });
}

/**
 * Declares `suite` once per engine (e.g. around startTestPlatform({ engine })), the PostgreSQL half
 * skipped when PostgreSQL is not reachable, except under CI=true.
 */
export function describeEachEngine(name: string, suite: (engine: 'sqlite' | 'postgres') => void): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    const skip = engine === 'postgres' && problem !== undefined && process.env.CI !== 'true';
    describe(`${name} [${engine}]`, { skip: skip ? `PostgreSQL not reachable: ${problem}` : false }, () => {
      if (engine === 'postgres' && problem) {
        before(() => {
          throw new Error(`PostgreSQL is required under CI=true: ${problem}`);
        });
      }
      suite(engine);
    });
  }
}

/** The identity ports over a test database: a manual clock, real randomness, a fixed secret, the
 * fast test hasher and test configuration (plus `env`). */
export function testDeps(h: DatabaseHandle, clock: Clock, env: Record<string, string> = {}): Ports {
  return {
    db: h.db,
    dialect: h.dialect,
    clock,
    random: cryptoRandom,
    secrets: new Secrets('t'.repeat(40)),
    hasher: testHasher(),
    config: loadConfig({ NODE_ENV: 'test', ...env }),
  };
}
