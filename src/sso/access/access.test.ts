// The SSO access domain on both engines: every branch of ssoAccess, consent refusals (idempotent,
// concurrent, lifted) and the application lifecycle, with their mail and audit events.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { listAudit } from '../../audit/audit-log.ts';
import { loadConfig } from '../../config.ts';
import { forEachEngine } from '../../testing/db.ts';
import { ACCOUNT_CATEGORIES, type Account, type AccountCategory } from '../../db/schema.ts';
import { listMail } from '../../mail/outbox.ts';
import { ManualClock } from '../../platform/clock.ts';
import { cryptoRandom, Secrets } from '../../platform/secrets.ts';
import { Forbidden, FREE_SSO_CATEGORIES } from '../../policies.ts';
import { ssoAccess, ssoStanding, type SsoAccessDeps } from './access.ts';
import { decideSsoApplication, submitSsoApplication } from './applications.ts';
import { liftSsoBlock, recordConsentRefusal } from './consent-refusal.ts';
import { listApplications, listBlocks } from './sso-access-repository.ts';
import { insertActiveAccount } from './test-accounts.ts';

const DAY = 86_400_000;
const origin = { ip: '192.0.2.10', userAgent: 'test-browser' };
const refusalBy = (a: Account) => ({ accountId: a.id, clientId: 'navi', ip: '192.0.2.20', userAgent: 'Mozilla/5.0 test' });

