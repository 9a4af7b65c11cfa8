import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { forEachEngine } from '../testing/db.ts';

forEachEngine('database', (handle) => {
  test('epoch-millisecond columns round-trip as numbers', async () => {
    const { db } = handle();
    const at = Date.UTC(2030, 0, 1);
    await db.insertInto('app_settings').values({ key: 'k', value: 'v' }).execute();
    await db
      .insertInto('audit_events')
      .values({ occurred_at: at, type: 't', account_id: null, username: null, ip: null, user_agent: null, details: '{}' })
      .execute();
    const row = await db.selectFrom('audit_events').select(['occurred_at', 'id']).executeTakeFirstOrThrow();
    assert.equal(row.occurred_at, at);
    assert.equal(typeof row.id, 'number');
    const r = await sql<{ n: number }>`select count(*) as n from app_settings`.execute(db);
    assert.equal(Number(r.rows[0]?.n), 1);
  });
});
