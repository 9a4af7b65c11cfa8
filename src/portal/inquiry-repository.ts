// The only SQL of お問合せ (see inquiries.ts). The reference number is unique: an insert with one
// drawn twice fails on the index, and the caller draws again. The office's changes are written
// only at the version they were decided on (updateInquiryAtVersion), so of two at once one is refused.
import { sql, type Insertable, type Updateable } from 'kysely';
import { containsText, type Db } from '../db/dialect.ts';
import type { GmisInquiriesTable, GmisInquiry, GmisInquiryAnswer, GmisInquiryAnswersTable, InquiryStatus } from '../db/schema.ts';

export async function insertInquiry(db: Db, row: Insertable<GmisInquiriesTable>): Promise<void> {
  await db.insertInto('gmis_inquiries').values(row).execute();
}

/** An inquiry by its reference number; who may see it is the policy's question (inquiry.view). */
export function findInquiryByReference(db: Db, reference: string): Promise<GmisInquiry | undefined> {
  return db.selectFrom('gmis_inquiries').selectAll().where('reference', '=', reference).executeTakeFirst();
}

/** The account's own inquiries, newest first. */
export function listOwnInquiries(db: Db, accountId: string, limit = 10): Promise<GmisInquiry[]> {
  return db
    .selectFrom('gmis_inquiries')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Writes `changes` and counts the version up, only if the row still has `version`. False: it did not. */
export async function updateInquiryAtVersion(db: Db, id: string, version: number, changes: Updateable<GmisInquiriesTable>): Promise<boolean> {
  const r = await db
    .updateTable('gmis_inquiries')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertInquiryAnswer(db: Db, row: Insertable<GmisInquiryAnswersTable>): Promise<void> {
  await db.insertInto('gmis_inquiry_answers').values(row).execute();
}

/** The answers to one inquiry, oldest first (the thread). */
export function answersOf(db: Db, inquiryId: string): Promise<GmisInquiryAnswer[]> {
  return db.selectFrom('gmis_inquiry_answers').selectAll().where('inquiry_id', '=', inquiryId).orderBy('answered_at').orderBy('id').execute();
}

export interface InboxFilter {
  status?: InquiryStatus | undefined;
  category?: string | undefined;
  /** Keys in searchKey form; every one must occur. */
  keys: string[];
}

function filtered(db: Db, f: InboxFilter) {
  let q = db.selectFrom('gmis_inquiries');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.category) q = q.where('category', '=', f.category);
  for (const key of f.keys) q = q.where(containsText(sql.ref('search_text'), key));
  return q;
}

/** The inbox: newest first. */
export function listInbox(db: Db, f: InboxFilter, o: { limit: number; offset: number }): Promise<GmisInquiry[]> {
  return filtered(db, f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(o.limit).offset(o.offset).execute();
}

export async function countInbox(db: Db, f: InboxFilter): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** How many inquiries are in each state (the inbox's tabs). */
export async function countInboxByStatus(db: Db): Promise<Record<InquiryStatus, number>> {
  const rows = await db
    .selectFrom('gmis_inquiries')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<InquiryStatus, number> = { new: 0, in_progress: 0, answered: 0, closed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
