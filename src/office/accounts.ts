// The office's work on accounts: find them (username, institution, e-mail), disable and enable
// them, start a password reset (the office never sets or sees a password: the user gets the usual
// reset mail), and lift the brute-force lock. Every change is audited under the office member.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import { findAccountById, updateAccount } from '../identity/accounts/account-repository.ts';
import { unlockAccount } from '../identity/accounts/unlock-account.ts';
import type { Ports } from '../ports.ts';
import { RECOVERY_JOB } from '../identity/recovery/recovery.ts';
import { endSessionsEverywhere } from './end-sessions-everywhere.ts';
import { enqueueJob } from '../jobs/job-queue.ts';
import { authorize, type Actor } from '../policies.ts';

// The office's account lists are plain reads of the account repository.
export { findAccountRow, searchAccounts, type AccountRow } from '../identity/accounts/account-repository.ts';

export type ManageResult = { ok: true } | { ok: false; problem: 'not_found' | 'unchanged' };

/**
 * Disables (every session ends on every origin — Med-Login, single sign-on, G-MIS and the linked
 * 医療情報ネット account; sign-in and reset mails stop) or enables (back
 * to active, or to waiting for the first password if it never had one) an account.
 */
export async function setAccountEnabled(deps: Ports, actor: Actor, accountId: string, enabled: boolean, origin: RequestOrigin): Promise<ManageResult> {
  const result = await deps.db.transaction().execute(async (trx): Promise<ManageResult> => {
    const account = await findAccountById(trx, accountId);
    if (!account) return { ok: false, problem: 'not_found' };
    authorize(actor, enabled ? 'account.enable' : 'account.disable', { accountId: account.id });
    const next = enabled ? (account.password_hash ? 'active' : 'pending_password') : 'disabled';
    if ((account.state === 'disabled') === !enabled) return { ok: false, problem: 'unchanged' };
    const now = deps.clock.now();
    await updateAccount(trx, account.id, { state: next, updated_at: now });
    if (!enabled) await endSessionsEverywhere(trx, deps, account.id, 'account_disabled');
    await recordAudit(trx, deps.clock, {
      type: enabled ? 'account.enabled' : 'account.disabled',
      accountId: account.id,
      username: account.username,
      origin,
      details: { by: actor.username },
    });
    return { ok: true };
  });
  if (result.ok && !enabled) deps.workQueued?.();
  return result;
}

/** Sends the account the usual 「パスワードリセットのご案内」 mail (through the same job as the public form). */
export async function startPasswordReset(deps: Ports, actor: Actor, accountId: string, origin: RequestOrigin): Promise<ManageResult> {
  const result = await deps.db.transaction().execute(async (trx): Promise<ManageResult> => {
    const account = await findAccountById(trx, accountId);
    if (!account) return { ok: false, problem: 'not_found' };
    authorize(actor, 'account.reset_password', { accountId: account.id });
    if (account.state === 'disabled') return { ok: false, problem: 'unchanged' };
    await enqueueJob(trx, deps, RECOVERY_JOB, { name: account.username, ip: origin.ip, userAgent: origin.userAgent.slice(0, 300) });
    await recordAudit(trx, deps.clock, {
      type: 'account.reset_started',
      accountId: account.id,
      username: account.username,
      origin,
      details: { by: actor.username },
    });
    return { ok: true };
  });
  if (result.ok) deps.workQueued?.();
  return result;
}

/** Lifts the lock that refuses sign-in from unknown browsers after too many failures. */
export async function unlock(deps: Ports, actor: Actor, accountId: string, origin: RequestOrigin): Promise<ManageResult> {
  const account = await findAccountById(deps.db, accountId);
  if (!account) return { ok: false, problem: 'not_found' };
  authorize(actor, 'account.unlock', { accountId: account.id });
  const r = await unlockAccount(deps, account.username, actor.username, origin);
  return r === 'unlocked' ? { ok: true } : { ok: false, problem: 'unchanged' };
}
