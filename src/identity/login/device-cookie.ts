// OWASP device cookies: a browser that signed in successfully gets a signed cookie naming the
// account and a random nonce. Failed attempts from it are counted against that nonce, not against
// the account, so an attack from elsewhere cannot lock the real user out.
import type { RandomSource, Secrets } from '../../platform/secrets.ts';

export const DEVICE_COOKIE = 'gmis_device';
export const DEVICE_COOKIE_MAX_AGE_S = 180 * 86_400;

export function issueDeviceCookie(deps: { random: RandomSource; secrets: Secrets }, username: string): string {
  const nonce = deps.random.token().slice(0, 22);
  return deps.secrets.sign(`${username}:${nonce}`, 'device');
}

/** The cookie's nonce when it is genuine and was issued to this username; otherwise undefined. */
export function deviceNonceFor(deps: { secrets: Secrets }, cookie: string | undefined, username: string): string | undefined {
  if (!cookie || cookie.length > 200) return undefined;
  const value = deps.secrets.unsign(cookie, 'device');
  if (!value) return undefined;
  const colon = value.lastIndexOf(':');
  return value.slice(0, colon) === username ? value.slice(colon + 1) : undefined;
}
