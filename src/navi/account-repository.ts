// SQL for 医療情報ネット staff accounts (the navi_accounts table). The ユーザーID is compared exactly
// (it is case-sensitive); callers normalise what was typed first (accounts.ts).
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../db/dialect.ts';
import { statement } from '../db/prepared.ts';
import type { NaviAccount, NaviAccountsTable } from '../db/schema.ts';

const byUserId = statement((db, p: { userId: string }) => db.selectFrom('navi_accounts').selectAll().where('user_id', '=', p.userId));

export async function findNaviAccountByUserId(db: Db, userId: string): Promise<NaviAccount | undefined> {
  return (await byUserId(db, { userId })).rows[0];
}

export function findNaviAccountById(db: Db, id: string): Promise<NaviAccount | undefined> {
  return db.selectFrom('navi_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findNaviAccountByGmisAccount(db: Db, gmisAccountId: string): Promise<NaviAccount | undefined> {
  return db.selectFrom('navi_accounts').selectAll().where('gmis_account_id', '=', gmisAccountId).executeTakeFirst();
}

/** The ids of the 医療情報ネット accounts linked to this G-MIS account. */
export async function naviAccountIdsLinkedTo(db: Db, gmisAccountId: string): Promise<string[]> {
  const rows = await db.selectFrom('navi_accounts').select('id').where('gmis_account_id', '=', gmisAccountId).execute();
  return rows.map((r) => r.id);
}

/** An ID that differs from `userId` only in upper/lower case (they would be too easy to confuse). */
export async function userIdTakenIgnoringCase(db: Db, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('navi_accounts')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['user_id']), '=', userId.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertNaviAccount(db: Db, account: Insertable<NaviAccountsTable>): Promise<void> {
  await db.insertInto('navi_accounts').values(account).execute();
}

export async function updateNaviAccount(db: Db, id: string, changes: Updateable<NaviAccountsTable>): Promise<void> {
  await db.updateTable('navi_accounts').set(changes).where('id', '=', id).execute();
}

export function listNaviAccounts(db: Db): Promise<NaviAccount[]> {
  return db.selectFrom('navi_accounts').selectAll().orderBy('created_at').orderBy('user_id').execute();
}
