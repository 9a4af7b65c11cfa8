// Med-Login over real HTTP: sign-in answers, enumeration, CSRF, redirects, throttling and the
// device-cookie allowance, error pages and headers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAudit } from '../../audit/audit-log.ts';
import { findAccountByUsername } from '../../identity/accounts/account-repository.ts';
import { testHasher } from '../../identity/password/hasher.ts';
import { ManualClock } from '../../platform/clock.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { Browser, csrfTokenIn, linkIn } from '../../testing/http-client.ts';
import { activeAccount, mailTo, startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { assertShows } from '../../testing/messages.ts';
import { BODY_LIMIT_BYTES } from '../../web/app.ts';
import { describeEachEngine } from '../../testing/db.ts';

describeEachEngine('Med-Login sign-in', (engine) => {
  const PASSWORD = 'Kx7-mountain-Lantern';
  const withoutCsrf = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');

  let platform: TestPlatform;
  let clock: ManualClock;

  before(async () => {
    clock = new ManualClock();
    platform = await startTestPlatform({ engine, clock, hasher: testHasher(), env: { TRUST_PROXY: 'true' } });
  });
  after(() => platform.close());

  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  async function signIn(browser: Browser, username: string, password: string, ip = '198.51.100.7', returnTo?: string) {
    const page = await browser.get('/login');
    return browser.request('POST', '/login', { _csrf: csrfTokenIn(page.body), username, password, ...(returnTo ? { return_to: returnTo } : {}) }, from(ip));
  }

  describe('sign-in', () => {
    test('the login page has the labels, the link and help for a forgotten username', async () => {
      const page = await new Browser(platform.url.login).get('/login');
      assert.equal(page.status, 200);
      for (const text of ['ユーザ名', 'パスワード', '>ログイン<', 'パスワードをお忘れですか？', '都道府県']) assert.ok(page.body.includes(text), text);
      assert.match(page.body, /<label class="field__label" for="username">/);
    });

    test('a correct password opens a new session and shows the chooser', async () => {
      const { username } = await activeAccount(platform, PASSWORD);
      const browser = new Browser(platform.url.login);
      browser.cookies.set('gmis_session', 'planted-by-an-attacker');
      const res = await signIn(browser, username, PASSWORD);
      assert.equal(res.status, 303);
      assert.equal(res.location, '/');
      assert.notEqual(browser.cookies.get('gmis_session'), 'planted-by-an-attacker', 'session id is new at sign-in');
      const chooser = await browser.get('/');
      assert.equal(chooser.status, 200);
      assert.ok(chooser.body.includes('接続先選択'));
      assert.ok(chooser.body.includes(`${platform.url.gmis}/`));
      assert.ok(chooser.body.includes(`${platform.url.navi}/`));
      const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('gmis_session='))!;
      assert.match(setCookie, /HttpOnly/i);
      assert.match(setCookie, /SameSite=Lax/i);
    });

    test('every failure gets the same answer: unknown user, wrong password, account without password', async () => {
      const { username } = await activeAccount(platform, PASSWORD);
      const { issueAccount } = await import('../../identity/accounts/issue-account.ts');
      const pending = await issueAccount(platform.rt.deps, { category: '薬局', displayName: 'x', email: 'p@example.jp', issuedBy: 'test' });
      const answers = [];
      for (const [u, p, ip] of [
        [username, 'Wrong-password-1', '198.51.100.21'],
        ['zz999999', PASSWORD, '198.51.100.22'],
        [pending.username, PASSWORD, '198.51.100.23'],
      ] as const) {
        const res = await signIn(new Browser(platform.url.login), u, p, ip);
        answers.push({ status: res.status, body: withoutCsrf(res.body).replace(u, 'USERNAME') });
      }
      assert.equal(answers[0]!.status, 401);
      assertShows(answers[0]!.body, MESSAGES['login.invalid']);
      assert.deepEqual(answers[1], answers[0]);
      assert.deepEqual(answers[2], answers[0]);
    });

    test('empty fields get field-level messages and keep the username', async () => {
      const res = await signIn(new Browser(platform.url.login), 'ab123456', '');
      assert.equal(res.status, 422);
      assertShows(res.body, MESSAGES['login.password.required']);
      assert.match(res.body, /id="username"[^>]*value="ab123456"|value="ab123456"[^>]*id="username"/);
      assert.match(res.body, /aria-describedby="password-error"/);
    });

    test('sign-out ends the session', async () => {
      const { username } = await activeAccount(platform, PASSWORD);
      const browser = new Browser(platform.url.login);
      await signIn(browser, username, PASSWORD);
      const sessionCookie = browser.cookies.get('gmis_session')!;
      const chooser = await browser.get('/');
      const out = await browser.request('POST', '/logout', { _csrf: csrfTokenIn(chooser.body) });
      assert.equal(out.status, 303);
      assert.equal(out.location, '/login?logged_out=1');
      const replay = new Browser(platform.url.login);
      replay.cookies.set('gmis_session', sessionCookie);
      assert.equal((await replay.get('/')).location, '/login?ended=1', 'the old session id no longer works');
      const types = (await listAudit(platform.rt.deps.db, { limit: 20 })).map((e) => e.type);
      assert.ok(types.includes('logout'));
      assert.ok(types.includes('login.succeeded'));
    });
  });

  describe('return targets', () => {
    test('an allow-listed application URL is honoured; anything else goes to the chooser', async () => {
      const { username } = await activeAccount(platform, PASSWORD);
      const ok = await signIn(new Browser(platform.url.login), username, PASSWORD, '198.51.100.30', `${platform.url.gmis}/reports?x=1`);
      assert.equal(ok.location, `${platform.url.gmis}/reports?x=1`);
      for (const evil of [
        'https://evil.example/',
        '//evil.example/',
        '/\\evil.example',
        `${platform.url.gmis}@evil.example/`,
        `${platform.url.gmis.replace('127.0.0.1', '127.0.0.1.evil.example')}/`,
        'javascript:alert(1)',
        `http://user:pw@${new URL(platform.url.gmis).host}/`,
      ]) {
        const res = await signIn(new Browser(platform.url.login), username, PASSWORD, '198.51.100.31', evil);
        assert.equal(res.status, 303, evil);
        assert.equal(res.location, '/', `refused: ${evil}`);
      }
    });
  });

  describe('CSRF', () => {
    test('a form post without a valid token is refused with a clear page', async () => {
      const browser = new Browser(platform.url.login);
      await browser.get('/login');
      for (const form of [
        { username: 'a', password: 'b' },
        { username: 'a', password: 'b', _csrf: 'forged' },
      ] as Record<string, string>[]) {
        const res = await browser.request('POST', '/login', form);
        assert.equal(res.status, 403);
        assert.ok(res.body.includes('画面の有効期限が切れました'));
      }
      // A token from another browser (another CSRF secret) is refused too.
      const other = new Browser(platform.url.login);
      const token = csrfTokenIn((await other.get('/password/forgot')).body);
      const res = await browser.request('POST', '/password/forgot', { _csrf: token, username: 'ab123456' });
      assert.equal(res.status, 403);
    });
  });

  describe('password reset', () => {
    test('known and unknown usernames get the same status, redirect and page', async () => {
      const { username } = await activeAccount(platform, PASSWORD);
      const results = [];
      for (const [u, ip] of [
        [username, '198.51.100.40'],
        ['qq000001', '198.51.100.41'],
      ] as const) {
        const browser = new Browser(platform.url.login);
        const res = await browser.request(
          'POST',
          '/password/forgot',
          { _csrf: csrfTokenIn((await browser.get('/password/forgot')).body), username: u },
          from(ip),
        );
        const page = await browser.get(res.location!);
        results.push({ status: res.status, location: res.location, page: page.status, body: withoutCsrf(page.body) });
      }
      assert.equal(results[0]!.status, 303);
      assert.ok(results[0]!.body.includes('メールの確認'));
      assert.deepEqual(results[1], results[0]);
    });

    test('GET never consumes a reset link; a disabled account gets no mail', async () => {
      const { username, email } = await activeAccount(platform, PASSWORD);
      const browser = new Browser(platform.url.login);
      await browser.submit('/password/forgot', '/password/forgot', { username });
      const [mail] = await mailTo(platform, email);
      const link = new URL(linkIn(mail!, `${platform.url.login}/password/reset/`)).pathname;
      for (let i = 0; i < 3; i++) {
        const page = await new Browser(platform.url.login).get(link);
        assert.equal(page.status, 200);
        assert.ok(page.body.includes('パスワードをリセットしますか？'));
      }

      const disabled = await activeAccount(platform, PASSWORD);
      const account = await findAccountByUsername(platform.rt.deps.db, disabled.username);
      await platform.rt.deps.db.updateTable('accounts').set({ state: 'disabled' }).where('id', '=', account!.id).execute();
      const before = (await mailTo(platform, disabled.email)).length;
      await new Browser(platform.url.login).submit('/password/forgot', '/password/forgot', { username: disabled.username });
      assert.equal((await mailTo(platform, disabled.email)).length, before);
    });

    test('「メールの再送信」 is rate-limited per username', async () => {
      const { username, email } = await activeAccount(platform, PASSWORD);
      const browser = new Browser(platform.url.login);
      const first = await browser.request(
        'POST',
        '/password/forgot',
        { _csrf: csrfTokenIn((await browser.get('/password/forgot')).body), username },
        from('198.51.100.50'),
      );
      assert.equal(first.location, '/password/forgot/sent');
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        const page = await browser.get('/password/forgot/sent');
        const res = await browser.request('POST', '/password/forgot/resend', { _csrf: csrfTokenIn(page.body) }, from('198.51.100.50'));
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [303, 303, 303, 303, 429, 429]);
      assert.equal((await mailTo(platform, email)).filter((m) => m.includes('/password/reset/')).length, 5);
      clock.advance(3_600_000);
      const page = await browser.get('/password/forgot/sent');
      assert.equal((await browser.request('POST', '/password/forgot/resend', { _csrf: csrfTokenIn(page.body) }, from('198.51.100.50'))).status, 303);
    });
  });

  describe('brute-force protection', () => {
    test('delays grow per account, and a throttled answer says when to retry', async () => {
      const { username } = await activeAccount(platform, PASSWORD);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await signIn(new Browser(platform.url.login), username, `Wrong-${i}-aaaa`, `203.0.113.${i + 1}`)).status);
      // 5 free failures, then the 6th sets a 1 s delay: the 7th (same instant) is throttled.
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 429]);
      const throttled = await signIn(new Browser(platform.url.login), username, PASSWORD, '203.0.113.99');
      assert.equal(throttled.status, 429, 'even the right password waits');
      assert.equal(throttled.headers.get('retry-after'), '1');
      assertShows(throttled.body, MESSAGES['login.throttled'](1));
      clock.advance(1000);
      assert.equal((await signIn(new Browser(platform.url.login), username, PASSWORD, '203.0.113.99')).status, 303);
    });

    test('per-IP throttling applies across usernames', async () => {
      const ip = '203.0.113.200';
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) statuses.push((await signIn(new Browser(platform.url.login), `xx${String(i).padStart(6, '0')}`, 'Nope-nope-1', ip)).status);
      assert.equal(statuses.filter((s) => s === 401).length, 31);
      assert.equal(statuses.at(-1), 429);
      clock.advance(10 * 60_000);
    });

    test('after 100 failures unknown browsers are refused, but a browser that signed in before keeps its allowance', async () => {
      const { username, email } = await activeAccount(platform, PASSWORD, 'target@example.jp');
      // The real user's browser signed in earlier and carries a device cookie.
      const realUser = new Browser(platform.url.login);
      assert.equal((await signIn(realUser, username, PASSWORD, '198.51.100.60')).status, 303);
      assert.ok(realUser.cookies.get('gmis_device'));
      await realUser.request('POST', '/logout', { _csrf: csrfTokenIn((await realUser.get('/')).body) });

      // An attacker from many addresses, waiting out every delay.
      let failures = 0;
      for (let i = 0; failures < 100; i++) {
        const res = await signIn(new Browser(platform.url.login), username, `Guess-${i}-Abc`, `10.${i >> 8}.${i & 255}.9`);
        if (res.status === 401) failures++;
        else assert.equal(res.status, 429);
        clock.advance(5 * 60_000);
      }
      const account = await findAccountByUsername(platform.rt.deps.db, username);
      assert.ok(account?.untrusted_locked_at, 'locked for unknown browsers');
      assert.ok((await listAudit(platform.rt.deps.db, { type: 'login.locked', accountId: account!.id })).length === 1);

      // The right password from an unknown browser is refused with the same generic answer …
      const stranger = await signIn(new Browser(platform.url.login), username, PASSWORD, '198.51.100.61');
      assert.equal(stranger.status, 401);
      // … while the real user's browser signs in.
      assert.equal((await signIn(realUser, username, PASSWORD, '198.51.100.60')).status, 303);

      // A password reset lifts the lock.
      const reset = new Browser(platform.url.login);
      await reset.submit('/password/forgot', '/password/forgot', { username });
      const [mail] = await mailTo(platform, email);
      const link = new URL(linkIn(mail!, `${platform.url.login}/password/reset/`)).pathname;
      const form = await reset.request('POST', link, { _csrf: csrfTokenIn((await reset.get(link)).body), step: 'confirm' });
      const NEW = 'Rq4-river-Beacon';
      const done = await reset.request('POST', link, { _csrf: csrfTokenIn(form.body), step: 'set', password: NEW, confirmation: NEW });
      assert.equal(done.status, 303);
      assert.equal((await findAccountByUsername(platform.rt.deps.db, username))?.untrusted_locked_at, null);
      assert.equal((await signIn(new Browser(platform.url.login), username, NEW, '198.51.100.62')).status, 303);
    });

    test('a forged or foreign device cookie vouches for nothing', async () => {
      const a = await activeAccount(platform, PASSWORD);
      const b = await activeAccount(platform, PASSWORD);
      const browser = new Browser(platform.url.login);
      await signIn(browser, a.username, PASSWORD, '198.51.100.70');
      const cookieForA = browser.cookies.get('gmis_device')!;
      const { deviceNonceFor } = await import('../../identity/login/device-cookie.ts');
      const deps = platform.rt.deps;
      assert.ok(deviceNonceFor(deps, decodeURIComponent(cookieForA), a.username));
      assert.equal(deviceNonceFor(deps, decodeURIComponent(cookieForA), b.username), undefined, 'issued to another user');
      assert.equal(deviceNonceFor(deps, `${a.username}:abc.forgedsignature`, a.username), undefined);
    });
  });

  describe('web hygiene', () => {
    test('security headers and a strict CSP on every page', async () => {
      // Pages, redirects, the 404 page and static files all carry them.
      for (const base of [platform.url.login, platform.url.gmis, platform.url.navi]) {
        for (const path of ['/', '/login', '/no/such/page', '/static/tokens.css']) {
          const res = await new Browser(base).get(path);
          const csp = res.headers.get('content-security-policy') ?? '';
          assert.match(csp, /script-src 'self'/, `${base}${path}`);
          assert.doesNotMatch(csp, /unsafe-inline/);
          assert.match(csp, /frame-ancestors 'none'/);
          assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
          assert.equal(res.headers.get('referrer-policy'), 'same-origin');
          assert.equal(res.headers.get('x-frame-options'), 'DENY');
          assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin');
        }
      }
    });

    test('health, metrics, Japanese 404 and 413 pages', async () => {
      const browser = new Browser(platform.url.login);
      assert.deepEqual(JSON.parse((await browser.get('/healthz')).body), { status: 'ok', part: 'login' });
      assert.match((await browser.get('/metrics')).body, /gmis_http_request_duration_seconds/);
      const missing = await browser.get('/no/such/page');
      assert.equal(missing.status, 404);
      assert.ok(missing.body.includes('ページが見つかりません'));
      const page = await browser.get('/login');
      const huge = await browser.request('POST', '/login', { _csrf: csrfTokenIn(page.body), username: 'x'.repeat(BODY_LIMIT_BYTES + 10), password: 'y' });
      assert.equal(huge.status, 413);
      assert.ok(huge.body.includes('送信された内容が大きすぎます'));
    });

    test('a used or expired welcome link explains what to do', async () => {
      const { issueAccount } = await import('../../identity/accounts/issue-account.ts');
      await issueAccount(platform.rt.deps, { category: '診療所', displayName: 'x', email: 'late@example.jp', issuedBy: 'test' });
      const [mail] = await mailTo(platform, 'late@example.jp');
      const link = new URL(linkIn(mail!, `${platform.url.login}/welcome/`)).pathname;
      clock.advance(8 * 86_400_000);
      const page = await new Browser(platform.url.login).get(link);
      assert.equal(page.status, 410);
      assertShows(page.body, MESSAGES['password_link.expired']);
      assert.ok(page.body.includes('再送できません'));
      assert.ok(page.body.includes('href="/password/forgot"'));
    });
  });
});
