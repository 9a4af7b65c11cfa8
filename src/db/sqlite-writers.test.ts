// Several processes on one SQLite file (`gmis serve --no-worker` beside `gmis worker`s): write
// transactions must wait for each other instead of failing with SQLITE_BUSY ("database is locked").
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { migrateToLatest, openDatabase } from './database.ts';

const CHILD = fileURLToPath(new URL('./sqlite-writer.child.ts', import.meta.url));

function runChild(file: string, rounds: number, startAt: number): Promise<{ errors: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, String(rounds), String(startAt)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { errors: string[] }) : reject(new Error(`child exited with ${code}`))));
  });
}

test('read-then-write transactions from three processes on one SQLite file all commit, none fails as locked', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-sqlite-'));
  const file = path.join(dir, 'shared.sqlite');
  try {
    const handle = openDatabase({ engine: 'sqlite', file });
    await migrateToLatest(handle);
    await handle.db.insertInto('app_settings').values({ key: 'counter', value: '0' }).execute();
    await handle.close();

    const rounds = 300;
    const startAt = Date.now() + 3000; // after every child has loaded
    const results = await Promise.all([runChild(file, rounds, startAt), runChild(file, rounds, startAt), runChild(file, rounds, startAt)]);
    const errors = results.flatMap((r) => r.errors);
    assert.deepEqual(errors, [], `${errors.length} transactions failed`);

    const check = openDatabase({ engine: 'sqlite', file });
    const row = await check.db.selectFrom('app_settings').select('value').where('key', '=', 'counter').executeTakeFirstOrThrow();
    await check.close();
    assert.equal(Number(row.value), 3 * rounds, 'every increment counted');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
