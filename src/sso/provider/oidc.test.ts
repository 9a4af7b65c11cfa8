// Med-Login as an OpenID provider, driven by a relying party we did not write: openid-client used
// directly (not through our application code) for discovery, code + PKCE, token, userinfo and
// RP-initiated logout — and the refusals: a replayed code, a wrong PKCE verifier, an unregistered
// redirect_uri, a code or token for another client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Browser } from '../../testing/http-client.ts';
import { activeAccount, startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { clientSecret } from './clients.ts';
import { codeFlow, rpConfig, testClient } from '../../testing/oidc-rp.ts';
import { testHasher } from '../../identity/password/hasher.ts';
import { describeEachEngine } from '../../testing/db.ts';

const PASSWORD = 'Sora-Kumo-2026';

describeEachEngine('OpenID provider with openid-client as the relying party', (engine) => {
  let p: TestPlatform;
  let browser: Browser;
  let sub: string;
  const redirectA = 'http://127.0.0.1:9/rp-a/cb';
  const redirectB = 'http://127.0.0.1:9/rp-b/cb';

  before(async () => {
    p = await startTestPlatform({ engine, hasher: testHasher() });
    for (const [id, redirect] of [
      ['rp-a', redirectA],
      ['rp-b', redirectB],
    ] as const) {
      await testClient(p, id, redirect, { postLogoutRedirectUris: ['http://127.0.0.1:9/bye'] });
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
    const flow = await codeFlow(config, browser, redirectUri, { scope: 'openid profile email' });
    assert.ok(flow.landed.url.startsWith(redirectUri), `stopped at ${flow.landed.url} with ${flow.landed.status}`);
    return flow;
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

  // Everything the discovery document promises, each exercised by a test in this file (or, for
  // back-channel logout, in sso-flow.test.ts): a new entry must come with its test.
  test('discovery promises only what the tests below exercise', async () => {
    const meta = (await rpConfig(p, 'rp-a')).serverMetadata();
    const at = (path: string) => `${p.url.login}/oidc/${path}`;
    assert.deepEqual(Object.keys(meta).sort(), [
      'authorization_endpoint',
      'authorization_response_iss_parameter_supported',
      'backchannel_logout_session_supported',
      'backchannel_logout_supported',
      'claim_types_supported',
      'claims_parameter_supported',
      'claims_supported',
      'code_challenge_methods_supported',
      'end_session_endpoint',
      'grant_types_supported',
      'id_token_signing_alg_values_supported',
      'issuer',
      'jwks_uri',
      'pushed_authorization_request_endpoint',
      'request_uri_parameter_supported',
      'response_modes_supported',
      'response_types_supported',
      'revocation_endpoint',
      'scopes_supported',
      'subject_types_supported',
      'token_endpoint',
      'token_endpoint_auth_methods_supported',
      'userinfo_endpoint',
    ]);
    assert.deepEqual(
      [
        meta.authorization_endpoint,
        meta.token_endpoint,
        meta.userinfo_endpoint,
        meta.jwks_uri,
        meta.end_session_endpoint,
        meta.revocation_endpoint,
        meta.pushed_authorization_request_endpoint,
      ],
      [at('auth'), at('token'), at('me'), at('jwks'), at('session/end'), at('token/revocation'), at('request')],
    );
    assert.deepEqual(meta.grant_types_supported, ['authorization_code']);
    assert.deepEqual(meta.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
    assert.deepEqual(meta.response_modes_supported, ['form_post', 'fragment', 'query']);
    assert.deepEqual(meta.id_token_signing_alg_values_supported, ['RS256']);
    assert.deepEqual(meta.scopes_supported, ['openid', 'profile', 'email', 'gmis']);
    assert.equal(meta.claims_parameter_supported, false);
    assert.equal(meta.request_uri_parameter_supported, false);
  });

  test('a pushed authorization request (PAR) signs in', async () => {
    const config = await rpConfig(p, 'rp-a');
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = await oidc.buildAuthorizationUrlWithPAR(config, {
      redirect_uri: redirectA,
      scope: 'openid',
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    assert.match(url.searchParams.get('request_uri') ?? '', /^urn:ietf:params:oauth:request_uri:/);
    const landed = await browser.follow(url.href, (next) => next.startsWith(redirectA));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: verifier, expectedState: state });
    assert.equal(tokens.claims()?.sub, sub);
  });

  test('response_mode form_post and fragment deliver the code too', async () => {
    const config = await rpConfig(p, 'rp-a');
    for (const mode of ['form_post', 'fragment'] as const) {
      const { landed, verifier, state, nonce } = await codeFlow(config, browser, redirectA, { response_mode: mode });
      let callback: URL | Request;
      if (mode === 'form_post') {
        assert.equal(landed.status, 200);
        assert.match(landed.body, new RegExp(`<form method="post" action="${redirectA}"`));
        const fields = [...landed.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]);
        callback = new Request(redirectA, {
          method: 'POST',
          body: new URLSearchParams(fields),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
      } else {
        // A browser keeps the fragment to itself; the application's page hands it on as a query.
        const at = new URL(landed.url);
        assert.equal(at.search, '');
        callback = new URL(`${redirectA}?${at.hash.slice(1)}`);
      }
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      assert.equal(tokens.claims()?.sub, sub, mode);
    }
  });

  test('an access token revoked at the revocation endpoint no longer reads userinfo', async () => {
    const config = await rpConfig(p, 'rp-a');
    const { callback, verifier, state, nonce } = await authorize(config, redirectA);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    await oidc.fetchUserInfo(config, tokens.access_token, sub);
    await oidc.tokenRevocation(config, tokens.access_token);
    await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, sub), (err: Error & { status?: number; code?: string }) => {
      assert.equal(err.code, 'OAUTH_WWW_AUTHENTICATE_CHALLENGE');
      assert.equal(err.status, 401);
      return true;
    });
  });

  test('client_secret_post works as client_secret_basic does; client_secret_jwt is refused', async () => {
    const basic = await rpConfig(p, 'rp-a');
    const secret = clientSecret(p.rt.deps.secrets, 'rp-a', 1);
    const by = (auth: oidc.ClientAuth) => {
      const config = new oidc.Configuration(basic.serverMetadata(), 'rp-a', undefined, auth);
      oidc.allowInsecureRequests(config);
      return config;
    };
    const post = await authorize(basic, redirectA);
    const tokens = await oidc.authorizationCodeGrant(by(oidc.ClientSecretPost(secret)), post.callback, {
      pkceCodeVerifier: post.verifier,
      expectedState: post.state,
      expectedNonce: post.nonce,
    });
    assert.equal(tokens.claims()?.sub, sub);
    const jwt = await authorize(basic, redirectA);
    await assert.rejects(
      oidc.authorizationCodeGrant(by(oidc.ClientSecretJwt(secret)), jwt.callback, {
        pkceCodeVerifier: jwt.verifier,
        expectedState: jwt.state,
        expectedNonce: jwt.nonce,
      }),
      (err: Error & { error?: string }) => {
        assert.equal(err.error, 'invalid_client');
        return true;
      },
    );
  });

  test('POST at the authorization endpoint (OIDC Core 3.1.2.1) continues as a GET with the same parameters', async () => {
    const config = await rpConfig(p, 'rp-a');
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const params = {
      client_id: 'rp-a',
      response_type: 'code',
      redirect_uri: redirectA,
      scope: 'openid profile',
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    };
    // As a relying party's page posts it: cross-site, so no Med-Login cookie comes with it.
    const res = await new Browser(p.url.login).request('POST', '/oidc/auth', params);
    assert.equal(res.status, 200);
    assert.match(res.body, /<form method="get" action="\/oidc\/auth">/);
    const fields = Object.fromEntries(
      [...res.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]),
    );
    assert.deepEqual(fields, params);
    // The page's GET comes from Med-Login's own page, with the session cookie: signed in.
    const landed = await browser.follow(`${p.url.login}/oidc/auth?${new URLSearchParams(fields)}`, (next) => next.startsWith(redirectA));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(landed.url), { pkceCodeVerifier: verifier, expectedState: state });
    assert.equal(tokens.claims()?.sub, sub);
  });

  test('code + PKCE → tokens → userinfo → RP-initiated logout', async () => {
    const config = await rpConfig(p, 'rp-a');
    const { callback, verifier, state, nonce } = await authorize(config, redirectA);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
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
    const again = await browser.submit('/login', '/login', {
      username: (await p.rt.deps.db.selectFrom('accounts').select('username').where('id', '=', sub).executeTakeFirstOrThrow()).username,
      password: PASSWORD,
    });
    assert.equal(again.status, 303);
  });

  test('a replayed code is refused', async () => {
    const config = await rpConfig(p, 'rp-a');
    const { callback, verifier, state, nonce } = await authorize(config, redirectA);
    await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    await assert.rejects(
      oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }),
      (err: Error & { error?: string }) => {
        assert.equal(err.error, 'invalid_grant');
        return true;
      },
    );
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
    await assert.rejects(
      oidc.authorizationCodeGrant(b, forB, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }),
      (err: Error & { error?: string }) => {
        assert.equal(err.error, 'invalid_grant');
        return true;
      },
    );
    // A's ID token is not for B.
    const fresh = await authorize(a, redirectA);
    const t = await oidc.authorizationCodeGrant(a, fresh.callback, {
      pkceCodeVerifier: fresh.verifier,
      expectedState: fresh.state,
      expectedNonce: fresh.nonce,
    });
    const jwks = createRemoteJWKSet(new URL(a.serverMetadata().jwks_uri!));
    await assert.rejects(jwtVerify(t.id_token!, jwks, { issuer: p.url.login, audience: 'rp-b' }), /aud/);
    await jwtVerify(t.id_token!, jwks, { issuer: p.url.login, audience: 'rp-a' });
  });
});
