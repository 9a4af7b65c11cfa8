// Med-Login as an OpenID provider, driven by a relying party we did not write: openid-client used
// directly (not through our application code) for discovery, code + PKCE, token, userinfo and
// RP-initiated logout — and the refusals: a replayed code, a wrong PKCE verifier, an unregistered
// redirect_uri, a code or token for another client.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Browser } from '../../testing/http-client.ts';
import { activeAccount, startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { clientSecret, saveClient } from './clients.ts';
import { testHasher } from '../../identity/password/hasher.ts';

const PASSWORD = 'Sora-Kumo-2026';

async function rpConfig(p: TestPlatform, clientId: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(p.url.login), clientId, undefined, oidc.ClientSecretBasic(clientSecret(p.rt.deps.secrets, clientId, 1)), {
    execute: [oidc.allowInsecureRequests],
  });
}

describe('OpenID provider with openid-client as the relying party', () => {
  let p: TestPlatform;
  let browser: Browser;
  let sub: string;
  const redirectA = 'http://127.0.0.1:9/rp-a/cb';
  const redirectB = 'http://127.0.0.1:9/rp-b/cb';

  before(async () => {
    p = await startTestPlatform({ hasher: testHasher() });
    const now = p.rt.deps.clock.now();
    for (const [id, redirect] of [
      ['rp-a', redirectA],
      ['rp-b', redirectB],
    ] as const) {
      await saveClient(
        p.rt.deps.db,
        {
          clientId: id,
          name: id,
          description: 'test client',
          homeUrl: 'http://127.0.0.1:9/',
          redirectUris: [redirect],
          postLogoutRedirectUris: ['http://127.0.0.1:9/bye'],
          firstParty: true,
        },
        { now },
      );
    }
    const { username } = await activeAccount(p, PASSWORD);
    browser = new Browser(p.url.login);
    const res = await browser.submit('/login', '/login', { username, password: PASSWORD });
    assert.equal(res.status, 303);
    const account = await p.rt.deps.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    sub = account.id;
  });
  after(() => p.close());

  async function authorize(config: oidc.Configuration, redirectUri: string) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const landed = await browser.follow(url.href, (next) => next.startsWith(redirectUri));
    assert.ok(landed.url.startsWith(redirectUri), `stopped at ${landed.url} with ${landed.status}`);
    const callback = new URL(landed.url);
    return { callback, verifier, state, nonce };
  }

  test('discovery advertises code + PKCE S256 only', async () => {
    const config = await rpConfig(p, 'rp-a');
    const meta = config.serverMetadata();
    assert.equal(meta.issuer, p.url.login);
    assert.deepEqual(meta.response_types_supported, ['code']);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    assert.ok(meta.end_session_endpoint);
    assert.equal(meta.backchannel_logout_supported, true);
  });

  test('code + PKCE → tokens → userinfo → RP-initiated logout', async () => {
    const config = await rpConfig(p, 'rp-a');
    const { callback, verifier, state, nonce } = await authorize(config, redirectA);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    assert.equal(tokens.claims()?.sub, sub);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    assert.equal(info.name, 'テスト病院 担当者');
    assert.match(String(info.email), /@example\.jp$/);

    const end = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:9/bye' });
    const page = await browser.get(end.href);
    assert.equal(page.status, 200);
    assert.match(page.body, /ログアウト/);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)![1]!;
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.body)![1]!;
    const done = await browser.request('POST', action, { xsrf, logout: 'yes' });
    assert.equal(done.status, 303);
    assert.equal(done.location, 'http://127.0.0.1:9/bye');
    // Leaving through the application left Med-Login too.
    const home = await browser.get('/');
    assert.equal(home.status, 303);
    assert.match(home.location ?? '', /^\/login/);
    const again = await browser.submit('/login', '/login', { username: (await p.rt.deps.db.selectFrom('accounts').select('username').where('id', '=', sub).executeTakeFirstOrThrow()).username, password: PASSWORD });
    assert.equal(again.status, 303);
  });

  test('a replayed code is refused', async () => {
    const config = await rpConfig(p, 'rp-a');
    const { callback, verifier, state, nonce } = await authorize(config, redirectA);
    await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    await assert.rejects(oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }), (err: Error & { error?: string }) => {
      assert.equal(err.error, 'invalid_grant');
      return true;
    });
  });

  test('a wrong PKCE verifier is refused', async () => {
    const config = await rpConfig(p, 'rp-a');
    const { callback, state, nonce } = await authorize(config, redirectA);
    await assert.rejects(
      oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: state, expectedNonce: nonce }),
      (err: Error & { error?: string }) => {
        assert.equal(err.error, 'invalid_grant');
        return true;
      },
    );
  });

  test('an unregistered redirect_uri gets an error page, never a redirect', async () => {
    const config = await rpConfig(p, 'rp-a');
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://attacker.example/cb',
      scope: 'openid',
      state: 's',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const res = await browser.get(url.href);
    assert.equal(res.status, 400);
    assert.equal(res.location, undefined);
    assert.match(res.body, /ログインを続けられません/);
  });

  test('a request without PKCE is refused', async () => {
    const config = await rpConfig(p, 'rp-a');
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: redirectA, scope: 'openid', state: 's' });
    const res = await browser.get(url.href);
    assert.equal(res.status, 303);
    assert.match(res.location ?? '', /error=invalid_request/);
  });

  test('a code or an ID token for another client is refused', async () => {
    const a = await rpConfig(p, 'rp-a');
    const b = await rpConfig(p, 'rp-b');
    const { callback, verifier, state, nonce } = await authorize(a, redirectA);
    // Client B presents client A's code.
    const forB = new URL(redirectB);
    forB.search = callback.search;
    await assert.rejects(oidc.authorizationCodeGrant(b, forB, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }), (err: Error & { error?: string }) => {
      assert.equal(err.error, 'invalid_grant');
      return true;
    });
    // A's ID token is not for B.
    const fresh = await authorize(a, redirectA);
    const t = await oidc.authorizationCodeGrant(a, fresh.callback, { pkceCodeVerifier: fresh.verifier, expectedState: fresh.state, expectedNonce: fresh.nonce });
    const jwks = createRemoteJWKSet(new URL(a.serverMetadata().jwks_uri!));
    await assert.rejects(jwtVerify(t.id_token!, jwks, { issuer: p.url.login, audience: 'rp-b' }), /aud/);
    await jwtVerify(t.id_token!, jwks, { issuer: p.url.login, audience: 'rp-a' });
  });
});
