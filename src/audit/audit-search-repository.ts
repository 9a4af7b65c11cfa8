// The office's 監査ログ page: events newest first, filtered by type and username, paged by id
// (「さらに古い記録」 asks for the events before the last one shown).
import type { Db } from '../db/dialect.ts';
import type { AuditEvent } from '../db/schema.ts';

export interface AuditSearch {
  type?: string;
  username?: string;
  /** Only events with a smaller id: the page after the one that ended there. */
  beforeId?: number;
  limit: number;
}

export function searchAudit(db: Db, f: AuditSearch): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(f.limit);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.username) q = q.where('username', '=', f.username);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.execute();
}
