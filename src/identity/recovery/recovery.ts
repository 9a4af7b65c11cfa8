// パスワードの再設定 (recovery). The request only queues a job with the username as typed — the same
// work whether or not the account exists — and always answers "check your mail". The job finds the
// account and, if there is one that may receive mail, sends the link. See state.mermaid.
import { recordAudit, type RequestOrigin } from '../../audit/audit-log.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { passwordChangedMail, recoveryMail, type Recipient } from '../../mail/templates.ts';
import { formatJst } from '../../platform/japan-time.ts';
import type { Account } from '../../db/schema.ts';
import { findAccountByUsername, normaliseUsername } from '../accounts/account-repository.ts';
import { mailContext, type IdentityDeps } from '../deps.ts';
import { clearThrottle, takeFromBudget } from '../login/throttle.ts';
import { setPasswordFromLink, type NewPassword, type SetPasswordResult } from '../password/set-password.ts';
import { endAccountSessions } from '../sessions/session-store.ts';
import { createLink, lookUpLink, type LinkLookup } from '../tokens/one-time-link.ts';

export const RECOVERY_JOB = 'recovery.send';

const recipient = (account: Account): Recipient => ({
  accountId: account.id,
  to: account.email,
  displayName: account.display_name,
  username: account.username,
});

/** Mail budget per username and per address, so the form cannot be used to flood a mailbox. */
export const RECOVERY_BUDGET_PER_USERNAME = { max: 5, windowMs: 3_600_000 };
export const RECOVERY_BUDGET_PER_IP = { max: 30, windowMs: 3_600_000 };

interface RecoveryJobPayload {
  username: string;
  ip: string;
  userAgent: string;
}

export type RecoveryRequestResult = 'queued' | 'rate_limited';

export async function requestRecovery(
  deps: IdentityDeps,
  usernameAsTyped: string,
  origin: RequestOrigin,
): Promise<RecoveryRequestResult> {
  const username = normaliseUsername(usernameAsTyped).slice(0, 64);
  const result = await deps.db.transaction().execute(async (trx): Promise<RecoveryRequestResult> => {
    const ipOk = await takeFromBudget(trx, deps.clock, `recovery-ip:${origin.ip}`, RECOVERY_BUDGET_PER_IP);
    const userOk = ipOk && (await takeFromBudget(trx, deps.clock, `recovery-user:${username}`, RECOVERY_BUDGET_PER_USERNAME));
    if (!userOk) return 'rate_limited';
    const payload: RecoveryJobPayload = { username, ip: origin.ip, userAgent: origin.userAgent.slice(0, 300) };
    await enqueueJob(trx, deps, RECOVERY_JOB, payload);
    return 'queued';
  });
  if (result === 'queued') deps.workQueued?.();
  return result;
}

/** The worker's half: mail the link if the account exists and may receive one. */
export async function sendRecoveryLink(deps: IdentityDeps, payload: unknown): Promise<void> {
  const p = payload as RecoveryJobPayload;
  const origin = { ip: p.ip, userAgent: p.userAgent };
  const account = await findAccountByUsername(deps.db, p.username);
  if (!account || account.state === 'disabled') {
    // "Address unknown: pretend we sent the mail" — recorded, nothing sent.
    await recordAudit(deps.db, deps.clock, {
      type: 'recovery.requested',
      accountId: account?.id ?? null,
      username: p.username,
      origin,
      details: { mailed: false, reason: account ? 'account_disabled' : 'unknown_username' },
    });
    return;
  }
  await deps.db.transaction().execute(async (trx) => {
    const token = await createLink(trx, deps, account.id, 'recovery', deps.config.resetLinkMs);
    await enqueueMail(
      trx,
      deps,
      recoveryMail(mailContext(deps.config), {
        ...recipient(account),
        link: `${deps.config.publicUrl.login}/password/reset/${token}`,
        expiresAt: formatJst(deps.clock.now() + deps.config.resetLinkMs),
      }),
    );
    await recordAudit(trx, deps.clock, {
      type: 'recovery.requested',
      accountId: account.id,
      username: account.username,
      origin,
      details: { mailed: true },
    });
  });
  deps.workQueued?.();
}

export function viewRecoveryLink(deps: IdentityDeps, raw: string): Promise<LinkLookup> {
  return lookUpLink(deps.db, deps, raw, 'recovery');
}

/**
 * Sets the new password, ends every session of the account, lifts a brute-force lock, tells the
 * owner by mail and signs this browser in.
 */
export async function completeRecovery(
  deps: IdentityDeps,
  raw: string,
  input: NewPassword,
  origin: RequestOrigin,
): Promise<SetPasswordResult> {
  const result = await setPasswordFromLink(deps, raw, 'recovery', input, origin, 'recovery.completed', async (trx, account) => {
    await endAccountSessions(trx, deps, account.id, 'password_reset');
    await clearThrottle(trx, `account:${account.username}`);
    await enqueueMail(
      trx,
      deps,
      passwordChangedMail(mailContext(deps.config), {
        ...recipient(account),
        changedAt: formatJst(deps.clock.now()),
      }),
    );
  });
  if (result.ok) deps.workQueued?.();
  return result;
}
