// The only SQL of 医療情報ネット's ご意見 and 満足度調査 (see feedback.ts).
import type { Db } from '../db/dialect.ts';
import type { NaviFeedback, NaviFeedbackKind } from '../db/schema.ts';

export async function insertFeedback(db: Db, row: NaviFeedback): Promise<void> {
  await db.insertInto('navi_feedback').values(row).execute();
}

export function findFeedback(db: Db, id: string): Promise<NaviFeedback | undefined> {
  return db.selectFrom('navi_feedback').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What the office reads: newest first, from `since` (epoch ms) when given, of one kind when given. */
export function listFeedback(db: Db, o: { since?: number | undefined; kind?: NaviFeedbackKind | undefined; limit: number }): Promise<NaviFeedback[]> {
  let q = db.selectFrom('navi_feedback').selectAll();
  if (o.since !== undefined) q = q.where('received_at', '>=', o.since);
  if (o.kind !== undefined) q = q.where('kind', '=', o.kind);
  return q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
}
