// Storage of how far accounts' authority reaches (a health centre's municipalities, what
// prefectures delegated to an association), and the lists of such accounts, filtered by what the
// policies allow (policies.ts reachableStaff).
import type { Db } from '../db/dialect.ts';
import type { Account, AccountCategory, DelegableAction } from '../db/schema.ts';

/** Where an account's authority reaches beyond its category (loaded with the account when needed). */
export interface Jurisdiction {
  /** 保健所: the municipalities it covers. */
  municipalities: readonly string[];
  /** 関係団体: what prefectures delegated to it. */
  delegations: ReadonlyArray<{ prefectureCode: string; action: DelegableAction }>;
}

export async function loadJurisdiction(db: Db, accountId: string): Promise<Jurisdiction> {
  const [municipalities, delegations] = await Promise.all([
    db.selectFrom('account_municipalities').select('municipality_code').where('account_id', '=', accountId).execute(),
    db.selectFrom('prefecture_delegations').select(['prefecture_code', 'action']).where('account_id', '=', accountId).execute(),
  ]);
  return {
    municipalities: municipalities.map((m) => m.municipality_code),
    delegations: delegations.map((d) => ({ prefectureCode: d.prefecture_code, action: d.action })),
  };
}

/** Accounts of one category; `prefectures` absent means any prefecture, empty means none. */
export interface AccountFilter {
  category: AccountCategory;
  prefectures?: readonly string[];
  notDisabled?: boolean;
}

function filtered(db: Db, f: AccountFilter) {
  let q = db.selectFrom('accounts').selectAll().where('category', '=', f.category);
  if (f.prefectures) q = f.prefectures.length ? q.where('prefecture_code', 'in', f.prefectures) : q.where((eb) => eb.val(false));
  if (f.notDisabled) q = q.where('state', '!=', 'disabled');
  return q;
}

/** The accounts the filter admits, by display name. */
export function listAccounts(db: Db, f: AccountFilter): Promise<Account[]> {
  return filtered(db, f).orderBy('display_name').execute();
}

/** One account, if the filter admits it. */
export function findAccountIn(db: Db, f: AccountFilter, id: string): Promise<Account | undefined> {
  return filtered(db, f).where('id', '=', id).executeTakeFirst();
}

/** The municipalities of each of these accounts (health centres). */
export async function municipalitiesCovered(db: Db, accountIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = accountIds.length ? await db.selectFrom('account_municipalities').selectAll().where('account_id', 'in', accountIds).execute() : [];
  const byAccount = new Map<string, string[]>(accountIds.map((id) => [id, []]));
  for (const r of rows) byAccount.get(r.account_id)?.push(r.municipality_code);
  return byAccount;
}

/** The accounts a prefecture delegated `action` to. */
export async function delegatedAccountIds(db: Db, prefectureCode: string, action: DelegableAction): Promise<Set<string>> {
  const rows = await db
    .selectFrom('prefecture_delegations')
    .select('account_id')
    .where('prefecture_code', '=', prefectureCode)
    .where('action', '=', action)
    .execute();
  return new Set(rows.map((d) => d.account_id));
}

/** Replaces the municipalities a health centre covers. */
export async function replaceMunicipalities(db: Db, accountId: string, codes: readonly string[]): Promise<void> {
  await db.deleteFrom('account_municipalities').where('account_id', '=', accountId).execute();
  if (codes.length)
    await db
      .insertInto('account_municipalities')
      .values(codes.map((c) => ({ account_id: accountId, municipality_code: c })))
      .execute();
}

export interface Delegation {
  accountId: string;
  prefectureCode: string;
  action: DelegableAction;
}

/** Records a delegation (nothing changes if it is there already). */
export async function grantDelegation(db: Db, d: Delegation & { grantedBy: string; grantedAt: number }): Promise<void> {
  await db
    .insertInto('prefecture_delegations')
    .values({ account_id: d.accountId, prefecture_code: d.prefectureCode, action: d.action, granted_by: d.grantedBy, granted_at: d.grantedAt })
    .onConflict((oc) => oc.columns(['account_id', 'prefecture_code', 'action']).doNothing())
    .execute();
}

export async function withdrawDelegation(db: Db, d: Delegation): Promise<void> {
  await db
    .deleteFrom('prefecture_delegations')
    .where('account_id', '=', d.accountId)
    .where('prefecture_code', '=', d.prefectureCode)
    .where('action', '=', d.action)
    .execute();
}
