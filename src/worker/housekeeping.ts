// What the worker deletes now and then: audit events past their retention (AUDIT_RETENTION_DAYS)
// and sign-in counters that hold nothing any more. In batches, so no statement holds a table for
// long; several workers may run it side by side (a row is deleted once, whoever gets there first).
import { pruneAudit } from '../audit/audit-log.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/dialect.ts';
import { pruneThrottles } from '../identity/login/throttle.ts';
import type { Clock } from '../platform/clock.ts';

export const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;
const BATCH = 1_000;
/** Per run and table; the rest waits for the next run. */
const MAX_BATCHES = 50;

async function inBatches(prune: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const n = await prune();
    total += n;
    if (n < BATCH) break;
  }
  return total;
}

export async function housekeeping(deps: {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'auditRetentionMs'>;
}): Promise<{ auditEvents: number; throttles: number }> {
  const { db, clock, config } = deps;
  return {
    auditEvents: await inBatches(() => pruneAudit(db, clock, config.auditRetentionMs, BATCH)),
    throttles: await inBatches(() => pruneThrottles(db, clock, BATCH)),
  };
}
