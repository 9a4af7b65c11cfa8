import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepared, statement } from './prepared.ts';
import { forEachEngine } from '../testing/db.ts';

forEachEngine('prepared queries', (handle) => {
  test('compiled once, run with each call’s arguments (a stand-in used twice gets the same value)', async () => {
    const { db } = handle();
    const put = prepared(db, (p: { key: string; value: string }) =>
      db
        .insertInto('app_settings')
        .values({ key: p.key, value: p.value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: p.value })),
    );
    const get = prepared(db, (p: { key: string }) => db.selectFrom('app_settings').select('value').where('key', '=', p.key));
    const drop = prepared(db, (p: { key: string }) => db.deleteFrom('app_settings').where('key', '=', p.key).where('value', 'is not', null));

    await put({ key: 'a', value: '1' });
    await put({ key: 'b', value: '2' });
    await put({ key: 'a', value: '3' });
    assert.deepEqual((await get({ key: 'a' })).rows, [{ value: '3' }]);
    assert.deepEqual((await get({ key: 'b' })).rows, [{ value: '2' }]);
    assert.deepEqual((await get({ key: 'none' })).rows, []);
    assert.equal((await drop({ key: 'a' })).numAffectedRows, 1n);
    assert.equal((await drop({ key: 'a' })).numAffectedRows, 0n);
  });

  test('a statement runs on the database or the transaction it is given', async () => {
    const { db } = handle();
    const put = statement((d, p: { key: string; value: string }) => d.insertInto('app_settings').values({ key: p.key, value: p.value }));
    const get = statement((d, p: { key: string }) => d.selectFrom('app_settings').select('value').where('key', '=', p.key));
    await put(db, { key: 'kept', value: '1' });
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await put(trx, { key: 'rolled-back', value: '2' });
        assert.deepEqual((await get(trx, { key: 'rolled-back' })).rows, [{ value: '2' }], 'seen inside the transaction');
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual((await get(db, { key: 'kept' })).rows, [{ value: '1' }]);
    assert.deepEqual((await get(db, { key: 'rolled-back' })).rows, [], 'the insert went into the transaction');
  });

  test('an argument the query does not use is a programming error, not a silent no-op', async () => {
    const { db } = handle();
    const get = prepared(db, (p: { key: string; typo?: string }) => db.selectFrom('app_settings').select('value').where('key', '=', p.key));
    await assert.rejects(get({ key: 'a', typo: 'x' }), /argument "typo" is not a parameter/);
  });
});
