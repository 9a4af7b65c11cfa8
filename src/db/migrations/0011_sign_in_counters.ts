// Sign-in counters taken before the hash is checked (src/identity/login/throttle.ts): guesses in
// flight per key, reserved and released around each check; throttled attempts counted on one audit
// row per key and window instead of a row each; 医療情報ネット staff accounts lock for unknown
// browsers as Med-Login accounts do.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .alterTable('login_throttles')
    .addColumn('in_flight', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('login_throttles')
    .addColumn('reserved_at', t, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('login_throttles')
    .addColumn('refused', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.alterTable('audit_events').addColumn('window_key', 'text').execute();
  await db.schema
    .alterTable('audit_events')
    .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('audit_events').addColumn('last_occurred_at', t).execute();
  // Unique where set: NULLs (every ordinary event) never collide, on either engine.
  await db.schema.createIndex('audit_events_window').unique().on('audit_events').column('window_key').execute();

  await db.schema.alterTable('navi_accounts').addColumn('untrusted_locked_at', t).execute();
}
