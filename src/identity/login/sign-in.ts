// The one password sign-in flow, for every password method (strategy.ts): reserve the guess on its
// counters → verify the password (always, against a dummy hash when the identifier is unknown, so
// timing says nothing) → count the failure, or reset the counter and open a session. Every failure
// gets the same answer. The method (Med-Login's accounts, 医療情報ネット's staff accounts) supplies
// the look-up, the key prefixes, the lock and the session.
import { recordAudit, recordRepeatedAudit, type RequestOrigin } from '../../audit/audit-log.ts';
import type { Account } from '../../db/schema.ts';
import type { Ports } from '../../ports.ts';
import { accountPassword } from './account-password.ts';
import { deviceNonceFor, issueDeviceCookie } from './device-cookie.ts';
import type { PasswordStrategy } from './strategy.ts';
import { ACCOUNT_POLICY, clearThrottle, DEVICE_POLICY, IP_POLICY, reserveAttempt, settleAttempt, type Counter, type Settlement } from './throttle.ts';

/** After this many failures a device cookie stops vouching for its browser. */
export const DEVICE_COOKIE_LOCKOUT = 20;

/** Retry-After for a guess refused because others for the same key are being checked right now. */
export const BUSY_RETRY_MS = 1_000;

export type PasswordSignInResult<A> =
  | { ok: true; account: A; sessionToken: string; deviceCookie: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

export interface PasswordAttempt {
  /** The username or ユーザーID as typed. */
  identifier: string;
  password: string;
  deviceCookie: string | undefined;
  origin: RequestOrigin;
}

const dummyHashes = new WeakMap<object, Promise<string>>();

/** A real hash with the same parameters, verified when the identifier is unknown. */
function dummyHash(deps: Ports): Promise<string> {
  let h = dummyHashes.get(deps.hasher);
  if (!h) {
    h = deps.hasher.hash(deps.random.token());
    dummyHashes.set(deps.hasher, h);
  }
  return h;
}

/** The key failures of an account's sign-ins count against (unknown browsers only). */
export const accountThrottleKey = <A>(strategy: PasswordStrategy<A>, identifier: string) => `${strategy.keyPrefix.account}${identifier}`;

/** A fresh device cookie for `identifier`: after a sign-in, and after a first or reset password. */
export const deviceCookieFor = <A>(deps: Ports, strategy: PasswordStrategy<A>, identifier: string) =>
  issueDeviceCookie(deps, strategy.deviceSubject(identifier));

export async function signInWithPassword<A>(strategy: PasswordStrategy<A>, deps: Ports, attempt: PasswordAttempt): Promise<PasswordSignInResult<A>> {
  const { db, clock } = deps;
  const identifier = strategy.normalise(attempt.identifier);
  const nonce = deviceNonceFor(deps, attempt.deviceCookie, strategy.deviceSubject(identifier));
  const counters: Counter[] = [
    { key: `${strategy.keyPrefix.ip}${attempt.origin.ip}`, policy: IP_POLICY },
    { key: accountThrottleKey(strategy, identifier), policy: ACCOUNT_POLICY },
    ...(nonce ? [{ key: `${strategy.keyPrefix.device}${nonce}`, policy: DEVICE_POLICY }] : []),
  ];

  // One statement reserves the guess on every key that may apply; which of them count depends on
  // the device cookie: a browser that signed in before counts on its own, not on the account, so
  // an attack from elsewhere cannot lock the real user out.
  const reserved = await reserveAttempt(db, clock, counters);
  const device = reserved[2];
  const trusted = device !== undefined && device.failures < DEVICE_COOKIE_LOCKOUT;
  const path = trusted ? 2 : 1;
  const settlements = (outcome: (i: number) => Settlement['outcome']): Settlement[] =>
    counters.map((c, i) => ({ ...c, held: reserved[i]!.admitted, outcome: outcome(i) }));
  const release = () =>
    reserved.some((r) => r.admitted)
      ? settleAttempt(
          db,
          clock,
          settlements(() => 'none'),
        )
      : undefined;

  const refusedBy = [reserved[0]!, reserved[path]!].find((r) => !r.admitted);
  if (refusedBy) {
    const now = clock.now();
    const blocked = refusedBy.blockedUntil > now;
    const retryAfterMs = blocked ? refusedBy.blockedUntil - now : BUSY_RETRY_MS;
    await release();
    // One audit row per key and blocked window (or minute of guesses refused as too many at once).
    const window = blocked ? `${refusedBy.key}@${refusedBy.blockedUntil}` : `${refusedBy.key}@busy:${Math.floor(now / 60_000)}`;
    await recordRepeatedAudit(db, clock, window, {
      type: strategy.audit.throttled,
      username: identifier,
      origin: attempt.origin,
      details: { key: refusedBy.key.slice(0, refusedBy.key.indexOf(':')), retryAfterMs, ...(blocked ? {} : { busy: true }) },
    });
    return { ok: false, reason: 'throttled', retryAfterMs };
  }

  let settled = false;
  try {
    const found = await strategy.find(db, identifier);
    const account = found && strategy.account(found);
    const passwordOk = await deps.hasher.verify(account?.passwordHash ?? (await dummyHash(deps)), attempt.password);
    const reason = !account
      ? strategy.unknownReason
      : !account.passwordHash
        ? 'no_local_password'
        : !passwordOk
          ? 'wrong_password'
          : (account.refusal ?? (!trusted && account.untrustedLockedAt !== null ? 'locked_untrusted_browser' : undefined));

    if (reason !== undefined || !found) {
      await db.transaction().execute(async (trx) => {
        const failures = await settleAttempt(
          trx,
          clock,
          settlements((i) => (i === 0 || i === path ? 'failure' : 'none')),
        );
        const accountFailures = failures.get(counters[1]!.key) ?? 0;
        if (found && !trusted && accountFailures >= deps.config.lockoutThreshold && (await strategy.lock(trx, found, clock.now()))) {
          await recordAudit(trx, clock, {
            type: strategy.audit.locked,
            accountId: account!.id,
            username: identifier,
            origin: attempt.origin,
            details: { failures: accountFailures },
          });
        }
        await recordAudit(trx, clock, {
          type: strategy.audit.failed,
          accountId: account?.id ?? null,
          username: identifier,
          origin: attempt.origin,
          details: { reason, trustedBrowser: trusted },
        });
      });
      settled = true;
      return { ok: false, reason: 'invalid' };
    }

    // Success resets the counter of the path it came by; a trusted browser's success does not wipe
    // the failures an attacker ran up elsewhere against the account.
    const sessionToken = await db.transaction().execute(async (trx) => {
      await settleAttempt(
        trx,
        clock,
        settlements((i) => (i === path ? 'success' : 'none')),
      );
      return strategy.openSession(trx, deps, found, attempt.origin, { trustedBrowser: trusted });
    });
    settled = true;
    return { ok: true, account: found, sessionToken, deviceCookie: deviceCookieFor(deps, strategy, identifier) };
  } finally {
    // A failed look-up, hash or transaction must not keep the reservation until its lease ends.
    if (!settled) await release()?.catch(() => {});
  }
}

/** Lifts the lock for unknown browsers (the office, after checking with the user) and the account's counter. */
/** Lifts the lock for unknown browsers; `origin` is the browser of the one who lifts it (none from the CLI). */
export async function unlockWith<A>(
  strategy: PasswordStrategy<A>,
  deps: Ports,
  typed: string,
  unlockedBy: string,
  origin?: RequestOrigin,
): Promise<'unlocked' | 'not_locked' | 'unknown'> {
  const found = await strategy.find(deps.db, strategy.normalise(typed));
  if (!found) return 'unknown';
  const account = strategy.account(found);
  if (account.untrustedLockedAt === null) return 'not_locked';
  await deps.db.transaction().execute(async (trx) => {
    await strategy.unlock(trx, found, deps.clock.now());
    await clearThrottle(trx, accountThrottleKey(strategy, account.identifier));
    await recordAudit(trx, deps.clock, { type: strategy.audit.unlocked, accountId: account.id, username: account.identifier, origin, details: { unlockedBy } });
  });
  return 'unlocked';
}

export type SignInResult = PasswordSignInResult<Account>;

export interface SignInAttempt {
  username: string;
  password: string;
  deviceCookie: string | undefined;
  origin: RequestOrigin;
}

/** Med-Login's sign-in. */
export const signIn = (deps: Ports, attempt: SignInAttempt): Promise<SignInResult> =>
  signInWithPassword(accountPassword, deps, {
    identifier: attempt.username,
    password: attempt.password,
    deviceCookie: attempt.deviceCookie,
    origin: attempt.origin,
  });
