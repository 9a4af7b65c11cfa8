// 臨時休診一括処理's figure for `npm run bench:operations` (bench/operations.bench.ts calls it): a
// prefecture of 10,000 institutions, a 10,000-row CSV (one closure each, a tenth of them 時間変更),
// read and checked (validateMs: decode, parse, every field, one lookup of every code, overlaps) and then
// applied through the domain function as it is from the screen (applyMs: the check again inside the
// transaction, the batch, 10,000 rows, the audit event, a new search generation) — beside the floor,
// the same 10,000 rows inserted in bulk alone. Goal (issue 15): validated and applied in ≤ 3 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readClosureCsv } from '../src/closures/closure.ts';
import { applyClosureRows, checkClosureRows } from '../src/closures/closures.ts';
import { insertClosures } from '../src/closures/closure-repository.ts';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import type { Account, Institution, TemporaryClosure } from '../src/db/schema.ts';
import { upsertInstitutions } from '../src/institutions/repository.ts';
import { cryptoRandom } from '../src/platform/secrets.ts';
import type { Actor } from '../src/policies.ts';
import { createPostgresSchema, dropPostgresSchema, TEST_POSTGRES_URL } from '../src/testing/db.ts';

export const CLOSURE_ROWS = 10_000;
const NOW = Date.parse('2026-12-10T10:00:00+09:00');

export interface ClosureFigures {
  validateMs: number;
  applyMs: number;
  totalMs: number;
  floorMs: number;
}

const code = (i: number) => String(3_000_000_000 + i);

function institutions(): Institution[] {
  return Array.from({ length: CLOSURE_ROWS }, (_, i) => ({
    id: `bench-inst-${i}`,
    kind: i % 5 === 0 ? '薬局' : '診療所',
    prefecture_code: '13',
    institution_code: code(i),
    insurance_code: null,
    name: `ベンチ休診クリニック${i}`,
    name_kana: 'ベンチキュウシンクリニック',
    municipality_code: '13102',
    postcode: '1040061',
    address: '銀座1-2-3',
    building: null,
    phone: '03-0000-0000',
    status: 'open',
    created_at: NOW,
    updated_at: NOW,
  }));
}

/** The CSV a prefecture would upload: UTF-8 with a BOM, one row per institution. */
function closureCsv(): Buffer {
  const lines = ['機関コード,開始日,終了日,区分,変更後の時間,備考'];
  for (let i = 0; i < CLOSURE_ROWS; i++) {
    lines.push(i % 10 === 0 ? `${code(i)},2026/12/29,2026/12/29,時間変更,9:00-12:00,午前のみ` : `${code(i)},2026-12-29,2027-01-03,休診,,年末年始のため`);
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

const staff: Actor = {
  id: 'bench-tokyo',
  username: 'bench-tokyo',
  email: 'bench-tokyo@example.jp',
  category: '都道府県',
  prefecture_code: '13',
  state: 'active',
} as unknown as Account as Actor;

async function open(engine: 'sqlite' | 'postgres'): Promise<{ handle: DatabaseHandle; done: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-closures-'));
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dir, 'gmis.sqlite') });
    await migrateToLatest(handle);
    return { handle, done: async () => (await handle.close(), fs.rmSync(dir, { recursive: true, force: true })) };
  }
  const schema = await createPostgresSchema();
  const handle = openDatabase({ engine: 'postgres', url: TEST_POSTGRES_URL, schema });
  await migrateToLatest(handle);
  return { handle, done: async () => (await handle.close(), await dropPostgresSchema(schema)) };
}

/** One measurement on the engine (a fresh database each time). */
export async function measureClosures(engine: 'sqlite' | 'postgres'): Promise<ClosureFigures> {
  const { handle, done } = await open(engine);
  try {
    const db = handle.db;
    await upsertInstitutions(db, institutions());
    const deps = { db, clock: { now: () => NOW }, random: cryptoRandom };
    const bytes = closureCsv();

    // The floor: the same rows into the table, one bulk insert in one transaction, then taken out again.
    const floorRows: TemporaryClosure[] = Array.from({ length: CLOSURE_ROWS }, (_, i) => ({
      id: `floor-${i}`,
      batch_id: 'floor',
      institution_id: `bench-inst-${i}`,
      facility_id: `132${code(i)}`,
      starts_on: '2026-12-29',
      ends_on: '2027-01-03',
      mode: 'closed',
      reason: '年末年始',
      note: '年末年始のため',
      open1: null,
      close1: null,
      open2: null,
      close2: null,
    }));
    await db
      .insertInto('closure_batches')
      .values({
        id: 'floor',
        prefecture_code: '13',
        created_by: 'bench',
        created_at: NOW,
        idempotency_key: 'floor',
        source: 'csv',
        reason: '年末年始',
        closures: 0,
        undone_at: null,
        undone_by: null,
      })
      .execute();
    let t = performance.now();
    await db.transaction().execute((trx) => insertClosures(trx, floorRows));
    const floorMs = performance.now() - t;
    await db.deleteFrom('temporary_closures').execute();

    t = performance.now();
    const read = readClosureCsv(bytes);
    if (!read.ok) throw new Error(`bench CSV refused: ${read.problems[0]?.message}`);
    const checked = await checkClosureRows(deps, staff, read.rows);
    if (!checked.ok) throw new Error(`bench rows refused: ${checked.problems[0]?.message}`);
    const validateMs = performance.now() - t;

    t = performance.now();
    const applied = await applyClosureRows(
      deps,
      staff,
      read.rows,
      { key: `bench-${engine}-${Date.now()}`, reason: '年末年始', source: 'csv' },
      { ip: '127.0.0.1', userAgent: 'bench' },
    );
    const applyMs = performance.now() - t;
    if (!applied.ok || applied.batch.closures !== CLOSURE_ROWS) throw new Error(`bench apply: ${JSON.stringify(applied).slice(0, 300)}`);
    return { validateMs, applyMs, totalMs: validateMs + applyMs, floorMs };
  } finally {
    await done();
  }
}
