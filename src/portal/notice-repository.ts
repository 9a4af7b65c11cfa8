// The only SQL of お知らせ (see notices.ts for what they are) and of each account's read marks.
// "Published" is always `published_at <= now`: a scheduled notice is invisible until its time.
import { sql } from 'kysely';
import { containsText, type Db } from '../db/dialect.ts';
import type { GmisNotice } from '../db/schema.ts';

export async function insertNotice(db: Db, row: GmisNotice): Promise<void> {
  await db.insertInto('gmis_notices').values(row).execute();
}

/** Whether any notice is stored, scheduled ones included. */
export async function anyNoticeStored(db: Db): Promise<boolean> {
  return (await db.selectFrom('gmis_notices').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export interface PublishedNoticeRow {
  id: string;
  title: string;
  category: string;
  published_at: number;
  /** When this account read it; null while unread. */
  read_at: number | null;
}

/** Published notices, newest first, each with one account's read mark. */
export function publishedNoticesFor(db: Db, now: number, accountId: string, o: { limit: number; offset?: number }): Promise<PublishedNoticeRow[]> {
  let q = db
    .selectFrom('gmis_notices as n')
    .leftJoin('gmis_notice_reads as r', (j) => j.onRef('r.notice_id', '=', 'n.id').on('r.account_id', '=', accountId))
    .select(['n.id', 'n.title', 'n.category', 'n.published_at', 'r.read_at'])
    .where('n.published_at', '<=', now)
    .orderBy('n.published_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(o.limit);
  if (o.offset !== undefined) q = q.offset(o.offset);
  return q.execute();
}

/** How many published notices the account has not read. */
export async function countUnreadNotices(db: Db, now: number, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('gmis_notices as n')
    .leftJoin('gmis_notice_reads as r', (j) => j.onRef('r.notice_id', '=', 'n.id').on('r.account_id', '=', accountId))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('n.published_at', '<=', now)
    .where('r.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countPublishedNotices(db: Db, now: number): Promise<number> {
  const r = await db
    .selectFrom('gmis_notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('published_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A published notice, or undefined (unknown id, or not yet published). */
export async function findPublishedNotice(db: Db, now: number, id: string): Promise<GmisNotice | undefined> {
  return db.selectFrom('gmis_notices').selectAll().where('id', '=', id).where('published_at', '<=', now).executeTakeFirst();
}

/** Marks the notice read by the account; marking it again changes nothing. */
export async function markNoticeRead(db: Db, now: number, noticeId: string, accountId: string): Promise<void> {
  await db
    .insertInto('gmis_notice_reads')
    .values({ notice_id: noticeId, account_id: accountId, read_at: now })
    .onConflict((oc) => oc.columns(['notice_id', 'account_id']).doNothing())
    .execute();
}

/** Every notice, scheduled ones included, newest publication first (for the office). */
export function listAllNotices(db: Db, limit = 100): Promise<GmisNotice[]> {
  return db.selectFrom('gmis_notices').selectAll().orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/**
 * Published notices containing every key (already in searchKey form). The same SQL on both
 * engines: search_text is normalised when written, so a plain LIKE with an explicit escape
 * character is case-insensitive and width-insensitive everywhere.
 */
export async function findNoticesMatching(db: Db, now: number, keys: string[], limit: number): Promise<GmisNotice[]> {
  if (keys.length === 0) return [];
  let q = db.selectFrom('gmis_notices').selectAll().where('published_at', '<=', now);
  for (const key of keys) q = q.where(containsText(sql.ref('search_text'), key));
  return q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
