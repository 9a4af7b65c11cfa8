// The identity repositories and flows against both engines: issuance and unlocking (sessions:
// sessions/session-store.test.ts; links: tokens/one-time-link.test.ts).
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { listMail } from '../mail/outbox.ts';
import { ManualClock } from '../platform/clock.ts';
import { findAccountByUsername } from './accounts/account-repository.ts';
import { issueAccount } from './accounts/issue-account.ts';
import { USERNAME_PATTERN } from './accounts/username.ts';
import type { Ports } from '../ports.ts';

const origin = { ip: '192.0.2.1', userAgent: 'test' };

forEachEngine('identity', (handle) => {
  let clock: ManualClock;
  let deps: Ports;

  beforeEach(() => {
    clock = new ManualClock();
    const h = handle();
    deps = testDeps(h, clock);
  });

  const issue = (email = `user-${Math.random().toString(36).slice(2)}@example.jp`) =>
    issueAccount(deps, { category: '病院', displayName: 'テスト病院 担当者', email, issuedBy: 'test' });

  test('issuing an account creates it waiting for a password and queues the welcome mail in the same transaction', async () => {
    const { username, accountId } = await issue('welcome@example.jp');
    assert.match(username, USERNAME_PATTERN);
    const account = await findAccountByUsername(deps.db, username.toUpperCase());
    assert.equal(account?.id, accountId);
    assert.equal(account?.state, 'pending_password');
    assert.equal(account?.password_hash, null);
    const [mail] = await listMail(deps.db, { to: 'welcome@example.jp' });
    assert.equal(mail?.kind, 'account.welcome');
    assert.match(mail!.subject, /アカウント発行通知/);
    assert.ok(mail!.body_text.includes(username));
    assert.match(mail!.body_text, /\/welcome\/[A-Za-z0-9_-]{43}/);
  });

  test('usernames are unique across many issues', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 30; i++) names.add((await issue()).username);
    assert.equal(names.size, 30);
  });
});

forEachEngine('office unlock', (handle) => {
  test('unlock clears the lock and the account counter, and is audited', async () => {
    const h = handle();
    const clock = new ManualClock();
    const deps = testDeps(h, clock);
    const { unlockAccount } = await import('./accounts/unlock-account.ts');
    const { listAudit } = await import('../audit/audit-log.ts');
    const { username, accountId } = await issueAccount(deps, { category: '病院', displayName: 'x', email: 'u@example.jp', issuedBy: 'test' });
    assert.equal(await unlockAccount(deps, username, 'test'), 'not_locked');
    assert.equal(await unlockAccount(deps, 'zz000000', 'test'), 'unknown');
    await h.db.updateTable('accounts').set({ untrusted_locked_at: clock.now() }).where('id', '=', accountId).execute();
    await h.db
      .insertInto('login_throttles')
      .values({ key: `account:${username}`, failures: 100, last_failure_at: clock.now(), blocked_until: clock.now() + 60_000 })
      .execute();
    assert.equal(await unlockAccount(deps, username, 'test'), 'unlocked');
    assert.equal((await findAccountByUsername(h.db, username))?.untrusted_locked_at, null);
    assert.equal(await h.db.selectFrom('login_throttles').selectAll().where('key', '=', `account:${username}`).executeTakeFirst(), undefined);
    assert.equal((await listAudit(h.db, { type: 'account.unlocked' })).length, 1);
  });
});
