// Office unlock after brute-force protection locked an account for unknown browsers.
import { recordAudit } from '../../audit/audit-log.ts';
import type { IdentityDeps } from '../deps.ts';
import { clearThrottle } from '../login/throttle.ts';
import { findAccountByUsername, updateAccount } from './account-repository.ts';

export async function unlockAccount(deps: IdentityDeps, username: string, unlockedBy: string): Promise<'unlocked' | 'not_locked' | 'unknown'> {
  const account = await findAccountByUsername(deps.db, username);
  if (!account) return 'unknown';
  if (account.untrusted_locked_at === null) return 'not_locked';
  await deps.db.transaction().execute(async (trx) => {
    await updateAccount(trx, account.id, { untrusted_locked_at: null, updated_at: deps.clock.now() });
    await clearThrottle(trx, `account:${account.username}`);
    await recordAudit(trx, deps.clock, { type: 'account.unlocked', accountId: account.id, username: account.username, details: { unlockedBy } });
  });
  return 'unlocked';
}
