// パスワードの再設定 for 医療情報ネット staff accounts (see state.mermaid). The request only queues a
// job with the ユーザーID as typed — the same work whether or not it exists — and always answers
// "check your mail"; the worker mails a link only when there is an active account.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import { enqueueJob } from '../jobs/job-queue.ts';
import { takeFromBudget } from '../identity/login/throttle.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatJst } from '../platform/japan-time.ts';
import type { NaviAccount } from '../db/schema.ts';
import type { LinkProblem } from '../identity/tokens/one-time-link.ts';
import { findNaviAccountByUserId, NAVI_USER_ID_MAX_LENGTH, normaliseNaviUserId } from './accounts.ts';
import { naviMailContext, type NaviDeps } from './deps.ts';
import { naviRecoveryMail } from './mail.ts';
import { consumeNaviPasswordLink, createNaviPasswordLink, lookUpNaviPasswordLink, type NaviLinkLookup } from './password-links.ts';
import { naviRecipient, newPasswordErrors, storeNewPassword, type NaviPasswordErrors, type NewPasswordInput } from './password.ts';
import { openNaviSession } from './sessions.ts';

export const NAVI_RECOVERY_JOB = 'navi.recovery.send';

/** Mail budgets, so the form cannot be used to flood someone's mailbox. */
export const NAVI_RECOVERY_BUDGET_PER_USER_ID = { max: 5, windowMs: 3_600_000 };
export const NAVI_RECOVERY_BUDGET_PER_IP = { max: 30, windowMs: 3_600_000 };

interface RecoveryJobPayload {
  userId: string;
  ip: string;
  userAgent: string;
}

export async function requestNaviRecovery(deps: NaviDeps, userIdAsTyped: string, origin: RequestOrigin): Promise<'queued' | 'rate_limited'> {
  const userId = normaliseNaviUserId(userIdAsTyped).slice(0, NAVI_USER_ID_MAX_LENGTH);
  const result = await deps.db.transaction().execute(async (trx) => {
    const ipOk = await takeFromBudget(trx, deps.clock, `navi-recovery-ip:${origin.ip}`, NAVI_RECOVERY_BUDGET_PER_IP);
    const idOk = ipOk && (await takeFromBudget(trx, deps.clock, `navi-recovery-user:${userId}`, NAVI_RECOVERY_BUDGET_PER_USER_ID));
    if (!idOk) return 'rate_limited' as const;
    const payload: RecoveryJobPayload = { userId, ip: origin.ip, userAgent: origin.userAgent.slice(0, 300) };
    await enqueueJob(trx, deps, NAVI_RECOVERY_JOB, payload);
    return 'queued' as const;
  });
  if (result === 'queued') deps.workQueued?.();
  return result;
}

/** The worker's half: mail a link when the ユーザーID belongs to an active account. */
export async function sendNaviRecoveryLink(deps: NaviDeps, payload: unknown): Promise<void> {
  const p = payload as RecoveryJobPayload;
  const origin = { ip: p.ip, userAgent: p.userAgent };
  const account = await findNaviAccountByUserId(deps.db, p.userId);
  if (!account || account.state !== 'active') {
    // Unknown or disabled: pretend we sent the mail. Recorded, nothing sent.
    await recordAudit(deps.db, deps.clock, {
      type: 'navi.recovery.requested',
      accountId: account?.id ?? null,
      username: p.userId,
      origin,
      details: { mailed: false, reason: account ? 'account_disabled' : 'unknown_user_id' },
    });
    return;
  }
  await deps.db.transaction().execute(async (trx) => {
    const token = await createNaviPasswordLink(trx, deps, account.id, deps.config.resetLinkMs);
    await enqueueMail(
      trx,
      deps,
      naviRecoveryMail(naviMailContext(deps.config), {
        ...naviRecipient(account),
        link: `${deps.config.publicUrl.navi}/staff/password/reset/${token}`,
        expiresAt: formatJst(deps.clock.now() + deps.config.resetLinkMs),
      }),
    );
    await recordAudit(trx, deps.clock, {
      type: 'navi.recovery.requested',
      accountId: account.id,
      username: account.user_id,
      origin,
      details: { mailed: true },
    });
  });
  deps.workQueued?.();
}

export function viewNaviRecoveryLink(deps: NaviDeps, raw: string): Promise<NaviLinkLookup> {
  return lookUpNaviPasswordLink(deps.db, deps, raw);
}

export type NaviRecoveryResult =
  | { ok: true; account: NaviAccount; sessionToken: string }
  | { ok: false; kind: 'link'; problem: LinkProblem }
  | { ok: false; kind: 'password'; errors: NaviPasswordErrors; account: NaviAccount };

/**
 * Sets the new password from a reset link: uses the link up, ends every session of the account,
 * queues the "password changed" mail and signs this browser in — all in one transaction.
 */
export async function completeNaviRecovery(deps: NaviDeps, raw: string, input: NewPasswordInput, origin: RequestOrigin): Promise<NaviRecoveryResult> {
  const link = await viewNaviRecoveryLink(deps, raw);
  if (!link.ok) return { ok: false, kind: 'link', problem: link.problem };
  const { account } = link;
  const errors = newPasswordErrors(account, input);
  if (Object.keys(errors).length) return { ok: false, kind: 'password', errors, account };

  const hash = await deps.hasher.hash(input.password);
  const sessionToken = await deps.db.transaction().execute(async (trx) => {
    if (!(await consumeNaviPasswordLink(trx, deps.clock, link.linkId))) return undefined;
    await storeNewPassword(trx, deps, account, hash, 'password_reset');
    await recordAudit(trx, deps.clock, { type: 'navi.recovery.completed', accountId: account.id, username: account.user_id, origin });
    return openNaviSession(trx, deps, { naviAccountId: account.id, method: 'local', ...origin });
  });
  if (!sessionToken) return { ok: false, kind: 'link', problem: 'used' };
  deps.workQueued?.();
  return { ok: true, account: { ...account, must_change_password: 0 }, sessionToken };
}
