// Test helper: active accounts of any category, inserted directly (no welcome mail, no password), for
// the SSO access tests on both engines and over HTTP.
import type { Db } from '../../db/dialect.ts';
import type { Account, AccountCategory } from '../../db/schema.ts';
import { insertAccount } from '../../identity/accounts/account-repository.ts';
import { cryptoRandom } from '../../platform/secrets.ts';
import { accountById } from './sso-access-repository.ts';

let sequence = 0;

export async function insertActiveAccount(db: Db, category: AccountCategory, o: { email?: string; createdAt: number }): Promise<Account> {
  sequence += 1;
  const tag = cryptoRandom.token().slice(0, 8);
  const id = `acc-${sequence}-${tag}`;
  await insertAccount(db, {
    id,
    // Unique across test files sharing a database: the random tag, lower-case like real usernames.
    username: `t${sequence}${tag}`.toLowerCase(),
    category,
    display_name: `${category} 担当者${sequence}`,
    email: o.email ?? `user${sequence}-${tag}@example.jp`.toLowerCase(),
    prefecture_code: null,
    state: 'active',
    password_hash: null,
    password_changed_at: null,
    untrusted_locked_at: null,
    created_at: o.createdAt,
    updated_at: o.createdAt,
  });
  return accountById(db, id);
}
