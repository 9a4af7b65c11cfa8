// Review and issuance on both engines: who sees which applications (SQL filter = policy), approval
// issuing a new account or — for an institution that already has one — the 既存アカウント通知 and the
// permission with no second account, 差し戻し and 却下 with their mails, and no decision twice.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { forEachEngine, testDeps } from '../testing/db.ts';
import type { Account, AccountCategory } from '../db/schema.ts';
import { issueAccount } from '../identity/accounts/issue-account.ts';
import { ManualClock } from '../platform/clock.ts';
import { checkApplication, submitApplication, type ApplicationValues } from './application.ts';
import { actorOf } from '../policies.ts';
import { approve, approveMany, countApprovals, findForReview, listQueue, masterOf, mismatches, rejectApplication, returnApplication } from './review.ts';
import { listMail } from '../mail/outbox.ts';
import { checkReturnLink, loadDraft, openReturnLink, saveDraft, submitDraft } from './draft.ts';

const BASE: ApplicationValues = {
  kind: '診療所',
  name: '梅田こどもクリニック',
  name_kana: 'ウメダコドモクリニック',
  institution_code: 'C2001',
  insurance_code: '',
  postcode: '5300001',
  prefecture_code: '27',
  municipality_code: '27127',
  address: '梅田2-4-9',
  building: '',
  phone: '06-1234-5678',
  department: '',
  department_number: '',
  contact_name: '梅田 花子',
  email: 'hanako@example.jp',
  email_confirm: 'hanako@example.jp',
};
const TOKYO: Partial<ApplicationValues> = {
  name: '銀座こどもクリニック',
  institution_code: 'C9',
  postcode: '1040061',
  prefecture_code: '13',
  municipality_code: '13102',
  phone: '03-1111-2222',
};
const KITA2: Partial<ApplicationValues> = { name: '中央こどもクリニック', institution_code: 'C3', postcode: '5400002', municipality_code: '27128' };
const origin = { ip: '192.0.2.1', userAgent: 'test' };

