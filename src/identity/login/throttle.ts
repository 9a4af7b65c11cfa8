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
// The statements are portable SQL (casts, CASE, UPDATE … FROM, RETURNING): no dialect differences.
import { sql, type Compilable, type RawBuilder } from 'kysely';
import type { Db } from '../../db/dialect.ts';
import { statement } from '../../db/prepared.ts';
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

/** A reservation not released by then (its process died mid-check) no longer counts. */
export const RESERVATION_LEASE_MS = 60_000;

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

// ── SQL pieces ──────────────────────────────────────────────────────────────────────────────────

type Expr = RawBuilder<unknown>;
type Args = Record<string, unknown>;

const col = (name: string): Expr => sql.ref(`login_throttles.${name}`);
/** Parameters are cast, so PostgreSQL knows their type wherever they stand. */
const int = (v: unknown): Expr => sql`cast(${v} as bigint)`;
const raw = <R>(db: Db, query: RawBuilder<R>): Compilable<R> => ({ compile: () => query.compile(db) });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The row's failures, or 0 when the last one is older than `forgetAfter`. */
const liveFailures = (forgetAfter: Expr, now: Expr): Expr =>
  sql`(case when ${col('last_failure_at')} + ${forgetAfter} <= ${now} then 0 else ${col('failures')} end)`;

/** The row's reservations, or 0 when the last was taken longer than a lease ago. */
const liveInFlight = (now: Expr): Expr =>
  sql`(case when ${col('reserved_at')} + ${sql.lit(RESERVATION_LEASE_MS)} <= ${now} then 0 else ${col('in_flight')} end)`;

