// The only SQL of お問合せ (see inquiries.ts). The reference number is unique: an insert with one
// drawn twice fails on the index, and the caller draws again.
import type { Db } from '../db/dialect.ts';
import type { GmisInquiry } from '../db/schema.ts';

export async function insertInquiry(db: Db, row: GmisInquiry): Promise<void> {
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
