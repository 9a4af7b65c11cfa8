// Test helper for the identity stores' contract tests: one account of each table the stores serve
// (Med-Login's accounts, 医療情報ネット's navi_accounts), issued the ordinary way.
import assert from 'node:assert/strict';
import { issueAccount } from '../identity/accounts/issue-account.ts';
import type { Ports } from '../ports.ts';
import { issueNaviAccount } from '../navi/issue-account.ts';

const tag = () => Math.random().toString(36).slice(2, 10);

/** A Med-Login account, waiting for its first password unless `active`. Returns its id. */
export async function medLoginAccountId(deps: Ports, o: { active?: boolean } = {}): Promise<string> {
  const { accountId } = await issueAccount(deps, { category: '病院', displayName: 'テスト病院 担当者', email: `u-${tag()}@example.jp`, issuedBy: 'test' });
  if (o.active) await deps.db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
  return accountId;
}

/** A 医療情報ネット staff account with a temporary password. Returns its id. */
export async function naviAccountId(deps: Ports): Promise<string> {
  const issued = await issueNaviAccount(deps, { userId: `staff-${tag()}`, displayName: '担当者', email: 'staff@example.jp', issuedBy: 'test' });
  assert.ok(issued.ok);
  return issued.account.id;
}
