// A change of e-mail address takes effect only when the link mailed to the NEW address is followed.
// The old address is told when the change is requested and again when it is done. The link is one of
// the one-time-link store's purposes (identity/tokens/one-time-link.ts: hashed, a newer request
// supersedes older ones, consumed by one conditional UPDATE, 24 hours). See email-change.mermaid.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { Account } from '../db/schema.ts';
import { updateAccount } from '../identity/accounts/account-repository.ts';
import { mailContext, type Ports } from '../ports.ts';
import { takeFromBudget } from '../identity/login/throttle.ts';
import { consumeLink, createLink, EMAIL_CHANGE_LINK_MS, lookUpLink, pendingLink, supersedeLinks, type LinkProblem } from '../identity/tokens/one-time-link.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { type Recipient } from '../mail/templates.ts';
import { formatJst } from '../platform/japanese/time.ts';
import { emailChangeConfirmMail, emailChangedMail, emailChangeRequestedMail } from './mails.ts';

export { EMAIL_CHANGE_LINK_MS };
/** Each request mails two addresses; the budget keeps the form from being used to flood a mailbox. */
export const EMAIL_CHANGE_BUDGET = { max: 5, windowMs: 3_600_000 };

export const emailChangeLink = (deps: Ports, raw: string) => `${deps.config.publicUrl.gmis}/profile/email/confirm/${raw}`;

const recipient = (account: Account, to: string): Recipient => ({
  accountId: account.id,
  to,
  displayName: account.display_name,
  username: account.username,
});

export interface PendingEmailChange {
  newEmail: string;
  requestedAt: number;
  expiresAt: number;
}

/** The change waiting for its link, if any (expired ones are not waiting any more). */
export async function pendingEmailChange(db: Db, now: number, accountId: string): Promise<PendingEmailChange | undefined> {
  const link = await pendingLink(db, now, accountId, 'email_change');
  return link && { newEmail: link.new_email, requestedAt: link.createdAt, expiresAt: link.expiresAt };
}

/** Takes one request from the account's budget; false when it is spent. Call inside the transaction. */
export function takeEmailChangeBudget(trx: Db, deps: Ports, accountId: string): Promise<boolean> {
  return takeFromBudget(trx, deps.clock, `email-change:${accountId}`, EMAIL_CHANGE_BUDGET);
}

/**
 * Records a request and queues both mails, inside the caller's transaction. Whether the address
 * belongs to another account too is deliberately not looked at: institutions share addresses, and
 * an answer either way would tell the user something about other accounts.
 */
export async function requestEmailChange(trx: Db, deps: Ports, account: Account, newEmail: string, origin: RequestOrigin): Promise<void> {
  const now = deps.clock.now();
  const { raw, expiresAt } = await createLink(trx, deps, account.id, 'email_change', { old_email: account.email, new_email: newEmail });
  const c = mailContext(deps.config);
  await enqueueMail(
    trx,
    deps,
    emailChangeConfirmMail(c, { ...recipient(account, newEmail), link: emailChangeLink(deps, raw), expiresAt: formatJst(expiresAt) }),
  );
  await enqueueMail(trx, deps, emailChangeRequestedMail(c, { ...recipient(account, account.email), newAddress: newEmail, requestedAt: formatJst(now) }));
  await recordAudit(trx, deps.clock, {
    type: 'email_change.requested',
    accountId: account.id,
    username: account.username,
    origin,
    details: { from: account.email, to: newEmail },
  });
}

/** 「変更を取り消す」, or the user typed the current address again. Returns whether anything was pending. */
export async function cancelEmailChange(trx: Db, deps: Ports, account: Account, origin: RequestOrigin): Promise<boolean> {
  const cancelled = await supersedeLinks(trx, deps.clock, account.id, 'email_change');
  if (cancelled === 0) return false;
  await recordAudit(trx, deps.clock, { type: 'email_change.cancelled', accountId: account.id, username: account.username, origin });
  return true;
}

export type EmailChangeLookup = { ok: true; changeId: string; newEmail: string; account: Account } | { ok: false; problem: LinkProblem };

/** Looks a link up without using it: opening the link (or a mail scanner fetching it) changes nothing. */
export async function viewEmailChangeLink(db: Db, deps: Ports, raw: string): Promise<EmailChangeLookup> {
  const link = await lookUpLink(db, deps, raw, 'email_change');
  if (!link.ok) return { ok: false, problem: link.problem };
  return { ok: true, changeId: link.linkId, newEmail: link.data.new_email, account: link.account };
}

export type EmailChangeResult = { ok: true; newEmail: string; accountId: string } | { ok: false; problem: LinkProblem };

/** Follows the link: the address changes, the old address hears of it. Works once, even under concurrent requests. */
export async function confirmEmailChange(deps: Ports, raw: string, origin: RequestOrigin): Promise<EmailChangeResult> {
  const result = await deps.db.transaction().execute(async (trx): Promise<EmailChangeResult> => {
    const link = await viewEmailChangeLink(trx, deps, raw);
    if (!link.ok) return link;
    if (!(await consumeLink(trx, deps.clock, 'email_change', link.changeId))) return { ok: false, problem: 'used' };
    const now = deps.clock.now();
    const { account } = link;
    await updateAccount(trx, account.id, { email: link.newEmail, updated_at: now });
    await enqueueMail(
      trx,
      deps,
      emailChangedMail(mailContext(deps.config), { ...recipient(account, account.email), newAddress: link.newEmail, changedAt: formatJst(now) }),
    );
    await recordAudit(trx, deps.clock, {
      type: 'email_change.completed',
      accountId: account.id,
      username: account.username,
      origin,
      details: { from: account.email, to: link.newEmail },
    });
    return { ok: true, newEmail: link.newEmail, accountId: account.id };
  });
  if (result.ok) deps.workQueued?.();
  return result;
}
