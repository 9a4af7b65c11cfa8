// Setting where authority reaches, over real HTTP with real sessions: the office issues a health
// centre and an association, sets the centre's municipalities (only its prefecture's) and delegates
// to the association; a prefecture changes its own centre's municipalities and its own delegation
// (never another prefecture's); and the health centre's queue follows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountCategory } from '../../../db/schema.ts';
import { listMail } from '../../../mail/outbox.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { assertShows } from '../../../testing/messages.ts';
import { csrfTokenIn } from '../../../testing/http-client.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { gmisBrowserAs } from '../../../testing/gmis-viewer.ts';
import { activateAccount, signedInGmisAccount, submittedApplication } from '../../../testing/gmis-accounts.ts';
import { describeEachEngine } from '../../../testing/db.ts';

describeEachEngine('jurisdiction', (engine) => {
  let platform: TestPlatform;

  const active = (category: AccountCategory, prefectureCode: string | null) => signedInGmisAccount(platform, category, { prefectureCode });

  before(async () => {
    platform = await startTestPlatform({ engine });
  });
  after(() => platform.close());

  describe('health centres and associations', () => {
    test('the office issues them and sets their reach; a prefecture manages its own; the queue follows', async () => {
      const db = platform.rt.deps.db;
      const office = await active('事務局', null);
      const osaka = await active('都道府県', '27');
      const tokyo = await active('都道府県', '13');

      // The office issues a health centre for 大阪府 (a missing prefecture is a field message first).
      const form = await office.browser.get('/office/accounts/new');
      const noPrefecture = await office.browser.request('POST', '/office/accounts/new', {
        _csrf: csrfTokenIn(form.body),
        category: '保健所',
        display_name: '北保健所',
        email: 'kita-hc@example.jp',
        prefecture: '',
      });
      assert.equal(noPrefecture.status, 422);
      assertShows(noPrefecture.body, MESSAGES['office.issue.prefecture.required']);
      assert.match(noPrefecture.body, /value="北保健所"/);
      const issued = await office.browser.request('POST', '/office/accounts/new', {
        _csrf: csrfTokenIn(form.body),
        category: '保健所',
        display_name: '北保健所',
        email: 'kita-hc@example.jp',
        prefecture: '27',
      });
      assert.equal(issued.status, 303);
      const centreId = /\/office\/accounts\/([^?]+)\?done=issued/.exec(issued.location!)![1]!;
      assert.ok((await listMail(db, { to: 'kita-hc@example.jp' })).some((m) => m.kind === 'account.welcome'));

      const page = await office.browser.get(issued.location!);
      assertShows(page.body, MESSAGES['office.account.issued']);
      assert.match(page.body, /大阪府の市区町村（この保健所が担当するもの）/);
      const outside = await office.browser.request(
        'POST',
        `/office/accounts/${centreId}/municipalities`,
        `_csrf=${encodeURIComponent(csrfTokenIn(page.body))}&municipalities=27127&municipalities=13102`,
      );
      assert.match(outside.location!, /problem=outside_prefecture/);
      assertShows((await office.browser.get(outside.location!)).body, MESSAGES['jurisdiction.municipalities.outside_prefecture']);
      assert.equal((await db.selectFrom('account_municipalities').selectAll().where('account_id', '=', centreId).execute()).length, 0);
      const set = await office.browser.request(
        'POST',
        `/office/accounts/${centreId}/municipalities`,
        `_csrf=${encodeURIComponent(csrfTokenIn(page.body))}&municipalities=27127`,
      );
      assert.match(set.location!, /done=jurisdiction/);
      assertShows((await office.browser.get(set.location!)).body, MESSAGES['jurisdiction.saved']);

      // An association: the office delegates 大阪府's review to it.
      const assoc = await office.browser.request('POST', '/office/accounts/new', {
        _csrf: csrfTokenIn(form.body),
        category: '関係団体',
        display_name: '府医師会',
        email: 'ishikai@example.jp',
        prefecture: '',
      });
      const associationId = /\/office\/accounts\/([^?]+)\?/.exec(assoc.location!)![1]!;
      const assocPage = await office.browser.get(`/office/accounts/${associationId}`);
      await office.browser.request('POST', `/office/accounts/${associationId}/delegations`, {
        _csrf: csrfTokenIn(assocPage.body),
        prefecture: '27',
        grant: '1',
      });
      assert.deepEqual(await db.selectFrom('prefecture_delegations').select('prefecture_code').where('account_id', '=', associationId).execute(), [
        { prefecture_code: '27' },
      ]);

      // 大阪府 sees its centre and the association; moves the centre to 大阪市中央区; withdraws its delegation.
      const staff = await osaka.browser.get('/prefecture/staff');
      assert.match(staff.body, /北保健所/);
      assert.match(staff.body, /大阪市北区/);
      assert.match(staff.body, /府医師会：任せています/);
      const centrePage = await osaka.browser.get(`/prefecture/staff/${centreId}`);
      const moved = await osaka.browser.request(
        'POST',
        `/prefecture/staff/${centreId}/municipalities`,
        `_csrf=${encodeURIComponent(csrfTokenIn(centrePage.body))}&municipalities=27128`,
      );
      assertShows((await osaka.browser.get(moved.location!)).body, MESSAGES['jurisdiction.municipalities.saved']);
      assert.deepEqual(await db.selectFrom('account_municipalities').select('municipality_code').where('account_id', '=', centreId).execute(), [
        { municipality_code: '27128' },
      ]);
      // A prefecture field in the post is ignored: 大阪府 only ever withdraws its own delegation.
      const withdrawn = await osaka.browser.request('POST', `/prefecture/staff/${associationId}/delegation`, {
        _csrf: csrfTokenIn(staff.body),
        prefecture: '13',
        grant: '0',
      });
      assertShows((await osaka.browser.get(withdrawn.location!)).body, MESSAGES['jurisdiction.saved']);
      assert.deepEqual(await db.selectFrom('prefecture_delegations').select('prefecture_code').where('account_id', '=', associationId).execute(), []);

      // 東京都 cannot touch 大阪府's centre.
      const tokyoStaff = await tokyo.browser.get('/prefecture/staff');
      assert.doesNotMatch(tokyoStaff.body, /北保健所/);
      assert.equal((await tokyo.browser.get(`/prefecture/staff/${centreId}`)).status, 404);
      const refused = await tokyo.browser.request(
        'POST',
        `/prefecture/staff/${centreId}/municipalities`,
        `_csrf=${encodeURIComponent(csrfTokenIn(tokyoStaff.body))}&municipalities=27127`,
      );
      assert.equal(refused.status, 403);

      // The centre's queue follows its municipalities.
      await activateAccount(platform.rt.deps, centreId);
      const centre = await gmisBrowserAs(platform, centreId);
      const base = { name: '北区のクリニック', name_kana: 'キタク', institution_code: 'K1', contact_name: '北 花子', email: 'k@example.jp' };
      await submittedApplication(platform.rt.deps, base, '192.0.2.77');
      await submittedApplication(
        platform.rt.deps,
        { ...base, name: '中央区のクリニック', institution_code: 'K2', postcode: '5400002', municipality_code: '27128' },
        '192.0.2.77',
      );
      const queue = await centre.get('/review/registrations');
      assert.match(queue.body, /中央区のクリニック/);
      assert.doesNotMatch(queue.body, /北区のクリニック/);
    });
  });
});
