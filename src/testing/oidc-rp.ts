// openid-client as a relying party in tests of the OpenID provider: a client registered for a
// test, its discovered configuration, and a code + PKCE sign-in walked by the test Browser.
import * as oidc from 'openid-client';
import { clientSecret, saveClient, type RegisteredClient } from '../sso/provider/clients.ts';
import type { Browser } from './http-client.ts';
import type { TestPlatform } from './platform.ts';

/** Registers a client with one redirect URI (first-party unless told: no consent screen). */
export function testClient(
  p: TestPlatform,
  clientId: string,
  redirectUri: string,
  o: { firstParty?: boolean; postLogoutRedirectUris?: string[] } = {},
): Promise<RegisteredClient> {
  return saveClient(
    p.rt.deps.db,
    {
      clientId,
      name: clientId,
      description: 'test client',
      homeUrl: 'http://127.0.0.1:9/',
      redirectUris: [redirectUri],
      postLogoutRedirectUris: o.postLogoutRedirectUris ?? [],
      firstParty: o.firstParty ?? true,
    },
    { now: p.rt.deps.clock.now() },
  );
}

/** Discovery as the client, authenticating with `secret` (by default a testClient's). */
export function rpConfig(p: TestPlatform, clientId: string, secret = clientSecret(p.rt.deps.secrets, clientId, 1)): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(p.url.login), clientId, undefined, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
}

/**
 * Sends `browser` to the authorization endpoint (scope openid unless `params` say otherwise) and
 * follows redirects until the redirect URI or a page. `tokens` exchanges the code found at a
 * callback URL (by default where the request landed).
 */
export async function codeFlow(config: oidc.Configuration, browser: Browser, redirectUri: string, params: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...params,
  });
  const landed = await browser.follow(url.href, (next) => next.startsWith(redirectUri));
  const tokens = (callback = landed.url, checks: { maxAge?: number } = {}, as = config) =>
    oidc.authorizationCodeGrant(as, new URL(callback), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
      ...checks,
    });
  return { landed, callback: new URL(landed.url), verifier, state, nonce, tokens };
}
