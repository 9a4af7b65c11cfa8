// 関係者ログイン with ユーザーID + パスワード. The same defences as Med-Login's sign-in: counters per IP
// and per ユーザーID (or, for a browser that signed in before, per device cookie) with growing delays;
// the password is always verified, against a dummy hash when the ID is unknown, so neither the
// answer nor its timing says whether an ID exists.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { NaviAccount } from '../db/schema.ts';
import type { PasswordHasher } from '../identity/password/hasher.ts';
import { deviceNonceFor, issueDeviceCookie } from '../identity/login/device-cookie.ts';
import { DEVICE_COOKIE_LOCKOUT } from '../identity/login/sign-in.ts';
import { ACCOUNT_POLICY, clearThrottle, DEVICE_POLICY, IP_POLICY, readThrottles, recordFailure, type ThrottlePolicy } from '../identity/login/throttle.ts';
import type { RandomSource } from '../platform/secrets.ts';
import { findNaviAccountByUserId, NAVI_USER_ID_MAX_LENGTH, normaliseNaviUserId } from './accounts.ts';
import type { NaviDeps } from './deps.ts';
import { openNaviSession } from './sessions.ts';

export const NAVI_DEVICE_COOKIE = 'navi_device';

export type NaviSignInResult =
  | { ok: true; account: NaviAccount; sessionToken: string; deviceCookie: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

export interface NaviSignInAttempt {
  userId: string;
  password: string;
  deviceCookie: string | undefined;
  origin: RequestOrigin;
}

/** Throttle keys; the ユーザーID part is what was typed (normalised), never whether it exists. */
export const naviAccountThrottleKey = (userId: string) => `navi-user:${userId}`;

/** Device cookies are shared code with Med-Login; the `navi:` prefix keeps the two apart. */
const deviceSubject = (userId: string) => `navi:${userId}`;

const dummies = new WeakMap<PasswordHasher, Promise<string>>();
/** A real hash with the production parameters, verified when the ユーザーID is unknown. */
export function dummyPasswordHash(deps: { hasher: PasswordHasher; random: RandomSource }): Promise<string> {
  const existing = dummies.get(deps.hasher);
  if (existing) return existing;
  const created = deps.hasher.hash(deps.random.token());
  dummies.set(deps.hasher, created);
  return created;
}

export async function signInToNavi(deps: NaviDeps, attempt: NaviSignInAttempt): Promise<NaviSignInResult> {
  const { db, clock } = deps;
  const userId = normaliseNaviUserId(attempt.userId).slice(0, NAVI_USER_ID_MAX_LENGTH);
  const now = clock.now();
  const nonce = deviceNonceFor(deps, attempt.deviceCookie, deviceSubject(userId));
  const ipKey = `navi-ip:${attempt.origin.ip}`;
  const accountKey = naviAccountThrottleKey(userId);
  const deviceKey = nonce ? `navi-device:${nonce}` : undefined;

  const states = await readThrottles(db, clock, [
    [ipKey, IP_POLICY],
    [accountKey, ACCOUNT_POLICY],
    ...(deviceKey ? [[deviceKey, DEVICE_POLICY] as const] : []),
  ]);
  // A browser that signed in to this ID before counts its failures on its own, so an attack from
  // elsewhere cannot lock the real user out.
  const trusted = deviceKey !== undefined && states.get(deviceKey)!.failures < DEVICE_COOKIE_LOCKOUT;
  const counted: Array<[string, ThrottlePolicy]> = [[ipKey, IP_POLICY], trusted ? [deviceKey, DEVICE_POLICY] : [accountKey, ACCOUNT_POLICY]];

  const blocked = counted.map(([key]) => ({ key, until: states.get(key)!.blockedUntil })).find((b) => b.until > now);
  if (blocked) {
    await recordAudit(db, clock, {
      type: 'navi.login.throttled',
      username: userId,
      origin: attempt.origin,
      details: { key: blocked.key.split(':')[0], retryAfterMs: blocked.until - now },
    });
    return { ok: false, reason: 'throttled', retryAfterMs: blocked.until - now };
  }

  const account = await findNaviAccountByUserId(db, userId);
  const passwordOk = await deps.hasher.verify(account?.password_hash ?? (await dummyPasswordHash(deps)), attempt.password);

  if (!account || !account.password_hash || !passwordOk || account.state !== 'active') {
    const reason = !account ? 'unknown_user_id' : !account.password_hash ? 'no_local_password' : !passwordOk ? 'wrong_password' : `state_${account.state}`;
    await db.transaction().execute(async (trx) => {
      for (const [key, policy] of counted) await recordFailure(trx, clock, key, policy);
      await recordAudit(trx, clock, {
        type: 'navi.login.failed',
        accountId: account?.id ?? null,
        username: userId,
        origin: attempt.origin,
        details: { reason, trustedBrowser: trusted },
      });
    });
    return { ok: false, reason: 'invalid' };
  }

  const sessionToken = await db.transaction().execute(async (trx) => {
    const [pathKey] = counted[1]!;
    if (states.get(pathKey)!.failures > 0) await clearThrottle(trx, pathKey);
    return openNaviSession(trx, deps, { naviAccountId: account.id, method: 'local', ...attempt.origin });
  });
  return { ok: true, account, sessionToken, deviceCookie: issueDeviceCookie(deps, deviceSubject(userId)) };
}
