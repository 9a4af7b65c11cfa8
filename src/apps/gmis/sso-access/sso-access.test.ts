// The SSO-use pages over real HTTP on the real platform, on SQLite and PostgreSQL, users signed in
// through Med-Login: who sees what, 403 for everyone
// but the office, validation with messages beside the fields, CSRF, mail queued and audit written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAudit } from '../../../audit/audit-log.ts';
import { ACCOUNT_CATEGORIES, type Account, type AccountCategory } from '../../../db/schema.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { listMail } from '../../../mail/outbox.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import type { SsoAccessDeps } from '../../../sso/access/access.ts';
import { recordConsentRefusal } from '../../../sso/access/consent-refusal.ts';
import { insertActiveAccount } from '../../../sso/access/test-accounts.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { Browser, csrfTokenIn, type Response } from '../../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { assertShows, inHtml } from '../../../testing/messages.ts';

describeEachEngine('SSO利用申請 and the office queue', (engine) => {
  let platform: TestPlatform;
  let base: string;
  let deps: SsoAccessDeps;
  const clock = new ManualClock();

  before(async () => {
    platform = await startTestPlatform({ engine, clock });
    deps = platform.rt.deps;
    base = platform.url.gmis;
  });
  after(() => platform.close());

  /** One browser signed in as one account. */
  class User {
    constructor(
      readonly account: Account,
      readonly browser: Browser,
    ) {}
    get(path: string): Promise<Response> {
      return this.browser.get(path);
    }
    /** Posts with the CSRF token of `formPage` (every signed-in page carries one). */
    async post(action: string, fields: Record<string, string>, formPage = '/sso-application'): Promise<Response> {
      const page = await this.get(formPage);
      return this.browser.request('POST', action, { _csrf: csrfTokenIn(page.body), ...fields });
    }
  }

  async function user(category: AccountCategory): Promise<User> {
    const account = await insertActiveAccount(deps.db, category, { createdAt: clock.now() });
    return new User(account, await gmisBrowserAs(platform, account.id));
  }
  const officeMail = async (kind: string, about: string) =>
    (await listMail(deps.db, { to: deps.config.mail.officeAddress, limit: 500 })).filter((m) => m.kind === kind && m.body_text.includes(about));
  const pendingIdOf = async (accountId: string) =>
    (await deps.db.selectFrom('sso_applications').select('id').where('account_id', '=', accountId).where('status', '=', 'pending').executeTakeFirstOrThrow())
      .id;
  const openBlockIdOf = async (accountId: string) =>
    (await deps.db.selectFrom('sso_blocks').select('id').where('account_id', '=', accountId).where('lifted_at', 'is', null).executeTakeFirstOrThrow()).id;

  /** Submits a valid application as `u` and returns its id. */
  async function apply(u: User, reason = '管内の医療機関の掲載内容を確認するため'): Promise<string> {
    const res = await u.post('/sso-application', { reason });
    assert.equal(res.status, 303);
    return pendingIdOf(u.account.id);
  }

  describe('signed out', () => {
    test('both pages send the browser to sign in and back', async () => {
      const browser = new Browser(base);
      for (const path of ['/sso-application', '/office/sso']) {
        const res = await browser.get(path);
        assert.equal(res.status, 303, path);
        assert.equal(res.location, `/login?return_to=${encodeURIComponent(path)}`);
      }
    });
  });

  describe('利用申請', () => {
    test('a reporting institution is told it needs no application, and cannot submit one', async () => {
      const hospital = await user('病院');
      const page = await hospital.get('/sso-application');
      assert.equal(page.status, 200);
      assert.ok(page.body.includes('申請は不要です'));
      assert.ok(!page.body.includes('name="reason"'), 'no form');
      const res = await hospital.post('/sso-application', { reason: '念のため' });
      assert.equal(res.status, 409);
      assertShows(res.body, MESSAGES['sso_application.not_needed']);
    });

    test('every category that needs one sees why and the form', async () => {
      for (const category of ['都道府県', '保健所', '関係団体', '事務局'] as const) {
        const page = await (await user(category)).get('/sso-application');
        assert.equal(page.status, 200, category);
        assertShows(page.body, MESSAGES['sso_application.need.category'](category), category);
        assertShows(page.body, MESSAGES['sso_application.standing.required'], category);
        assert.match(page.body, /<textarea[^>]*id="reason"[^>]*name="reason"/);
        assert.match(page.body, /<label class="field__label" for="reason">/);
        assert.match(page.body, /name="_csrf"/);
      }
    });

    test('an empty or too long purpose is refused beside the field, keeping what was typed', async () => {
      const prefecture = await user('都道府県');
      const empty = await prefecture.post('/sso-application', { reason: ' \u3000\n ' });
      assert.equal(empty.status, 422);
      assertShows(empty.body, MESSAGES['sso_application.reason.required']);
      assert.match(empty.body, /aria-invalid="true"/);
      assert.match(empty.body, /aria-describedby="reason-hint reason-error"/);
      assert.ok(empty.body.includes(`<a href="#reason">${inHtml(MESSAGES['sso_application.reason.required'])}</a>`), 'the summary links to the field');

      const long = `<b>長い</b>${'あ'.repeat(1000)}`;
      const tooLong = await prefecture.post('/sso-application', { reason: long });
      assert.equal(tooLong.status, 422);
      assertShows(tooLong.body, MESSAGES['text.too_long']('利用目的', 1000));
      assert.ok(tooLong.body.includes(`&lt;b>長い&lt;/b>${'あ'.repeat(1000)}</textarea>`), 'kept, escaped');
      assert.equal((await deps.db.selectFrom('sso_applications').select('id').where('account_id', '=', prefecture.account.id).execute()).length, 0);
    });

    test('a form without its CSRF token is refused', async () => {
      const prefecture = await user('都道府県');
      await prefecture.get('/sso-application');
      const res = await prefecture.browser.request('POST', '/sso-application', { reason: '目的' });
      assert.equal(res.status, 403);
      assert.ok(res.body.includes('画面の有効期限が切れました'));
    });

    test('submitting stores it, tells the office by mail, and one waits at a time', async () => {
      const centre = await user('保健所');
      const res = await centre.post('/sso-application', { reason: '管内の診療所の\r\n掲載内容を確認するため' });
      assert.equal(res.status, 303);
      assert.equal(res.location, '/sso-application?submitted=1');
      const page = await centre.get(res.location);
      assertShows(page.body, MESSAGES['sso_application.submitted']);
      assert.ok(page.body.includes('申請の内容を確認しています'));
      assert.ok(page.body.includes('管内の診療所の\n掲載内容を確認するため'));
      assert.ok(!page.body.includes('name="reason"'), 'no second form while one waits');

      const [mail] = await officeMail('sso.application.received', centre.account.username);
      assert.ok(mail, 'the office is mailed');
      const [audit] = await listAudit(deps.db, { type: 'sso.application.submitted', accountId: centre.account.id });
      assert.equal(audit?.ip, '127.0.0.1');

      const again = await centre.post('/sso-application', { reason: 'もう一度' });
      assert.equal(again.status, 409);
      assertShows(again.body, MESSAGES['sso_application.already_pending']);
    });

    test('a blocked user is told what happens next and whom to contact', async () => {
      const clinic = await user('診療所');
      await recordConsentRefusal(deps, { accountId: clinic.account.id, clientId: 'navi', ip: '192.0.2.1', userAgent: 'ua' });
      const page = await clinic.get('/sso-application');
      assert.ok(page.body.includes('医療情報ネットへのシングルサインオンを停止しています'));
      assertShows(page.body, MESSAGES['sso_application.standing.blocked']);
      assert.ok(page.body.includes(deps.config.mail.officeAddress));
      assert.ok(page.body.includes('href="/inquiry"'));
    });
  });

  describe('事務局の管理画面', () => {
    test('only the office sees it: every other category gets the 403 page, also for every post', async () => {
      const applicant = await user('関係団体');
      const applicationId = await apply(applicant);
      const blocked = await user('病院');
      await recordConsentRefusal(deps, { accountId: blocked.account.id, clientId: 'navi', ip: '192.0.2.1', userAgent: 'ua' });
      const blockId = await openBlockIdOf(blocked.account.id);

      for (const category of ACCOUNT_CATEGORIES.filter((c) => c !== '事務局')) {
        const u = await user(category);
        const page = await u.get('/office/sso');
        assert.equal(page.status, 403, category);
        assertShows(page.body, MESSAGES['forbidden.title'], category);
        assert.ok(!page.body.includes(applicant.account.display_name));
        const decide = await u.post(`/office/sso/applications/${applicationId}`, { decision: 'approve', reason: '' });
        assert.equal(decide.status, 403, `${category} decide`);
        const lift = await u.post(`/office/sso/blocks/${blockId}/lift`, { note: '勝手に解除' });
        assert.equal(lift.status, 403, `${category} lift`);
        assert.ok(!(await u.get('/sso-application')).body.includes('href="/office/sso"'), 'no link to the queue');
      }
      assert.equal(await pendingIdOf(applicant.account.id), applicationId, 'still pending');
      assert.equal(await openBlockIdOf(blocked.account.id), blockId, 'still blocked');
    });

    test('the office sees both queues with who, when and what was written (escaped)', async () => {
      const officer = await user('事務局');
      const applicant = await user('都道府県');
      await apply(applicant, '県の担当として<script>alert(1)</script>確認するため');
      const blocked = await user('薬局');
      await recordConsentRefusal(deps, { accountId: blocked.account.id, clientId: 'navi', ip: '198.51.100.9', userAgent: 'Mozilla/5.0 (X11)' });

      const page = await officer.get('/office/sso');
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(applicant.account.display_name), page.body);
      assert.ok(page.body.includes(applicant.account.email));
      assert.ok(page.body.includes('県の担当として&lt;script>alert(1)&lt;/script>確認するため'));
      assert.ok(!page.body.includes('<script>alert(1)'));
      assert.ok(page.body.includes(blocked.account.display_name));
      assert.ok(page.body.includes('198.51.100.9'));
      assert.ok(page.body.includes('ブロックを解除'));
      assert.ok((await officer.get('/sso-application')).body.includes('href="/office/sso"'), 'the office is linked to its queue');
    });

    test('refusing needs a reason; the applicant gets it by mail and may apply again', async () => {
      const officer = await user('事務局');
      const applicant = await user('関係団体');
      const id = await apply(applicant);

      const noReason = await officer.post(`/office/sso/applications/${id}`, { decision: 'refuse', reason: '  ' }, '/office/sso');
      assert.equal(noReason.status, 422);
      assertShows(noReason.body, MESSAGES['sso_office.refusal_reason.required']);
      assert.match(noReason.body, new RegExp(`<a href="#reason-${id}">`));
      assert.match(noReason.body, new RegExp(`id="reason-${id}-error"`));

      const noDecision = await officer.post(`/office/sso/applications/${id}`, { decision: 'maybe', reason: '途中まで書いた理由' }, '/office/sso');
      assert.equal(noDecision.status, 422);
      assertShows(noDecision.body, MESSAGES['sso_office.decision.required']);
      assert.ok(noDecision.body.includes('途中まで書いた理由</textarea>'), 'what was typed is kept');

      const refused = await officer.post(
        `/office/sso/applications/${id}`,
        { decision: 'refuse', reason: '所属と利用目的の関係がわかりませんでした。' },
        '/office/sso',
      );
      assert.equal(refused.status, 303);
      assert.equal(refused.location, '/office/sso?done=refused');
      const after = await officer.get(refused.location);
      assertShows(after.body, MESSAGES['sso_office.refused']);
      assert.ok(after.body.includes('所属と利用目的の関係がわかりませんでした。'), 'in the history');

      const [mail] = await listMail(deps.db, { to: applicant.account.email });
      assert.equal(mail?.kind, 'sso.application.refused');
      assert.ok(mail.body_text.includes('所属と利用目的の関係がわかりませんでした。'));
      const [audit] = await listAudit(deps.db, { type: 'sso.application.refused', accountId: applicant.account.id });
      assert.equal(JSON.parse(audit!.details).decidedBy, officer.account.username);

      const own = await applicant.get('/sso-application');
      assert.ok(own.body.includes('前回の申請は承認されませんでした'));
      assert.ok(own.body.includes('所属と利用目的の関係がわかりませんでした。'));
      assert.ok(own.body.includes('もう一度申請する'));
      assert.equal((await applicant.post('/sso-application', { reason: '会員の問い合わせに答えるため' })).status, 303);
    });

    test('approving mails the applicant; a second decision is reported as already done; unknown ids are 404', async () => {
      const officer = await user('事務局');
      const applicant = await user('保健所');
      const id = await apply(applicant);
      const approved = await officer.post(`/office/sso/applications/${id}`, { decision: 'approve', reason: '' }, '/office/sso');
      assert.equal(approved.status, 303);
      assert.equal(approved.location, '/office/sso?done=approved');
      assertShows((await officer.get(approved.location)).body, MESSAGES['sso_office.approved']);
      const [mail] = await listMail(deps.db, { to: applicant.account.email });
      assert.equal(mail?.kind, 'sso.application.approved');
      assert.ok((await applicant.get('/sso-application')).body.includes('利用申請は承認済みです'));

      const late = await officer.post(`/office/sso/applications/${id}`, { decision: 'refuse', reason: '遅れて' }, '/office/sso');
      assert.equal(late.location, '/office/sso?done=already_decided');
      assertShows((await officer.get(late.location!)).body, MESSAGES['sso_office.already_decided']);

      const unknown = await officer.post('/office/sso/applications/no-such-id', { decision: 'approve', reason: '' }, '/office/sso');
      assert.equal(unknown.status, 404);
    });

    test("an office member's own application waits for a colleague", async () => {
      const officer = await user('事務局');
      const id = await apply(officer, '事務局の業務で利用するため');
      const page = await officer.get('/office/sso');
      assert.ok(page.body.includes('ご自身の申請は、ほかの事務局の担当者が処理します。'));
      assert.ok(!page.body.includes(`action="/office/sso/applications/${id}"`));
      const forced = await officer.post(`/office/sso/applications/${id}`, { decision: 'approve', reason: '' }, '/office/sso');
      assert.equal(forced.status, 403);
      const colleague = await user('事務局');
      assert.ok((await colleague.get('/office/sso')).body.includes(`action="/office/sso/applications/${id}"`));
    });

    test('lifting a block needs the reason learned from the user; the user is mailed', async () => {
      const officer = await user('事務局');
      const blocked = await user('助産所');
      await recordConsentRefusal(deps, { accountId: blocked.account.id, clientId: 'navi', ip: '192.0.2.1', userAgent: 'ua' });
      const id = await openBlockIdOf(blocked.account.id);

      const empty = await officer.post(`/office/sso/blocks/${id}/lift`, { note: '' }, '/office/sso');
      assert.equal(empty.status, 422);
      assertShows(empty.body, MESSAGES['sso_office.note.required']);
      assert.match(empty.body, new RegExp(`<a href="#note-${id}">`));

      const lifted = await officer.post(`/office/sso/blocks/${id}/lift`, { note: '連携される項目が分からなかったため。説明して了承済み。' }, '/office/sso');
      assert.equal(lifted.status, 303);
      assert.equal(lifted.location, '/office/sso?done=lifted');
      const page = await officer.get(lifted.location);
      assertShows(page.body, MESSAGES['sso_office.lifted']);
      assert.ok(page.body.includes('連携される項目が分からなかったため。説明して了承済み。'), 'in the history');
      const [mail] = await listMail(deps.db, { to: blocked.account.email });
      assert.equal(mail?.kind, 'sso.block.lifted');
      assert.ok(!(await blocked.get('/sso-application')).body.includes('停止しています'));

      const again = await officer.post(`/office/sso/blocks/${id}/lift`, { note: 'もう一度' }, '/office/sso');
      assert.equal(again.location, '/office/sso?done=already_lifted');
      assertShows((await officer.get(again.location)).body, MESSAGES['sso_office.already_lifted']);
      const [audit] = await listAudit(deps.db, { type: 'sso.block.lifted', accountId: blocked.account.id });
      assert.equal(JSON.parse(audit!.details).note, '連携される項目が分からなかったため。説明して了承済み。');
    });

    test('the office mail about a consent refusal links to the queue', async () => {
      const blocked = await user('歯科診療所');
      await recordConsentRefusal(deps, { accountId: blocked.account.id, clientId: 'navi', ip: '192.0.2.1', userAgent: 'ua' });
      const [mail] = await officeMail('sso.consent.refused', blocked.account.username);
      assert.ok(mail?.body_text.includes(`${deps.config.publicUrl.gmis}/office/sso`));
    });
  });
});
