// Browsers signed in to G-MIS for tests, the way a user is: Med-Login's ログイン with a password,
// then G-MIS's sign-in by OpenID Connect (authorization code + PKCE) — a real G-MIS session. The
// round trip is made once per account and platform; later browsers for the account share its cookies
// (and so its session). Tests about signing out, or that must not share a session, ask for a fresh one.
import { findAccountById, updateAccount } from '../identity/accounts/account-repository.ts';
import { Browser } from './http-client.ts';
import type { TestPlatform } from './platform.ts';

/** The password given to an account that has none when a test signs it in. */
export const TEST_SIGN_IN_PASSWORD = 'Kawa-Yama-Sign-In-2026';

const signedIn = new WeakMap<TestPlatform, Map<string, Promise<Map<string, string>>>>();

/**
 * A browser of the G-MIS origin signed in as `accountId` through Med-Login. An account without a
 * password (or with a placeholder that is no hash) is given TEST_SIGN_IN_PASSWORD first; one with a
 * password must be given it.
 */
export async function gmisBrowserAs(platform: TestPlatform, accountId: string, options: { fresh?: boolean; password?: string } = {}): Promise<Browser> {
  let cache = signedIn.get(platform);
  if (!cache) signedIn.set(platform, (cache = new Map()));
  let cookies = options.fresh ? undefined : cache.get(accountId);
  if (!cookies) {
    cookies = signInThroughMedLogin(platform, accountId, options.password);
    if (!options.fresh) cache.set(accountId, cookies);
    cookies.catch(() => cache.delete(accountId));
  }
  const browser = new Browser(platform.url.gmis);
  for (const [name, value] of await cookies) browser.cookies.set(name, value);
  return browser;
}

async function signInThroughMedLogin(platform: TestPlatform, accountId: string, given: string | undefined): Promise<Map<string, string>> {
  const deps = platform.rt.deps;
  const account = await findAccountById(deps.db, accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  let password = given;
  if (password === undefined) {
    if (account.password_hash?.startsWith('$')) throw new Error(`account ${account.username} has a password: pass it to gmisBrowserAs`);
    password = TEST_SIGN_IN_PASSWORD;
    const now = deps.clock.now();
    await updateAccount(deps.db, accountId, { password_hash: await deps.hasher.hash(password), password_changed_at: now, updated_at: now });
  }
  const browser = new Browser(platform.url.login);
  const login = await browser.submit('/login', '/login', { username: account.username, password });
  if (login.status !== 303) throw new Error(`Med-Login refused ${account.username} (${login.status})`);
  const landed = await browser.follow(`${platform.url.gmis}/login`);
  if (!landed.url.startsWith(`${platform.url.gmis}/`) || landed.status !== 200) {
    throw new Error(`G-MIS sign-in of ${account.username} ended at ${landed.url} (${landed.status})`);
  }
  return new Map(browser.cookies);
}
