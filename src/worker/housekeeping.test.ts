// The worker's housekeeping on both engines: audit events past AUDIT_RETENTION_DAYS go, in batches,
// and so do sign-in counters nothing has touched for two days; everything newer stays.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditRow } from '../audit/audit-log.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { forEachEngine } from '../testing/db.ts';
import { THROTTLE_ROW_KEPT_MS } from '../identity/login/throttle.ts';
import { ManualClock } from '../platform/clock.ts';
import { housekeeping } from './housekeeping.ts';

const DAY = 86_400_000;

test('AUDIT_RETENTION_DAYS: 400 days unless set; anything but a positive whole number is refused by name', () => {
  assert.equal(loadConfig({ NODE_ENV: 'test' }).auditRetentionMs, 400 * DAY);
  assert.equal(loadConfig({ NODE_ENV: 'test', AUDIT_RETENTION_DAYS: '30' }).auditRetentionMs, 30 * DAY);
  for (const bad of ['0', '-5', '1.5', 'forever']) {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', AUDIT_RETENTION_DAYS: bad }),
      (err: unknown) => err instanceof ConfigError && /AUDIT_RETENTION_DAYS: /.test(err.message),
      bad,
    );
  }
});

forEachEngine('housekeeping', (handle) => {
  test('old audit events and spent counters are deleted, in batches; newer ones stay', async () => {
    const { db } = handle();
    const clock = new ManualClock();
    const config = loadConfig({ NODE_ENV: 'test', AUDIT_RETENTION_DAYS: '10' });
    const at = (ms: number) => ({ now: () => ms });
    const old = Array.from({ length: 2_500 }, (_, i) => auditRow(at(clock.now() - 11 * DAY + i), { type: 'login.failed', username: `old-${i}` }));
    for (let i = 0; i < old.length; i += 500)
      await db
        .insertInto('audit_events')
        .values(old.slice(i, i + 500))
        .execute();
    await db
      .insertInto('audit_events')
      .values(auditRow(at(clock.now() - 9 * DAY), { type: 'login.failed', username: 'recent' }))
      .execute();

    const spent = clock.now() - THROTTLE_ROW_KEPT_MS - 1;
    await db.insertInto('login_throttles').values({ key: 'ip:spent', failures: 3, last_failure_at: spent, blocked_until: spent }).execute();
    await db
      .insertInto('login_throttles')
      .values({ key: 'ip:live', failures: 3, last_failure_at: clock.now() - DAY, blocked_until: 0 })
      .execute();

    assert.deepEqual(await housekeeping({ db, clock, config }), { auditEvents: 2_500, throttles: 1 });
    const left = await db.selectFrom('audit_events').select('username').execute();
    assert.deepEqual(
      left.map((r) => r.username),
      ['recent'],
    );
    assert.deepEqual(
      (await db.selectFrom('login_throttles').select('key').execute()).map((r) => r.key),
      ['ip:live'],
    );
    assert.deepEqual(await housekeeping({ db, clock, config }), { auditEvents: 0, throttles: 0 });
  });
});