forEachEngine('sso access', (handle) => {
  let clock: ManualClock;
  let deps: SsoAccessDeps;
  let sequence = 0;

  beforeEach(() => {
    clock = new ManualClock();
    deps = {
      db: handle().db,
      clock,
      random: cryptoRandom,
      secrets: new Secrets('access-test-secret-key-0123456789abcdef'),
      config: loadConfig({ NODE_ENV: 'test' }),
    };
  });

  const office = () => deps.config.mail.officeAddress;

  const account = (category: AccountCategory, o: { email?: string; createdAt?: number } = {}) =>
    insertActiveAccount(deps.db, category, { ...o, createdAt: o.createdAt ?? clock.now() });

  async function naviAccount(email: string, createdAt: number, gmisAccountId: string | null = null): Promise<void> {
    sequence += 1;
    await deps.db
      .insertInto('navi_accounts')
      .values({
        id: `navi-${sequence}-${cryptoRandom.token().slice(0, 8)}`,
        user_id: `navi${sequence}${cryptoRandom.token().slice(0, 6)}`,
        display_name: 'ナビイ 担当者',
        email,
        password_hash: null,
        must_change_password: 0,
        state: 'active',
        gmis_account_id: gmisAccountId,
        created_at: createdAt,
        updated_at: createdAt,
        password_changed_at: null,
      })
      .execute();
  }

  const officeMailsAbout = async (kind: string, username: string) =>
    (await listMail(deps.db, { to: office(), limit: 500 })).filter((m) => m.kind === kind && m.body_text.includes(username));

  describe('ssoAccess', () => {
    test('any client but 医療情報ネット is allowed, whatever the account', async () => {
      const prefecture = await account('都道府県');
      await recordConsentRefusal(deps, refusalBy(prefecture));
      assert.deepEqual(await ssoAccess(deps, prefecture, 'gmis'), { allowed: true });
      assert.deepEqual(await ssoAccess(deps, prefecture, 'some-other-client'), { allowed: true });
    });

    test('the five reporting categories may use it without applying (no 医療情報ネット accounts at all)', async () => {
      assert.deepEqual([...FREE_SSO_CATEGORIES].sort(), ['助産所', '歯科診療所', '病院', '薬局', '診療所'].sort());
      for (const category of FREE_SSO_CATEGORIES) {
        assert.deepEqual(await ssoAccess(deps, await account(category), 'navi'), { allowed: true }, category);
      }
    });

    test('every other category needs an application first', async () => {
      const others = ACCOUNT_CATEGORIES.filter((c) => !FREE_SSO_CATEGORIES.includes(c));
      assert.deepEqual(others, ['都道府県', '保健所', '関係団体', '事務局']);
      for (const category of others) {
        const a = await account(category);
        assert.deepEqual(await ssoAccess(deps, a, 'navi'), { allowed: false, reason: 'application_required' }, category);
        assert.equal((await ssoStanding(deps, a)).applicationNeed, 'category');
      }
    });

    test('pending, approved and refused applications', async () => {
      const decider = await account('事務局');
      const a = await account('保健所');
      const b = await account('関係団体');
      const first = await submitSsoApplication(deps, a, { reason: '管内の医療機関の情報を確認するため' });
      assert.ok(first.ok);
      assert.deepEqual(await ssoAccess(deps, a, 'navi'), { allowed: false, reason: 'application_pending' });
      await decideSsoApplication(deps, decider, first.application.id, { decision: 'approve' });
      assert.deepEqual(await ssoAccess(deps, a, 'navi'), { allowed: true });

      const second = await submitSsoApplication(deps, b, { reason: '会員向けの案内のため' });
      assert.ok(second.ok);
      await decideSsoApplication(deps, decider, second.application.id, { decision: 'refuse', reason: '所属の確認が取れませんでした。' });
      assert.deepEqual(await ssoAccess(deps, b, 'navi'), {
        allowed: false,
        reason: 'application_refused',
        decisionReason: '所属の確認が取れませんでした。',
      });
    });

    test('an earlier 医療情報ネット account with the same e-mail (any case) needs an application too', async () => {
      const start = clock.now();
      const email = `Mixed.Case-${cryptoRandom.token().slice(0, 6)}@Example.JP`;
      await naviAccount(email.toLowerCase(), start - 30 * DAY);
      const clinic = await account('診療所', { email, createdAt: start });
      assert.deepEqual(await ssoAccess(deps, clinic, 'navi'), { allowed: false, reason: 'application_required' });
      assert.equal((await ssoStanding(deps, clinic)).applicationNeed, 'earlier_navi_account');

      // Linked to another G-MIS account still counts; linked to this one does not.
      const email2 = `linked-${cryptoRandom.token().slice(0, 6)}@example.jp`;
      const other = await account('病院', { createdAt: start - 60 * DAY });
      await naviAccount(email2, start - 30 * DAY, other.id);
      assert.equal((await ssoAccess(deps, await account('病院', { email: email2, createdAt: start }), 'navi')).allowed, false);

      const email3 = `own-${cryptoRandom.token().slice(0, 6)}@example.jp`;
      const own = await account('薬局', { email: email3, createdAt: start });
      await naviAccount(email3, start - 30 * DAY, own.id);
      assert.deepEqual(await ssoAccess(deps, own, 'navi'), { allowed: true });
    });

    test('a 医療情報ネット account made after the G-MIS account (e.g. by single sign-on) needs nothing', async () => {
      const email = `later-${cryptoRandom.token().slice(0, 6)}@example.jp`;
      const clinic = await account('歯科診療所', { email });
      await naviAccount(email, clinic.created_at + DAY);
      await naviAccount(email, clinic.created_at); // same instant is not "before"
      assert.deepEqual(await ssoAccess(deps, clinic, 'navi'), { allowed: true });
    });

    test('an earlier account user is allowed once their application is approved', async () => {
      const decider = await account('事務局');
      const email = `prior-${cryptoRandom.token().slice(0, 6)}@example.jp`;
      await naviAccount(email, clock.now() - DAY);
      const midwife = await account('助産所', { email });
      const submitted = await submitSsoApplication(deps, midwife, { reason: '以前の医療情報ネットのアカウントから切り替えるため' });
      assert.ok(submitted.ok);
      await decideSsoApplication(deps, decider, submitted.application.id, { decision: 'approve' });
      assert.deepEqual(await ssoAccess(deps, midwife, 'navi'), { allowed: true });
    });

    test('a block after 「却下」 outranks everything, even an approved application', async () => {
      const decider = await account('事務局');
      const a = await account('都道府県');
      const submitted = await submitSsoApplication(deps, a, { reason: '県内の掲載内容を確認するため' });
      assert.ok(submitted.ok);
      await decideSsoApplication(deps, decider, submitted.application.id, { decision: 'approve' });
      await recordConsentRefusal(deps, refusalBy(a));
      assert.deepEqual(await ssoAccess(deps, a, 'navi'), { allowed: false, reason: 'blocked_after_refusal' });
      const hospital = await account('病院');
      await recordConsentRefusal(deps, refusalBy(hospital));
      assert.deepEqual(await ssoAccess(deps, hospital, 'navi'), { allowed: false, reason: 'blocked_after_refusal' });
    });
  });

  describe('consent refusals', () => {
    test('recording a refusal opens one block, one audit event and one mail to the office, however often it is repeated', async () => {
      const hospital = await account('病院');
      await recordConsentRefusal(deps, refusalBy(hospital));
      clock.advance(60_000);
      await recordConsentRefusal(deps, refusalBy(hospital));
      await Promise.all([recordConsentRefusal(deps, refusalBy(hospital)), recordConsentRefusal(deps, refusalBy(hospital))]);

      const blocks = await deps.db.selectFrom('sso_blocks').selectAll().where('account_id', '=', hospital.id).execute();
      assert.equal(blocks.length, 1);
      assert.equal(blocks[0]!.client_id, 'navi');
      assert.equal(blocks[0]!.ip, '192.0.2.20');
      assert.equal(blocks[0]!.user_agent, 'Mozilla/5.0 test');
      assert.equal(blocks[0]!.refused_at, clock.now() - 60_000);
      assert.equal(blocks[0]!.lifted_at, null);
      const audit = await listAudit(deps.db, { type: 'sso.consent.refused', accountId: hospital.id });
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.ip, '192.0.2.20');
      const mails = await officeMailsAbout('sso.consent.refused', hospital.username);
      assert.equal(mails.length, 1);
      assert.ok(mails[0]!.body_text.includes(hospital.email), 'the office can contact the user');
      assert.ok(mails[0]!.body_text.includes(`${deps.config.publicUrl.gmis}/office/sso`));
    });

    test('concurrent first refusals still leave exactly one open block', async () => {
      const pharmacy = await account('薬局');
      await Promise.all(Array.from({ length: 5 }, () => recordConsentRefusal(deps, refusalBy(pharmacy))));
      const open = await deps.db.selectFrom('sso_blocks').selectAll().where('account_id', '=', pharmacy.id).execute();
      assert.equal(open.length, 1);
    });

    test('the office lifts a block with the reason it learned; the user is told and may try again', async () => {
      const officer = await account('事務局');
      const clinic = await account('診療所');
      await recordConsentRefusal(deps, refusalBy(clinic));
      const [block] = (await listBlocks(deps.db, 'open')).filter((b) => b.account_id === clinic.id);
      assert.ok(block);
      assert.equal(block.person.username, clinic.username);
      assert.equal(block.person.email, clinic.email);

      clock.advance(DAY);
      const lifted = await liftSsoBlock(deps, officer, block.id, '  連携の内容がわからず却下したとのこと。説明して了承を得た。 ', origin);
      assert.ok(lifted.ok);
      assert.equal(lifted.block.office_note, '連携の内容がわからず却下したとのこと。説明して了承を得た。');
      assert.deepEqual(await ssoAccess(deps, clinic, 'navi'), { allowed: true });

      const [history] = (await listBlocks(deps.db, 'lifted')).filter((b) => b.id === block.id);
      assert.equal(history?.lifted_at, clock.now());
      assert.equal(history?.lifted_by, officer.id);
      assert.equal(history?.lifterName, officer.display_name);
      const [audit] = await listAudit(deps.db, { type: 'sso.block.lifted', accountId: clinic.id });
      assert.equal(JSON.parse(audit!.details).liftedBy, officer.username);
      assert.equal(audit!.ip, origin.ip);
      const [mail] = await listMail(deps.db, { to: clinic.email });
      assert.equal(mail?.kind, 'sso.block.lifted');

      assert.deepEqual(await liftSsoBlock(deps, officer, block.id, 'もう一度'), { ok: false, problem: 'already_lifted' });
      assert.deepEqual(await liftSsoBlock(deps, officer, 'no-such-block', 'x'), { ok: false, problem: 'not_found' });

      // A new 「却下」 after the lift blocks again, as a new item in the queue.
      await recordConsentRefusal(deps, refusalBy(clinic));
      assert.deepEqual(await ssoAccess(deps, clinic, 'navi'), { allowed: false, reason: 'blocked_after_refusal' });
      assert.equal((await deps.db.selectFrom('sso_blocks').select('id').where('account_id', '=', clinic.id).execute()).length, 2);
    });

    test('only another office member may lift a block', async () => {
      const officer = await account('事務局');
      const prefecture = await account('都道府県');
      await recordConsentRefusal(deps, refusalBy(prefecture));
      await recordConsentRefusal(deps, refusalBy(officer));
      const blocks = await listBlocks(deps.db, 'open');
      const prefectureBlock = blocks.find((b) => b.account_id === prefecture.id)!;
      const officerBlock = blocks.find((b) => b.account_id === officer.id)!;
      await assert.rejects(liftSsoBlock(deps, prefecture, prefectureBlock.id, '自分で解除'), Forbidden);
      await assert.rejects(liftSsoBlock(deps, officer, officerBlock.id, '自分で解除'), Forbidden);
      assert.equal((await ssoAccess(deps, prefecture, 'navi')).allowed, false);
      const colleague = await account('事務局');
      assert.ok((await liftSsoBlock(deps, colleague, officerBlock.id, '操作の誤り')).ok);
    });
  });

  describe('applications', () => {
    test('submitting stores a pending application, mails the office and writes an audit event', async () => {
      const centre = await account('保健所');
      clock.advance(1000);
      const result = await submitSsoApplication(deps, centre, { reason: '管内の診療所の掲載内容を\n確認するため' }, origin);
      assert.ok(result.ok);
      assert.equal(result.application.status, 'pending');
      assert.equal(result.application.created_at, clock.now());
      const [stored] = (await listApplications(deps.db, 'pending')).filter((a) => a.account_id === centre.id);
      assert.equal(stored?.reason, '管内の診療所の掲載内容を\n確認するため');
      assert.equal(stored?.applicant.category, '保健所');
      const [mail] = await officeMailsAbout('sso.application.received', centre.username);
      assert.ok(mail, 'the office is told');
      assert.ok(mail.body_text.includes('管内の診療所の掲載内容を\n確認するため'));
      assert.ok(mail.body_text.includes(`${deps.config.publicUrl.gmis}/office/sso`));
      const [audit] = await listAudit(deps.db, { type: 'sso.application.submitted', accountId: centre.id });
      assert.equal(JSON.parse(audit!.details).need, 'category');
    });

    test('one pending application at a time, also under concurrent submissions', async () => {
      const a = await account('関係団体');
      const results = await Promise.all(Array.from({ length: 4 }, () => submitSsoApplication(deps, a, { reason: '同時送信' })));
      assert.equal(results.filter((r) => r.ok).length, 1);
      assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.problem === 'already_pending'));
      assert.deepEqual(await submitSsoApplication(deps, a, { reason: 'もう一度' }), { ok: false, problem: 'already_pending' });
    });

    test('an account that needs no application cannot submit one', async () => {
      const hospital = await account('病院');
      assert.deepEqual(await submitSsoApplication(deps, hospital, { reason: '念のため' }), { ok: false, problem: 'not_needed' });
      assert.equal((await listApplications(deps.db, 'pending')).filter((a) => a.account_id === hospital.id).length, 0);
    });

    test('approval: the applicant is mailed, cannot apply again, and the decision is in the history', async () => {
      const officer = await account('事務局');
      const prefecture = await account('都道府県');
      const submitted = await submitSsoApplication(deps, prefecture, { reason: '県の担当者として利用するため' });
      assert.ok(submitted.ok);
      clock.advance(DAY);
      const decided = await decideSsoApplication(deps, officer, submitted.application.id, { decision: 'approve', reason: '' }, origin);
      assert.ok(decided.ok);
      assert.equal(decided.application.status, 'approved');
      assert.equal(decided.application.decision_reason, null);

      const [mail] = await listMail(deps.db, { to: prefecture.email });
      assert.equal(mail?.kind, 'sso.application.approved');
      assert.ok(mail.body_text.includes(prefecture.username));
      const [history] = (await listApplications(deps.db, 'decided')).filter((a) => a.id === submitted.application.id);
      assert.equal(history?.decided_at, clock.now());
      assert.equal(history?.deciderName, officer.display_name);
      const [audit] = await listAudit(deps.db, { type: 'sso.application.approved', accountId: prefecture.id });
      assert.equal(JSON.parse(audit!.details).decidedBy, officer.username);

      assert.deepEqual(await submitSsoApplication(deps, prefecture, { reason: 'もう一度' }), { ok: false, problem: 'already_approved' });
      assert.deepEqual(await decideSsoApplication(deps, officer, submitted.application.id, { decision: 'refuse', reason: '遅れて却下' }), {
        ok: false,
        problem: 'already_decided',
      });
      assert.deepEqual(await decideSsoApplication(deps, officer, 'no-such-application', { decision: 'approve' }), { ok: false, problem: 'not_found' });
    });

    test('refusal: the reason reaches the applicant, who may apply again', async () => {
      const officer = await account('事務局');
      const association = await account('関係団体');
      const first = await submitSsoApplication(deps, association, { reason: '利用したい' });
      assert.ok(first.ok);
      const refused = await decideSsoApplication(deps, officer, first.application.id, {
        decision: 'refuse',
        reason: '利用目的を具体的に書いてください。',
      });
      assert.ok(refused.ok);
      const [mail] = await listMail(deps.db, { to: association.email });
      assert.equal(mail?.kind, 'sso.application.refused');
      assert.ok(mail.body_text.includes('利用目的を具体的に書いてください。'));
      assert.ok(mail.body_text.includes(`${deps.config.publicUrl.gmis}/sso-application`));

      clock.advance(1000);
      const again = await submitSsoApplication(deps, association, { reason: '会員の医療機関からの問い合わせに、掲載内容を確認して答えるため' });
      assert.ok(again.ok);
      assert.deepEqual(await ssoAccess(deps, association, 'navi'), { allowed: false, reason: 'application_pending' });
      assert.equal((await ssoStanding(deps, association)).latestApplication?.id, again.application.id);
    });

    test('only another office member may decide', async () => {
      const officer = await account('事務局');
      const prefecture = await account('都道府県');
      const submitted = await submitSsoApplication(deps, prefecture, { reason: '確認のため' });
      assert.ok(submitted.ok);
      await assert.rejects(decideSsoApplication(deps, prefecture, submitted.application.id, { decision: 'approve' }), Forbidden);
      await assert.rejects(decideSsoApplication(deps, await account('病院'), submitted.application.id, { decision: 'approve' }), Forbidden);

      const own = await submitSsoApplication(deps, officer, { reason: '事務局の業務で利用するため' });
      assert.ok(own.ok);
      await assert.rejects(decideSsoApplication(deps, officer, own.application.id, { decision: 'approve' }), Forbidden);
      assert.ok((await decideSsoApplication(deps, await account('事務局'), own.application.id, { decision: 'approve' })).ok);
      assert.deepEqual(await ssoAccess(deps, officer, 'navi'), { allowed: true });
    });

    test('a disabled account may do nothing', async () => {
      const prefecture = await account('都道府県');
      await deps.db.updateTable('accounts').set({ state: 'disabled' }).where('id', '=', prefecture.id).execute();
      await assert.rejects(submitSsoApplication(deps, { ...prefecture, state: 'disabled' }, { reason: 'x' }), Forbidden);
    });
  });
});
