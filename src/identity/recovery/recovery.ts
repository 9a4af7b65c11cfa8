// パスワードの再設定 (recovery), one flow for every kind of account (see state.mermaid); what differs —
// Med-Login's accounts or 医療情報ネット's staff accounts — is a strategy, as Ory Kratos plugs methods
// into one flow. The request only queues a job with the name as typed — the same work whether or not
// the account exists — and always answers "check your mail". The job finds the account and mails
// the link only to one that may have it ("address unknown: pretend we sent the mail").
import { recordAudit, type AuditType, type RequestOrigin } from '../../audit/audit-log.ts';
import type { Db } from '../../db/dialect.ts';
import type { Account } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { enqueueMail, type MailMessage } from '../../mail/outbox.ts';
import { passwordChangedMail, recoveryMail, type Recipient } from '../../mail/templates.ts';
import { formatJst } from '../../platform/japanese/time.ts';
import { findAccountByUsername, normaliseUsername } from '../accounts/account-repository.ts';
import { mailContext, type Ports } from '../../ports.ts';
import { clearThrottle, takeFromBudget } from '../login/throttle.ts';
import { accountPassword } from '../login/account-password.ts';
import { accountThrottleKey } from '../login/sign-in.ts';
import { setPasswordFromLink, storeAccountPassword, type NewPassword, type PasswordFromLink, type SetPasswordResult } from '../password/set-password.ts';
import { endAccountSessions } from '../sessions/session-store.ts';
import { createLink, lookUpLink, type AccountOf, type LinkLookup } from '../tokens/one-time-link.ts';

/** Mail budget per name and per address, so the form cannot be used to flood a mailbox. */
export const RECOVERY_BUDGET_PER_NAME = { max: 5, windowMs: 3_600_000 };
export const RECOVERY_BUDGET_PER_IP = { max: 30, windowMs: 3_600_000 };

type RecoveryPurpose = 'recovery' | 'navi_recovery';

/** What an account of one kind plugs into the flow. */
export interface RecoveryStrategy<P extends RecoveryPurpose> extends PasswordFromLink<P> {
  /** The worker's job that mails the link. */
  job: string;
  /** Prefix of the budget keys (`<prefix>-ip:…`, `<prefix>-user:…`). */
  budget: string;
  requestedAudit: AuditType;
  /** The name as typed → as stored (at most its column's length). */
  normalise(typed: string): string;
  find(db: Db, name: string): Promise<AccountOf<P> | undefined>;
  /**
   * Why this account gets no link, if it gets none: 'account_disabled', or another reason with the
   * mail it gets instead (e.g. "you sign in through Med-Login"). The request's answer is the same.
   */
  refusal(account: AccountOf<P>): { reason: string; instead?: (deps: Ports, account: AccountOf<P>) => MailMessage } | undefined;
  linkMail(deps: Ports, account: AccountOf<P>, link: string, expiresAt: string): MailMessage;
}

interface RecoveryJobPayload {
  /** The name as typed (normalised); `username` in jobs queued before the flows were one. */
  name?: string;
  username?: string;
  userId?: string;
  ip: string;
  userAgent: string;
}

export interface RecoveryFlow<P extends RecoveryPurpose> {
  strategy: RecoveryStrategy<P>;
  /** 「パスワードリセット」: takes from the budgets and queues the job. Same work for any name. */
  request(deps: Ports, typed: string, origin: RequestOrigin): Promise<'queued' | 'rate_limited'>;
  /** The worker's half: mails the link if the account exists and may have one. */
  send(deps: Ports, payload: unknown): Promise<void>;
  /** GET of the link: never consumes it. */
  view(deps: Ports, raw: string): Promise<LinkLookup<P>>;
  /** Sets the new password (every session ends, the owner is told) and signs this browser in; returns the account. */
  complete(deps: Ports, raw: string, input: NewPassword, origin: RequestOrigin): Promise<SetPasswordResult<AccountOf<P>>>;
}

