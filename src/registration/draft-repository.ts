// The only SQL of registration drafts (see draft.ts for what they are). Tokens arrive here already
// hashed; the link of a 差し戻し draft is taken by one conditional UPDATE, so it works once.
import type { Db } from '../db/dialect.ts';
import type { RegistrationDraft, RegistrationDraftsTable } from '../db/schema.ts';
import type { Insertable } from 'kysely';

export async function insertDraft(db: Db, row: Insertable<RegistrationDraftsTable>): Promise<void> {
  await db.insertInto('registration_drafts').values(row).execute();
}

export function findDraftByToken(db: Db, tokenHash: string): Promise<RegistrationDraft | undefined> {
  return db.selectFrom('registration_drafts').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function findDraftById(db: Db, id: string): Promise<RegistrationDraft | undefined> {
  return db.selectFrom('registration_drafts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDraftByLink(db: Db, linkHash: string): Promise<RegistrationDraft | undefined> {
  return db.selectFrom('registration_drafts').selectAll().where('link_hash', '=', linkHash).executeTakeFirst();
}

export async function updateDraft(db: Db, id: string, changes: Pick<RegistrationDraft, 'step' | 'data' | 'updated_at' | 'expires_at'>): Promise<void> {
  await db.updateTable('registration_drafts').set(changes).where('id', '=', id).where('step', '!=', 'submitted').execute();
}

/** Marks the draft sent, unless it was sent already (a second press of 申請する): true if this call did. */
export async function claimDraft(db: Db, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('registration_drafts')
    .set({ step: 'submitted', updated_at: now })
    .where('id', '=', id)
    .where('step', '=', 'confirm')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function recordSubmission(db: Db, id: string, submitted: { number: string; id: string }): Promise<void> {
  await db.updateTable('registration_drafts').set({ submitted_number: submitted.number, submitted_id: submitted.id }).where('id', '=', id).execute();
}

/** Opens a 差し戻し draft's link: it now belongs to the browser with `tokenHash`. False if used or expired. */
export async function takeDraftLink(db: Db, linkHash: string, tokenHash: string, now: number, expiresAt: number): Promise<boolean> {
  const r = await db
    .updateTable('registration_drafts')
    .set({ token_hash: tokenHash, link_used_at: now, updated_at: now, expires_at: expiresAt })
    .where('link_hash', '=', linkHash)
    .where('link_used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A newer 差し戻し mail's link replaces the older ones of the same application. */
export async function deleteLinkDrafts(db: Db, applicationId: string): Promise<void> {
  await db.deleteFrom('registration_drafts').where('application_id', '=', applicationId).where('link_used_at', 'is', null).execute();
}

export async function deleteExpiredDrafts(db: Db, now: number): Promise<void> {
  await db.deleteFrom('registration_drafts').where('expires_at', '<=', now).execute();
}
