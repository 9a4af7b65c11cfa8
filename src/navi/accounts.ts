// SQL for 医療情報ネット staff accounts. The ユーザーID is case-sensitive, so look-ups compare it
// exactly; only the width of what was typed is normalised (全角 → 半角).
import type { Insertable, Updateable } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import type { RandomSource } from '../platform/secrets.ts';
import type { Db } from '../db/dialect.ts';
import { statement } from '../db/prepared.ts';
import type { NaviAccount, NaviAccountsTable } from '../db/schema.ts';

/** Half-width letters, digits and . _ - ; starts with a letter or digit; 4–64 characters. */
export const NAVI_USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{3,63}$/;
export const NAVI_USER_ID_MAX_LENGTH = 64;

/**
 * A ユーザーID as typed → as stored: NFKC turns full-width letters and digits into half-width ones
 * (people often type with the IME on) and keeps upper and lower case apart.
 */
export const normaliseNaviUserId = (typed: string): string => typed.normalize('NFKC').trim();

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

/** A new active account row: issued by the office (temporary password) or registered by SSO (none). */
export function newNaviAccount(
  deps: { clock: Clock; random: RandomSource },
  f: Pick<NaviAccount, 'user_id' | 'display_name' | 'email' | 'password_hash' | 'must_change_password' | 'gmis_account_id'>,
): NaviAccount {
  const now = deps.clock.now();
  return { id: deps.random.uuid(), ...f, state: 'active', created_at: now, updated_at: now, password_changed_at: null, untrusted_locked_at: null };
}

/**
 * An account registered by single sign-on from G-MIS signs in only through Med-Login: it has no
 * password of 医療情報ネット's own, cannot get one (reset, temporary password) and local sign-in
 * refuses it, so disabling the G-MIS account shuts it out everywhere.
 */
export const signsInThroughMedLogin = (account: Pick<NaviAccount, 'gmis_account_id'>): boolean => account.gmis_account_id !== null;

/** The hash local sign-in and パスワードの変更 check: none for an account that signs in through Med-Login. */
export const localPasswordHash = (account: Pick<NaviAccount, 'gmis_account_id' | 'password_hash'>): string | null =>
  signsInThroughMedLogin(account) ? null : account.password_hash;
