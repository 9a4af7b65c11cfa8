// The append-only audit trail. Events are written in the same transaction as the change they record.
import type { Db } from '../db/dialect.ts';
import type { AuditEvent } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';

export type AuditType =
  | 'account.issued'
  | 'account.unlocked'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.throttled'
  | 'login.locked'
  | 'logout'
  | 'session.expired'
  | 'first_password.set'
  | 'recovery.requested'
  | 'recovery.completed';

/** Who did it and from where; filled in by the web layer. */
export interface RequestOrigin {
  ip: string;
  userAgent: string;
}

export interface AuditEntry {
  type: AuditType;
  accountId?: string | null;
  username?: string | null;
  origin?: RequestOrigin | undefined;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Db, clock: Clock, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      occurred_at: clock.now(),
      type: entry.type,
      account_id: entry.accountId ?? null,
      username: entry.username ?? null,
      ip: entry.origin?.ip ?? null,
      user_agent: entry.origin?.userAgent.slice(0, 500) ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

export async function listAudit(
  db: Db,
  filter: { type?: string; accountId?: string; limit?: number } = {},
): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc');
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.accountId) q = q.where('account_id', '=', filter.accountId);
  return q.limit(filter.limit ?? 100).execute();
}
