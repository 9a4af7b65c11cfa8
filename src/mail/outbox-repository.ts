// The outbox's storage (the mail_outbox table): rows written with the change that caused them, and
// the delivery worker's claims and outcomes, each written only while its claim still holds. What a
// body may look like at rest (sealed, without links) is decided in outbox.ts and delivery.ts.
import type { Insertable, Updateable } from 'kysely';
import type { Db, Dialect } from '../db/dialect.ts';
import type { MailOutboxTable, OutboxMail } from '../db/schema.ts';

/** A row as written. */
export type NewMail = Insertable<MailOutboxTable>;

export async function insertMail(db: Db, row: NewMail): Promise<void> {
  await db.insertInto('mail_outbox').values(row).execute();
}

/** Mail newest first (ids sort by creation, even within one millisecond), as stored. */
export async function listStoredMail(db: Db, options: { limit: number; to?: string | undefined }): Promise<OutboxMail[]> {
  let q = db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc');
  if (options.to) q = q.where('to_address', '=', options.to);
  return q.limit(options.limit).execute();
}

export async function findMail(db: Db, id: string): Promise<OutboxMail | undefined> {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Removes every readable copy kept for the dev mailbox. */
export async function clearDevBodies(db: Db): Promise<void> {
  await db.updateTable('mail_outbox').set({ dev_body_text: null }).where('dev_body_text', 'is not', null).execute();
}

/** Up to `limit` rows whose body is still stored in the plain (from before bodies were sealed). */
export async function plainMail(db: Db, limit: number): Promise<Array<Pick<OutboxMail, 'id' | 'status' | 'body_text'>>> {
  return db.selectFrom('mail_outbox').select(['id', 'status', 'body_text']).where('body_state', '=', 'plain').limit(limit).execute();
}

/** Rewrites a plain row's body, unless another worker did so first. */
export async function protectPlainMail(db: Db, id: string, change: Updateable<MailOutboxTable>): Promise<void> {
  await db.updateTable('mail_outbox').set(change).where('id', '=', id).where('body_state', '=', 'plain').execute();
}

/** Claims up to `batchSize` pending rows of `priority` due at `now`, until `lockedUntil`, counting an attempt. */
export async function claimDueMail(db: Db, dialect: Dialect, now: number, lockedUntil: number, batchSize: number, priority = 0): Promise<OutboxMail[]> {
  if (batchSize <= 0) return [];
  return db.transaction().execute(async (trx) => {
    const due = await dialect
      .skipLocked(
        trx
          .selectFrom('mail_outbox')
          .select('id')
          .where('status', '=', 'pending')
          .where('priority', '=', priority)
          .where('next_attempt_at', '<=', now)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(batchSize),
      )
      .execute();
    if (due.length === 0) return [];
    // The same conditions again, so a row is claimed once even where the select took no lock.
    return trx
      .updateTable('mail_outbox')
      .set((eb) => ({ locked_until: lockedUntil, attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .returningAll()
      .execute();
  });
}

/** Extends a claim to `lockedUntil` if it is still ours and has not run out at `now`. */
export async function renewMailClaim(db: Db, mail: Pick<OutboxMail, 'id' | 'attempts'>, now: number, lockedUntil: number): Promise<boolean> {
  const res = await db
    .updateTable('mail_outbox')
    .set({ locked_until: lockedUntil })
    .where('id', '=', mail.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', mail.attempts)
    .where('locked_until', '>=', now)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** One conditional UPDATE: it applies (and releases the claim) only while the claim still holds. */
export async function recordMailOutcome(db: Db, mail: Pick<OutboxMail, 'id' | 'attempts'>, change: Updateable<MailOutboxTable>): Promise<boolean> {
  const res = await db
    .updateTable('mail_outbox')
    .set({ ...change, locked_until: null })
    .where('id', '=', mail.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', mail.attempts)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Marks the registration application a refused mail was about, for the prefecture reviewing it. */
export async function recordRegistrationMailFailure(db: Db, registrationId: string, at: number, failure: string): Promise<void> {
  await db.updateTable('registration_applications').set({ mail_failed_at: at, mail_failure: failure }).where('id', '=', registrationId).execute();
}

/** 宛先不明: the account's address was refused for good; replaces an earlier mark of the account. */
export async function recordBounce(db: Db, bounce: { accountId: string; address: string; at: number; reason: string; mailId: string }): Promise<void> {
  const row = { account_id: bounce.accountId, address: bounce.address, bounced_at: bounce.at, reason: bounce.reason, mail_id: bounce.mailId };
  await db
    .insertInto('email_bounces')
    .values(row)
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ address: row.address, bounced_at: row.bounced_at, reason: row.reason, mail_id: row.mail_id }))
    .execute();
}
