// The office console over real HTTP with real G-MIS sessions: the form's window (with field
// messages for unreadable times), account search, disable (the user's sessions end) and enable,
// a reset mail the office starts, unlock, nothing on one's own account, and the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAudit } from '../../../audit/audit-log.ts';
import type { AccountCategory } from '../../../db/schema.ts';
import { issueAccount } from '../../../identity/accounts/issue-account.ts';
import { listMail } from '../../../mail/outbox.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { assertShows } from '../../../testing/messages.ts';
import { Browser, csrfTokenIn } from '../../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { describeEachEngine } from '../../../testing/db.ts';

describeEachEngine('office console', (engine) => {
  let platform: TestPlatform;
  let office: Browser;
  let officeId: string;

  async function signedIn(category: AccountCategory, name: string, email: string): Promise<{ id: string; browser: Browser }> {
    const deps = platform.rt.deps;
    const { accountId } = await issueAccount(deps, { category, displayName: name, email, issuedBy: 'test' });
    await deps.db.updateTable('accounts').set({ state: 'active', password_hash: 'x' }).where('id', '=', accountId).execute();
    return { id: accountId, browser: await gmisBrowserAs(platform, accountId) };
  }

  before(async () => {
    platform = await startTestPlatform({ engine });
    ({ id: officeId, browser: office } = await signedIn('事務局', '事務局 担当', 'office-staff@example.jp'));
  });
  after(() => platform.close());

  describe('office console', () => {
    test('the form’s window: close with a reopening time, a time it cannot read, open again', async () => {
      const page = await office.get('/office');
      assert.equal(page.status, 200);
      assert.match(page.body, /いまは受け付けています/);
      const bad = await office.request('POST', '/office/registration-window', { _csrf: csrfTokenIn(page.body), action: 'close', reopen: '来週の月曜' });
      assert.equal(bad.status, 422);
      assertShows(bad.body, MESSAGES['office.window.time_unreadable']);
      assert.match(bad.body, /value="来週の月曜"/);
      const closed = await office.request('POST', '/office/registration-window', {
        _csrf: csrfTokenIn(page.body),
        action: 'close',
        reopen: '2099-04-01 09:00',
      });
      assert.equal(closed.status, 303);
      assertShows((await office.get(closed.location!)).body, MESSAGES['office.window.changed']);
      assert.match((await new Browser(platform.url.gmis).get('/register')).body, /次の受付開始は 2099年4月1日 09:00/);
      const reopened = await office.request('POST', '/office/registration-window', { _csrf: csrfTokenIn(page.body), action: 'open', from: '', until: '' });
      assert.equal(reopened.status, 303);
      assert.match((await new Browser(platform.url.gmis).get('/register')).body, /name="email"/);
    });

    test('the window’s times are read in full width too, as every other form reads them', async () => {
      const page = await office.get('/office');
      const r = await office.request('POST', '/office/registration-window', {
        _csrf: csrfTokenIn(page.body),
        action: 'open',
        from: '',
        until: '２０９９－１２－３１　１７：００',
      });
      assert.equal(r.status, 303, 'full-width digits, hyphen, colon and space are accepted');
      assert.match((await office.get(r.location!)).body, /2099年12月31日 17:00 まで/);
      const long = await office.request('POST', '/office/registration-window', {
        _csrf: csrfTokenIn(page.body),
        action: 'open',
        from: '',
        until: '2099ー12ー31 17:00',
      });
      assert.equal(long.status, 303, '長音 typed for the hyphen is accepted');
      await office.request('POST', '/office/registration-window', { _csrf: csrfTokenIn(page.body), action: 'open', from: '', until: '' });
    });

    test('search, disable (the user is signed out), enable, a reset mail, and the audit log', async () => {
      const user = await signedIn('病院', 'さくら病院 担当者', 'sakura-staff@example.jp');
      assert.equal((await user.browser.get('/profile')).status, 200);
      const hostile = await office.get(`/office/accounts?q=${encodeURIComponent('<script>alert(1)</script>')}`);
      // In the search box's value attribute the quotes are escaped; elsewhere the text is.
      assert.ok(!hostile.body.replace(/="[^"]*"/g, '=""').includes('<script>alert(1)'), 'the query is escaped where it is echoed');
      assert.ok(hostile.body.includes('&lt;script>alert(1)&lt;/script>'));
      const search = await office.get('/office/accounts?q=SAKURA-STAFF');
      assert.match(search.body, /さくら病院 担当者/);
      const detail = await office.get(`/office/accounts/${user.id}`);
      assert.match(detail.body, /アカウントを無効にする/);
      const token = csrfTokenIn(detail.body);

      // 無効にする asks first: the account page links to a question whose form posts the change.
      assert.doesNotMatch(detail.body, new RegExp(`<form[^>]*action="/office/accounts/${user.id}/disable"`), 'nothing is disabled in one click');
      const question = await office.get(`/office/accounts/${user.id}/disable`);
      assert.equal(question.status, 200);
      assert.match(question.body, /を無効にしますか/);
      assert.match(question.body, new RegExp(`<form[^>]*action="/office/accounts/${user.id}/disable"`));
      assert.match(question.body, /はい、無効にする/);
      assert.match(question.body, new RegExp(`href="/office/accounts/${user.id}"[^>]*>\\s*戻る`));
      assert.equal(
        (await platform.rt.deps.db.selectFrom('accounts').select('state').where('id', '=', user.id).executeTakeFirstOrThrow()).state,
        'active',
        'asking changes nothing',
      );
      const disabled = await office.request('POST', `/office/accounts/${user.id}/disable`, { _csrf: csrfTokenIn(question.body) });
      assert.match(disabled.location!, /done=disabled/);
      const after = await user.browser.get('/profile');
      assert.notEqual(after.status, 200, 'the disabled user’s G-MIS session ended');
      const disabledPage = (await office.get(disabled.location!)).body;
      assert.match(disabledPage, /アカウントを有効にする/);
      assertShows(disabledPage, MESSAGES['office.account.disabled']);
      const disabledAgain = await office.get(`/office/accounts/${user.id}/disable`);
      assertShows((await office.get(disabledAgain.location!)).body, MESSAGES['office.account.unchanged'], 'a disabled account is not asked again');

      const enabled = await office.request('POST', `/office/accounts/${user.id}/enable`, { _csrf: token });
      assert.match(enabled.location!, /done=enabled/);
      assertShows((await office.get(enabled.location!)).body, MESSAGES['office.account.enabled']);
      const state = await platform.rt.deps.db.selectFrom('accounts').select('state').where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(state.state, 'active');

      const reset = await office.request('POST', `/office/accounts/${user.id}/reset`, { _csrf: token });
      assert.match(reset.location!, /done=reset/);
      assertShows((await office.get(reset.location!)).body, MESSAGES['office.account.reset_sent']);
      await platform.worker.runOnce();
      await platform.worker.runOnce();
      const mails = await listMail(platform.rt.deps.db, { to: 'sakura-staff@example.jp' });
      assert.ok(
        mails.some((m) => m.kind === 'recovery.link'),
        'the usual reset mail',
      );

      const audit = await office.get('/office/audit?type=account.disabled');
      // In words, with the details as lines: no codes, no JSON.
      assert.match(audit.body, /<td>アカウントの無効化<\/td>/);
      assert.match(audit.body, /操作した人（ユーザ名）：/);
      assert.doesNotMatch(audit.body.replace(/<option value="[^"]*"/g, '<option'), /account\.disabled|\{"by"|&quot;by&quot;/);
      assert.ok(
        audit.body.includes((await platform.rt.deps.db.selectFrom('accounts').select('username').where('id', '=', user.id).executeTakeFirstOrThrow()).username),
      );
    });

    test('a locked account is unlocked; the office cannot change its own account', async () => {
      const user = await signedIn('薬局', 'ひまわり薬局 担当者', 'himawari@example.jp');
      await platform.rt.deps.db.updateTable('accounts').set({ untrusted_locked_at: Date.now() }).where('id', '=', user.id).execute();
      const detail = await office.get(`/office/accounts/${user.id}`);
      assert.match(detail.body, /ロック中/);
      const r = await office.request('POST', `/office/accounts/${user.id}/unlock`, { _csrf: csrfTokenIn(detail.body) });
      assert.match(r.location!, /done=unlocked/);
      assertShows((await office.get(r.location!)).body, MESSAGES['office.account.unlocked']);
      const row = await platform.rt.deps.db.selectFrom('accounts').select('untrusted_locked_at').where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(row.untrusted_locked_at, null);
      const [unlocked] = await listAudit(platform.rt.deps.db, { type: 'account.unlocked', accountId: user.id, limit: 1 });
      assert.ok(unlocked?.ip, "the unlock is audited with the office member's browser");

      const own = await office.get(`/office/accounts/${officeId}`);
      assert.match(own.body, /ご自分のアカウントは、ここでは変更できません/);
      assert.doesNotMatch(own.body, /アカウントを無効にする/);
      assert.equal((await office.get(`/office/accounts/${officeId}/disable`)).status, 403, 'nor is it asked');
      const refused = await office.request('POST', `/office/accounts/${officeId}/disable`, { _csrf: csrfTokenIn(own.body) });
      assert.equal(refused.status, 403);
    });
  });
});
