// The public 新規ユーザ登録申請 over real HTTP: the form, 住所検索 (found, several towns, not found),
// field-level messages that keep what was typed, the confirmation page, 修正する, 申請する → 申請番号
// and the receipt mail, and the form's opening window.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../../config.ts';
import type { DatabaseHandle } from '../../../db/database.ts';
import { openTestDatabase } from '../../../db/testing.ts';
import type { IdentityDeps } from '../../../identity/deps.ts';
import { testHasher } from '../../../identity/password/hasher.ts';
import { listMail } from '../../../mail/outbox.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { cryptoRandom, Secrets } from '../../../platform/secrets.ts';
import { APPLICATION_NUMBER_PATTERN } from '../../../registration/application.ts';
import { ALWAYS_OPEN, writeWindow } from '../../../registration/window.ts';
import { Browser, csrfTokenIn } from '../../../testing/http-client.ts';
import { createWebApp } from '../../../web/app.ts';
import { gmisRegistrationRoutes } from './routes.tsx';

let handle: DatabaseHandle;
let app: FastifyInstance;
let base: string;
let clock: ManualClock;
let deps: IdentityDeps;

before(async () => {
  handle = await openTestDatabase('sqlite');
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

  test('住所検索 fills 都道府県, 市区町村 and the town, keeping everything typed', async () => {
    const b = new Browser(base);
    const page = await b.get('/register');
    const r = await b.request('POST', '/register', { _csrf: csrfTokenIn(page.body), ...FILLED, intent: 'lookup' });
    assert.equal(r.status, 200);
    assert.equal(valueOf(r.body, 'postcode'), '104-0061');
    assert.equal(valueOf(r.body, 'prefecture_code'), '13');
    assert.equal(valueOf(r.body, 'municipality_code'), '13102');
    assert.equal(valueOf(r.body, 'address'), '銀座');
    assert.equal(valueOf(r.body, 'name'), 'ぎんざ薬局');
    assert.match(r.body, /東京都中央区銀座を入力しました/);
  });

  test('a postcode with no address (a business’s own) says so and leaves manual entry', async () => {
    const b = new Browser(base);
    const page = await b.get('/register');
    const r = await b.request('POST', '/register', { _csrf: csrfTokenIn(page.body), ...FILLED, postcode: '100-8798', intent: 'lookup' });
    assert.equal(r.status, 200);
    assert.match(r.body, /郵便番号 100-8798 の住所は見つかりませんでした/);
    assert.match(r.body, /都道府県・市区町村・住所を入力してください/);
  });

  test('wrong fields get their own messages, what was typed stays, and nothing is stored', async () => {
    const b = new Browser(base);
    const page = await b.get('/register');
    const r = await b.request('POST', '/register', { _csrf: csrfTokenIn(page.body), ...FILLED, prefecture_code: '13', municipality_code: '13102', address: '銀座1-2', email_confirm: 'tar0@example.jp', insurance_code: '123', intent: 'confirm' });
    assert.equal(r.status, 422);
    assert.match(r.body, /確認用のメールアドレスが一致しません/);
    assert.match(r.body, /保険機関コードは10桁の数字です/);
    assert.equal(valueOf(r.body, 'email_confirm'), 'tar0@example.jp');
    assert.equal(valueOf(r.body, 'insurance_code'), '123');
    assert.equal(valueOf(r.body, 'municipality_code'), '13102');
    assert.equal((await handle.db.selectFrom('registration_applications').selectAll().execute()).length, 0);
  });

  test('確認 → 修正する → 確認 → 申請する: a 申請番号, a receipt mail, and reloading sends nothing twice', async () => {
    const b = new Browser(base);
    const page = await b.get('/register');
    const values = { ...FILLED, prefecture_code: '13', municipality_code: '13102', address: '銀座1-2-3' };
    const confirm = await b.request('POST', '/register', { _csrf: csrfTokenIn(page.body), ...values, intent: 'confirm' });
    assert.equal(confirm.status, 200);
    assert.match(confirm.body, /入力内容の確認/);
    assert.match(confirm.body, /ギンザヤッキョク/);
    assert.match(confirm.body, /〒104-0061 東京都中央区銀座１－２－３/);
    assert.match(confirm.body, /P-100/);

    const hidden = Object.fromEntries([...confirm.body.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const back = await b.request('POST', '/register/submit', { _csrf: csrfTokenIn(confirm.body), ...hidden, intent: 'back' });
    assert.equal(back.status, 200);
    assert.equal(valueOf(back.body, 'name_kana'), 'ギンザヤッキョク');

    const again = await b.request('POST', '/register', { _csrf: csrfTokenIn(back.body), ...hidden, intent: 'confirm' });
    const done = await b.request('POST', '/register/submit', { _csrf: csrfTokenIn(again.body), ...hidden, intent: 'submit' });
    assert.equal(done.status, 303);
    const number = new URL(done.location!, base).searchParams.get('number')!;
    assert.match(number, APPLICATION_NUMBER_PATTERN);
    const shown = await b.get(done.location!);
    assert.equal(shown.status, 200);
    assert.ok(shown.body.includes(number));

    const stored = await handle.db.selectFrom('registration_applications').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
    assert.equal(stored.name, 'ぎんざ薬局');
    assert.equal(stored.address, '銀座１－２－３');
    const [mail] = await listMail(handle.db, { to: 'taro@example.jp' });
    assert.ok(mail?.subject.includes(number));
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
    const r = await b.request('POST', '/register/submit', { _csrf: csrfTokenIn(open.body), ...FILLED, prefecture_code: '13', municipality_code: '13102', address: '銀座1', intent: 'submit' });
    assert.equal(r.status, 200);
    assert.match(r.body, /現在、申請を受け付けていません/);
    assert.equal((await handle.db.selectFrom('registration_applications').selectAll().execute()).length, before);
  });
});
