// Who holds the account of an institution: its oldest account that is not disabled (an approved
// application for an institution that has one tells that username instead of issuing another).
import type { Db } from '../../db/dialect.ts';
import type { Account } from '../../db/schema.ts';

export type AccountHolder = Pick<Account, 'id' | 'username' | 'email' | 'display_name' | 'family_name' | 'given_name' | 'institution_id'>;

/** The holder of each of the institutions that has one, by institution id; one query for them all. */
export async function accountHoldersOf(db: Db, institutionIds: string[]): Promise<Map<string, AccountHolder>> {
  const holders = new Map<string, AccountHolder>();
  if (institutionIds.length === 0) return holders;
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'username', 'email', 'display_name', 'family_name', 'given_name', 'institution_id'])
    .where('institution_id', 'in', institutionIds)
    .where('state', '!=', 'disabled')
    .orderBy('created_at')
    .execute();
  for (const row of rows) if (!holders.has(row.institution_id!)) holders.set(row.institution_id!, row);
  return holders;
}
