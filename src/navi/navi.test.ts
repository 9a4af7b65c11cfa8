// 医療情報ネット staff accounts against both engines: issuing, sign-in, sessions and their limits,
// back-channel logout, linking G-MIS accounts, password change and the reset link.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { sql } from 'kysely';
import { listAudit } from '../audit/audit-log.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { issueAccount } from '../identity/accounts/issue-account.ts';
import type { Ports } from '../ports.ts';
import { checkNewPassword } from '../identity/password/policy.ts';
import { listMail } from '../mail/outbox.ts';
import { ManualClock } from '../platform/clock.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { cryptoRandom } from '../platform/secrets.ts';
import { findNaviAccountByUserId } from './accounts.ts';
import { generateTemporaryPassword, issueNaviAccount, reissueNaviTemporaryPassword, seedDemoNaviAccount } from './issue-account.ts';
import { createNaviSession, endNaviSessionsByOidcSid, linkNaviAccountForGmis, NaviAccountUnavailableError } from './index.ts';
import { changeNaviPassword, TEMPORARY_PASSWORD_PROOF_MS } from './password.ts';
import { naviRecovery } from './recovery.ts';
import { naviSessions } from '../identity/sessions/session-store.ts';
import { signInToNavi } from './sign-in.ts';

const origin = { ip: '192.0.2.10', userAgent: 'test' };
const NEW_PASSWORD = 'Harbor-Violet-72';

