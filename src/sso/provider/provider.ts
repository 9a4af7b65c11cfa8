// Med-Login as an OpenID Connect provider, on oidc-provider (panva, OpenID Certified): the protocol
// is the library's; this file only configures it. Authorization code + PKCE (S256) only, confidential
// clients from the database, RP-initiated logout, back-channel logout. It owns no screens: the login
// and consent screens are the host's interaction routes (Med-Login's: apps/login/sso/interactions.tsx),
// and the few pages oidc-provider renders itself come in as ProviderPages.
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from 'pino';
import type { Account } from '../../db/schema.ts';
import type { Ports } from '../../ports.ts';
import { activeAccountById } from '../../identity/accounts/account-repository.ts';
import { saveLink } from './sso-session-repository.ts';
import { endSession, resolveSession, sessionKey } from '../../identity/sessions/session-store.ts';
import { endSingleSignOn } from './sso-sessions.ts';
import { OIDC_PATH } from '../logout-url.ts';
import { databaseAdapter } from './adapter.ts';
import { findClient, isRegisteredBackchannelUri, SCOPES } from './clients.ts';
import { activeConsent } from './consents.ts';
import { loadJwks, publishedKeyIds } from './keys.ts';

export const SESSION_COOKIE_NAME = (production: boolean) => (production ? '__Host-gmis_session' : 'gmis_session');

/** The claims each scope releases. */
export const CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'family_name', 'given_name', 'preferred_username'],
  email: ['email', 'email_verified'],
  gmis: ['gmis_category', 'gmis_prefecture'],
} as const;

export function claimsOf(account: Account): Record<string, unknown> {
  return {
    sub: account.id,
    name: account.display_name,
    ...(account.family_name ? { family_name: account.family_name } : {}),
    ...(account.given_name ? { given_name: account.given_name } : {}),
    preferred_username: account.username,
    email: account.email,
    email_verified: true,
    gmis_category: account.category,
    gmis_prefecture: account.prefecture_code,
  };
}

export interface ProviderDeps extends Ports {
  secretKey: string;
  logger: Logger;
}

type RpInitiatedLogout = NonNullable<NonNullable<Configuration['features']>['rpInitiatedLogout']>;

/** The pages oidc-provider renders itself, in the host application's look (Med-Login's are in
 * apps/login/sso/provider-pages.tsx). */
export interface ProviderPages {
  /** A protocol error the browser is shown instead of being redirected (renderError). */
  error: NonNullable<Configuration['renderError']>;
  /** RP-initiated logout's question, around the provider's own form (logoutSource). */
  logout: NonNullable<RpInitiatedLogout['logoutSource']>;
  /** After RP-initiated logout without a post_logout_redirect_uri (postLogoutSuccessSource). */
  signedOut: NonNullable<RpInitiatedLogout['postLogoutSuccessSource']>;
}

