// Sign-in throttling with increasing delays, kept in the database so every instance sees the same
// counters. Keys are built from what the client sent (the username as typed, the IP, the device
// cookie), never from whether an account exists, so throttling reveals nothing about accounts.
//
// Every change is one statement that decides and writes at once, so concurrent requests (under
// PostgreSQL's READ COMMITTED, or several processes) never lose a count:
// - before a password is checked, reserveAttempt() lets the guess through only while its keys are
//   not blocked and fewer guesses are being checked than the failures the policy still allows free
//   (at least one): 150 guesses sent at once are not all checked before the first failure counts;
// - after the check, settleAttempt() releases the reservation and counts the failure (its delay
//   worked out in SQL from the new count) or, after a success, resets the key.
// The statements (portable SQL, no dialect differences) are in throttle-repository.ts; the policies
// and the arguments they give the statements are here.
import type { Db } from '../../db/dialect.ts';
import type { Clock } from '../../platform/clock.ts';
import {
  type Args,
  budgetStatement,
  deleteThrottlesUntouchedSince,
  failureStatement,
  findThrottle,
  OUTCOME_CODE,
  reserveStatements,
  settleStatements,
} from './throttle-repository.ts';

export { RESERVATION_LEASE_MS } from './throttle-repository.ts';

export interface ThrottlePolicy {
  /** Failures allowed before delays start. */
  freeFailures: number;
  /** First delay, doubled with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, forgetAfterMs: 24 * 3_600_000 };
/** Generous: a hospital's staff often share one address behind NAT. */
export const IP_POLICY: ThrottlePolicy = { freeFailures: 30, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, forgetAfterMs: 3_600_000 };
/** A trusted browser's own allowance (OWASP device cookies). */
export const DEVICE_POLICY: ThrottlePolicy = { freeFailures: 10, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, forgetAfterMs: 24 * 3_600_000 };

/** Longer than any policy's memory or budget window: rows untouched for this long hold nothing. */
export const THROTTLE_ROW_KEPT_MS = 48 * 3_600_000;

export interface ThrottleState {
  failures: number;
  blockedUntil: number;
}

export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(policy.baseDelayMs * 2 ** (failures - policy.freeFailures - 1), policy.maxDelayMs);
}

// ── Reserving a guess ───────────────────────────────────────────────────────────────────────────

export interface Counter {
  key: string;
  policy: ThrottlePolicy;
}

export interface Reservation extends ThrottleState {
  key: string;
  /** False: the key is blocked, or as many guesses as it allows are being checked already. */
  admitted: boolean;
}

/**
 * Reserves a guess on every key at once (one statement), in the order given. A key that refuses
 * takes no reservation; the caller releases the ones that were taken (settleAttempt) whether or not
 * it goes on to check the password.
 */
export async function reserveAttempt(db: Db, clock: Clock, counters: readonly Counter[]): Promise<Reservation[]> {
  const run = reserveStatements[counters.length - 1];
  if (!run) throw new Error(`reserveAttempt takes one to three keys, not ${counters.length}`);
  const now = clock.now();
  const args: Args = { now };
  counters.forEach((c, i) => Object.assign(args, { [`k${i}`]: c.key, [`free${i}`]: c.policy.freeFailures, [`forget${i}`]: c.policy.forgetAfterMs }));
  const { rows } = await run(db, args);
  return counters.map(({ key, policy }) => {
    const row = rows.find((r) => r.key === key)!;
    const live = Number(row.last_failure_at) + policy.forgetAfterMs > now;
    return { key, admitted: Number(row.refused) === 0, failures: live ? Number(row.failures) : 0, blockedUntil: live ? Number(row.blocked_until) : 0 };
  });
}

// ── Settling it ─────────────────────────────────────────────────────────────────────────────────

export interface Settlement extends Counter {
  /** This attempt holds a reservation on the key, to be released. */
  held: boolean;
  /** A failure counts against the key; a success resets it; 'none' only releases. */
  outcome: 'failure' | 'success' | 'none';
}

/**
 * After the check (or the refusal), in one statement: releases the reservations taken, counts a
 * failure (with its delay) or resets the key after a success. Returns each key's failures after.
 * A key whose row was deleted meanwhile (an unlock or a reset cleared it) is left deleted.
 */
export async function settleAttempt(db: Db, clock: Clock, settlements: readonly Settlement[]): Promise<Map<string, number>> {
  const run = settleStatements[settlements.length - 1];
  if (!run) throw new Error(`settleAttempt takes one to three keys, not ${settlements.length}`);
  const args: Args = { now: clock.now() };
  settlements.forEach((s, i) =>
    Object.assign(args, {
      [`k${i}`]: s.key,
      [`held${i}`]: s.held ? 1 : 0,
      [`outcome${i}`]: OUTCOME_CODE[s.outcome],
      [`free${i}`]: s.policy.freeFailures,
      [`base${i}`]: s.policy.baseDelayMs,
      [`max${i}`]: s.policy.maxDelayMs,
      [`forget${i}`]: s.policy.forgetAfterMs,
    }),
  );
  const { rows } = await run(db, args);
  return new Map(rows.map((r) => [r.key, Number(r.failures)]));
}

// ── Single keys ─────────────────────────────────────────────────────────────────────────────────

/** Counts one failure against a key without a reservation (e.g. a wrong current password). */
export async function recordFailure(db: Db, clock: Clock, key: string, policy: ThrottlePolicy): Promise<ThrottleState> {
  const now = clock.now();
  const { rows } = await failureStatement(db, {
    key,
    now,
    firstBlockedUntil: now + delayAfter(1, policy),
    free: policy.freeFailures,
    base: policy.baseDelayMs,
    max: policy.maxDelayMs,
    forget: policy.forgetAfterMs,
  });
  const row = rows[0]!;
  return { failures: Number(row.failures), blockedUntil: Number(row.blocked_until) };
}

export async function readThrottle(db: Db, clock: Clock, key: string, policy: ThrottlePolicy): Promise<ThrottleState> {
  const row = await findThrottle(db, key);
  if (!row || row.last_failure_at + policy.forgetAfterMs <= clock.now()) return { failures: 0, blockedUntil: 0 };
  return { failures: row.failures, blockedUntil: row.blocked_until };
}

export { deleteThrottle as clearThrottle } from './throttle-repository.ts';

/**
 * Counts an event against a fixed budget (e.g. reset mails per hour) in one conditional statement:
 * a row comes back only when the event fitted. Returns false when over.
 */
export async function takeFromBudget(db: Db, clock: Clock, key: string, budget: { max: number; windowMs: number }): Promise<boolean> {
  const now = clock.now();
  const { rows } = await budgetStatement(db, { key, now, windowEnd: now + budget.windowMs, max: budget.max });
  return rows.length === 1;
}

/**
 * Deletes rows nothing has touched for THROTTLE_ROW_KEPT_MS, at most `batch` per call (the worker's
 * housekeeping calls it until fewer go).
 */
export async function pruneThrottles(db: Db, clock: Clock, batch = 1_000): Promise<number> {
  return deleteThrottlesUntouchedSince(db, clock.now() - THROTTLE_ROW_KEPT_MS, batch);
}
