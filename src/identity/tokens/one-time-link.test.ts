// One contract for every purpose of the one-time-link store (welcome, Med-Login reset, 医療情報ネット
// staff reset, new e-mail address), on both engines: stored as a keyed hash that includes the
// purpose, expiry by purpose, newest only, works once under concurrent use, reading never uses it.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { forEachEngine, testDeps } from '../../testing/db.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { Ports } from '../../ports.ts';
import { medLoginAccountId, naviAccountId } from '../../testing/identity-accounts.ts';
import { consumeLink, createLink, linkExpiresAfterMs, lookUpLink, pendingLink, supersedeLinks, type LinkPurpose } from './one-time-link.ts';

forEachEngine('one-time links', (handle) => {
  let clock: ManualClock;
  let deps: Ports;

  beforeEach(() => {
    clock = new ManualClock();
    deps = testDeps(handle(), clock);
  });

  const medLoginAccount = () => medLoginAccountId(deps);
  const naviAccount = () => naviAccountId(deps);

  const purposes = [
    { purpose: 'welcome', table: 'account_tokens', accounts: 'accounts', account: medLoginAccount, expiresAfter: () => deps.config.welcomeLinkMs },
    { purpose: 'recovery', table: 'account_tokens', accounts: 'accounts', account: medLoginAccount, expiresAfter: () => deps.config.resetLinkMs },
    { purpose: 'navi_recovery', table: 'navi_password_links', accounts: 'navi_accounts', account: naviAccount, expiresAfter: () => deps.config.resetLinkMs },
    { purpose: 'email_change', table: 'account_email_changes', accounts: 'accounts', account: medLoginAccount, expiresAfter: () => 24 * 3_600_000 },
  ] as const;
  const data = { old_email: 'old@example.jp', new_email: 'new@example.jp' };

  for (const p of purposes) {
    describe(p.purpose, () => {
      const create = (accountId: string) => createLink(deps.db, deps, accountId, p.purpose as LinkPurpose, p.purpose === 'email_change' ? data : undefined);
      const problem = async (raw: string, purpose: LinkPurpose = p.purpose) => {
        const r = await lookUpLink(deps.db, deps, raw, purpose);
        return r.ok ? 'ok' : r.problem;
      };

      test('stored only as a keyed hash; found by its raw value, for its own purpose only; data kept', async () => {
        const accountId = await p.account();
        const { raw, expiresAt } = await create(accountId);
        assert.equal(expiresAt, clock.now() + p.expiresAfter());
        assert.equal(linkExpiresAfterMs(deps, p.purpose), p.expiresAfter());
        const rows = await deps.db.selectFrom(p.table).select('token_hash').where('account_id', '=', accountId).execute();
        assert.ok(rows.length > 0 && rows.every((r) => r.token_hash !== raw && !r.token_hash.includes(raw)));
        const found = await lookUpLink(deps.db, deps, raw, p.purpose);
        assert.ok(found.ok);
        assert.equal(found.account.id, accountId);
        if (p.purpose === 'email_change') assert.deepEqual(found.data, data);
        for (const other of purposes.filter((o) => o.purpose !== p.purpose))
          assert.equal(await problem(raw, other.purpose), 'unknown', `not a ${other.purpose} link`);
        for (const bad of ['', 'x', "' or 1=1 --", 'a'.repeat(500), '../../etc/passwd']) assert.equal(await problem(bad), 'unknown');
      });

      test("expires after its purpose's time; an expired link cannot be consumed", async () => {
        const { raw } = await create(await p.account());
        clock.advance(p.expiresAfter() - 1);
        const link = await lookUpLink(deps.db, deps, raw, p.purpose);
        assert.ok(link.ok);
        clock.advance(1);
        assert.equal(await problem(raw), 'expired');
        assert.equal(await consumeLink(deps.db, clock, p.purpose, link.linkId), false);
      });

      test('works once, even when consumed concurrently; reading never uses it', async () => {
        const { raw } = await create(await p.account());
        for (let i = 0; i < 3; i++) assert.equal(await problem(raw), 'ok');
        const link = await lookUpLink(deps.db, deps, raw, p.purpose);
        assert.ok(link.ok);
        const results = await Promise.all(Array.from({ length: 8 }, () => consumeLink(deps.db, clock, p.purpose, link.linkId)));
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal(await problem(raw), 'used');
      });

      test('a newer link, or a cancellation, supersedes the open ones of the same purpose and account only', async () => {
        const accountId = await p.account();
        const other = await create(await p.account());
        const first = await create(accountId);
        const second = await create(accountId);
        assert.equal(await problem(first.raw), 'superseded');
        assert.equal(await problem(second.raw), 'ok');
        assert.equal(await problem(other.raw), 'ok', "another account's link is untouched");
        if (p.table === 'account_tokens') {
          const otherPurpose = p.purpose === 'welcome' ? 'recovery' : 'welcome';
          const kept = await createLink(deps.db, deps, accountId, otherPurpose);
          await create(accountId);
          assert.equal(await problem(kept.raw, otherPurpose), 'ok', 'links of another purpose in the same table are untouched');
        }
        assert.ok((await pendingLink(deps.db, clock.now(), accountId, p.purpose)) !== undefined);
        assert.ok((await supersedeLinks(deps.db, clock, accountId, p.purpose)) >= 1);
        assert.equal(await pendingLink(deps.db, clock.now(), accountId, p.purpose), undefined);
      });

      test("a disabled account's link is refused", async () => {
        const accountId = await p.account();
        const { raw } = await create(accountId);
        await deps.db.updateTable(p.accounts).set({ state: 'disabled' }).where('id', '=', accountId).execute();
        assert.equal(await problem(raw), 'account_disabled');
      });
    });
  }

  test('the pending e-mail change says which address and until when', async () => {
    const accountId = await medLoginAccount();
    const requestedAt = clock.now();
    await createLink(deps.db, deps, accountId, 'email_change', data);
    assert.deepEqual(await pendingLink(deps.db, clock.now(), accountId, 'email_change'), {
      createdAt: requestedAt,
      expiresAt: requestedAt + 24 * 3_600_000,
      ...data,
    });
    assert.equal(await pendingLink(deps.db, requestedAt + 24 * 3_600_000, accountId, 'email_change'), undefined, 'an expired one is not pending');
  });
});