forEachEngine('registration review', (handle) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 21, 1));
  const deps = () => testDeps(handle(), clock);

  async function account(
    category: AccountCategory,
    prefectureCode: string | null,
    extra: { municipalities?: string[]; delegatedBy?: string } = {},
  ): Promise<Account> {
    const { accountId } = await issueAccount(deps(), {
      category,
      displayName: `${category} 担当`,
      email: `${category}@example.jp`,
      prefectureCode,
      issuedBy: 'test',
    });
    await handle().db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
    for (const m of extra.municipalities ?? [])
      await handle().db.insertInto('account_municipalities').values({ account_id: accountId, municipality_code: m }).execute();
    if (extra.delegatedBy)
      await handle()
        .db.insertInto('prefecture_delegations')
        .values({ account_id: accountId, prefecture_code: extra.delegatedBy, action: 'registration.review', granted_by: null, granted_at: 0 })
        .execute();
    return handle().db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  }
  async function apply(values: Partial<ApplicationValues> = {}): Promise<string> {
    const checked = checkApplication({ ...BASE, ...values });
    assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.errors));
    const r = await submitApplication(deps(), checked.value, origin, null);
    assert.ok(r.ok);
    return r.id;
  }

  beforeEach(async () => {
    const db = handle().db;
    for (const t of [
      'registration_drafts',
      'registration_applications',
      'account_permissions',
      'account_municipalities',
      'prefecture_delegations',
      'mail_outbox',
      'audit_events',
      'login_throttles',
      'account_tokens',
    ] as const)
      await db.deleteFrom(t).execute();
    await db.deleteFrom('accounts').execute();
    await db.deleteFrom('institutions').execute();
  });

  test('each reviewer’s queue holds exactly what the policy lets it review', async () => {
    const umeda = await apply();
    const chuo = await apply(KITA2);
    const ginza = await apply(TOKYO);
    const ids = async (a: Account) => (await listQueue(handle().db, await actorOf(handle().db, a), {}, { limit: 50, offset: 0 })).rows.map((r) => r.id).sort();
    const osaka = await account('都道府県', '27');
    const centre = await account('保健所', '27', { municipalities: ['27127'] });
    const association = await account('関係団体', null, { delegatedBy: '27' });
    const office = await account('事務局', null);
    const hospital = await account('病院', '27');
    assert.deepEqual(await ids(osaka), [umeda, chuo].sort());
    assert.deepEqual(await ids(centre), [umeda]);
    assert.deepEqual(await ids(association), [umeda, chuo].sort());
    assert.deepEqual(await ids(office), [umeda, chuo, ginza].sort());
    assert.deepEqual(await ids(hospital), []);
    assert.equal(await findForReview(handle().db, await actorOf(handle().db, centre), chuo), undefined);
    // Filters, and a search that treats % and _ as text.
    const actor = await actorOf(handle().db, osaka);
    assert.deepEqual(
      (await listQueue(handle().db, actor, { municipalityCode: '27128' }, { limit: 50, offset: 0 })).rows.map((r) => r.id),
      [chuo],
    );
    assert.deepEqual(
      (await listQueue(handle().db, actor, { q: '中央' }, { limit: 50, offset: 0 })).rows.map((r) => r.id),
      [chuo],
    );
    assert.equal((await listQueue(handle().db, actor, { q: '%' }, { limit: 50, offset: 0 })).total, 0);
  });

  test('approval issues a new account with its welcome mail; a second application for the institution gets the 既存アカウント通知 and no second account', async () => {
    const osaka = await actorOf(handle().db, await account('都道府県', '27'));
    const first = await apply({ department: '医事課', department_number: '１２３４' });
    const r = await approve(deps(), osaka, first, origin);
    assert.ok(r.ok && r.outcome === 'issued');
    const issued = await handle().db.selectFrom('accounts').selectAll().where('id', '=', r.accountId).executeTakeFirstOrThrow();
    assert.equal(issued.category, '診療所');
    // The applicant's 担当者氏名, 担当部署 and 部署番号 are the account's ユーザ基礎情報 from the start.
    assert.equal(issued.display_name, '梅田こどもクリニック 梅田 花子');
    assert.deepEqual([issued.family_name, issued.given_name, issued.department, issued.extension], ['梅田', '花子', '医事課', '1234']);
    assert.equal(issued.profile_confirmed_at, null, 'the first sign-in still asks them to confirm it');
    assert.equal(issued.state, 'pending_password');
    assert.ok(issued.institution_id, 'the institution joined the master');
    const welcome = (await listMail(handle().db, { to: 'hanako@example.jp' })).filter((m) => m.kind === 'account.welcome');
    assert.equal(welcome.length, 1);
    assert.ok(welcome[0]!.body_text.includes(issued.username));
    assert.ok(welcome[0]!.body_text.startsWith('梅田こどもクリニック 梅田 花子 様'), welcome[0]!.body_text.slice(0, 40));
    assert.deepEqual(await approve(deps(), osaka, first, origin), { ok: false, problem: 'already_decided' });

    const again = await apply({ email: 'new-staff@example.jp', email_confirm: 'new-staff@example.jp', contact_name: '梅田 次郎' });
    const second = await approve(deps(), osaka, again, origin);
    assert.ok(second.ok && second.outcome === 'existing');
    assert.equal(second.username, issued.username);
    const notices = (await listMail(handle().db))
      .filter((m) => m.kind === 'registration.existing_account')
      .sort((x, y) => x.to_address.localeCompare(y.to_address));
    assert.deepEqual(
      notices.map((m) => m.to_address),
      ['hanako@example.jp', 'new-staff@example.jp'],
    );
    assert.ok(notices[0]!.body_text.startsWith('梅田こどもクリニック 梅田 花子 様'), 'the account holder is greeted by name');
    assert.ok(notices[1]!.body_text.startsWith('梅田 次郎 様'));
    for (const m of notices) {
      assert.ok(m.body_text.includes(issued.username));
      assert.ok(m.body_text.includes('〒530-0001 大阪府大阪市北区梅田２－４－９'));
      assert.ok(
        m.subject.includes(
          (await handle().db.selectFrom('registration_applications').select('number').where('id', '=', again).executeTakeFirstOrThrow()).number,
        ),
      );
    }
    const accounts = await handle().db.selectFrom('accounts').select('id').where('institution_id', '=', issued.institution_id).execute();
    assert.equal(accounts.length, 1, 'still one account');
    const perms = await handle().db.selectFrom('account_permissions').select('permission').where('account_id', '=', issued.id).execute();
    assert.deepEqual(perms, [{ permission: '医療機能情報提供制度' }]);
  });

  test('approved together, two applications for one new institution make one account and one existing-account notice', async () => {
    const osaka = await actorOf(handle().db, await account('都道府県', '27'));
    const tokyo = await actorOf(handle().db, await account('都道府県', '13'));
    const first = await apply();
    const second = await apply({ email: 'other@example.jp', email_confirm: 'other@example.jp' });
    const elsewhere = await apply(TOKYO);
    const results = await approveMany(deps(), osaka, [first, second, elsewhere, 'no-such-id'], origin);
    assert.deepEqual(countApprovals(results), { issued: 1, existing: 1, skipped: 2 });
    assert.deepEqual(results.get(elsewhere), { ok: false, problem: 'not_found' });
    const one = results.get(first)!;
    const two = results.get(second)!;
    assert.ok(one.ok && two.ok && 'username' in one && 'username' in two);
    assert.equal(one.username, two.username);
    assert.equal((await handle().db.selectFrom('accounts').select('id').where('category', '=', '診療所').execute()).length, 1);
    assert.deepEqual(countApprovals(await approveMany(deps(), osaka, [first, second], origin)), { issued: 0, existing: 0, skipped: 2 });
    assert.deepEqual(countApprovals(await approveMany(deps(), tokyo, [elsewhere], origin)), { issued: 1, existing: 0, skipped: 0 });
  });

  test('the review page’s comparison: what differs from the master', async () => {
    const id = await apply();
    const osaka = await actorOf(handle().db, await account('都道府県', '27'));
    await approve(deps(), osaka, id, origin);
    const other = await apply({ name: '梅田こどもクリニツク', phone: '06-1234-0000' });
    const a = (await findForReview(handle().db, osaka, other))!;
    assert.deepEqual(mismatches(a, (await masterOf(handle().db, a))!), ['name', 'phone']);
  });

  test('差し戻し and 却下 mail the reason; another prefecture cannot decide; nothing is decided twice', async () => {
    const osaka = await actorOf(handle().db, await account('都道府県', '27'));
    const tokyo = await actorOf(handle().db, await account('都道府県', '13'));
    const a = await apply();
    const b = await apply(KITA2);
    assert.deepEqual(await returnApplication(deps(), tokyo, a, '機関コードをご確認ください', origin), { ok: false, problem: 'not_found' });
    assert.deepEqual(await returnApplication(deps(), osaka, a, '機関コードをご確認ください', origin), { ok: true, outcome: 'returned' });
    assert.deepEqual(await rejectApplication(deps(), osaka, a, 'x', origin), { ok: false, problem: 'already_decided' });
    assert.deepEqual(await rejectApplication(deps(), osaka, b, '当県の医療機関ではありません', origin), { ok: true, outcome: 'rejected' });
    const mails = (await listMail(handle().db)).filter((m) => m.kind === 'registration.returned' || m.kind === 'registration.rejected');
    assert.equal(mails.length, 2);
    assert.ok(mails.find((m) => m.kind === 'registration.returned')!.body_text.includes('機関コードをご確認ください'));
    assert.ok(mails.find((m) => m.kind === 'registration.rejected')!.body_text.includes('当県の医療機関ではありません'));
    assert.equal((await handle().db.selectFrom('accounts').select('id').where('category', '=', '診療所').execute()).length, 0);
  });

  test('差し戻し: the mail’s link opens the application as sent, once; sending it again updates the same application', async () => {
    const osaka = await actorOf(handle().db, await account('都道府県', '27'));
    const a = await apply();
    await returnApplication(deps(), osaka, a, '電話番号をご確認ください', origin);
    const [mail] = (await listMail(handle().db)).filter((m) => m.kind === 'registration.returned');
    const token = /\/register\/return\/([A-Za-z0-9_-]{43})/.exec(mail!.body_text)?.[1];
    assert.ok(token, 'the mail carries the link');
    const stored = await handle().db.selectFrom('registration_drafts').selectAll().execute();
    assert.ok(
      stored.every((d) => d.link_hash !== token && d.token_hash === null),
      'only the link’s keyed hash is stored',
    );

    assert.deepEqual(await checkReturnLink(deps(), token), {
      ok: true,
      number: (await handle().db.selectFrom('registration_applications').select('number').executeTakeFirstOrThrow()).number,
    });
    assert.deepEqual(await checkReturnLink(deps(), token), await checkReturnLink(deps(), token), 'looking does not use it');
    const opened = await openReturnLink(deps(), token);
    assert.ok(opened.ok);
    assert.deepEqual(await openReturnLink(deps(), token), { ok: false, problem: 'used' });
    assert.deepEqual(await checkReturnLink(deps(), token), { ok: false, problem: 'used' });
    const draft = (await loadDraft(deps(), opened.token, { base: '/register', ownerId: null }))!;
    assert.equal(draft.data.values.contact_name, '梅田 花子');
    assert.equal(draft.data.returned?.reason, '電話番号をご確認ください');

    const checked = checkApplication({ ...draft.data.values, phone: '06-9999-0000' });
    assert.ok(checked.ok);
    const saved = await saveDraft(
      deps(),
      draft,
      { base: '/register', ownerId: null },
      'confirm',
      { ...draft.data, values: { ...draft.data.values, phone: '06-9999-0000' } },
      origin,
    );
    assert.ok(saved.ok);
    const sent = await submitDraft(deps(), saved.draft, checked.value, origin, null);
    assert.ok(sent.ok);
    const rows = await handle().db.selectFrom('registration_applications').selectAll().execute();
    assert.equal(rows.length, 1, 'no second application');
    assert.deepEqual([rows[0]!.id, rows[0]!.status, rows[0]!.phone, rows[0]!.decision_reason], [a, 'submitted', '06-9999-0000', null]);
    assert.equal(sent.number, rows[0]!.number, 'the same 申請番号');
    const again = await submitDraft(deps(), saved.draft, checked.value, origin, null);
    assert.deepEqual(again, { ok: false, problem: 'already_submitted', submitted: { number: sent.number, id: a } });
  });
});