/** delayAfter() in SQL: 0 up to `free` failures, then base · 2^(n − free − 1), at most `max`. */
function delayAfterSql(n: Expr, p: { free: Expr; base: Expr; max: Expr }): Expr {
  const excess = sql`(${n} - ${p.free} - 1)`;
  const doubled = sql`(${p.base} * (cast(1 as bigint) << cast(case when ${excess} < 0 then 0 when ${excess} > 30 then 30 else ${excess} end as integer)))`;
  return sql`(case when ${n} <= ${p.free} then 0 when ${doubled} >= ${p.max} then ${p.max} else ${doubled} end)`;
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

/** `case key when $k0 then $<field>0 … end`: a per-key value in a statement over several keys. */
const perKey = (p: Args, n: number, field: string): Expr =>
  sql`(case ${col('key')} ${sql.join(
    range(n).map((i) => sql`when ${p[`k${i}`]} then ${int(p[`${field}${i}`])}`),
    sql` `,
  )} end)`;

interface ReservedRow {
  key: string;
  failures: number;
  last_failure_at: number;
  blocked_until: number;
  refused: number;
}

/** One statement per number of keys (one to three): creates missing rows, admits or refuses each. */
const reserveStatements = [1, 2, 3].map((n) =>
  statement((db, p: Args) => {
    const now = int(p.now);
    const inFlight = liveInFlight(now);
    const admit = sql`(${col('blocked_until')} <= ${now} and (${inFlight} = 0 or ${inFlight} + ${liveFailures(perKey(p, n, 'forget'), now)} <= ${perKey(p, n, 'free')}))`;
    return raw(
      db,
      sql<ReservedRow>`insert into login_throttles (key, failures, last_failure_at, blocked_until, in_flight, reserved_at, refused)
        values ${sql.join(range(n).map((i) => sql`(${p[`k${i}`]}, 0, 0, 0, 1, ${now}, 0)`))}
        on conflict (key) do update set
          in_flight = case when ${admit} then ${inFlight} + 1 else ${col('in_flight')} end,
          reserved_at = case when ${admit} then ${now} else ${col('reserved_at')} end,
          refused = case when ${admit} then 0 else ${col('refused')} + 1 end
        returning key, failures, last_failure_at, blocked_until, refused`,
    );
  }),
);

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

const OUTCOME_CODE = { none: 0, failure: 1, success: 2 } as const;
const SETTLEMENT_FIELDS = ['key', 'held', 'outcome', 'free', 'base', 'max', 'forget'] as const;

/** One statement per number of keys: the per-key values come in as a VALUES table joined by key. */
const settleStatements = [1, 2, 3].map((n) =>
  statement((db, p: Args) => {
    const now = int(p.now);
    const s = (field: (typeof SETTLEMENT_FIELDS)[number]): Expr => sql.ref(`s.${field}`);
    const rows = range(n).map(
      (i) => sql`(cast(${p[`k${i}`]} as text), ${sql.join(SETTLEMENT_FIELDS.slice(1).map((f) => int(p[`${f}${i}`])))})`,
    );
    const names = SETTLEMENT_FIELDS.map((f, i) => sql`${sql.ref(`column${i + 1}`)} as ${sql.ref(f)}`);
    const failures = sql`(${liveFailures(s('forget'), now)} + 1)`;
    return raw(
      db,
      sql<{ key: string; failures: number }>`update login_throttles set
          in_flight = case when ${s('held')} = 1 and ${col('in_flight')} > 0 then ${col('in_flight')} - 1 else ${col('in_flight')} end,
          failures = case ${s('outcome')} when 1 then ${failures} when 2 then 0 else ${col('failures')} end,
          last_failure_at = case ${s('outcome')} when 1 then ${now} else ${col('last_failure_at')} end,
          blocked_until = case ${s('outcome')}
            when 1 then ${now} + ${delayAfterSql(failures, { free: s('free'), base: s('base'), max: s('max') })}
            when 2 then 0 else ${col('blocked_until')} end
        from (select ${sql.join(names)} from (values ${sql.join(rows)}) as v) as s
        where ${col('key')} = ${s('key')}
        returning ${col('key')} as key, ${col('failures')} as failures`,
    );
  }),
);

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

const failureStatement = statement((db, p: Args) => {
  const now = int(p.now);
  const failures = sql`(${liveFailures(int(p.forget), now)} + 1)`;
  return raw(
    db,
    sql<{ failures: number; blocked_until: number }>`insert into login_throttles (key, failures, last_failure_at, blocked_until)
      values (${p.key}, 1, ${now}, ${int(p.firstBlockedUntil)})
      on conflict (key) do update set
        failures = ${failures},
        last_failure_at = ${now},
        blocked_until = ${now} + ${delayAfterSql(failures, { free: int(p.free), base: int(p.base), max: int(p.max) })}
      returning failures, blocked_until`,
  );
});

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
  const row = await db.selectFrom('login_throttles').select(['failures', 'last_failure_at', 'blocked_until']).where('key', '=', key).executeTakeFirst();
  if (!row || row.last_failure_at + policy.forgetAfterMs <= clock.now()) return { failures: 0, blockedUntil: 0 };
  return { failures: row.failures, blockedUntil: row.blocked_until };
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttles').where('key', '=', key).execute();
}

// failures counts the window's events here, blocked_until is the window's end.
const budgetStatement = statement((db, p: Args) => {
  const now = int(p.now);
  const fresh = sql`${col('blocked_until')} <= ${now}`;
  return raw(
    db,
    sql<{ failures: number }>`insert into login_throttles (key, failures, last_failure_at, blocked_until)
      values (${p.key}, 1, ${now}, ${int(p.windowEnd)})
      on conflict (key) do update set
        failures = case when ${fresh} then 1 else ${col('failures')} + 1 end,
        last_failure_at = ${now},
        blocked_until = case when ${fresh} then ${int(p.windowEnd)} else ${col('blocked_until')} end
      where ${fresh} or ${col('failures')} < ${int(p.max)}
      returning failures`,
  );
});

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
  const before = clock.now() - THROTTLE_ROW_KEPT_MS;
  const result = await db
    .deleteFrom('login_throttles')
    .where('key', 'in', (eb) =>
      eb
        .selectFrom('login_throttles')
        .select('key')
        .where('last_failure_at', '<', before)
        .where('reserved_at', '<', before)
        .where('blocked_until', '<', before)
        .limit(batch),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