export function recoveryFlow<P extends RecoveryPurpose>(strategy: RecoveryStrategy<P>): RecoveryFlow<P> {
  return {
    strategy,

    async request(deps, typed, origin) {
      const name = strategy.normalise(typed);
      const result = await deps.db.transaction().execute(async (trx) => {
        const ipOk = await takeFromBudget(trx, deps.clock, `${strategy.budget}-ip:${origin.ip}`, RECOVERY_BUDGET_PER_IP);
        const nameOk = ipOk && (await takeFromBudget(trx, deps.clock, `${strategy.budget}-user:${name}`, RECOVERY_BUDGET_PER_NAME));
        if (!nameOk) return 'rate_limited' as const;
        const payload: RecoveryJobPayload = { name, ip: origin.ip, userAgent: origin.userAgent.slice(0, 300) };
        await enqueueJob(trx, deps, strategy.job, payload);
        return 'queued' as const;
      });
      if (result === 'queued') deps.workQueued?.();
      return result;
    },

    async send(deps, payload) {
      const p = payload as RecoveryJobPayload;
      const name = p.name ?? p.username ?? p.userId ?? '';
      const origin = { ip: p.ip, userAgent: p.userAgent };
      const account = await strategy.find(deps.db, name);
      const refusal = account ? strategy.refusal(account) : { reason: 'unknown_name' };
      await deps.db.transaction().execute(async (trx) => {
        let mailed = false;
        if (account && !refusal) {
          const { raw, expiresAt } = await createLink(trx, deps, account.id, strategy.purpose);
          await enqueueMail(trx, deps, strategy.linkMail(deps, account, raw, formatJst(expiresAt)));
          mailed = true;
        } else if (account && refusal?.instead) {
          await enqueueMail(trx, deps, refusal.instead(deps, account));
        }
        await recordAudit(trx, deps.clock, {
          type: strategy.requestedAudit,
          accountId: account?.id ?? null,
          username: account ? strategy.nameOf(account) : name,
          origin,
          details: { mailed, ...(refusal ? { reason: refusal.reason } : {}) },
        });
      });
      deps.workQueued?.();
    },

    view: (deps, raw) => lookUpLink(deps.db, deps, raw, strategy.purpose),

    complete: (deps, raw, input, origin) => setPasswordFromLink(deps, strategy, raw, input, origin),
  };
}

// ── Med-Login's accounts ───────────────────────────────────────────────────────

const recipient = (account: Account): Recipient => ({
  accountId: account.id,
  to: account.email,
  displayName: account.display_name,
  username: account.username,
});

export const medLoginRecovery = recoveryFlow<'recovery'>({
  purpose: 'recovery',
  job: 'recovery.send',
  budget: 'recovery',
  requestedAudit: 'recovery.requested',
  audit: 'recovery.completed',
  normalise: (typed) => normaliseUsername(typed).slice(0, 64),
  find: findAccountByUsername,
  nameOf: (account) => account.username,
  refusal: (account) => (account.state === 'disabled' ? { reason: 'account_disabled' } : undefined),
  linkMail: (deps, account, raw, expiresAt) =>
    recoveryMail(mailContext(deps.config), { ...recipient(account), link: `${deps.config.publicUrl.login}/password/reset/${raw}`, expiresAt }),
  // Every session ends (single sign-on is ended by the route, which has the provider), a brute-force
  // lock is lifted, the owner is told by mail, and this browser signs in.
  async store(trx, deps, account, hash, origin) {
    await endAccountSessions(trx, deps, account.id, 'password_reset');
    await clearThrottle(trx, accountThrottleKey(accountPassword, account.username));
    await enqueueMail(trx, deps, passwordChangedMail(mailContext(deps.config), { ...recipient(account), changedAt: formatJst(deps.clock.now()) }));
    return storeAccountPassword(trx, deps, account, hash, origin);
  },
});

export const RECOVERY_JOB = medLoginRecovery.strategy.job;
// Med-Login's recovery by the names its routes, the worker and the office use.
export const requestRecovery = medLoginRecovery.request;
export const sendRecoveryLink = medLoginRecovery.send;
export const viewRecoveryLink = medLoginRecovery.view;
export const completeRecovery = medLoginRecovery.complete;
