// One contract for the session store of every origin (Med-Login, G-MIS, 医療情報ネット), on both
// engines: stored as a keyed hash, the same idle and absolute limits and end reasons, last use
// written at most once a minute, ending one, all but one, or by the single sign-on that began them.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { forEachEngine, testDeps } from '../../testing/db.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { Ports } from '../../ports.ts';
import { medLoginAccountId, naviAccountId } from '../../testing/identity-accounts.ts';
import { gmisSessions, loginSessions, naviSessions, TOUCH_INTERVAL_MS } from './session-store.ts';

const origin = { ip: '192.0.2.1', userAgent: 'test' };

forEachEngine('session store', (handle) => {
  let clock: ManualClock;
  let deps: Ports;

  beforeEach(() => {
    clock = new ManualClock();
    deps = testDeps(handle(), clock);
  });

  const medLoginAccount = () => medLoginAccountId(deps, { active: true });
  const naviAccount = () => naviAccountId(deps);

  const origins = [
    { name: 'Med-Login', store: loginSessions, table: 'sessions', account: medLoginAccount, accounts: 'accounts', extra: {} },
    {
      name: 'G-MIS',
      store: gmisSessions,
      table: 'gmis_sessions',
      account: medLoginAccount,
      accounts: 'accounts',
      extra: { oidc_sid: 'sid-1', oidc_id_token: 'id.token' },
    },
    {
      name: '医療情報ネット',
      store: naviSessions,
      table: 'navi_sessions',
      account: naviAccount,
      accounts: 'navi_accounts',
      extra: { method: 'sso', oidc_sid: 'sid-1', oidc_id_token: 'id.token' },
    },
  ] as const;

  for (const o of origins) {
    describe(o.name, () => {
      const store = o.store as typeof gmisSessions;
      const open = (accountId: string, extra: Record<string, unknown> = o.extra) => store.open(deps.db, deps, accountId, origin, extra as never);
      const row = (key: string) => deps.db.selectFrom(o.table).selectAll().where('id_hash', '=', key).executeTakeFirstOrThrow();

      test('only the keyed hash is stored; the row says who and from where; the extra columns are kept', async () => {
        const accountId = await o.account();
        const raw = await open(accountId);
        const key = store.key(deps, raw);
        assert.notEqual(key, raw);
        const stored = await row(key);
        assert.equal(stored.account_id, accountId);
        assert.equal(stored.ip, origin.ip);
        assert.equal(stored.expires_at, clock.now() + deps.config.session.absoluteMs);
        const active = await store.resolve(deps.db, deps, raw);
        assert.equal(active?.account.id, accountId);
        assert.equal(active?.session.id_hash, key);
        for (const [column, value] of Object.entries(o.extra)) assert.equal((active!.session as Record<string, unknown>)[column], value);
        assert.equal(await store.resolve(deps.db, deps, 'x'.repeat(43)), undefined, 'an unknown cookie');
        assert.equal(await store.resolve(deps.db, deps, 'x'.repeat(101)), undefined, 'an oversized cookie');
      });

      test('idle limit → "idle", absolute lifetime → "expired", last use written at most once a minute', async () => {
        const accountId = await o.account();
        const { idleMs, absoluteMs } = deps.config.session;
        const raw = await open(accountId);
        const key = store.key(deps, raw);
        const created = clock.now();
        clock.advance(TOUCH_INTERVAL_MS - 1);
        assert.ok(await store.resolve(deps.db, deps, raw));
        assert.equal((await row(key)).last_seen_at, created, 'not written within the interval');
        clock.advance(1);
        assert.ok(await store.resolve(deps.db, deps, raw));
        assert.equal((await row(key)).last_seen_at, clock.now());
        clock.advance(idleMs);
        assert.equal(await store.resolve(deps.db, deps, raw), undefined);
        assert.equal((await row(key)).end_reason, 'idle');
        assert.equal(await store.resolve(deps.db, deps, raw), undefined, 'ended stays ended');

        const busy = await open(accountId);
        let alive = 0;
        const steps = Math.ceil(absoluteMs / (idleMs / 2));
        for (let i = 0; i < steps + 2; i++) {
          clock.advance(idleMs / 2);
          if (await store.resolve(deps.db, deps, busy)) alive++;
          else break;
        }
        assert.equal(alive, steps - 1, 'the absolute lifetime ends even a session in use');
        assert.equal((await row(store.key(deps, busy))).end_reason, 'expired');
      });

      test('an account that is no longer active loses its sessions ("account_inactive")', async () => {
        const accountId = await o.account();
        const raw = await open(accountId);
        await deps.db.updateTable(o.accounts).set({ state: 'disabled' }).where('id', '=', accountId).execute();
        assert.equal(await store.resolve(deps.db, deps, raw), undefined);
        assert.equal((await row(store.key(deps, raw))).end_reason, 'account_inactive');
      });

      test('ending one, and every one of an account but the one kept', async () => {
        const accountId = await o.account();
        const other = await o.account();
        const [a, b, c, theirs] = [await open(accountId), await open(accountId), await open(accountId), await open(other)];
        assert.equal(await store.end(deps.db, deps, store.key(deps, a), 'logout'), true);
        assert.equal(await store.end(deps.db, deps, store.key(deps, a), 'replaced'), false, 'an ended session keeps its reason');
        assert.equal((await row(store.key(deps, a))).end_reason, 'logout');
        assert.equal(await store.endAll(deps.db, deps, accountId, 'password_changed', store.key(deps, b)), 1);
        assert.ok(await store.resolve(deps.db, deps, b));
        assert.equal(await store.resolve(deps.db, deps, c), undefined);
        assert.equal((await row(store.key(deps, c))).end_reason, 'password_changed');
        assert.ok(await store.resolve(deps.db, deps, theirs), "another account's session is untouched");
      });

      test('back-channel logout ends the sessions of that sid (or of the subject), and only where single sign-on is remembered', async () => {
        const accountId = await o.account();
        const first = await open(accountId, { ...o.extra, ...('oidc_sid' in o.extra ? { oidc_sid: 'sid-A' } : {}) });
        const second = await open(accountId, { ...o.extra, ...('oidc_sid' in o.extra ? { oidc_sid: 'sid-B' } : {}) });
        const ended = await store.endBySingleSignOn(deps.db, deps, { sid: 'sid-A' }, 'provider_logout');
        if (!('oidc_sid' in o.extra)) {
          assert.deepEqual(ended, [], 'Med-Login is the provider: its sessions have no sid');
          return;
        }
        assert.deepEqual(ended, [accountId]);
        assert.equal(await store.resolve(deps.db, deps, first), undefined);
        assert.ok(await store.resolve(deps.db, deps, second));
        assert.deepEqual(await store.endBySingleSignOn(deps.db, deps, {}, 'provider_logout'), [], 'neither sid nor subject: nothing');
        assert.deepEqual(await store.endBySingleSignOn(deps.db, deps, { sub: accountId }, 'provider_logout'), [accountId]);
        assert.equal((await row(store.key(deps, second))).end_reason, 'provider_logout');
      });
    });
  }

  test("one origin's cookie is nothing on another", async () => {
    const accountId = await medLoginAccount();
    const raw = await loginSessions.open(deps.db, deps, accountId, origin, {});
    assert.equal(await gmisSessions.resolve(deps.db, deps, raw), undefined);
    assert.notEqual(loginSessions.key(deps, raw), gmisSessions.key(deps, raw));
  });
});