forEachEngine('navi staff accounts', (handle) => {
  let clock: ManualClock;
  let deps: Ports;

  beforeEach(() => {
    clock = new ManualClock();
    const h = handle();
    deps = testDeps(h, clock);
  });

  let serial = 0;
  const issue = async (userId = `staff-${++serial}-${Math.random().toString(36).slice(2, 8)}`, email = `${userId}@example.jp`) => {
    const issued = await issueNaviAccount(deps, { userId, displayName: 'テスト県 医療政策課', email, issuedBy: 'test' });
    assert.ok(issued.ok);
    return issued;
  };
  /** A session signed in long enough ago that パスワードの変更 asks for the current password. */
  const askedForCurrent = () => ({ method: 'local' as const, signedInAt: clock.now() - TEMPORARY_PASSWORD_PROOF_MS });
  const signIn = (userId: string, password: string, ip = origin.ip) =>
    signInToNavi(deps, { userId, password, deviceCookie: undefined, origin: { ...origin, ip } });
  const gmisAccount = async () => {
    const { accountId } = await issueAccount(deps, {
      category: '病院',
      displayName: 'ナビ連携病院 担当者',
      email: `gmis-${Math.random().toString(36).slice(2, 8)}@example.jp`,
      issuedBy: 'test',
    });
    return deps.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  };

  test('issuing: a temporary password that meets the rules, forced change, mail without the password', async () => {
    const { account, temporaryPassword } = await issue('Tokyo-Hoken01', 'tokyo@example.jp');
    assert.equal(account.must_change_password, 1);
    assert.equal(account.state, 'active');
    assert.notEqual(account.password_hash, temporaryPassword);
    assert.ok(await deps.hasher.verify(account.password_hash!, temporaryPassword));
    assert.deepEqual(checkNewPassword(temporaryPassword, temporaryPassword, { username: account.user_id, email: account.email }), []);
    const [mail] = await listMail(deps.db, { to: 'tokyo@example.jp' });
    assert.equal(mail?.kind, 'navi.account.issued');
    assert.ok(mail!.body_text.includes('Tokyo-Hoken01'));
    assert.ok(!mail!.body_text.includes(temporaryPassword), 'a password is never mailed');
    assert.equal((await listAudit(deps.db, { type: 'navi.account.issued', accountId: account.id })).length, 1);
  });

  test('issuing refuses an ID taken in another case and an ID with other characters', async () => {
    await issue('Osaka-Desk01');
    assert.deepEqual(await issueNaviAccount(deps, { userId: 'osaka-desk01', displayName: 'x', email: 'x@example.jp', issuedBy: 'test' }), {
      ok: false,
      problem: 'user_id_taken',
    });
    for (const bad of ['ab', 'あいうえお', 'has space', '-leading']) {
      const r = await issueNaviAccount(deps, { userId: bad, displayName: 'x', email: 'x@example.jp', issuedBy: 'test' });
      assert.deepEqual(r, { ok: false, problem: 'invalid_user_id' }, bad);
    }
    // Full-width input is stored half-width.
    const wide = await issueNaviAccount(deps, { userId: 'ＷＩＤＥ１２３', displayName: 'x', email: 'w@example.jp', issuedBy: 'test' });
    assert.ok(wide.ok);
    assert.equal(wide.account.user_id, 'WIDE123');
  });

  test('temporary passwords are varied and always hold an upper, a lower letter and a digit', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generateTemporaryPassword(cryptoRandom);
      assert.match(p, /^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9]{12}$/);
      seen.add(p);
    }
    assert.equal(seen.size, 200);
  });

  test('sign-in: the ID is case-sensitive, and every failure is the same answer', async () => {
    const { account, temporaryPassword } = await issue('Case-Check01');
    assert.equal((await signIn('case-check01', temporaryPassword)).ok, false);
    assert.equal((await signIn('CASE-CHECK01', temporaryPassword)).ok, false);
    assert.deepEqual(await signIn('Case-Check01', temporaryPassword.toLowerCase()), { ok: false, reason: 'invalid' });
    assert.deepEqual(await signIn('nobody-here', temporaryPassword), { ok: false, reason: 'invalid' });
    const ok = await signIn('Case-Check01', temporaryPassword);
    assert.ok(ok.ok);
    assert.equal(ok.account.id, account.id);
    const failures = await listAudit(deps.db, { type: 'navi.login.failed' });
    assert.ok(failures.some((e) => JSON.parse(e.details).reason === 'unknown_user_id'));
    assert.ok(failures.some((e) => JSON.parse(e.details).reason === 'wrong_password'));
  });

  test('sign-in is throttled per ID after five failures, and the right password waits too', async () => {
    const { temporaryPassword, account } = await issue();
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await signIn(account.user_id, `Wrong-${i}-pass`, `198.51.100.${i + 1}`));
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.reason)),
      ['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'throttled'],
    );
    assert.equal((await signIn(account.user_id, temporaryPassword, '198.51.100.99')).ok, false);
    clock.advance(1000);
    assert.equal((await signIn(account.user_id, temporaryPassword, '198.51.100.99')).ok, true);
  });

  test('a disabled account gets no new session and loses its open ones', async () => {
    const { account } = await issue();
    const { token } = await createNaviSession(deps, { naviAccountId: account.id, method: 'local', ...origin });
    await deps.db.updateTable('navi_accounts').set({ state: 'disabled' }).where('id', '=', account.id).execute();
    assert.equal(await naviSessions.resolve(deps.db, deps, token), undefined);
    await assert.rejects(createNaviSession(deps, { naviAccountId: account.id, method: 'sso', ...origin }), NaviAccountUnavailableError);
  });

  test('back-channel logout is audited once per account', async () => {
    const { account } = await issue();
    await createNaviSession(deps, { naviAccountId: account.id, method: 'sso', oidcSid: 'sid-A', oidcIdToken: 'id.token.a', ...origin });
    await createNaviSession(deps, { naviAccountId: account.id, method: 'sso', oidcSid: 'sid-A', ...origin });
    assert.equal(await endNaviSessionsByOidcSid(deps, 'sid-A', 'provider_logout'), 2);
    assert.equal(await endNaviSessionsByOidcSid(deps, 'sid-A', 'provider_logout'), 0, 'ending again changes nothing');
    assert.equal(await endNaviSessionsByOidcSid(deps, '', 'provider_logout'), 0);
    assert.equal((await listAudit(deps.db, { type: 'navi.session.ended_by_provider', accountId: account.id })).length, 1);
  });

  test('linking a G-MIS account registers one account once, from its name and e-mail, and finds it afterwards', async () => {
    const gmis = await gmisAccount();
    const [first, concurrent] = await Promise.all([linkNaviAccountForGmis(deps, gmis), linkNaviAccountForGmis(deps, gmis)]);
    const again = await linkNaviAccountForGmis(deps, gmis);
    assert.equal(concurrent.id, first.id);
    assert.equal(again.id, first.id);
    assert.equal(first.gmis_account_id, gmis.id);
    assert.equal(first.display_name, gmis.display_name);
    assert.equal(first.email, gmis.email);
    assert.equal(first.user_id, `gmis-${gmis.username}`);
    assert.equal(first.password_hash, null);
    assert.equal(first.must_change_password, 0);
    const rows = await deps.db.selectFrom('navi_accounts').select('id').where('gmis_account_id', '=', gmis.id).execute();
    assert.equal(rows.length, 1);
    assert.equal((await listAudit(deps.db, { type: 'navi.account.linked', accountId: first.id })).length, 1);
    // An account without a password of its own cannot be used at 関係者ログイン.
    assert.deepEqual(await signIn(first.user_id, ''), { ok: false, reason: 'invalid' });
  });

  test('linking draws another ID when the natural one is taken', async () => {
    const gmis = await gmisAccount();
    await issue(`GMIS-${gmis.username}`);
    const linked = await linkNaviAccountForGmis(deps, gmis);
    assert.match(linked.user_id, new RegExp(`^gmis-${gmis.username}-[A-Za-z0-9]{6}$`));
  });

  test('"had a 医療情報ネット account first" is answerable by lower(email) and created_at', async () => {
    await issue(undefined, 'Mixed.Case@Example.JP');
    clock.advance(1000);
    const rows = await deps.db
      .selectFrom('navi_accounts')
      .select('id')
      .where(sql<string>`lower(email)`, '=', 'mixed.case@example.jp')
      .where('created_at', '<', clock.now())
      .execute();
    assert.equal(rows.length, 1);
  });

  test('password change: current password checked, rules applied, other sessions end, forced change lifted', async () => {
    const { account, temporaryPassword } = await issue();
    const here = await createNaviSession(deps, { naviAccountId: account.id, method: 'local', ...origin });
    const elsewhere = await createNaviSession(deps, { naviAccountId: account.id, method: 'local', ...origin });
    const sessionId = naviSessions.key(deps, here.token);
    const change = (currentPassword: string, password: string, confirmation = password) =>
      changeNaviPassword(deps, { account, sessionId, session: askedForCurrent(), currentPassword, password, confirmation, origin });

    const wrong = await change('Not-the-one-1', NEW_PASSWORD);
    assert.ok(!wrong.ok && wrong.reason === 'invalid' && wrong.errors.current_password === MESSAGES['navi.current_password.wrong']);
    const weak = await change(temporaryPassword, 'short');
    assert.ok(!weak.ok && weak.reason === 'invalid' && weak.errors.password && !weak.errors.current_password);
    const same = await change(temporaryPassword, temporaryPassword);
    assert.ok(!same.ok && same.reason === 'invalid' && same.errors.password === MESSAGES['navi.password.same_as_current']);
    const mismatch = await change(temporaryPassword, NEW_PASSWORD, `${NEW_PASSWORD}x`);
    assert.ok(!mismatch.ok && mismatch.reason === 'invalid' && mismatch.errors.confirmation === MESSAGES['password.mismatch']);

    assert.deepEqual(await change(temporaryPassword, NEW_PASSWORD), { ok: true });
    const after = (await findNaviAccountByUserId(deps.db, account.user_id))!;
    assert.equal(after.must_change_password, 0);
    assert.equal(after.password_changed_at, clock.now());
    assert.ok(await naviSessions.resolve(deps.db, deps, here.token), 'the session that changed it stays');
    assert.equal(await naviSessions.resolve(deps.db, deps, elsewhere.token), undefined);
    assert.equal((await signIn(account.user_id, temporaryPassword)).ok, false);
    assert.equal((await signIn(account.user_id, NEW_PASSWORD)).ok, true);
    const kinds = (await listMail(deps.db, { to: account.email })).map((m) => m.kind);
    assert.ok(kinds.includes('navi.password.changed'));
  });

  test('wrong current passwords are throttled like sign-in', async () => {
    const { account } = await issue();
    const sessionId = naviSessions.key(deps, (await createNaviSession(deps, { naviAccountId: account.id, method: 'local', ...origin })).token);
    const reasons = [];
    for (let i = 0; i < 7; i++) {
      const r = await changeNaviPassword(deps, {
        account,
        sessionId,
        session: askedForCurrent(),
        currentPassword: `Guess-${i}-aaa`,
        password: NEW_PASSWORD,
        confirmation: NEW_PASSWORD,
        origin,
      });
      reasons.push(r.ok ? 'ok' : r.reason);
    }
    assert.deepEqual(reasons.slice(-2), ['invalid', 'throttled']);
  });

  test('the office re-issues a temporary password: sessions end, the change is forced again', async () => {
    const { account } = await issue();
    const open = await createNaviSession(deps, { naviAccountId: account.id, method: 'local', ...origin });
    const result = await reissueNaviTemporaryPassword(deps, account.user_id, 'test');
    assert.ok(result.ok);
    assert.equal(await naviSessions.resolve(deps.db, deps, open.token), undefined);
    const after = (await findNaviAccountByUserId(deps.db, account.user_id))!;
    assert.equal(after.must_change_password, 1);
    assert.ok((await signIn(account.user_id, result.temporaryPassword)).ok);
    const [mail] = await listMail(deps.db, { to: account.email });
    assert.equal(mail?.kind, 'navi.account.temporary_password');
    assert.ok(!mail!.body_text.includes(result.temporaryPassword));
    assert.deepEqual(await reissueNaviTemporaryPassword(deps, 'no-such-id', 'test'), { ok: false, problem: 'unknown_user_id' });
  });

  test('recovery: the request does the same work for any ID; only a real account gets mail; completing ends every session', async () => {
    const { account } = await issue();
    const open = await createNaviSession(deps, { naviAccountId: account.id, method: 'local', ...origin });
    assert.equal(await naviRecovery.request(deps, account.user_id, origin), 'queued');
    assert.equal(await naviRecovery.request(deps, 'nobody-at-all', origin), 'queued');
    const jobs = await deps.db.selectFrom('jobs').select(['kind', 'payload']).where('kind', '=', 'navi.recovery.send').execute();
    assert.equal(jobs.length, 2);
    for (const job of jobs) await naviRecovery.send(deps, JSON.parse(job.payload));
    const mails = await listMail(deps.db, { to: account.email });
    const recovery = mails.find((m) => m.kind === 'navi.recovery.link');
    assert.ok(recovery);
    const token = /\/staff\/password\/reset\/([A-Za-z0-9_-]{43})/.exec(recovery.body_text)![1]!;
    const audits = (await listAudit(deps.db, { type: 'navi.recovery.requested' })).map((e) => JSON.parse(e.details).mailed);
    assert.deepEqual(audits.sort(), [false, true]);

    const weak = await naviRecovery.complete(deps, token, { password: 'weak', confirmation: 'weak' }, origin);
    assert.ok(!weak.ok && weak.kind === 'password');
    const done = await naviRecovery.complete(deps, token, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD }, origin);
    assert.ok(done.ok);
    assert.equal(await naviSessions.resolve(deps.db, deps, open.token), undefined, 'sessions from before the reset end');
    assert.ok(await naviSessions.resolve(deps.db, deps, done.sessionToken), 'this browser is signed in');
    const again = await naviRecovery.complete(deps, token, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD }, origin);
    assert.deepEqual(again, { ok: false, kind: 'link', problem: 'used' });
    assert.equal((await findNaviAccountByUserId(deps.db, account.user_id))!.must_change_password, 0);
  });

  test('an account linked from G-MIS gets no local password: recovery mails "use Med-Login", no temporary password, no local sign-in', async () => {
    const linked = await linkNaviAccountForGmis(deps, await gmisAccount());
    assert.equal(await naviRecovery.request(deps, linked.user_id, origin), 'queued');
    const [job] = await deps.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'navi.recovery.send')
      .where('payload', 'like', `%"${linked.user_id}"%`)
      .execute();
    await naviRecovery.send(deps, JSON.parse(job!.payload));
    const mails = await listMail(deps.db, { to: linked.email });
    assert.deepEqual(
      mails.map((m) => m.kind).filter((k) => k.startsWith('navi.')),
      ['navi.recovery.use_med_login'],
    );
    assert.equal(
      await deps.db.selectFrom('navi_password_links').select('id').where('account_id', '=', linked.id).executeTakeFirst(),
      undefined,
      'no link stored',
    );
    const [audit] = await listAudit(deps.db, { type: 'navi.recovery.requested', accountId: linked.id });
    assert.deepEqual(JSON.parse(audit!.details), { mailed: false, reason: 'signs_in_through_med_login' });

    assert.deepEqual(await reissueNaviTemporaryPassword(deps, linked.user_id, 'test'), { ok: false, problem: 'signs_in_through_med_login' });
    const planted = 'Planted-Harbor-31';
    await deps.db
      .updateTable('navi_accounts')
      .set({ password_hash: await deps.hasher.hash(planted) })
      .where('id', '=', linked.id)
      .execute();
    assert.equal((await signIn(linked.user_id, planted)).ok, false, 'a hash in its row is not a local password');
    const account = (await findNaviAccountByUserId(deps.db, linked.user_id))!;
    const sessionId = naviSessions.key(deps, (await createNaviSession(deps, { naviAccountId: linked.id, method: 'sso', ...origin })).token);
    const change = await changeNaviPassword(deps, {
      account,
      sessionId,
      session: askedForCurrent(),
      currentPassword: planted,
      password: NEW_PASSWORD,
      confirmation: NEW_PASSWORD,
      origin,
    });
    assert.deepEqual(change, { ok: false, reason: 'no_local_password' });
  });

  test('the forced change takes a sign-in with the temporary password in the last 15 minutes as proof of it', async () => {
    const { account, temporaryPassword } = await issue();
    const sessionId = naviSessions.key(deps, (await createNaviSession(deps, { naviAccountId: account.id, method: 'local', ...origin })).token);
    const change = async (signedInAt: number, currentPassword: string, password = NEW_PASSWORD) =>
      changeNaviPassword(deps, {
        account: (await findNaviAccountByUserId(deps.db, account.user_id))!,
        sessionId,
        session: { method: 'local', signedInAt },
        currentPassword,
        password,
        confirmation: password,
        origin,
      });
    const stale = await change(clock.now() - TEMPORARY_PASSWORD_PROOF_MS, '');
    assert.ok(
      !stale.ok && stale.reason === 'invalid' && stale.errors.current_password === MESSAGES['navi.current_password.required'],
      'asked after 15 minutes',
    );
    const kept = await change(clock.now() - 60_000, '', temporaryPassword);
    assert.ok(
      !kept.ok && kept.reason === 'invalid' && kept.errors.password === MESSAGES['navi.password.same_as_current'] && !kept.errors.current_password,
      'not asked, but not kept either',
    );
    assert.deepEqual(await change(clock.now() - 60_000, ''), { ok: true });
    const byChoice = await change(clock.now(), '', 'Another-Harbor-91');
    assert.ok(
      !byChoice.ok && byChoice.reason === 'invalid' && byChoice.errors.current_password === MESSAGES['navi.current_password.required'],
      'a change by choice asks',
    );
  });

  test('the demo account can always sign in with the temporary password returned', async () => {
    const first = await seedDemoNaviAccount(deps);
    const second = await seedDemoNaviAccount(deps);
    assert.equal(second.userId, first.userId);
    assert.equal((await signIn(first.userId, first.temporaryPassword)).ok, false, 'the first one was replaced');
    assert.equal((await signIn(second.userId, second.temporaryPassword)).ok, true);
  });
});
