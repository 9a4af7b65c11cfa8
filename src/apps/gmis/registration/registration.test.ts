// The public 新規ユーザ登録申請 over real HTTP: the form, 住所検索 (found, searched again, not found),
// field-level messages in field order that keep what was typed, the confirmation page, 修正する,
// 申請する → 申請番号 and the receipt mail, every POST answered 303 (a double submit stores one
// application), an expired draft, and the form's opening window.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../../config.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import { describeEachEngine, openTestDatabase } from '../../../testing/db.ts';
import type { Ports } from '../../../ports.ts';
import { testHasher } from '../../../identity/password/hasher.ts';
import { listMail } from '../../../mail/outbox.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { cryptoRandom, Secrets } from '../../../platform/secrets.ts';
import { APPLICATION_NUMBER_PATTERN } from '../../../registration/application.ts';
import { DRAFT_MS } from '../../../registration/draft.ts';
import { ALWAYS_OPEN, writeWindow } from '../../../registration/window.ts';
import { Browser, csrfTokenIn } from '../../../testing/http-client.ts';
import { assertShows } from '../../../testing/messages.ts';
import { createWebApp } from '../../../web/app.ts';
import { gmisRegistrationRoutes } from './routes.tsx';

describeEachEngine('新規ユーザ登録申請 routes', (engine) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let base: string;
  let clock: ManualClock;
  let deps: Ports;

  before(async () => {
    handle = await openTestDatabase(engine);
    clock = new ManualClock(Date.UTC(2026, 10, 13, 0)); // 2026-11-13 09:00 Japan time
    const config = loadConfig({ NODE_ENV: 'test' });
    deps = { db: handle.db, dialect: handle.dialect, clock, random: cryptoRandom, secrets: new Secrets('s'.repeat(40)), hasher: testHasher(), config };
    app = await createWebApp({ part: 'gmis', product: 'G-MIS', config, secretKey: 'c'.repeat(40), logger: false });
    await app.register(gmisRegistrationRoutes, { deps });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await app.close();
    await handle.close();
  });

  beforeEach(async () => {
    await writeWindow(handle.db, ALWAYS_OPEN);
    await handle.db.deleteFrom('login_throttles').execute();
  });

  const FILLED = {
    kind: '薬局',
    name: 'ぎんざ薬局',
    name_kana: 'ぎんざやっきょく',
    institution_code: 'p-100',
    insurance_code: '',
    postcode: '１０４００６１',
    prefecture_code: '',
    municipality_code: '',
    address: '',
    building: '',
    phone: '03-1111-2222',
    department: '',
    department_number: '',
    contact_name: '銀座 太郎',
    email: 'taro@example.jp',
    email_confirm: 'taro@example.jp',
  };

  /** The value of a text input (or the selected option) in the page. */
  function valueOf(html: string, name: string): string | undefined {
    const input = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
    if (input) return input[1];
    const select = new RegExp(`<select[^>]*name="${name}"[\\s\\S]*?</select>`).exec(html)?.[0];
    return select ? /<option value="([^"]*)" selected/.exec(select)?.[1] : undefined;
  }

  describe('新規ユーザ登録申請 (public)', () => {
    test('the form needs no sign-in and every field has its (?) help', async () => {
      const page = await new Browser(base).get('/register');
      assert.equal(page.status, 200);
      assert.match(page.body, /<h1[^>]*>新規ユーザ登録申請<\/h1>/);
      assert.equal((page.body.match(/<details class="field__help">/g) ?? []).length, 15);
    });

    test('住所検索 fills 都道府県, 市区町村 and the town, keeping everything typed; POST answers 303 and the GET shows it', async () => {
      const b = new Browser(base);
      const page = await b.get('/register');
      const r = await b.request('POST', '/register', { _csrf: csrfTokenIn(page.body), ...FILLED, intent: 'lookup' });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/register');
      const shown = await b.get(r.location!);
      assert.equal(shown.status, 200);
      assert.equal(valueOf(shown.body, 'postcode'), '104-0061');
      assert.equal(valueOf(shown.body, 'prefecture_code'), '13');
      assert.equal(valueOf(shown.body, 'municipality_code'), '13102');
      assert.equal(valueOf(shown.body, 'address'), '銀座');
      assert.equal(valueOf(shown.body, 'name'), 'ぎんざ薬局');
      assertShows(shown.body, MESSAGES['registration.postcode.filled']('東京都中央区銀座'));
      assertShows(shown.body, MESSAGES['registration.postcode.filled.town']);
      assert.match(shown.body, /<input[^>]*id="address"[^>]*autofocus/, '住所, the field to fill next, has the focus');

      // A second search replaces the town the first one put there, keeping the 番地 typed after it.
      const again = await b.request('POST', '/register', {
        _csrf: csrfTokenIn(shown.body),
        ...FILLED,
        address: '銀座1-2',
        postcode: '530-0001',
        intent: 'lookup',
      });
      const second = await b.get(again.location!);
      assert.equal(valueOf(second.body, 'address'), '梅田1-2');
      assert.equal(valueOf(second.body, 'prefecture_code'), '27');
    });

    test('a postcode with no address (a business’s own) says so and leaves manual entry', async () => {
      const b = new Browser(base);
      const page = await b.get('/register');
      const r = await b.request('POST', '/register', { _csrf: csrfTokenIn(page.body), ...FILLED, postcode: '100-8798', intent: 'lookup' });
      const shown = await b.get(r.location!);
      assertShows(shown.body, MESSAGES['registration.postcode.not_found']('100-8798'));
      assertShows(shown.body, MESSAGES['registration.postcode.not_found.text']);
    });

    test('wrong fields get their own messages in the order of the fields, what was typed stays, and nothing is stored', async () => {
      const b = new Browser(base);
      const page = await b.get('/register');
      const r = await b.request('POST', '/register', {
        _csrf: csrfTokenIn(page.body),
        ...FILLED,
        kind: '',
        prefecture_code: '13',
        municipality_code: '27127',
        address: '銀座1-2',
        email_confirm: 'tar0@example.jp',
        insurance_code: '123',
        intent: 'confirm',
      });
      assert.equal(r.status, 303);
      const shown = await b.get(r.location!);
      assertShows(shown.body, MESSAGES['registration.email_confirm.mismatch']);
      assertShows(shown.body, MESSAGES['registration.insurance.shape']);
      assertShows(shown.body, MESSAGES['registration.municipality.other_prefecture']('北区', '東京都'));
      assert.equal(valueOf(shown.body, 'email_confirm'), 'tar0@example.jp');
      assert.equal(valueOf(shown.body, 'insurance_code'), '123');
      const summary = [...shown.body.matchAll(/<li><a href="#([a-z_]+)">/g)].map((m) => m[1]);
      assert.deepEqual(summary, ['kind', 'insurance_code', 'municipality_code', 'email_confirm']);
      const messages = [...shown.body.matchAll(/<p class="field__error"[^>]*>([^<]*)</g)].map((m) => m[1]).join('\n');
      assert.doesNotMatch(messages, /01〜47|5桁|市区町村コード|点数表|都道府県コード|のいずれかです/);
      assert.equal((await handle.db.selectFrom('registration_applications').selectAll().execute()).length, 0);
    });

    test('確認 → 修正する → 確認 → 申請する: every POST answers 303, a 申請番号, a receipt mail, and sending again stores nothing twice', async () => {
      const b = new Browser(base);
      const page = await b.get('/register');
      const values = { ...FILLED, prefecture_code: '13', municipality_code: '13102', address: '銀座1-2-3' };
      const toConfirm = await b.request('POST', '/register', { _csrf: csrfTokenIn(page.body), ...values, intent: 'confirm' });
      assert.equal(toConfirm.status, 303);
      assert.equal(toConfirm.location, '/register/confirm');
      const confirm = await b.get(toConfirm.location!);
      assert.equal(confirm.status, 200);
      assert.match(confirm.body, /入力内容の確認/);
      assert.match(confirm.body, /ギンザヤッキョク/);
      assert.match(confirm.body, /〒104-0061 東京都中央区銀座１－２－３/);
      assert.match(confirm.body, /P-100/);

      const back = await b.request('POST', '/register/submit', { _csrf: csrfTokenIn(confirm.body), intent: 'back' });
      assert.equal(back.status, 303);
      const form = await b.get(back.location!);
      assert.equal(valueOf(form.body, 'name_kana'), 'ギンザヤッキョク', 'the form shows what was confirmed, as it will be stored');

      const again = await b.get((await b.request('POST', '/register', { _csrf: csrfTokenIn(form.body), ...values, intent: 'confirm' })).location!);
      const csrf = csrfTokenIn(again.body);
      // A double click: two posts at once make one application, and both land on its 申請番号.
      const [done, twice] = await Promise.all([
        b.request('POST', '/register/submit', { _csrf: csrf, intent: 'submit' }),
        b.request('POST', '/register/submit', { _csrf: csrf, intent: 'submit' }),
      ]);
      assert.equal(done.status, 303);
      assert.equal(twice.status, 303);
      assert.equal(twice.location, done.location);
      const number = new URL(done.location!, base).searchParams.get('number')!;
      assert.match(number, APPLICATION_NUMBER_PATTERN);
      const shown = await b.get(done.location!);
      assert.equal(shown.status, 200);
      assert.ok(shown.body.includes(number));
      // Back to the confirmation page after sending: its 申請番号, not a second application.
      assert.equal((await b.get('/register/confirm')).location, done.location);

      const stored = await handle.db.selectFrom('registration_applications').selectAll().where('email', '=', 'taro@example.jp').execute();
      assert.deepEqual(
        stored.map((a) => a.number),
        [number],
      );
      assert.equal(stored[0]!.address, '銀座１－２－３');
      const mails = await listMail(handle.db, { to: 'taro@example.jp' });
      assert.equal(mails.length, 1);
      assert.ok(mails[0]!.subject.includes(number));

      // After sending, the form starts empty.
      assert.equal(valueOf((await b.get('/register')).body, 'name'), '');
    });

    test('申請する after the draft expired: the form again with what the confirmation page carried, and nothing stored', async () => {
      const b = new Browser(base);
      const page = await b.get('/register');
      const values = { ...FILLED, prefecture_code: '13', municipality_code: '13102', address: '銀座5' };
      const confirm = await b.get((await b.request('POST', '/register', { _csrf: csrfTokenIn(page.body), ...values, intent: 'confirm' })).location!);
      const hidden = Object.fromEntries([...confirm.body.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      clock.advance(DRAFT_MS + 1);
      const r = await b
        .request('POST', '/register/submit', { _csrf: csrfTokenIn(confirm.body), ...hidden, intent: 'submit' })
        .finally(() => clock.advance(-(DRAFT_MS + 1)));
      assert.equal(r.status, 303);
      const form = await b.get(r.location!);
      assertShows(form.body, MESSAGES['registration.draft_expired']);
      assert.equal(valueOf(form.body, 'address'), '銀座５');
      assert.equal((await handle.db.selectFrom('registration_applications').selectAll().where('address', '=', '銀座５').execute()).length, 0);
    });

    test('a made-up number on the done page shows nothing; a malformed one goes back to the form', async () => {
      const b = new Browser(base);
      assert.equal((await b.get('/register/done?number=x')).status, 303);
      assert.equal((await b.get('/register/done')).status, 303);
    });

    test('while the office has the form closed, it says when it opens, and a post stores nothing', async () => {
      const b = new Browser(base);
      const open = await b.get('/register'); // someone who opened the form just before it closed
      await writeWindow(handle.db, { opensAt: clock.now() + 3_600_000, closesAt: null });
      const page = await b.get('/register');
      assert.equal(page.status, 200);
      assert.match(page.body, /現在、申請を受け付けていません/);
      assert.match(page.body, /次の受付開始は 2026年11月13日 10:00/);
      assert.doesNotMatch(page.body, /name="email"/);
      const before = (await handle.db.selectFrom('registration_applications').selectAll().execute()).length;
      const r = await b.request('POST', '/register/submit', {
        _csrf: csrfTokenIn(open.body),
        ...FILLED,
        prefecture_code: '13',
        municipality_code: '13102',
        address: '銀座1',
        intent: 'submit',
      });
      assert.equal(r.status, 200);
      assert.match(r.body, /現在、申請を受け付けていません/);
      assert.equal((await handle.db.selectFrom('registration_applications').selectAll().execute()).length, before);
    });
  });
});
