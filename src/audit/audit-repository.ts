// The audit trail's storage: the append-only audit_events table (the rules are in audit-log.ts).
import type { Db } from '../db/dialect.ts';
import { statement } from '../db/prepared.ts';
import type { AuditEvent } from '../db/schema.ts';

/** One event as stored (audit-log.ts's auditRow builds it). */
export type AuditRow = {
  occurred_at: number;
  type: string;
  account_id: string | null;
  username: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string;
};

export const insertAuditRow = statement((db, r: AuditRow) =>
  db.insertInto('audit_events').values({
    occurred_at: r.occurred_at,
    type: r.type,
    account_id: r.account_id,
    username: r.username,
    ip: r.ip,
    user_agent: r.user_agent,
    details: r.details,
  }),
);

/** Many events in one statement (a batch job's, in its transaction). */
export async function insertAuditRows(db: Db, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('audit_events')
    .values(rows.map((r) => ({ ...r })))
    .execute();
}

/** The first event of `window_key` writes the row; the rest count in its `occurrences`. */
export const upsertRepeatedAuditRow = statement((db, r: AuditRow & { window_key: string }) =>
  db
    .insertInto('audit_events')
    .values({
      occurred_at: r.occurred_at,
      type: r.type,
      account_id: r.account_id,
      username: r.username,
      ip: r.ip,
      user_agent: r.user_agent,
      details: r.details,
      window_key: r.window_key,
    })
    .onConflict((oc) =>
      oc.column('window_key').doUpdateSet((eb) => ({
        occurrences: eb('audit_events.occurrences', '+', 1),
        last_occurred_at: eb.ref('excluded.occurred_at'),
      })),
    ),
);

/** Deletes at most `batch` of the oldest events that happened before `before`; returns how many went. */
export async function deleteAuditBefore(db: Db, before: number, batch: number): Promise<number> {
  const result = await db
    .deleteFrom('audit_events')
    .where('id', 'in', (eb) => eb.selectFrom('audit_events').select('id').where('occurred_at', '<', before).orderBy('id').limit(batch))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** What the office's 監査ログ page and the tests ask for: newest first, paged by id. */
export interface AuditFilter {
  type?: string;
  accountId?: string;
  username?: string;
  /** Only events with a smaller id: the page after the one that ended there (「さらに古い記録」). */
  beforeId?: number;
  limit?: number;
}

export async function listAudit(db: Db, filter: AuditFilter = {}): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc');
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.accountId) q = q.where('account_id', '=', filter.accountId);
  if (filter.username) q = q.where('username', '=', filter.username);
  if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
  return q.limit(filter.limit ?? 100).execute();
}
