// Consents as stored (oidc_consents): one active row per account and application at most.
import type { Db } from '../../db/dialect.ts';
import type { OidcConsentsTable } from '../../db/schema.ts';

export type ConsentRow = OidcConsentsTable;

export function activeConsentRow(db: Db, accountId: string, clientId: string): Promise<ConsentRow | undefined> {
  return db
    .selectFrom('oidc_consents')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .orderBy('granted_at', 'desc')
    .executeTakeFirst();
}

export function consentRowsOf(db: Db, accountId: string): Promise<ConsentRow[]> {
  return db.selectFrom('oidc_consents').selectAll().where('account_id', '=', accountId).orderBy('granted_at', 'desc').execute();
}

/** The account's active consent of this id (and only of this account). */
export function ownActiveConsentRow(db: Db, accountId: string, consentId: string): Promise<ConsentRow | undefined> {
  return db
    .selectFrom('oidc_consents')
    .selectAll()
    .where('id', '=', consentId)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Revokes the account's active consents to this application. */
export async function revokeConsentsTo(db: Db, accountId: string, clientId: string, now: number): Promise<void> {
  await db
    .updateTable('oidc_consents')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function markConsentRevoked(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('oidc_consents').set({ revoked_at: now }).where('id', '=', id).execute();
}

export async function insertConsent(db: Db, row: ConsentRow): Promise<void> {
  await db.insertInto('oidc_consents').values(row).execute();
}

export async function deleteConsentsToClient(db: Db, clientId: string): Promise<void> {
  await db.deleteFrom('oidc_consents').where('client_id', '=', clientId).execute();
}
