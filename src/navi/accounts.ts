// 医療情報ネット staff accounts: the ユーザーID's form, a new account's row, and how an account signs
// in. The ユーザーID is case-sensitive, so look-ups compare it exactly; only the width of what was
// typed is normalised (全角 → 半角). The SQL is in account-repository.ts.
import type { Clock } from '../platform/clock.ts';
import type { RandomSource } from '../platform/secrets.ts';
import type { NaviAccount } from '../db/schema.ts';

export {
  findNaviAccountByGmisAccount,
  findNaviAccountById,
  findNaviAccountByUserId,
  insertNaviAccount,
  listNaviAccounts,
  updateNaviAccount,
  userIdTakenIgnoringCase,
} from './account-repository.ts';

/** Half-width letters, digits and . _ - ; starts with a letter or digit; 4–64 characters. */
export const NAVI_USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{3,63}$/;
export const NAVI_USER_ID_MAX_LENGTH = 64;

/**
 * A ユーザーID as typed → as stored: NFKC turns full-width letters and digits into half-width ones
 * (people often type with the IME on) and keeps upper and lower case apart.
 */
export const normaliseNaviUserId = (typed: string): string => typed.normalize('NFKC').trim();

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
