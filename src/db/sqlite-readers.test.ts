// The SQLite reader threads (sqlite-readers.ts) on a real database file: the same answers as the main
// connection, many reads at once over few threads, what the main connection committed seen at once,
// writes refused, a read transaction on one snapshot, and an error answered without losing the thread.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { importSeedSnapshot } from '../opendata/seed-import.ts';
import { searchFacilities, type SearchQuery } from '../search/query.ts';
import { indexIfStale } from '../search/index-state.ts';
import { jstMidnight } from '../reporting/fiscal-year.ts';
import { testDeps } from '../testing/db.ts';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './database.ts';
import { openSqliteReaders, SqliteReaderError } from './sqlite-readers.ts';

let dir: string;
let primary: DatabaseHandle;
let readers: ReturnType<typeof openSqliteReaders>;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-readers-'));
  primary = openDatabase({ engine: 'sqlite', file: path.join(dir, 'gmis.sqlite') });
  await migrateToLatest(primary);
  await indexIfStale(primary.db);
  readers = openSqliteReaders(path.join(dir, 'gmis.sqlite'), 2);
});

after(async () => {
  await readers.close();
  await primary.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a reader thread sees what the main connection committed, at once', async () => {
  await sql`insert into app_settings (key, value) values ('readers-test', 'one')`.execute(primary.db);
  const r = await sql<{ value: string }>`select value from app_settings where key = 'readers-test'`.execute(readers.db);
  assert.deepEqual(r.rows, [{ value: 'one' }]);
  await sql`update app_settings set value = 'two' where key = 'readers-test'`.execute(primary.db);
  const again = await sql<{ value: string }>`select value from app_settings where key = ${'readers-test'}`.execute(readers.db);
  assert.deepEqual(again.rows, [{ value: 'two' }]);
});

test('a reader thread refuses to write, and the database is unchanged', async () => {
  await assert.rejects(
    sql`delete from app_settings`.execute(readers.db),
    (e: unknown) => e instanceof SqliteReaderError && /readonly/i.test(e.message) && e.code === 'SQLITE_READONLY',
  );
  const n = await sql<{ n: number }>`select count(*) as n from app_settings`.execute(primary.db);
  assert.ok(Number(n.rows[0]!.n) > 0);
});

test('a bad statement is answered with its error and the thread goes on reading', async () => {
  await assert.rejects(sql`select * from no_such_table`.execute(readers.db), /no such table/);
  const r = await sql<{ one: number }>`select 1 as one`.execute(readers.db);
  assert.deepEqual(r.rows, [{ one: 1 }]);
});

test('many reads at once over two threads: every one answered, each with its own rows', async () => {
  const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => sql<{ n: number }>`select ${i} as n`.execute(readers.db)));
  assert.deepEqual(
    answers.map((a) => a.rows[0]!.n),
    Array.from({ length: 200 }, (_, i) => i),
  );
});

test('a read transaction keeps one snapshot while the main connection writes', async () => {
  await sql`insert into app_settings (key, value) values ('snapshot-test', 'before')`.execute(primary.db);
  await readers.db.transaction().execute(async (trx) => {
    const first = await sql<{ value: string }>`select value from app_settings where key = 'snapshot-test'`.execute(trx);
    await sql`update app_settings set value = 'after' where key = 'snapshot-test'`.execute(primary.db);
    const second = await sql<{ value: string }>`select value from app_settings where key = 'snapshot-test'`.execute(trx);
    assert.deepEqual([first.rows, second.rows], [[{ value: 'before' }], [{ value: 'before' }]]);
  });
  const now = await sql<{ value: string }>`select value from app_settings where key = 'snapshot-test'`.execute(readers.db);
  assert.deepEqual(now.rows, [{ value: 'after' }]);
});

test('searches through the reader threads answer exactly as through the main connection', async () => {
  const deps = testDeps(primary, { now: () => jstMidnight(2026, 6, 10) });
  const { result } = await importSeedSnapshot(deps, path.join(import.meta.dirname, '../opendata/fixtures/snapshot-2026'), { unpublishMissing: true });
  assert.ok(result.created > 0);
  const queries: SearchQuery[] = [{}, { q: '内科' }, { q: 'クリニック', sort: 'name' }, { kinds: ['薬局'] }, { q: '科', page: 2, perPage: 5 }];
  for (const q of queries) {
    const [main, threaded] = [await searchFacilities(primary.db, q), await searchFacilities(readers.db, q)];
    assert.deepEqual(threaded, main, JSON.stringify(q));
  }
  assert.equal((await searchFacilities(readers.db, {})).total, result.created);
});
