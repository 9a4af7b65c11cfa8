// The one sign-in flow and its counters against both engines, for both password strategies
// (Med-Login's accounts and 医療情報ネット's staff accounts): counters taken atomically under
// concurrency, a bound on guesses in flight, the lock for unknown browsers, and one audit row per
// throttled window.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { listAudit } from '../../audit/audit-log.ts';
import { forEachEngine, testDeps } from '../../testing/db.ts';
import { findNaviAccountByUserId } from '../../navi/accounts.ts';
import { issueNaviAccount, reissueNaviTemporaryPassword } from '../../navi/issue-account.ts';
import { signInToNavi, unlockNaviAccount } from '../../navi/sign-in.ts';
import { ManualClock } from '../../platform/clock.ts';
import { accountWithPassword } from '../../testing/platform.ts';
import type { Ports } from '../../ports.ts';
import { signIn } from './sign-in.ts';
import { ACCOUNT_POLICY, readThrottle, recordFailure, takeFromBudget } from './throttle.ts';

const PASSWORD = 'Kx7-mountain-Lantern';
const origin = (ip: string) => ({ ip, userAgent: 'test' });

forEachEngine('sign-in', (handle) => {
  let clock: ManualClock;
  let deps: Ports;
  let serial = 0;

  beforeEach(() => {
    clock = new ManualClock();
    deps = testDeps(handle(), clock, { LOCKOUT_THRESHOLD: '12' });
  });

  const medLoginAccount = async () => {
    const issued = await accountWithPassword(deps, { category: '病院', displayName: 'テスト病院', email: `u${++serial}@example.jp`, password: PASSWORD });
    return issued.username;
  };
  const staffAccount = async () => {
    const issued = await issueNaviAccount(deps, {
      userId: `staff-${++serial}-${Math.random().toString(36).slice(2, 6)}`,
      displayName: 'テスト県',
      email: `s${serial}@example.jp`,
      issuedBy: 'test',
    });
    assert.ok(issued.ok);
    return { userId: issued.account.user_id, password: issued.temporaryPassword };
  };

  test('N failures recorded at once count exactly N', async () => {
    const key = `account:parallel-${++serial}`;
    await Promise.all(Array.from({ length: 40 }, () => recordFailure(deps.db, clock, key, ACCOUNT_POLICY)));
    assert.equal((await readThrottle(deps.db, clock, key, ACCOUNT_POLICY)).failures, 40);
  });

  test('a budget taken from in parallel gives out exactly its size', async () => {
    const key = `recovery-user:parallel-${++serial}`;
    const taken = await Promise.all(Array.from({ length: 30 }, () => takeFromBudget(deps.db, clock, key, { max: 5, windowMs: 3_600_000 })));
    assert.equal(taken.filter(Boolean).length, 5);
    clock.advance(3_600_000);
    assert.equal(await takeFromBudget(deps.db, clock, key, { max: 5, windowMs: 3_600_000 }), true, 'a new window starts afresh');
  });

  for (const strategy of ['Med-Login', '医療情報ネット'] as const) {
    const attempt = async () => {
      if (strategy === 'Med-Login') {
        const username = await medLoginAccount();
        return {
          password: PASSWORD,
          guess: (password: string, ip: string, deviceCookie?: string) => signIn(deps, { username, password, deviceCookie, origin: origin(ip) }),
          failedAudits: async () => (await listAudit(deps.db, { type: 'login.failed', limit: 10_000 })).filter((e) => e.username === username).length,
          throttledAudits: async () => (await listAudit(deps.db, { type: 'login.throttled', limit: 10_000 })).filter((e) => e.username === username),
        };
      }
      const { userId, password } = await staffAccount();
      return {
        password,
        guess: (pw: string, ip: string, deviceCookie?: string) => signInToNavi(deps, { userId, password: pw, deviceCookie, origin: origin(ip) }),
        failedAudits: async () => (await listAudit(deps.db, { type: 'navi.login.failed', limit: 10_000 })).filter((e) => e.username === userId).length,
        throttledAudits: async () => (await listAudit(deps.db, { type: 'navi.login.throttled', limit: 10_000 })).filter((e) => e.username === userId),
      };
    };

    test(`${strategy}: 60 parallel wrong guesses for one account — only a bounded number are checked, the rest are refused`, async () => {
      const a = await attempt();
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => a.guess(`Wrong-${i}-guess`, `203.0.113.${i + 1}`)));
      const refused = results.filter((r) => !r.ok && r.reason === 'throttled').length;
      const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length;
      // The account allows five free failures, then one guess at a time with growing delays.
      assert.ok(checked <= ACCOUNT_POLICY.freeFailures + 1, `${checked} guesses were checked`);
      assert.equal(refused + checked, 60);
      assert.equal(await a.failedAudits(), checked, 'every checked guess is counted and audited');
      // The right password waits out the delay like everyone else, then gets in.
      const waiting = await a.guess(a.password, '198.51.100.1');
      assert.equal(waiting.ok ? 'ok' : waiting.reason, 'throttled');
      clock.advance(ACCOUNT_POLICY.maxDelayMs);
      assert.equal((await a.guess(a.password, '198.51.100.1')).ok, true);
    });

    test(`${strategy}: throttled guesses leave one audit row per key and blocked window, with their count`, async () => {
      const a = await attempt();
      for (let i = 0; i < 6; i++) await a.guess(`Wrong-${i}-guess`, `203.0.113.${i + 1}`);
      for (let i = 0; i < 25; i++) assert.equal(((await a.guess(`Again-${i}-guess`, `203.0.114.${i + 1}`)) as { reason?: string }).reason, 'throttled');
      let rows = await a.throttledAudits();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.occurrences, 25);
      clock.advance(1000); // the window ends; the next failure opens a longer one
      await a.guess('Wrong-7-guess', '203.0.113.7');
      await a.guess('Wrong-8-guess', '203.0.113.8');
      rows = await a.throttledAudits();
      assert.equal(rows.length, 2);
    });

    test(`${strategy}: after the lockout threshold unknown browsers are refused, a browser that signed in before is not`, async () => {
      const a = await attempt();
      const trusted = await a.guess(a.password, '198.51.100.2');
      assert.ok(trusted.ok);
      for (let i = 0; i < 12; i++) {
        assert.equal(((await a.guess(`Guess-${i}-abc`, `10.0.0.${i + 1}`)) as { reason?: string }).reason, 'invalid');
        clock.advance(ACCOUNT_POLICY.maxDelayMs);
      }
      const stranger = await a.guess(a.password, '198.51.100.3');
      assert.deepEqual(stranger, { ok: false, reason: 'invalid' }, 'the same answer as a wrong password');
      assert.equal((await a.guess(a.password, '198.51.100.2', trusted.deviceCookie)).ok, true);
    });
  }

  test("医療情報ネット: the staff lock is recorded and audited once; the office's unlock or a new temporary password lifts it", async () => {
    const { userId, password } = await staffAccount();
    const lockOut = async () => {
      for (let i = 0; i < 14; i++) {
        await signInToNavi(deps, { userId, password: `Guess-${i}-abc`, deviceCookie: undefined, origin: origin(`10.1.0.${i + 1}`) });
        clock.advance(ACCOUNT_POLICY.maxDelayMs);
      }
      return findNaviAccountByUserId(deps.db, userId);
    };
    const stranger = (pw: string) => signInToNavi(deps, { userId, password: pw, deviceCookie: undefined, origin: origin('198.51.100.4') });

    const account = await lockOut();
    assert.ok(account?.untrusted_locked_at, 'locked for unknown browsers');
    assert.equal((await listAudit(deps.db, { type: 'navi.login.locked', accountId: account.id })).length, 1);
    assert.equal((await stranger(password)).ok, false);
    assert.equal(await unlockNaviAccount(deps, userId, 'test'), 'unlocked');
    assert.equal((await listAudit(deps.db, { type: 'navi.account.unlocked', accountId: account.id })).length, 1);
    assert.equal(await unlockNaviAccount(deps, userId, 'test'), 'not_locked');
    assert.equal((await stranger(password)).ok, true);

    assert.ok((await lockOut())?.untrusted_locked_at, 'locked again');
    const reissued = await reissueNaviTemporaryPassword(deps, userId, 'test');
    assert.ok(reissued.ok);
    assert.equal((await stranger(reissued.temporaryPassword)).ok, true);
  });
});
