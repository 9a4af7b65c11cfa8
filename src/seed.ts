// Demo data for a first start on an empty database (never in production).
import { countAccounts } from './identity/accounts/account-repository.ts';
import { issueAccount, type IssuedAccount } from './identity/accounts/issue-account.ts';
import type { Runtime } from './runtime.ts';

export const DEMO_ACCOUNT = {
  category: '病院',
  displayName: 'デモ総合病院 担当者',
  email: 'demo-hospital@example.jp',
  prefectureCode: '13',
} as const;

/** Seeds only when there are no accounts yet. Returns the demo account when it was created. */
export async function seedDemoData(rt: Runtime): Promise<IssuedAccount | undefined> {
  if (rt.config.production) throw new Error('demo data is never loaded in production');
  if ((await countAccounts(rt.deps.db)) > 0) return undefined;
  return issueAccount(rt.deps, { ...DEMO_ACCOUNT, issuedBy: 'seed' });
}
