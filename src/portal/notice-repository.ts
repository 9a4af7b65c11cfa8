// The only SQL of お知らせ (see notices.ts for what they are) and of each account's read marks.
// "Published" is always `status = 'published' and published_at <= now`: a scheduled notice is
// invisible until its time, a draft or a withdrawn one always.
import { sql, type Insertable, type Updateable } from 'kysely';
import { containsText, type Db } from '../db/dialect.ts';
import type { GmisNotice, GmisNoticesTable, NoticeStatus } from '../db/schema.ts';

export async function insertNotice(db: Db, row: Insertable<GmisNoticesTable>): Promise<void> {
  await db.insertInto('gmis_notices').values(row).execute();
}

/** A notice in any state (for the office). */
export function findNotice(db: Db, id: string): Promise<GmisNotice | undefined> {
  return db.selectFrom('gmis_notices').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Writes `changes` and counts the version up, only if the row still has `version` (the optimistic
 * check: one statement, so of two saves from the same version exactly one is written). False: it did not.
 */
export async function updateNoticeAtVersion(db: Db, id: string, version: number, changes: Updateable<GmisNoticesTable>): Promise<boolean> {
  const r = await db
    .updateTable('gmis_notices')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The office's lists: what each state means in SQL at `now`. */
export type NoticeListState = 'draft' | 'scheduled' | 'published' | 'withdrawn';

/** Every notice of one state (or all), for the office: newest change first. */
export function listNoticesForOffice(db: Db, now: number, o: { state?: NoticeListState | undefined; limit: number; offset: number }): Promise<GmisNotice[]> {
  let q = db.selectFrom('gmis_notices').selectAll();
  if (o.state === 'draft' || o.state === 'withdrawn') q = q.where('status', '=', o.state);
  else if (o.state === 'scheduled') q = q.where('status', '=', 'published').where('published_at', '>', now);
  else if (o.state === 'published') q = q.where('status', '=', 'published').where('published_at', '<=', now);
  return q
    .orderBy(sql`coalesce(updated_at, created_at)`, 'desc')
    .orderBy('id', 'desc')
    .limit(o.limit)
    .offset(o.offset)
    .execute();
}

/** How many notices are in each state at `now`. */
export async function countNoticesByState(db: Db, now: number): Promise<Record<NoticeListState, number>> {
  const rows = await db
    .selectFrom('gmis_notices')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(case when published_at > ${now} then 1 else 0 end)`.as('ahead')])
    .groupBy('status')
    .execute();
  const counts: Record<NoticeListState, number> = { draft: 0, scheduled: 0, published: 0, withdrawn: 0 };
  for (const r of rows) {
    const status = r.status as NoticeStatus;
    if (status === 'published') {
      counts.scheduled = Number(r.ahead);
      counts.published = Number(r.n) - Number(r.ahead);
    } else counts[status] = Number(r.n);
  }
  return counts;
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
    .where('n.status', '=', 'published')
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
    .where('n.status', '=', 'published')
    .where('n.published_at', '<=', now)
    .where('r.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countPublishedNotices(db: Db, now: number): Promise<number> {
  const r = await db
    .selectFrom('gmis_notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A published notice, or undefined (unknown id, or not yet published). */
export async function findPublishedNotice(db: Db, now: number, id: string): Promise<GmisNotice | undefined> {
  return db.selectFrom('gmis_notices').selectAll().where('id', '=', id).where('status', '=', 'published').where('published_at', '<=', now).executeTakeFirst();
}

/** Marks the notice read by the account; marking it again changes nothing. */
export async function markNoticeRead(db: Db, now: number, noticeId: string, accountId: string): Promise<void> {
  await db
    .insertInto('gmis_notice_reads')
    .values({ notice_id: noticeId, account_id: accountId, read_at: now })
    .onConflict((oc) => oc.columns(['notice_id', 'account_id']).doNothing())
    .execute();
}

/** Every notice, scheduled, draft and withdrawn ones included, newest publication first (for the office's CLI). */
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
  let q = db.selectFrom('gmis_notices').selectAll().where('status', '=', 'published').where('published_at', '<=', now);
  for (const key of keys) q = q.where(containsText(sql.ref('search_text'), key));
  return q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
