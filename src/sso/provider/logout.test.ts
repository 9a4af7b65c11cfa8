// Sign-out at the provider, over HTTP against the real platform, with openid-client as a relying
// party registered as `gmis oidc-client add` would: back-channel logout reaches each application once;
// the end-session endpoint asks the user unless the session's own ID token comes with the request,
// and accepts POST; the provider's own responses carry the origin's security headers; and each
// origin's CSP form-action lets its forms reach where their posts are redirected — Med-Login's, every
// registered application, including one added after start.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import * as oidc from 'openid-client';
import { testHasher } from '../../identity/password/hasher.ts';
import { Browser, csrfTokenIn } from '../../testing/http-client.ts';
import { activeAccount, startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { FORM_ACTIONS_REFRESH_MS, MAX_URL_LENGTH } from '../../web/app.ts';
import { clientSecret, saveClient } from './clients.ts';
import { describeEachEngine } from '../../testing/db.ts';

const PASSWORD = 'Sora-Kumo-2026';

/** A relying party's server: its callback is never fetched (the test stops at it); back-channel
 * logout tokens posted to /bc are kept. */
async function relyingPartyServer(): Promise<{ origin: string; logoutTokens: Array<{ sid: string; jti: string }>; close(): Promise<void> }> {
  const logoutTokens: Array<{ sid: string; jti: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/bc') {
        const token = new URLSearchParams(Buffer.concat(chunks).toString()).get('logout_token')!;
        logoutTokens.push(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid: string; jti: string });
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, logoutTokens, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const formActionOf = (res: { headers: { get(name: string): string | null } }): string[] =>
  /form-action ([^;]+)/.exec(res.headers.get('content-security-policy') ?? '')?.[1]!.split(' ') ?? [];

/** Waits until Med-Login's pages let forms reach `origin` (the list is read again every FORM_ACTIONS_REFRESH_MS). */
async function formActionsReach(origin: string, p: TestPlatform = platform): Promise<string[]> {
  const browser = new Browser(p.url.login);
  const deadline = Date.now() + FORM_ACTIONS_REFRESH_MS + 3000;
  for (;;) {
    const list = formActionOf(await browser.get('/login'));
    if (list.includes(origin) || Date.now() > deadline) return list;
    await new Promise((r) => setTimeout(r, 200));
  }
}

let platform: TestPlatform;

describeEachEngine('sign-out at Med-Login, the provider', (engine) => {
  let p: TestPlatform;
  let rp: Awaited<ReturnType<typeof relyingPartyServer>>;
  let username: string;

  before(async () => {
    p = platform = await startTestPlatform({ engine, hasher: testHasher() });
    rp = await relyingPartyServer();
    await saveClient(
      p.rt.deps.db,
      {
        clientId: 'rp-logout',
        name: '外部テストアプリ',
        description: 'test client',
        homeUrl: `${rp.origin}/`,
        redirectUris: [`${rp.origin}/cb`],
        postLogoutRedirectUris: [`${rp.origin}/bye`],
        backchannelLogoutUri: `${rp.origin}/bc`,
        firstParty: true,
      },
      { now: p.rt.deps.clock.now() },
    );
    ({ username } = await activeAccount(p, PASSWORD));
    await formActionsReach(rp.origin);
  });
  after(async () => {
    await rp?.close();
    await p?.close();
  });

  /** A browser signed in to Med-Login and, through it, to the test application (with its ID token). */
  async function signedIn(): Promise<{ browser: Browser; idToken: string }> {
    const browser = new Browser(p.url.login);
    assert.equal((await browser.submit('/login', '/login', { username, password: PASSWORD })).status, 303);
    const config = await oidc.discovery(new URL(p.url.login), 'rp-logout', undefined, oidc.ClientSecretBasic(clientSecret(p.rt.deps.secrets, 'rp-logout', 1)), {
      execute: [oidc.allowInsecureRequests],
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${rp.origin}/cb`,
      scope: 'openid',
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const landed = await browser.follow(url.href, (next) => next.startsWith(`${rp.origin}/cb`));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: verifier, expectedState: state });
    return { browser, idToken: tokens.id_token! };
  }

  const endSession = (params: Record<string, string>) => `${p.url.login}/oidc/session/end?${new URLSearchParams(params)}`;

  /** Presses ログアウトする on the end-session page. */
  async function confirm(browser: Browser, page: { body: string }) {
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)![1]!;
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.body)![1]!;
    return browser.request('POST', action, { xsrf, logout: 'yes' });
  }

  test('RP-initiated logout tells the application once (one logout token for its session)', async () => {
    const { browser, idToken } = await signedIn();
    rp.logoutTokens.length = 0;
    const page = await browser.get(endSession({ id_token_hint: idToken, post_logout_redirect_uri: `${rp.origin}/bye` }));
    const done = await confirm(browser, page);
    assert.equal(done.location, `${rp.origin}/bye`);
    assert.equal(rp.logoutTokens.length, 1, `logout tokens: ${JSON.stringify(rp.logoutTokens)}`);
    assert.equal((await browser.get('/')).status, 303, 'Med-Login session ended');
  });

  test('ログアウト on Med-Login tells the application once', async () => {
    const { browser } = await signedIn();
    rp.logoutTokens.length = 0;
    const home = await browser.get('/');
    assert.equal((await browser.request('POST', '/logout', { _csrf: csrfTokenIn(home.body) })).status, 303);
    assert.equal(rp.logoutTokens.length, 1);
  });

  test('a bare link to end-session asks the user; the session’s own ID token goes on by itself', async () => {
    const { browser, idToken } = await signedIn();
    const bare = await browser.get(endSession({ client_id: 'rp-logout' }));
    assert.equal(bare.status, 200);
    assert.doesNotMatch(bare.body, /auto-submit|data-auto-submit/, 'nothing presses the button for the user');
    assert.match(bare.body, /ログアウトしますか/);
    assert.match(bare.body, /ログアウトしない/);
    const hinted = await browser.get(endSession({ id_token_hint: idToken }));
    assert.match(hinted.body, /<script type="module" src="\/static\/js\/auto-submit.js"><\/script>/);
    assert.match(hinted.body, /data-auto-submit/);
    assert.match(hinted.body, /外部テストアプリからのログアウトを続けています/);

    // An ID token of an earlier session (signed out since, signed in again) is asked about.
    await confirm(browser, hinted);
    const again = await signedIn();
    const old = await again.browser.get(endSession({ id_token_hint: idToken }));
    assert.equal(old.status, 200);
    assert.doesNotMatch(old.body, /data-auto-submit/);
  });

  test('POST at end-session continues as a GET with the same parameters', async () => {
    const browser = new Browser(p.url.login);
    const params = { client_id: 'rp-logout', post_logout_redirect_uri: `${rp.origin}/bye`, state: 'a&amp;b"<c>\'' };
    const res = await browser.request('POST', '/oidc/session/end', params, { origin: rp.origin });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('cache-control') ?? '', /no-store/);
    assert.match(res.body, /<form method="get" action="\/oidc\/session\/end">/);
    const decoded = (v: string) => v.replace(/&#34;|&#39;|&lt;|&amp;/g, (e) => ({ '&#34;': '"', '&#39;': "'", '&lt;': '<', '&amp;': '&' })[e]!);
    const fields = [...res.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [decoded(m[1]!), decoded(m[2]!)]);
    assert.deepEqual(fields, Object.entries(params));
    assert.match(res.body, /data-auto-submit/);
    // Too long to send by GET: the origin's error page.
    const huge = await browser.request('POST', '/oidc/session/end', { client_id: 'rp-logout', state: 'x'.repeat(20_000) });
    assert.equal(huge.status, 400);
    assert.match(huge.body, /<html lang="ja">/);
    // The longest continuation is one the origin still takes by GET; one character more is refused.
    const withState = (n: number) => ({ client_id: 'rp-logout', state: 'x'.repeat(n) });
    const continuation = (n: number) => `/oidc/session/end?${new URLSearchParams(withState(n)).toString()}`;
    const longest = MAX_URL_LENGTH - continuation(0).length;
    assert.equal(continuation(longest).length, MAX_URL_LENGTH);
    assert.equal((await browser.request('POST', '/oidc/session/end', withState(longest), { origin: rp.origin })).status, 200);
    assert.equal((await browser.get(continuation(longest))).status, 200);
    assert.equal((await browser.request('POST', '/oidc/session/end', withState(longest + 1), { origin: rp.origin })).status, 400);
  });

  test('the provider’s own responses carry the origin’s security headers; JSON still works', async () => {
    const browser = new Browser(p.url.login);
    const own = await browser.get('/login');
    for (const path of ['/.well-known/openid-configuration', '/oidc/jwks', endSession({ client_id: 'rp-logout' })]) {
      const res = await browser.get(path);
      assert.equal(res.status, 200, path);
      // The provider's self-submitting page (no session here) adds its inline script's hash.
      const csp = res.headers.get('content-security-policy')?.replace(/ 'sha256-[^']+'/, '');
      assert.equal(csp, own.headers.get('content-security-policy'), path);
      for (const header of ['x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy']) {
        assert.equal(res.headers.get(header), own.headers.get(header), `${header} on ${path}`);
      }
    }
    const discovery = await browser.get('/.well-known/openid-configuration');
    assert.equal((JSON.parse(discovery.body) as { issuer: string }).issuer, p.url.login);
    const jwks = await browser.get('/oidc/jwks');
    assert.ok((JSON.parse(jwks.body) as { keys: unknown[] }).keys.length > 0);
    const cors = await browser.request('GET', '/oidc/jwks', undefined, { origin: 'https://spa.example' });
    assert.equal(cors.headers.get('access-control-allow-origin'), 'https://spa.example');
  });

  test('without a session, the provider’s self-submitting form_post page is allowed its inline script', async () => {
    const browser = new Browser(p.url.login);
    const res = await browser.get(endSession({ client_id: 'rp-logout', post_logout_redirect_uri: `${rp.origin}/bye` }));
    assert.equal(res.status, 200);
    const inline = /<script>([\s\S]*?)<\/script>/.exec(res.body)![1]!;
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(inline).digest('base64');
    assert.match(res.headers.get('content-security-policy') ?? '', new RegExp(`script-src 'self' 'sha256-${digest.replace(/[+/]/g, '\\$&')}'`));
    assert.ok(formActionOf(res).includes(rp.origin), 'its post is redirected to the post-logout URI');
  });

  test('form-action: Med-Login’s forms reach every registered application, one added after start too; G-MIS and 医療情報ネット reach Med-Login', async () => {
    const browser = new Browser(p.url.login);
    const before = formActionOf(await browser.get('/login'));
    for (const origin of [p.url.gmis, p.url.navi, rp.origin]) assert.ok(before.includes(origin), `${origin} in ${before.join(' ')}`);
    assert.ok(!before.includes('http://127.0.0.1:9'));

    // Registered now (as the CLI would, from another process): allowed within the refresh time.
    await saveClient(
      p.rt.deps.db,
      {
        clientId: 'rp-late',
        name: 'late',
        description: 'test client',
        homeUrl: 'http://127.0.0.1:9/',
        redirectUris: ['http://127.0.0.1:9/late/cb'],
        postLogoutRedirectUris: ['http://localhost:9/bye'],
        firstParty: true,
      },
      { now: p.rt.deps.clock.now() },
    );
    const now = await formActionsReach('http://127.0.0.1:9');
    assert.ok(now.includes('http://127.0.0.1:9'), `the new redirect origin in ${now.join(' ')}`);
    assert.ok(now.includes('http://localhost:9'), 'the new post-logout origin');

    for (const url of [`${p.url.gmis}/`, `${p.url.navi}/staff/login`]) {
      assert.deepEqual(formActionOf(await new Browser(url).get(url)), ["'self'", p.url.login], url);
    }
  });
});