export async function createProvider(deps: ProviderDeps, pages: ProviderPages): Promise<{ provider: Provider; keysFingerprint: string }> {
  const { config, db } = deps;
  const jwks = await loadJwks(db, deps.secretKey, deps.clock.now());
  if (!jwks.keys.length) throw new Error('no OIDC signing key: run migrations and start once (ensureSigningKey)');
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: config.production, signed: true, path: '/' };
  const configuration: Configuration = {
    adapter: databaseAdapter(db, deps.secrets),
    clients: [],
    jwks: jwks as Configuration['jwks'],
    cookies: {
      keys: [deps.secrets.digest('cookies', 'oidc-provider')],
      names: { session: 'oidc_session', interaction: 'oidc_interaction', resume: 'oidc_resume' },
      long: cookieOptions,
      short: cookieOptions,
    },
    pkce: { required: () => true },
    // Only what a registered client can use is offered (and advertised in discovery): clients hold
    // a shared secret, which oidc-provider takes in the Authorization header or the form alike.
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    responseTypes: ['code'],
    scopes: SCOPES.split(' '),
    claims: Object.fromEntries(Object.entries(CLAIMS).map(([k, v]) => [k, [...v]])),
    clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' },
    async findAccount(_ctx, sub) {
      const account = await activeAccountById(db, sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => claimsOf(account) as { sub: string } };
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: pages.logout, postLogoutSuccessSource: pages.signedOut },
      backchannelLogout: { enabled: true },
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: true },
      userinfo: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}`, policy: interactionPolicyFor(deps) },
    routes: {
      authorization: `${OIDC_PATH}/auth`,
      token: `${OIDC_PATH}/token`,
      jwks: `${OIDC_PATH}/jwks`,
      userinfo: `${OIDC_PATH}/me`,
      end_session: `${OIDC_PATH}/session/end`,
      revocation: `${OIDC_PATH}/token/revocation`,
      introspection: `${OIDC_PATH}/token/introspection`,
      pushed_authorization_request: `${OIDC_PATH}/request`,
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 1800,
      Session: Math.floor(config.session.absoluteMs / 1000),
      Grant: Math.floor(config.session.absoluteMs / 1000),
    },
    // A platform application needs no consent screen; another client reuses the consent the user
    // gave (kept in oidc_consents, so it outlives sign-outs) until the user revokes it.
    async loadExistingGrant(ctx) {
      const { session, client } = ctx.oidc;
      if (!session?.accountId || !client) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) {
        const grant = await ctx.oidc.provider.Grant.find(grantId);
        if (grant) return grant;
      }
      const registered = await findClient(db, client.clientId);
      const consent = registered?.firstParty ? undefined : await activeConsent(db, session.accountId, client.clientId);
      if (!registered?.firstParty && !consent) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(consent?.scopes ?? SCOPES);
      await grant.save();
      return grant;
    },
    renderError: pages.error,
    // oidc-provider refuses to fetch loopback and private addresses (SSRF protection). Its only
    // requests here are back-channel logouts to URIs the operator registered, which in a
    // deployment are often on a private network: those, and only those, may reach one.
    async fetch(input: string | URL | Request, init?: RequestInit) {
      const url = input instanceof Request ? input.url : String(input);
      if (init && (await isRegisteredBackchannelUri(db, url))) delete (init as { dispatcher?: unknown }).dispatcher;
      return globalThis.fetch(input, init);
    },
  };
  const provider = new Provider(config.publicUrl.login, configuration);
  provider.proxy = config.trustProxy;
  provider.on('server_error', (_ctx, err) => deps.logger.error({ err }, 'oidc-provider server error'));
  // The back-channel logouts oidc-provider sends itself (on end-session confirm), by sid, so that
  // ending single sign-on afterwards does not tell the same application twice.
  const toldBy = (ctx: KoaContextWithOIDC) => ((ctx.state as { backchannelSids?: Set<string> }).backchannelSids ??= new Set());
  provider.on('backchannel.success', (ctx, _client, _accountId, sid) => toldBy(ctx).add(sid));
  provider.on('backchannel.error', (ctx, err, client, _accountId, sid) => {
    toldBy(ctx).add(sid);
    deps.logger.warn({ err, client: client.clientId }, 'back-channel logout failed');
  });

  // Remember which Med-Login session each provider session belongs to, so ending a Med-Login
  // session ends single sign-on everywhere (and the user sees the applications per session).
  provider.use(async (ctx: KoaContextWithOIDC, next) => {
    await next();
    const route = ctx.oidc?.route;
    if ((route === 'authorization' || route === 'resume') && ctx.status >= 300 && ctx.status < 400) {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      const raw = ctx.cookies.get(SESSION_COOKIE_NAME(config.production), { signed: false });
      if (!session?.accountId || !client || !raw) return;
      const sid = session.sidFor(client.clientId);
      if (!sid) return;
      await saveLink(db, {
        loginSessionId: sessionKey(deps, raw),
        clientId: client.clientId,
        accountId: session.accountId,
        providerSessionId: session.jti,
        sid,
        now: deps.clock.now(),
      });
    }
    // Leaving an application through RP-initiated logout leaves Med-Login too.
    if (route === 'end_session_confirm' && ctx.status >= 300 && ctx.status < 400) {
      const cookieName = SESSION_COOKIE_NAME(config.production);
      const raw = ctx.cookies.get(cookieName, { signed: false });
      if (!raw) return;
      await endSession(db, deps, raw, 'logout');
      await endSingleSignOn(db, provider, deps.logger, [sessionKey(deps, raw)], { alreadyTold: toldBy(ctx) });
      ctx.cookies.set(cookieName, null, { signed: false, path: '/', httpOnly: true, sameSite: 'lax', secure: config.production });
    }
  });
  return { provider, keysFingerprint: jwks.fingerprint };
}

/** Why the login prompt asks for Med-Login when the provider's own session is not vouched for. */
export const MED_LOGIN_SESSION_CHECK = 'med_login_session';

/**
 * oidc-provider's default prompts, with one more reason to sign in: the provider's session lasts
 * only as long as the Med-Login session in the same browser, for the same account (so single
 * sign-on ends with Med-Login's idle timeout, its sign-out, and an account that was disabled or
 * removed — for which findAccount finds nothing). prompt=none then answers login_required.
 */
function interactionPolicyFor(deps: ProviderDeps): ReturnType<typeof interactionPolicy.base> {
  const policy = interactionPolicy.base();
  const { Check } = interactionPolicy;
  policy.get('login')!.checks.add(
    new Check(MED_LOGIN_SESSION_CHECK, 'the Med-Login session has ended', 'login_required', async (ctx) => {
      const { session, account } = ctx.oidc;
      if (!session?.accountId) return Check.NO_NEED_TO_PROMPT; // no_session asks already
      if (!account) return Check.REQUEST_PROMPT;
      const medLogin = await resolveSession(deps.db, deps, ctx.cookies.get(SESSION_COOKIE_NAME(deps.config.production), { signed: false }));
      return medLogin?.account.id === session.accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
    0,
  );
  return policy;
}

/** Holds the current provider; rebuilds it when the signing keys change (`gmis keys rotate`). */
export class ProviderHolder {
  private current: { provider: Provider; keysFingerprint: string; callback: ReturnType<Provider['callback']> };
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly deps: ProviderDeps,
    private readonly pages: ProviderPages,
    built: { provider: Provider; keysFingerprint: string },
  ) {
    this.current = { ...built, callback: built.provider.callback() };
  }

  static async create(deps: ProviderDeps, pages: ProviderPages, o: { watchKeysMs?: number } = {}): Promise<ProviderHolder> {
    const holder = new ProviderHolder(deps, pages, await createProvider(deps, pages));
    if (o.watchKeysMs) {
      holder.timer = setInterval(
        () => holder.reloadIfKeysChanged().catch((err: unknown) => deps.logger.error({ err }, 'reloading OIDC keys failed')),
        o.watchKeysMs,
      );
      holder.timer.unref();
    }
    return holder;
  }

  get provider(): Provider {
    return this.current.provider;
  }

  async reloadIfKeysChanged(): Promise<boolean> {
    if ((await publishedKeyIds(this.deps.db, this.deps.clock.now())) === this.current.keysFingerprint) return false;
    const built = await createProvider(this.deps, this.pages);
    this.current = { ...built, callback: built.provider.callback() };
    return true;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The current provider as a Node request listener (Koa inside), for the host to mount (Med-Login
   * mounts it in apps/login/sso/provider-routes.ts). Read per request: a key rotation replaces it. */
  get callback(): ReturnType<Provider['callback']> {
    return this.current.callback;
  }
}
