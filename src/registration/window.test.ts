// The registration window: who sets it, and that every change leaves an audit event with the new
// window, written in the same transaction (the office console and the operator's CLI alike).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAudit } from '../audit/audit-log.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { ManualClock } from '../platform/clock.ts';
import { closedWindow, readWindow, setRegistrationWindowFromCli, windowState } from './window.ts';

forEachEngine('registration window', (handle) => {
  test('the CLI sets the window and the change is audited as by the CLI', async () => {
    const clock = new ManualClock();
    const deps = testDeps(handle(), clock);
    const reopen = clock.now() + 3_600_000;
    await setRegistrationWindowFromCli(deps, closedWindow(clock.now(), reopen));
    assert.deepEqual(windowState(await readWindow(deps.db), clock.now()), { open: false, opensAt: reopen });
    const [event] = await listAudit(deps.db, { type: 'registration.window_set', limit: 1 });
    assert.deepEqual(JSON.parse(event!.details ?? '{}'), { opensAt: reopen, closesAt: null, by: 'cli' });
    assert.equal(event!.account_id, null);
  });
});
