// Reviewing 新規ユーザ登録申請 over real HTTP on the real platform, on SQLite and PostgreSQL, reviewers
// signed in through Med-Login: the queue and the comparison with the master, approval
// (new account; then the existing-account notice), 差し戻し without and with a reason, bulk
// approval, and every route refused to an account of another prefecture or an institution.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountCategory } from '../../../db/schema.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { issueAccount } from '../../../identity/accounts/issue-account.ts';
import type { Ports } from '../../../ports.ts';
import { importInstitutions } from '../../../institutions/csv.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { cryptoRandom } from '../../../platform/secrets.ts';
import { checkApplication, submitApplication, type ApplicationValues } from '../../../registration/application.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { csrfTokenIn, type Browser } from '../../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { listMail } from '../../../mail/outbox.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { assertShows, inHtml } from '../../../testing/messages.ts';

describeEachEngine('registration review', (engine) => {
  let platform: TestPlatform;
  let deps: Ports;

  before(async () => {
    platform = await startTestPlatform({ engine, clock: new ManualClock() });
    deps = platform.rt.deps;
    await importInstitutions(
      { db: deps.db, random: cryptoRandom, now: 0 },
      Buffer.from(
        '機関区分,都道府県コード,機関コード,機関名,フリガナ,市区町村コード,郵便番号,住所,電話番号\n診療所,27,C1,梅田こどもクリニック,ウメダコドモクリニック,27127,5300001,梅田１,06-1234-5678\n',
      ),
    );
  });

  after(() => platform.close());

  async function browserAs(category: AccountCategory, prefectureCode: string | null): Promise<Browser> {
    const { accountId } = await issueAccount(deps, {
      category,
      displayName: `${category} 担当`,
      email: `${Math.random().toString(36).slice(2)}@example.jp`,
      prefectureCode,
      issuedBy: 'test',
    });
    await deps.db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
    return gmisBrowserAs(platform, accountId);
  }

  async function apply(values: Partial<ApplicationValues>): Promise<string> {
    const checked = checkApplication({
      kind: '診療所',
      name: '梅田こどもクリニック',
      name_kana: 'ウメダコドモクリニック',
      institution_code: 'C1',
      insurance_code: '',
      postcode: '5300001',
      prefecture_code: '27',
      municipality_code: '27127',
      address: '梅田１',
      building: '',
      phone: '06-1234-5678',
      department: '',
      department_number: '',
      contact_name: '梅田 花子',
      email: 'hanako@example.jp',
      email_confirm: 'hanako@example.jp',
      ...values,
    });
    assert.ok(checked.ok);
    const r = await submitApplication(deps, checked.value, { ip: `198.51.100.${Math.floor(Math.random() * 250)}`, userAgent: 't' });
    assert.ok(r.ok);
    return r.id;
  }

  describe('reviewing 新規ユーザ登録申請', () => {
    test('the prefecture compares with the master, approves, and the next application for the institution finds its account', async () => {
      const osaka = await browserAs('都道府県', '27');
      const id = await apply({ phone: '06-1234-0000' });
      const queue = await osaka.get('/review/registrations');
      assert.equal(queue.status, 200);
      assert.match(queue.body, /差異あり/);
      const page = await osaka.get(`/review/registrations/${id}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /マスタと異なる項目が1件あります/);
      assert.match(page.body, /compare-table__diff[\s\S]*?電話番号/);
      const approved = await osaka.request('POST', `/review/registrations/${id}/approve`, { _csrf: csrfTokenIn(page.body) });
      assert.equal(approved.status, 303);
      assert.match(approved.location!, /done=approved/);
      assertShows((await osaka.get(approved.location!)).body, MESSAGES['review.approved']);

      const second = await apply({ email: 'jiro@example.jp', email_confirm: 'jiro@example.jp' });
      const page2 = await osaka.get(`/review/registrations/${second}`);
      assert.match(page2.body, /この機関にはアカウント [a-z]{2}\d{6} がすでにあります/);
      const r = await osaka.request('POST', `/review/registrations/${second}/approve`, { _csrf: csrfTokenIn(page2.body) });
      assert.match(r.location!, /done=existing/);
      assertShows((await osaka.get(r.location!)).body, MESSAGES['review.approved.existing_account']);
      const again = await osaka.request('POST', `/review/registrations/${second}/approve`, { _csrf: csrfTokenIn(page2.body) });
      assert.match(again.location!, /done=already_decided/);
      assertShows((await osaka.get(again.location!)).body, MESSAGES['review.already_decided']);
    });

    test('差し戻し needs a reason (kept as typed when refused); with one the applicant is told', async () => {
      const osaka = await browserAs('都道府県', '27');
      const id = await apply({});
      const page = await osaka.get(`/review/registrations/${id}`);
      const empty = await osaka.request('POST', `/review/registrations/${id}/return`, { _csrf: csrfTokenIn(page.body), return_reason: '   ' });
      assert.equal(empty.status, 422);
      assertShows(empty.body, MESSAGES['text.required']('差し戻しの理由'));
      const long = 'あ'.repeat(1001);
      const tooLong = await osaka.request('POST', `/review/registrations/${id}/return`, { _csrf: csrfTokenIn(page.body), return_reason: long });
      assert.equal(tooLong.status, 422);
      assert.ok(tooLong.body.includes(long), 'what was typed comes back');
      const ok = await osaka.request('POST', `/review/registrations/${id}/return`, {
        _csrf: csrfTokenIn(page.body),
        return_reason: '機関コードを確認してください',
      });
      assert.match(ok.location!, /done=returned/);
      assertShows((await osaka.get(ok.location!)).body, MESSAGES['review.returned']);
      const mail = (await listMail(deps.db)).find((m) => m.kind === 'registration.returned')!;
      assert.match(mail.body_text, /機関コードを確認してください/);
    });

    test('select all → approve', async () => {
      const osaka = await browserAs('都道府県', '27');
      for (let i = 0; i < 3; i++) await apply({ institution_code: `BULK${i}`, name: `一括${i}クリニック` });
      const queue = await osaka.get('/review/registrations?q=一括');
      const r = await osaka.request('POST', `/review/registrations/approve?q=${encodeURIComponent('一括')}`, { _csrf: csrfTokenIn(queue.body), all: '1' });
      assert.equal(r.status, 303);
      assert.match(r.location!, /done=bulk&n=3/);
      assertShows((await osaka.get(r.location!)).body, MESSAGES['review.approved.many'](3));
      const none = await osaka.request('POST', '/review/registrations/approve', { _csrf: csrfTokenIn(queue.body) });
      assertShows((await osaka.get(none.location!)).body, MESSAGES['review.none_selected']);
      const left = await osaka.get('/review/registrations?q=一括');
      assert.match(left.body, /該当する申請はありません/);
    });

    test('another prefecture and an institution get nothing: 404 for the application, 403 for the queue', async () => {
      const osaka = await browserAs('都道府県', '27');
      const tokyo = await browserAs('都道府県', '13');
      const hospital = await browserAs('病院', '27');
      const id = await apply({ institution_code: 'X9', name: '別件クリニック' });
      const tokyoQueue = await tokyo.get('/review/registrations?status=all');
      assert.equal(tokyoQueue.status, 200);
      assert.doesNotMatch(tokyoQueue.body, /別件クリニック/);
      assert.equal((await tokyo.get(`/review/registrations/${id}`)).status, 404);
      const token = csrfTokenIn(tokyoQueue.body);
      for (const action of ['approve', 'return', 'reject']) {
        const r = await tokyo.request('POST', `/review/registrations/${id}/${action}`, { _csrf: token, return_reason: 'x', reject_reason: 'x' });
        assert.equal(r.status, 404, action);
      }
      const bulk = await tokyo.request('POST', '/review/registrations/approve', { _csrf: token, ids: id });
      assert.match(bulk.location!, /n=0/);
      assert.equal((await hospital.get('/review/registrations')).status, 403);
      assert.equal((await hospital.get(`/review/registrations/${id}`)).status, 403);
      // Still waiting for its own prefecture.
      assert.match((await osaka.get(`/review/registrations/${id}`)).body, /承認する/);
    });

    test('代理申請: the prefecture applies for an institution of its own prefecture only, and the application lands in its queue', async () => {
      const osaka = await browserAs('都道府県', '27');
      const form = await osaka.get('/review/registrations/new');
      assert.equal(form.status, 200);
      assert.match(form.body, /新規ユーザ登録申請（代理申請）/);
      assert.match(form.body, /<option value="27" selected/);
      assert.doesNotMatch(form.body, /<option value="13"/, 'only its own prefecture to choose');
      const fields = {
        kind: '薬局',
        name: 'きた薬局',
        name_kana: 'きたやっきょく',
        institution_code: 'P77',
        insurance_code: '',
        postcode: '1040061',
        prefecture_code: '13',
        municipality_code: '13102',
        address: '銀座1',
        building: '',
        phone: '03-1111-2222',
        department: '',
        department_number: '',
        contact_name: '北 薫',
        email: 'kita@example.jp',
        email_confirm: 'kita@example.jp',
      };
      // Another prefecture's institution: the prefecture stays its own, and the place does not fit it.
      const elsewhere = await osaka.request('POST', '/review/registrations/new', { _csrf: csrfTokenIn(form.body), ...fields, intent: 'confirm' });
      assert.equal(elsewhere.status, 303);
      assertShows((await osaka.get(elsewhere.location!)).body, MESSAGES['registration.municipality.other_prefecture']('中央区', '大阪府'));
      // 住所検索 of a Tokyo postcode: said beside the postcode, in words.
      const lookup = await osaka.request('POST', '/review/registrations/new', { _csrf: csrfTokenIn(form.body), ...fields, intent: 'lookup' });
      const looked = await osaka.get(lookup.location!);
      assert.ok(
        looked.body.includes(`<p class="field__error" id="postcode-error">${inHtml(MESSAGES['registration.postcode.outside_reach']('東京都', '大阪府'))}`),
      );
      const own = { ...fields, postcode: '5300001', municipality_code: '27127', address: '梅田3', phone: '06-1111-2222' };
      const toConfirm = await osaka.request('POST', '/review/registrations/new', { _csrf: csrfTokenIn(form.body), ...own, intent: 'confirm' });
      assert.equal(toConfirm.location, '/review/registrations/new/confirm');
      const confirm = await osaka.get(toConfirm.location!);
      assert.equal(confirm.status, 200);
      assert.match(confirm.body, /action="\/review\/registrations\/new\/submit"/);
      const done = await osaka.request('POST', '/review/registrations/new/submit', { _csrf: csrfTokenIn(confirm.body), intent: 'submit' });
      assert.equal(done.status, 303);
      assert.match(done.location!, /^\/review\/registrations\/[0-9a-f-]+\?done=proxy$/);
      const page = await osaka.get(done.location!);
      assertShows(page.body, MESSAGES['review.proxy.submitted']);
      assert.match(page.body, /都道府県による代理申請/);
      const [receipt] = await listMail(deps.db, { to: 'kita@example.jp' });
      assert.match(receipt!.body_text, /都道府県のご担当者が、貴機関に代わって/);

      for (const [category, prefecture] of [
        ['病院', '27'],
        ['保健所', '27'],
        ['都道府県', null],
      ] as const) {
        const b = await browserAs(category, prefecture);
        assert.equal((await b.get('/review/registrations/new')).status, 403, `${category} ${prefecture}`);
      }
    });

    test('a refused mail shows on the application, and the corrected address is checked before it is used', async () => {
      const osaka = await browserAs('都道府県', '27');
      const id = await apply({ institution_code: 'B1', name: '届かないクリニック', email: 'typo@exmaple.jp', email_confirm: 'typo@exmaple.jp' });
      await deps.db
        .updateTable('registration_applications')
        .set({ mail_failed_at: Date.now(), mail_failure: 'typo@exmaple.jp: 550 5.1.1 Recipient address rejected' })
        .where('id', '=', id)
        .execute();
      const page = await osaka.get(`/review/registrations/${id}`);
      assert.match(page.body, /この申請あてのメールが届きませんでした/);
      assert.match(page.body, /550 5\.1\.1/);
      const bad = await osaka.request('POST', `/review/registrations/${id}/resend`, { _csrf: csrfTokenIn(page.body), resend_email: 'typo@@example' });
      assert.equal(bad.status, 422);
      assertShows(bad.body, MESSAGES['contact.email.invalid']);
      assert.match(bad.body, /value="typo@@example"/);
      const ok = await osaka.request('POST', `/review/registrations/${id}/resend`, { _csrf: csrfTokenIn(page.body), resend_email: 'ｔｙｐｏ@example.jp' });
      assert.match(ok.location!, /done=resent/);
      assertShows((await osaka.get(ok.location!)).body, MESSAGES['review.mail.resent']);
      const row = await deps.db.selectFrom('registration_applications').select(['email', 'mail_failed_at']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { email: 'typo@example.jp', mail_failed_at: null });
    });
  });
});
