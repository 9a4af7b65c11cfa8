// The sign-in flow: throttle checks → password verification (always, even for unknown usernames, so
// timing says nothing) → session. Every failure gets the same answer.
import { recordAudit, type RequestOrigin } from '../../audit/audit-log.ts';
import type { Account } from '../../db/schema.ts';
import { findAccountByUsername, normaliseUsername, updateAccount } from '../accounts/account-repository.ts';
import type { IdentityDeps } from '../deps.ts';
import { createSession } from '../sessions/session-store.ts';
import { deviceNonceFor, issueDeviceCookie } from './device-cookie.ts';
import {
  ACCOUNT_POLICY,
  clearThrottle,
  DEVICE_POLICY,
  IP_POLICY,
  readThrottles,
  recordFailure,
  type ThrottlePolicy,
} from './throttle.ts';

/** After this many failures a device cookie stops vouching for its browser. */
export const DEVICE_COOKIE_LOCKOUT = 20;

export type SignInResult =
  | { ok: true; account: Account; sessionToken: string; deviceCookie: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

export interface SignInAttempt {
  username: string;
  password: string;
  deviceCookie: string | undefined;
  origin: RequestOrigin;
}

const dummyHashes = new WeakMap<object, Promise<string>>();

/** A real hash with the same parameters, verified when the username is unknown. */
function dummyHash(deps: IdentityDeps): Promise<string> {
  let h = dummyHashes.get(deps.hasher);
  if (!h) {
    h = deps.hasher.hash(deps.random.token());
    dummyHashes.set(deps.hasher, h);
  }
  return h;
}

export async function signIn(deps: IdentityDeps, attempt: SignInAttempt): Promise<SignInResult> {
  const { db, clock } = deps;
  const username = normaliseUsername(attempt.username).slice(0, 64);
  const now = clock.now();

  const ipKey = `ip:${attempt.origin.ip}`;
  const nonce = deviceNonceFor(deps, attempt.deviceCookie, username);
  const deviceKey = nonce ? `device:${nonce}` : undefined;
  const accountKey = `account:${username}`;

  // One read for every counter that may apply; which of them count depends on the device cookie.
  const states = await readThrottles(db, clock, [
    [ipKey, IP_POLICY],
    [accountKey, ACCOUNT_POLICY],
    ...(deviceKey ? [[deviceKey, DEVICE_POLICY] as const] : []),
  ]);
  const trusted = deviceKey !== undefined && states.get(deviceKey)!.failures < DEVICE_COOKIE_LOCKOUT;
  const keys: Array<[string, ThrottlePolicy]> = [[ipKey, IP_POLICY], trusted ? [deviceKey, DEVICE_POLICY] : [accountKey, ACCOUNT_POLICY]];

  for (const [key] of keys) {
    const state = states.get(key)!;
    if (state.blockedUntil > now) {
      await recordAudit(db, clock, {
        type: 'login.throttled',
        username,
        origin: attempt.origin,
        details: { key: key.split(':')[0], retryAfterMs: state.blockedUntil - now },
      });
      return { ok: false, reason: 'throttled', retryAfterMs: state.blockedUntil - now };
    }
  }

  const account = await findAccountByUsername(db, username);
  const passwordOk = await deps.hasher.verify(account?.password_hash ?? (await dummyHash(deps)), attempt.password);
  const lockedOut = !trusted && account?.untrusted_locked_at != null;

  if (!account || !passwordOk || account.state !== 'active' || lockedOut) {
    const reason = !account
      ? 'unknown_username'
      : !passwordOk
        ? 'wrong_password'
        : account.state !== 'active'
          ? `state_${account.state}`
          : 'locked_untrusted_browser';
    await db.transaction().execute(async (trx) => {
      for (const [key, policy] of keys) {
        const state = await recordFailure(trx, clock, key, policy);
        if (key === accountKey && account && !account.untrusted_locked_at && state.failures >= deps.config.lockoutThreshold) {
          await updateAccount(trx, account.id, { untrusted_locked_at: now, updated_at: now });
          await recordAudit(trx, clock, {
            type: 'login.locked',
            accountId: account.id,
            username,
            origin: attempt.origin,
            details: { failures: state.failures },
          });
        }
      }
      await recordAudit(trx, clock, {
        type: 'login.failed',
        accountId: account?.id ?? null,
        username,
        origin: attempt.origin,
        details: { reason, trustedBrowser: trusted },
      });
    });
    return { ok: false, reason: 'invalid' };
  }

  const sessionToken = await db.transaction().execute(async (trx) => {
    // Success clears the counter of the path it came by; a trusted browser's success does not wipe
    // the failures an attacker ran up elsewhere against the account.
    const [pathKey] = keys[1]!;
    if (states.get(pathKey)!.failures > 0) await clearThrottle(trx, pathKey);
    const token = await createSession(trx, deps, account.id, attempt.origin);
    await recordAudit(trx, clock, {
      type: 'login.succeeded',
      accountId: account.id,
      username,
      origin: attempt.origin,
      details: { trustedBrowser: trusted },
    });
    return token;
  });
  return { ok: true, account, sessionToken, deviceCookie: issueDeviceCookie(deps, username) };
}
