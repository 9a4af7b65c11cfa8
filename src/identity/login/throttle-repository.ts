// SQL for sign-in throttling (the login_throttles table): prepared statements that decide and write
// in one go, so concurrent requests never lose a count (throttle.ts explains the scheme and gives
// them the policy's numbers). Portable SQL (casts, CASE, UPDATE … FROM, RETURNING): no dialect
// differences.
import { sql, type Compilable, type RawBuilder } from 'kysely';
import type { Db } from '../../db/dialect.ts';
import { statement } from '../../db/prepared.ts';

/** A reservation not released by then (its process died mid-check) no longer counts. */
export const RESERVATION_LEASE_MS = 60_000;

// ── SQL pieces ──────────────────────────────────────────────────────────────────────────────────

type Expr = RawBuilder<unknown>;
export type Args = Record<string, unknown>;

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

/** `case key when $k0 then $<field>0 … end`: a per-key value in a statement over several keys. */
const perKey = (p: Args, n: number, field: string): Expr =>
  sql`(case ${col('key')} ${sql.join(
    range(n).map((i) => sql`when ${p[`k${i}`]} then ${int(p[`${field}${i}`])}`),
    sql` `,
  )} end)`;

export interface ReservedRow {
  key: string;
  failures: number;
  last_failure_at: number;
  blocked_until: number;
  refused: number;
}

/** One statement per number of keys (one to three): creates missing rows, admits or refuses each. */
export const reserveStatements = [1, 2, 3].map((n) =>
  statement((db, p: Args) => {
    const now = int(p.now);
    const inFlight = liveInFlight(now);
    const failures = liveFailures(perKey(p, n, 'forget'), now);
    const free = perKey(p, n, 'free');
    const admit = sql`(${col('blocked_until')} <= ${now} and (${inFlight} = 0 or ${inFlight} + ${failures} <= ${free}))`;
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

/** How settleStatements' `outcome<i>` argument names the outcome. */
export const OUTCOME_CODE = { none: 0, failure: 1, success: 2 } as const;
const SETTLEMENT_FIELDS = ['key', 'held', 'outcome', 'free', 'base', 'max', 'forget'] as const;

/** One statement per number of keys: the per-key values come in as a VALUES table joined by key. */
export const settleStatements = [1, 2, 3].map((n) =>
  statement((db, p: Args) => {
    const now = int(p.now);
    const s = (field: (typeof SETTLEMENT_FIELDS)[number]): Expr => sql.ref(`s.${field}`);
    const rows = range(n).map((i) => sql`(cast(${p[`k${i}`]} as text), ${sql.join(SETTLEMENT_FIELDS.slice(1).map((f) => int(p[`${f}${i}`])))})`);
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

export const failureStatement = statement((db, p: Args) => {
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

// failures counts the window's events here, blocked_until is the window's end.
export const budgetStatement = statement((db, p: Args) => {
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

export async function findThrottle(db: Db, key: string): Promise<{ failures: number; last_failure_at: number; blocked_until: number } | undefined> {
  return db.selectFrom('login_throttles').select(['failures', 'last_failure_at', 'blocked_until']).where('key', '=', key).executeTakeFirst();
}

export async function deleteThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttles').where('key', '=', key).execute();
}

/** Deletes at most `batch` rows untouched (no failure, reservation or block) since `before`. */
export async function deleteThrottlesUntouchedSince(db: Db, before: number, batch: number): Promise<number> {
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
