// How fresh a single sign-on is, seen by a relying party we did not write (openid-client):
// prompt=login and max_age ask for the password again and report the new auth_time; single sign-on
// ends when Med-Login's own session ends (idle timeout), and an account disabled while signed in
// meets the sign-in page, not a provider crash. Med-Login's clock is injected; oidc-provider keeps
// real time, so each test sets the injected clock relative to the real one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { updateAccount } from '../../identity/accounts/account-repository.ts';
import { sessionKey } from '../../identity/sessions/session-store.ts';
import { testHasher } from '../../identity/password/hasher.ts';
import { ManualClock } from '../../platform/clock.ts';
import { Browser, csrfTokenIn } from '../../testing/http-client.ts';
import { codeFlow, rpConfig, testClient } from '../../testing/oidc-rp.ts';
import { activeAccount, startTestPlatform, type TestPlatform } from '../../testing/platform.ts';

const PASSWORD = 'Sora-Kumo-2026';
const REDIRECT = 'http://127.0.0.1:9/fresh/cb';

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`sign-in freshness and single sign-on lifetime (${engine})`, () => {
    let p: TestPlatform;
    let config: oidc.Configuration;
    const clock = new ManualClock();
    /** Sets Med-Login's clock to real time plus `offsetMs`. */
    const clockAt = (offsetMs: number) => clock.advance(Date.now() + offsetMs - clock.now());

    before(async () => {
      p = await startTestPlatform({ engine, clock, hasher: testHasher(), env: { SESSION_IDLE_MINUTES: '1' } });
      await testClient(p, 'fresh-rp', REDIRECT);
      config = await rpConfig(p, 'fresh-rp');
    });
    after(() => p.close());

    async function signedIn(): Promise<{ browser: Browser; username: string }> {
      const { username } = await activeAccount(p, PASSWORD);
      const browser = new Browser(p.url.login);
      const res = await browser.submit('/login', '/login', { username, password: PASSWORD });
      assert.equal(res.status, 303);
      return { browser, username };
    }

    const authorize = (browser: Browser, params: Record<string, string> = {}) => codeFlow(config, browser, REDIRECT, params);

    /** Expects the login page asking this user's password again, submits it, follows to the callback. */
    async function passwordAgain(browser: Browser, landed: { url: string; status: number; body: string }, username: string) {
      assert.equal(landed.status, 200, `expected the login page, stopped at ${landed.url}`);
      assert.equal(new URL(landed.url).pathname, '/login');
      assert.match(landed.body, /name="password"/);
      assert.match(landed.body, new RegExp(`name="username"[^>]*value="${username}"|value="${username}"[^>]*name="username"`));
      const returnTo = /name="return_to" value="([^"]+)"/.exec(landed.body)![1]!;
      const res = await browser.request('POST', '/login', { _csrf: csrfTokenIn(landed.body), username, password: PASSWORD, return_to: returnTo });
      assert.equal(res.status, 303);
      return browser.follow(new URL(res.location!, p.url.login).href, (next) => next.startsWith(REDIRECT));
    }

    test('prompt=login asks for the password although Med-Login is signed in, and auth_time is the new check', async () => {
      clockAt(-40_000);
      const { browser, username } = await signedIn();
      const first = await authorize(browser);
      assert.equal((await first.tokens()).claims()!.auth_time, Math.floor(clock.now() / 1000));

      clockAt(-10_000);
      const again = await authorize(browser, { prompt: 'login' });
      const back = await passwordAgain(browser, again.landed, username);
      assert.ok(back.url.startsWith(REDIRECT), `stopped at ${back.url}`);
      assert.equal((await again.tokens(back.url)).claims()!.auth_time, Math.floor(clock.now() / 1000));

      // The replaced Med-Login session handed its applications to the new one (sign-out reaches them).
      const current = sessionKey(p.rt.deps, browser.cookies.get('gmis_session')!);
      const links = await p.rt.deps.db.selectFrom('sso_session_links').select('login_session_id').where('client_id', '=', 'fresh-rp').execute();
      assert.ok(links.some((l) => l.login_session_id === current));
      assert.equal(links.filter((l) => l.login_session_id !== current).length, links.length - 1);

      // Afterwards single sign-on goes on without asking, from the new sign-in.
      const later = await authorize(browser);
      assert.ok(later.landed.url.startsWith(REDIRECT));
      assert.equal((await later.tokens()).claims()!.auth_time, Math.floor(clock.now() / 1000));
    });

    test('only a request that wants the password now writes its interaction before the sign-in', async () => {
      clockAt(0);
      const { username } = await activeAccount(p, PASSWORD);
      /** The interaction a fresh browser was sent to sign in for, as stored. */
      const storedInteraction = async (landed: { url: string }) => {
        const uid = /^\/interaction\/([^/?]+)$/.exec(new URL(landed.url).searchParams.get('return_to') ?? '')![1]!;
        const row = await p.rt.deps.db
          .selectFrom('oidc_payloads')
          .select('payload')
          .where('model', '=', 'Interaction')
          .where('id', '=', uid)
          .executeTakeFirstOrThrow();
        return JSON.parse(row.payload) as { result?: Record<string, unknown> };
      };
      // An ordinary first sign-in: the Med-Login session answers it; nothing is kept in between
      // (one write fewer on every single sign-on).
      const plain = await authorize(new Browser(p.url.login));
      assert.equal(new URL(plain.landed.url).pathname, '/login');
      assert.equal((await storedInteraction(plain.landed)).result?.med_login_password_asked_at, undefined);

      // prompt=login keeps when it was asked, and a sign-in after that answers it.
      const browser = new Browser(p.url.login);
      const fresh = await authorize(browser, { prompt: 'login' });
      assert.equal((await storedInteraction(fresh.landed)).result?.med_login_password_asked_at, clock.now());
      const returnTo = new URL(fresh.landed.url).searchParams.get('return_to')!;
      const res = await browser.request('POST', '/login', { _csrf: csrfTokenIn(fresh.landed.body), username, password: PASSWORD, return_to: returnTo });
      assert.equal(res.status, 303);
      const back = await browser.follow(new URL(res.location!, p.url.login).href, (next) => next.startsWith(REDIRECT));
      assert.ok(back.url.startsWith(REDIRECT), `stopped at ${back.url}`);
      assert.equal((await fresh.tokens(back.url)).claims()!.auth_time, Math.floor(clock.now() / 1000));
    });

    test('max_age exceeded asks for the password; openid-client accepts the new auth_time', async () => {
      clockAt(-50_000);
      const { browser, username } = await signedIn();
      const first = await authorize(browser);
      await first.tokens();

      clockAt(0);
      const again = await authorize(browser, { max_age: '30' });
      const back = await passwordAgain(browser, again.landed, username);
      const tokens = await again.tokens(back.url, { maxAge: 30 });
      assert.equal(tokens.claims()!.auth_time, Math.floor(clock.now() / 1000));

      // Within max_age no password is asked.
      const within = await authorize(browser, { max_age: '300' });
      assert.ok(within.landed.url.startsWith(REDIRECT), `stopped at ${within.landed.url}`);
      await within.tokens(within.landed.url, { maxAge: 300 });
    });

    test("single sign-on ends with Med-Login's idle timeout: prompt=none gets login_required", async () => {
      clockAt(0);
      const { browser } = await signedIn();
      await (await authorize(browser)).tokens();
      await (await authorize(browser, { prompt: 'none' })).tokens();

      clock.advance(75_000);
      const idle = await authorize(browser, { prompt: 'none' });
      const callback = new URL(idle.landed.url);
      assert.equal(callback.searchParams.get('error'), 'login_required', `landed at ${idle.landed.url}`);
      assert.equal(callback.searchParams.get('code'), null);
      // Without prompt=none, the sign-in page (Med-Login's session has ended).
      const page = await authorize(browser);
      assert.equal(new URL(page.landed.url).pathname, '/login');
    });

    test('an account disabled while signed in meets the sign-in page, which refuses it; no provider error', async () => {
      clockAt(0);
      const { browser, username } = await signedIn();
      const first = await authorize(browser);
      await first.tokens();
      const account = await p.rt.deps.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      await updateAccount(p.rt.deps.db, account.id, { state: 'disabled', updated_at: clock.now() });

      const none = await authorize(browser, { prompt: 'none' });
      assert.equal(new URL(none.landed.url).searchParams.get('error'), 'login_required', `landed at ${none.landed.url}`);
      const next = await authorize(browser);
      assert.equal(next.landed.status, 200, `stopped at ${next.landed.url}`);
      assert.equal(new URL(next.landed.url).pathname, '/login');
      assert.doesNotMatch(next.landed.body, /server_error/);
      const refused = await browser.request('POST', '/login', { _csrf: csrfTokenIn(next.landed.body), username, password: PASSWORD });
      assert.equal(refused.status, 401);

      // Enabled again, the old provider session does not come back: the password is needed.
      await updateAccount(p.rt.deps.db, account.id, { state: 'active', updated_at: clock.now() });
      const revived = await authorize(browser);
      assert.equal(new URL(revived.landed.url).pathname, '/login');
    });
  });
}
