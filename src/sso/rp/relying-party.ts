// The applications' side of single sign-on (G-MIS and 医療情報ネット are relying parties of
// Med-Login), on openid-client (panva, certified). Authorization code + PKCE (S256) with state and
// nonce kept in a short-lived signed cookie, so any instance can finish a flow another started.
// Back-channel logout tokens are verified with jose against the provider's JWKS.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Ports } from '../../ports.ts';
import { findClient, SCOPES, secretOf } from '../provider/clients.ts';
import { OIDC_PATH } from '../logout-url.ts';
import { safeReturnTo } from '../../platform/return-to.ts';

const FLOW_TTL_MS = 10 * 60_000;
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export interface SignInResult {
  sub: string;
  sid: string | undefined;
  idToken: string;
  userinfo: client.UserInfoResponse;
  returnTo: string;
}

export class SsoFlowError extends Error {
  constructor(
    readonly kind: 'no_flow' | 'access_denied' | 'protocol',
    message: string,
  ) {
    super(message);
  }
}

interface FlowState {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  exp: number;
}

export class RelyingParty {
  private configuration: Promise<client.Configuration> | undefined;
  private jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  readonly cookieName: string;

  constructor(
    private readonly deps: Ports,
    readonly clientId: string,
    readonly redirectUri: string,
    private readonly cookiePath: string,
  ) {
    this.cookieName = `${clientId}_oidc_flow`;
  }

  get issuer(): string {
    return this.deps.config.publicUrl.login;
  }

  /** Discovery, once, lazily (Med-Login may start after this application); retried after failure. */
  config(): Promise<client.Configuration> {
    this.configuration ??= (async () => {
      const registered = await findClient(this.deps.db, this.clientId);
      if (!registered) throw new SsoFlowError('protocol', `OIDC client ${this.clientId} is not registered`);
      const secret = secretOf(this.deps.secrets, registered);
      const insecure = new URL(this.issuer).protocol === 'http:';
      return client.discovery(new URL(this.issuer), this.clientId, undefined, client.ClientSecretBasic(secret), {
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: 10,
      });
    })().catch((err: unknown) => {
      this.configuration = undefined;
      throw err;
    });
    return this.configuration;
  }

  /** Sends the browser to Med-Login's authorization endpoint; afterwards to `returnTo`, a path of
   * this application (anything else returns to its home). */
  async start(reply: FastifyReply, returnTo: string): Promise<FastifyReply> {
    const config = await this.config();
    const flow: FlowState = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      returnTo: safeReturnTo(returnTo) ?? '/',
      exp: this.deps.clock.now() + FLOW_TTL_MS,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: SCOPES,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    const value = this.deps.secrets.sign(Buffer.from(JSON.stringify(flow)).toString('base64url'), this.cookieName);
    reply.setCookie(this.cookieName, value, {
      path: this.cookiePath,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.deps.config.production,
      maxAge: FLOW_TTL_MS / 1000,
    });
    return reply.redirect(url.href, 303);
  }

  /** Finishes the flow at the redirect URI: code → tokens → userinfo. */
  async complete(req: FastifyRequest, reply: FastifyReply): Promise<SignInResult> {
    const raw = req.cookies[this.cookieName];
    reply.clearCookie(this.cookieName, { path: this.cookiePath });
    const signed = raw ? this.deps.secrets.unsign(raw, this.cookieName) : undefined;
    const flow = signed ? (JSON.parse(Buffer.from(signed, 'base64url').toString('utf8')) as FlowState) : undefined;
    if (!flow || flow.exp < this.deps.clock.now()) throw new SsoFlowError('no_flow', 'no sign-in in progress in this browser');
    const query = req.query as Record<string, unknown>;
    if (query.error === 'access_denied' && query.state === flow.state) throw new SsoFlowError('access_denied', 'the user refused');
    const config = await this.config();
    const current = new URL(this.redirectUri);
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') current.searchParams.set(k, v);
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new SsoFlowError('protocol', err instanceof Error ? err.message : String(err));
    }
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new SsoFlowError('protocol', 'no ID token');
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    return { sub: claims.sub, sid: typeof claims.sid === 'string' ? claims.sid : undefined, idToken: tokens.id_token, userinfo, returnTo: flow.returnTo };
  }

  /** Verifies a back-channel logout token (OIDC Back-Channel Logout 1.0 §2.6). */
  async verifyLogoutToken(token: string): Promise<{ sub: string | undefined; sid: string | undefined }> {
    this.jwks ??= createRemoteJWKSet(new URL(`${this.issuer}${OIDC_PATH}/jwks`));
    const { payload } = await jwtVerify(token, this.jwks, { issuer: this.issuer, audience: this.clientId, algorithms: ['RS256'], maxTokenAge: '5m' });
    const events = payload.events as Record<string, unknown> | undefined;
    if (!events || typeof events[BACKCHANNEL_EVENT] !== 'object') throw new Error('not a logout token');
    if ('nonce' in payload) throw new Error('a logout token has no nonce');
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    if (!sid && !payload.sub) throw new Error('a logout token names a session or a subject');
    return { sub: payload.sub, sid };
  }

  /** The back-channel logout endpoint (POST, form-encoded logout_token, no CSRF: the token is the
   * proof): verifies the token, then `end` ends the application's sessions it names. */
  backchannelLogoutRoute(
    app: FastifyInstance,
    path: string,
    logger: Logger,
    end: (t: { sid: string | undefined; sub: string | undefined }) => Promise<unknown>,
  ): void {
    app.post<{ Body: { logout_token?: string } }>(path, { config: { skipCsrf: true } }, async (req, reply) => {
      const token = req.body?.logout_token;
      if (typeof token !== 'string') return reply.code(400).send({ error: 'invalid_request' });
      try {
        await end(await this.verifyLogoutToken(token));
        return reply.header('cache-control', 'no-store').code(200).send();
      } catch (err) {
        logger.warn({ err }, 'refused a back-channel logout token');
        return reply.code(400).send({ error: 'invalid_request' });
      }
    });
  }
}
