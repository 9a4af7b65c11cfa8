// 関係者ログイン with ユーザーID + パスワード: 医療情報ネット's staff password as a second method of the
// one sign-in flow (src/identity/login/sign-in.ts) — the same counters, delays, lock for unknown
// browsers and device cookie as Med-Login's, on navi_accounts and navi_sessions.
import type { RequestOrigin } from '../audit/audit-log.ts';
import type { NaviAccount } from '../db/schema.ts';
import { liftUntrustedLock, setUntrustedLock } from '../identity/login/lock-repository.ts';
import { accountThrottleKey, deviceCookieFor, signInWithPassword, unlockWith, type PasswordSignInResult } from '../identity/login/sign-in.ts';
import type { PasswordStrategy } from '../identity/login/strategy.ts';
import { findNaviAccountByUserId, localPasswordHash, NAVI_USER_ID_MAX_LENGTH, normaliseNaviUserId } from './accounts.ts';
import type { NaviDeps } from './deps.ts';
import { openNaviSession } from './sessions.ts';

export const NAVI_DEVICE_COOKIE = 'navi_device';

export const naviStaffPassword: PasswordStrategy<NaviAccount> = {
  normalise: (typed) => normaliseNaviUserId(typed).slice(0, NAVI_USER_ID_MAX_LENGTH),
  // The ユーザーID part of a key is what was typed (normalised), never whether it exists.
  keyPrefix: { ip: 'navi-ip:', account: 'navi-user:', device: 'navi-device:' },
  // Device cookies are signed with the same key as Med-Login's; the prefix keeps the two apart.
  deviceSubject: (userId) => `navi:${userId}`,
  find: findNaviAccountByUserId,
  account: (a) => ({
    id: a.id,
    identifier: a.user_id,
    // None for an account that signs in through Med-Login, whatever its row holds.
    passwordHash: localPasswordHash(a),
    untrustedLockedAt: a.untrusted_locked_at,
    refusal: a.state === 'active' ? undefined : `state_${a.state}`,
  }),
  lock: (db, a, now) => setUntrustedLock(db, 'navi_accounts', a.id, now),
  unlock: (db, a, now) => liftUntrustedLock(db, 'navi_accounts', a.id, now),
  openSession: (db, deps, a, origin) => openNaviSession(db, deps, { naviAccountId: a.id, method: 'local', ...origin }),
  audit: { failed: 'navi.login.failed', throttled: 'navi.login.throttled', locked: 'navi.login.locked', unlocked: 'navi.account.unlocked' },
  unknownReason: 'unknown_user_id',
};

export type NaviSignInResult = PasswordSignInResult<NaviAccount>;

export interface NaviSignInAttempt {
  userId: string;
  password: string;
  deviceCookie: string | undefined;
  origin: RequestOrigin;
}

export const signInToNavi = (deps: NaviDeps, attempt: NaviSignInAttempt): Promise<NaviSignInResult> =>
  signInWithPassword(naviStaffPassword, deps, {
    identifier: attempt.userId,
    password: attempt.password,
    deviceCookie: attempt.deviceCookie,
    origin: attempt.origin,
  });

/** The counter a staff account's failures from unknown browsers count on. */
export const naviAccountThrottleKey = (userId: string) => accountThrottleKey(naviStaffPassword, userId);

/** A fresh device cookie for a staff account (after a reset or the forced change, as after a sign-in). */
export const naviDeviceCookieFor = (deps: NaviDeps, account: NaviAccount) => deviceCookieFor(deps, naviStaffPassword, account.user_id);

/** Lifts the lock for unknown browsers (`gmis navi-account unlock`). */
export const unlockNaviAccount = (deps: NaviDeps, userId: string, unlockedBy: string) => unlockWith(naviStaffPassword, deps, userId, unlockedBy);
