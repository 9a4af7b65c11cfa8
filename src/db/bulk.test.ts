// Bulk statements on both engines: every row written once whatever the count (full chunks and the
// power-of-two rest, or the rest filled up with a repeated row where that changes nothing), constants of the statement kept, an IN list far past a thousand values cut under
// SQLite's variable limit, and the institutions' bulk upsert updating rows in place.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Institution } from './schema.ts';
import { bulkStatement, MAX_PARAMETERS } from './bulk.ts';
import { forEachEngine } from '../testing/db.ts';
import { findInstitutionsByCodePairs, upsertInstitutions } from '../institutions/repository.ts';

const insertSettings = bulkStatement(['key', 'value'], (db, rows: Array<{ key: string; value: string }>) =>
  db.insertInto('app_settings').values(rows.map((r) => ({ key: r.key, value: r.value }))),
);
const settingsIn = bulkStatement(
  ['key'],
  (db, rows: Array<{ key: string }>) =>
    db
      .selectFrom('app_settings')
      .select(['key', 'value'])
      .where('value', '!=', 'never')
      .where(
        'key',
        'in',
        rows.map((r) => r.key),
      ),
  { maxRows: 1_000_000 },
);

const renameIn = bulkStatement(
  ['key', 'value'],
  (db, rows: Array<{ key: string; value: string }>) =>
    db
      .updateTable('app_settings')
      .set({ value: rows[0]!.value })
      .where(
        'key',
        'in',
        rows.map((r) => r.key),
      ),
  { repeatable: true },
);

forEachEngine('bulk statements', (handle) => {
  test('every row once, in full chunks and the rest; an IN list of 40,000 values', async () => {
    const db = handle().db;
    const rows = Array.from({ length: 2_345 }, (_, i) => ({ key: `bulk.${i}`, value: `v${i}` }));
    const { affected } = await insertSettings.run(db, rows);
    assert.equal(affected, rows.length);
    assert.deepEqual(await insertSettings.run(db, []), { rows: [], affected: 0 }, 'no rows, no statement');
    const keys = Array.from({ length: 40_000 }, (_, i) => ({ key: `bulk.${i}` }));
    assert.ok(keys.length > MAX_PARAMETERS, 'more values than one statement may hold');
    const found = await settingsIn.run(db, keys);
    assert.equal(found.rows.length, rows.length);
    assert.deepEqual(new Set(found.rows.map((r) => r.value)), new Set(rows.map((r) => r.value)));
    // A statement a repeated row does not change: the rest filled up with the last row, each row counted once.
    const some = Array.from({ length: 1_234 }, (_, i) => ({ key: `bulk.${i}`, value: 'renamed' }));
    assert.equal((await renameIn.run(db, some)).affected, 1_234);
    assert.equal((await renameIn.run(db, some.slice(0, 3))).affected, 3, 'three rows filled up to four');
    const renamed = await db.selectFrom('app_settings').select('key').where('value', '=', 'renamed').execute();
    assert.equal(renamed.length, 1_234);
    await db.deleteFrom('app_settings').where('key', 'like', 'bulk.%').execute();
  });

  test('institutions: upserted in bulk by 都道府県 and 機関コード, id and created_at kept; found by code pairs', async () => {
    const db = handle().db;
    const row = (i: number, name: string, at: number): Institution => ({
      id: `bulk-${i}-${at}`,
      kind: '薬局',
      prefecture_code: i % 2 ? '13' : '27',
      institution_code: String(i).padStart(10, '0'),
      insurance_code: null,
      name,
      name_kana: 'テスト',
      municipality_code: i % 2 ? '13102' : '27102',
      postcode: '',
      address: `${i}番`,
      building: null,
      phone: '',
      status: 'open',
      created_at: at,
      updated_at: at,
    });
    const n = 1_234;
    await upsertInstitutions(
      db,
      Array.from({ length: n }, (_, i) => row(i, `薬局${i}`, 1)),
    );
    await upsertInstitutions(
      db,
      Array.from({ length: n }, (_, i) => row(i, `新薬局${i}`, 2)),
    );
    const found = await findInstitutionsByCodePairs(db, [
      ...Array.from({ length: n }, (_, i) => ({ prefectureCode: i % 2 ? '13' : '27', institutionCode: String(i).padStart(10, '0') })),
      { prefectureCode: '13', institutionCode: '0000000000' },
    ]);
    assert.equal(found.size, n, 'each pair once; 13:0000000000 is not there (it is 27’s)');
    const first = found.get('27:0000000000')!;
    assert.deepEqual([first.id, first.name, Number(first.created_at), Number(first.updated_at)], ['bulk-0-1', '新薬局0', 1, 2]);
    await db.deleteFrom('institutions').where('id', 'like', 'bulk-%').execute();
  });
});
