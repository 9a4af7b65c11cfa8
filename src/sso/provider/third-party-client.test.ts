// An application registered as `gmis oidc-client add` does (registerClient), not G-MIS and not
// 医療情報ネット: its consent page names it and lists what its scopes share, with none of
// 医療情報ネット's wording; 却下 is a plain "no"; removed and added again, it gets a new secret and
// nothing its users granted before.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { testHasher } from '../../identity/password/hasher.ts';
import { Browser, csrfTokenIn } from '../../testing/http-client.ts';
import { codeFlow, rpConfig } from '../../testing/oidc-rp.ts';
import { activeAccount, startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { registerClient, removeClient, secretOf, type ClientRegistration, type RegisteredClient } from './clients.ts';

const PASSWORD = 'Sora-Kumo-2026';
const REDIRECT = 'http://127.0.0.1:9/partner/cb';
const PARTNER: ClientRegistration = {
  clientId: 'partner',
  name: '在宅医療連携ポータル',
  description: 'test client',
  homeUrl: 'http://127.0.0.1:9/',
  redirectUris: [REDIRECT],
  postLogoutRedirectUris: [],
  firstParty: false,
};

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`a third-party application (${engine})`, () => {
    let p: TestPlatform;
    let browser: Browser;
    let email: string;

    before(async () => {
      p = await startTestPlatform({ engine, hasher: testHasher() });
      const account = await activeAccount(p, PASSWORD);
      email = account.email;
      browser = new Browser(p.url.login);
      assert.equal((await browser.submit('/login', '/login', { username: account.username, password: PASSWORD })).status, 303);
    });
    after(() => p.close());

    const rp = (c: RegisteredClient, secret = secretOf(p.rt.deps.secrets, c)) => rpConfig(p, c.clientId, secret);
    const start = async (config: oidc.Configuration, scope: string) => {
      const flow = await codeFlow(config, browser, REDIRECT, { scope });
      return { page: flow.landed, exchange: (at: string, as = config) => flow.tokens(at, {}, as) };
    };

    const decide = async (page: { body: string }, decision: 'approve' | 'reject') => {
      const uid = /action="\/interaction\/([^/]+)\/consent"/.exec(page.body)![1]!;
      const res = await browser.request('POST', `/interaction/${uid}/consent`, { _csrf: csrfTokenIn(page.body), decision });
      return browser.follow(new URL(res.location!, p.url.login).href, (next) => next.startsWith(REDIRECT));
    };

    test('its consent page names it and lists what the requested scopes share; 却下 is a plain no', async () => {
      const client = await registerClient(p.rt.deps, { ...PARTNER, clientId: 'partner-wording' });
      const config = await rp(client);
      const refused = await start(config, 'openid email');
      assert.equal(refused.page.status, 200);
      const body = refused.page.body;
      assert.match(body, /「在宅医療連携ポータル」/);
      assert.match(body, /メールアドレス/);
      assert.ok(body.includes(email));
      assert.doesNotMatch(body, /表示名|アカウント区分/, 'scopes not asked for are not listed');
      assert.doesNotMatch(body, /関係者メニュー|事務局|停止/, "医療情報ネット's wording and its block are not there");
      const back = await decide(refused.page, 'reject');
      assert.equal(new URL(back.url).searchParams.get('error'), 'access_denied');
      assert.equal(
        (await p.rt.deps.db.selectFrom('sso_blocks').selectAll().where('client_id', '=', 'partner-wording').execute()).length,
        0,
        'no block to lift',
      );

      const agreed = await start(config, 'openid email');
      const tokens = await agreed.exchange((await decide(agreed.page, 'approve')).url);
      assert.equal((await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).email, email);
      // The second time no consent is asked.
      const again = await start(config, 'openid email');
      assert.ok(again.page.url.startsWith(REDIRECT), `stopped at ${again.page.url}`);
    });

    test('却下 asks first on a page of its own: 戻る returns to the consent, はい、却下する refuses', async () => {
      const client = await registerClient(p.rt.deps, { ...PARTNER, clientId: 'partner-confirm' });
      const asked = await start(await rp(client), 'openid email');
      const uid = /action="\/interaction\/([^/]+)\/consent"/.exec(asked.page.body)![1]!;
      assert.doesNotMatch(asked.page.body, /name="decision" value="reject"/, 'the consent page refuses nothing in one click');
      assert.match(asked.page.body, new RegExp(`<a [^>]*href="/interaction/${uid}/refuse"[^>]*>\\s*却下`));
      const confirm = await browser.get(`/interaction/${uid}/refuse`);
      assert.equal(confirm.status, 200);
      assert.match(confirm.body, /在宅医療連携ポータルとの情報連携を却下しますか/);
      assert.match(confirm.body, /name="_csrf"/);
      assert.match(confirm.body, /name="decision" value="reject"[^>]*>\s*はい、却下する/);
      assert.match(confirm.body, new RegExp(`href="/interaction/${uid}"[^>]*>\\s*戻る`));
      // 戻る: the consent page again, nothing decided.
      assert.match((await browser.get(`/interaction/${uid}`)).body, /name="decision" value="approve"/);
      const back = await decide(confirm, 'reject');
      assert.equal(new URL(back.url).searchParams.get('error'), 'access_denied');
      // Another browser (no Med-Login session of this user) cannot reach the question.
      assert.notEqual((await new Browser(p.url.login).get(`/interaction/${uid}/refuse`)).status, 200);
    });

    test('removed and registered again: a new secret, and consent is asked again', async () => {
      const first = await registerClient(p.rt.deps, PARTNER);
      const oldSecret = secretOf(p.rt.deps.secrets, first);
      const before = await start(await rp(first), 'openid profile');
      await before.exchange((await decide(before.page, 'approve')).url);

      assert.equal(await removeClient(p.rt.deps, 'partner'), true);
      assert.equal((await p.rt.deps.db.selectFrom('oidc_consents').selectAll().where('client_id', '=', 'partner').execute()).length, 0);
      const second = await registerClient(p.rt.deps, PARTNER);
      const newSecret = secretOf(p.rt.deps.secrets, second);
      assert.notEqual(newSecret, oldSecret);

      // The server's client cache (CLIENT_CACHE_MS) would still hold the old registration; the CLI
      // is another process, whose change reaches this one when the cache turns over.
      await new Promise((r) => setTimeout(r, 5_100));
      const config = await rp(second);
      const after = await start(config, 'openid profile');
      assert.equal(after.page.status, 200, 'the consent page again, not a silent sign-in');
      assert.match(after.page.body, /「在宅医療連携ポータル」/);
      const at = (await decide(after.page, 'approve')).url;
      // invalid_client, as a 401 challenge to Basic authentication.
      await assert.rejects(after.exchange(at, await rp(second, oldSecret)), (err: Error & { status?: number; code?: string }) => {
        assert.equal(err.code, 'OAUTH_WWW_AUTHENTICATE_CHALLENGE');
        assert.equal(err.status, 401);
        return true;
      });
      const retry = await start(config, 'openid profile');
      assert.ok((await retry.exchange(retry.page.url)).access_token);
    });
  });
}
