// SQL for accounts. Usernames are stored lower-case; look-ups normalise the same way.
import { sql } from 'kysely';
import { containsText, type Db } from '../../db/dialect.ts';
import { statement } from '../../db/prepared.ts';
import type { Account, AccountUpdate, NewAccount } from '../../db/schema.ts';

export const normaliseUsername = (username: string): string => username.trim().toLowerCase();

const byUsername = statement((db, p: { username: string }) => db.selectFrom('accounts').selectAll().where('username', '=', p.username));

export async function findAccountByUsername(db: Db, username: string): Promise<Account | undefined> {
  return (await byUsername(db, { username: normaliseUsername(username) })).rows[0];
}

// Every single sign-on reads the account by id several times (the provider's findAccount at the
// resume, the token and userinfo, then the application's callback): prepared once.
const byId = statement((db, p: { id: string }) => db.selectFrom('accounts').selectAll().where('id', '=', p.id));

export async function findAccountById(db: Db, id: string): Promise<Account | undefined> {
  return (await byId(db, { id })).rows[0];
}

/** The account a single sign-on names, while it may sign in (not waiting for its first password,
 * not disabled). */
export async function activeAccountById(db: Db, id: string): Promise<Account | undefined> {
  const account = await findAccountById(db, id);
  return account?.state === 'active' ? account : undefined;
}

export async function insertAccount(db: Db, account: NewAccount): Promise<void> {
  await db.insertInto('accounts').values(account).execute();
}

export async function updateAccount(db: Db, id: string, changes: AccountUpdate): Promise<void> {
  await db.updateTable('accounts').set(changes).where('id', '=', id).execute();
}

export function countAccounts(db: Db): Promise<number> {
  return db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

/** An account with the name of its institution, if it has one (the office's lists). */
export interface AccountRow extends Account {
  institution_name: string | null;
}

const accountRows = (db: Db) =>
  db
    .selectFrom('accounts')
    .leftJoin('institutions', 'institutions.id', 'accounts.institution_id')
    .selectAll('accounts')
    .select('institutions.name as institution_name');

/** Accounts whose username, display name, e-mail or institution's name contains `text` (case-insensitive for ASCII). */
export async function searchAccounts(db: Db, text: string, limit = 50): Promise<AccountRow[]> {
  let q = accountRows(db);
  if (text) {
    q = q.where((eb) =>
      eb.or(
        (['accounts.username', 'accounts.display_name', 'accounts.email', 'institutions.name'] as const).map((c) =>
          containsText(sql`lower(${sql.ref(c)})`, text.toLowerCase()),
        ),
      ),
    );
  }
  return q.orderBy('accounts.created_at', 'desc').limit(limit).execute();
}

export function findAccountRow(db: Db, id: string): Promise<AccountRow | undefined> {
  return accountRows(db).where('accounts.id', '=', id).executeTakeFirst();
}

/** Those of `usernames` that accounts have already. */
export async function takenUsernames(db: Db, usernames: readonly string[]): Promise<Set<string>> {
  const rows = await db.selectFrom('accounts').select('username').where('username', 'in', usernames).execute();
  return new Set(rows.map((r) => r.username));
}

/** Every account, oldest first, with what `gmis account list` shows. */
export function listAllAccounts(
  db: Db,
): Promise<Array<Pick<Account, 'username' | 'category' | 'display_name' | 'email' | 'prefecture_code' | 'state' | 'untrusted_locked_at'>>> {
  return db
    .selectFrom('accounts')
    .select(['username', 'category', 'display_name', 'email', 'prefecture_code', 'state', 'untrusted_locked_at'])
    .orderBy('created_at')
    .execute();
}
