// Sign-in throttling with increasing delays, kept in the database so every instance sees the same
// counters. Keys are built from what the client sent (the username as typed, the IP, the device
// cookie), never from whether an account exists, so throttling reveals nothing about accounts.
import type { Db } from '../../db/dialect.ts';
import { statement } from '../../db/prepared.ts';
import type { LoginThrottlesTable } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';

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

export interface ThrottleState {
  failures: number;
  blockedUntil: number;
}

export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(policy.baseDelayMs * 2 ** (failures - policy.freeFailures - 1), policy.maxDelayMs);
}

export async function readThrottle(db: Db, clock: Clock, key: string, policy: ThrottlePolicy): Promise<ThrottleState> {
  return (await readThrottles(db, clock, [[key, policy]])).get(key)!;
}

/** Up to three keys (a sign-in reads the IP's, the account's and the device's) in one query. */
const throttleRows = statement((db, p: { a: string; b: string; c: string }) => db.selectFrom('login_throttles').selectAll().where('key', 'in', [p.a, p.b, p.c]));

/** Several keys in one query; keys without a live record read as zero. */
export async function readThrottles(
  db: Db,
  clock: Clock,
  keys: ReadonlyArray<readonly [string, ThrottlePolicy]>,
): Promise<Map<string, ThrottleState>> {
  const names = keys.map(([k]) => k);
  if (names.length === 0 || names.length > 3) throw new Error(`readThrottles reads one to three keys, not ${names.length}`);
  const [a, b = a, c = b] = names as [string, ...string[]];
  const { rows } = await throttleRows(db, { a, b, c });
  const now = clock.now();
  const states = new Map<string, ThrottleState>();
  for (const [key, policy] of keys) {
    const row = rows.find((r) => r.key === key);
    states.set(key, !row || row.last_failure_at + policy.forgetAfterMs <= now ? { failures: 0, blockedUntil: 0 } : { failures: row.failures, blockedUntil: row.blocked_until });
  }
  return states;
}

export async function recordFailure(db: Db, clock: Clock, key: string, policy: ThrottlePolicy): Promise<ThrottleState> {
  const now = clock.now();
  const current = await readThrottle(db, clock, key, policy);
  const failures = current.failures + 1;
  const blockedUntil = now + delayAfter(failures, policy);
  await writeCounter(db, { key, failures, last_failure_at: now, blocked_until: blockedUntil });
  return { failures, blockedUntil };
}

async function writeCounter(db: Db, row: LoginThrottlesTable): Promise<void> {
  const { key, ...values } = row;
  await db
    .insertInto('login_throttles')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttles').where('key', '=', key).execute();
}

/** Counts an event against a fixed budget (e.g. reset mails per hour). Returns false when over. */
export async function takeFromBudget(
  db: Db,
  clock: Clock,
  key: string,
  budget: { max: number; windowMs: number },
): Promise<boolean> {
  const now = clock.now();
  const row = await db.selectFrom('login_throttles').selectAll().where('key', '=', key).executeTakeFirst();
  const fresh = !row || row.blocked_until <= now; // blocked_until doubles as the window's end here
  if (!fresh && row.failures >= budget.max) return false;
  await writeCounter(db, {
    key,
    failures: fresh ? 1 : row.failures + 1,
    last_failure_at: now,
    blocked_until: fresh ? now + budget.windowMs : row.blocked_until,
  });
  return true;
}
