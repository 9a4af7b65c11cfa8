// A relying party that is neither G-MIS nor 医療情報ネット, in Chromium with every CSP enforced: a
// small web application of its own (node:http + openid-client, on its own 127.0.0.1 port),
// registered as `gmis oidc-client add` registers one (registerClient). First sign-in with consent,
// a returning sign-in without it, then prompt=login, which asks for the password again and reports
// a new auth_time.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import * as oidc from 'openid-client';
import { ManualClock } from '../src/platform/clock.ts';
import { MESSAGES } from '../src/platform/messages/index.ts';
import { registerClient, secretOf } from '../src/sso/provider/clients.ts';
import { freePort } from '../src/testing/platform.ts';
import { eventually, field, literally } from './browser.ts';
import { ssoAccount } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const PASSWORD = 'Kx7-mountain-Lantern';
const NAME = '地域連携テストアプリ';

interface SignedIn {
  sub: string;
  authTime: number;
}

/** The relying party: GET /login starts a sign-in (?prompt=login passes on), GET /cb finishes it. */
async function startRelyingParty(config: () => oidc.Configuration, port: number): Promise<{ url: string; signIns: SignedIn[]; close(): Promise<void> }> {
  const url = `http://127.0.0.1:${port}`;
  const pending = new Map<string, { verifier: string; nonce: string }>();
  const signIns: SignedIn[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      const at = new URL(req.url ?? '/', url);
      if (at.pathname === '/login') {
        const state = oidc.randomState();
        const flow = { verifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce() };
        pending.set(state, flow);
        const to = oidc.buildAuthorizationUrl(config(), {
          redirect_uri: `${url}/cb`,
          scope: 'openid profile',
          state,
          nonce: flow.nonce,
          code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
          code_challenge_method: 'S256',
          ...(at.searchParams.get('prompt') === 'login' ? { prompt: 'login' } : {}),
        });
        res.writeHead(303, { location: to.href }).end();
        return;
      }
      if (at.pathname === '/cb') {
        const flow = pending.get(at.searchParams.get('state') ?? '');
        if (!flow) throw new Error('no such sign-in');
        const tokens = await oidc.authorizationCodeGrant(config(), at, {
          pkceCodeVerifier: flow.verifier,
          expectedState: at.searchParams.get('state')!,
          expectedNonce: flow.nonce,
        });
        const claims = tokens.claims()!;
        signIns.push({ sub: claims.sub, authTime: claims.auth_time! });
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<!doctype html><html lang="ja"><title>RP</title><main><h1>ログインしました</h1></main></html>`);
        return;
      }
      res.writeHead(404).end();
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url, signIns, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// Med-Login's clock starts ten minutes behind real time, so the sign-in asked for by prompt=login
// (after the clock is set to real time) has a later auth_time without waiting.
const clock = new ManualClock(Date.now() - 10 * 60_000);
let rp: Awaited<ReturnType<typeof startRelyingParty>>;
const suite = browserSuite({
  platform: { clock },
  setUp: async (platform) => {
    const port = await freePort();
    const client = await registerClient(platform.rt.deps, {
      clientId: 'test-rp',
      name: NAME,
      description: 'e2e relying party',
      homeUrl: `http://127.0.0.1:${port}/`,
      redirectUris: [`http://127.0.0.1:${port}/cb`],
      postLogoutRedirectUris: [],
      firstParty: false,
    });
    const config = await oidc.discovery(
      new URL(platform.url.login),
      client.clientId,
      undefined,
      oidc.ClientSecretBasic(secretOf(platform.rt.deps.secrets, client)),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    rp = await startRelyingParty(() => config, port);
    // Med-Login reads the registered redirect origins into its CSP form-action every few seconds.
    await eventually(
      async () => (await fetch(`${platform.url.login}/login`)).headers.get('content-security-policy')?.includes(rp.url) ?? false,
      'form-action allows the new client',
      10_000,
    );
    return () => rp.close();
  },
});
const { skip } = suite;

test('a relying party added with oidc-client add: consent, a returning sign-in, prompt=login asks for the password', { skip }, async () => {
  const page = await suite.browser().newPage();
  const username = await ssoAccount(suite.platform(), '病院', 'みなと総合病院 担当者', PASSWORD);
  await suite.browser().walk(
    'third-party-rp',
    () => [page],
    async () => {
      // First sign-in: Med-Login's ログイン, then the consent page naming the application.
      await page.goto(`${rp.url}/login`);
      await page.waitForURL(`${suite.platform().url.login}/login?**`);
      await field(page, 'username').fill(username);
      await field(page, 'password').fill(PASSWORD);
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(NAME) }).waitFor();
      const consent = await page.locator('main').innerText();
      assert.match(consent, new RegExp(`「${NAME}」`));
      assert.match(consent, /表示名/);
      assert.doesNotMatch(consent, /関係者メニュー|事務局/);
      await page.getByRole('button', { name: '同意' }).click();
      await page.waitForURL(`${rp.url}/cb?**`);
      await page.getByRole('heading', { name: 'ログインしました' }).waitFor();
      assert.equal(rp.signIns.length, 1);
      const first = rp.signIns[0]!;

      // Returning: no password, no consent.
      await page.goto(`${rp.url}/login`);
      await page.waitForURL(`${rp.url}/cb?**`);
      await page.getByRole('heading', { name: 'ログインしました' }).waitFor();
      assert.equal(rp.signIns.length, 2);
      assert.equal(rp.signIns[1]!.authTime, first.authTime);

      // prompt=login: the password again, the username filled in; a new auth_time.
      clock.advance(Date.now() - clock.now());
      await page.goto(`${rp.url}/login?prompt=login`);
      await page.waitForURL(`${suite.platform().url.login}/login?**`);
      assert.equal(await field(page, 'username').inputValue(), username);
      assert.match(await page.locator('main').innerText(), literally(MESSAGES['login.again']));
      await field(page, 'password').fill(PASSWORD);
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      await page.waitForURL(`${rp.url}/cb?**`);
      await page.getByRole('heading', { name: 'ログインしました' }).waitFor();
      assert.equal(rp.signIns.length, 3);
      const third = rp.signIns[2]!;
      assert.equal(third.sub, first.sub);
      assert.ok(third.authTime >= first.authTime + 590, `auth_time ${third.authTime} is the new sign-in, not ${first.authTime}`);
    },
  );
});
