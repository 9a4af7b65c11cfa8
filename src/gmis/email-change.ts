// A change of e-mail address takes effect only when the link mailed to the NEW address is followed.
// The old address is told when the change is requested and again when it is done. Like every
// one-time link: a 256-bit token goes into the mail and only its keyed hash is stored, a newer
// request supersedes older ones, and the link is consumed by one conditional UPDATE. See email-change.mermaid.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { Account } from '../db/schema.ts';
import { mailContext, type IdentityDeps } from '../identity/deps.ts';
import { takeFromBudget } from '../identity/login/throttle.ts';
import type { LinkProblem } from '../identity/tokens/one-time-link.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { type Recipient } from '../mail/templates.ts';
import { formatJst } from '../platform/japan-time.ts';
import { emailChangeConfirmMail, emailChangedMail, emailChangeRequestedMail } from './mails.ts';

export const EMAIL_CHANGE_LINK_MS = 24 * 3_600_000;
/** Each request mails two addresses; the budget keeps the form from being used to flood a mailbox. */
export const EMAIL_CHANGE_BUDGET = { max: 5, windowMs: 3_600_000 };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const hashToken = (deps: IdentityDeps, raw: string) => deps.secrets.digest(raw, 'link:email_change');

export const emailChangeLink = (deps: IdentityDeps, raw: string) => `${deps.config.publicUrl.gmis}/profile/email/confirm/${raw}`;

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
  const row = await db
    .selectFrom('account_email_changes')
    .select(['new_email', 'created_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row && { newEmail: row.new_email, requestedAt: row.created_at, expiresAt: row.expires_at };
}

async function supersedePending(db: Db, now: number, accountId: string): Promise<number> {
  const result = await db
    .updateTable('account_email_changes')
    .set({ superseded_at: now })
    .where('account_id', '=', accountId)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Takes one request from the account's budget; false when it is spent. Call inside the transaction. */
export function takeEmailChangeBudget(trx: Db, deps: IdentityDeps, accountId: string): Promise<boolean> {
  return takeFromBudget(trx, deps.clock, `email-change:${accountId}`, EMAIL_CHANGE_BUDGET);
}

/**
 * Records a request and queues both mails, inside the caller's transaction. Whether the address
 * belongs to another account too is deliberately not looked at: institutions share addresses, and
 * an answer either way would tell the user something about other accounts.
 */
export async function requestEmailChange(trx: Db, deps: IdentityDeps, account: Account, newEmail: string, origin: RequestOrigin): Promise<void> {
  const now = deps.clock.now();
  await supersedePending(trx, now, account.id);
  const raw = deps.random.token();
  await trx
    .insertInto('account_email_changes')
    .values({
      id: deps.random.uuid(),
      account_id: account.id,
      old_email: account.email,
      new_email: newEmail,
      token_hash: hashToken(deps, raw),
      created_at: now,
      expires_at: now + EMAIL_CHANGE_LINK_MS,
      consumed_at: null,
      superseded_at: null,
    })
    .execute();
  const c = mailContext(deps.config);
  await enqueueMail(
    trx,
    deps,
    emailChangeConfirmMail(c, { ...recipient(account, newEmail), link: emailChangeLink(deps, raw), expiresAt: formatJst(now + EMAIL_CHANGE_LINK_MS) }),
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
export async function cancelEmailChange(trx: Db, deps: IdentityDeps, account: Account, origin: RequestOrigin): Promise<boolean> {
  const cancelled = await supersedePending(trx, deps.clock.now(), account.id);
  if (cancelled === 0) return false;
  await recordAudit(trx, deps.clock, { type: 'email_change.cancelled', accountId: account.id, username: account.username, origin });
  return true;
}

export type EmailChangeLookup =
  | { ok: true; changeId: string; newEmail: string; account: Account }
  | { ok: false; problem: LinkProblem };

/** Looks a link up without using it: opening the link (or a mail scanner fetching it) changes nothing. */
export async function viewEmailChangeLink(db: Db, deps: IdentityDeps, raw: string): Promise<EmailChangeLookup> {
  if (!TOKEN_SHAPE.test(raw)) return { ok: false, problem: 'unknown' };
  const row = await db
    .selectFrom('account_email_changes')
    .innerJoin('accounts', 'accounts.id', 'account_email_changes.account_id')
    .select([
      'account_email_changes.id as change_id',
      'account_email_changes.new_email',
      'account_email_changes.expires_at',
      'account_email_changes.consumed_at',
      'account_email_changes.superseded_at',
    ])
    .selectAll('accounts')
    .where('account_email_changes.token_hash', '=', hashToken(deps, raw))
    .executeTakeFirst();
  if (!row) return { ok: false, problem: 'unknown' };
  const { change_id, new_email, expires_at, consumed_at, superseded_at, ...account } = row;
  if (consumed_at !== null) return { ok: false, problem: 'used' };
  if (superseded_at !== null) return { ok: false, problem: 'superseded' };
  if (expires_at <= deps.clock.now()) return { ok: false, problem: 'expired' };
  if (account.state === 'disabled') return { ok: false, problem: 'account_disabled' };
  return { ok: true, changeId: change_id, newEmail: new_email, account };
}

export type EmailChangeResult = { ok: true; newEmail: string; accountId: string } | { ok: false; problem: LinkProblem };

/** Follows the link: the address changes, the old address hears of it. Works once, even under concurrent requests. */
export async function confirmEmailChange(deps: IdentityDeps, raw: string, origin: RequestOrigin): Promise<EmailChangeResult> {
  const result = await deps.db.transaction().execute(async (trx): Promise<EmailChangeResult> => {
    const link = await viewEmailChangeLink(trx, deps, raw);
    if (!link.ok) return link;
    const now = deps.clock.now();
    const consumed = await trx
      .updateTable('account_email_changes')
      .set({ consumed_at: now })
      .where('id', '=', link.changeId)
      .where('consumed_at', 'is', null)
      .where('superseded_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(consumed.numUpdatedRows) !== 1) return { ok: false, problem: 'used' };
    const { account } = link;
    await trx.updateTable('accounts').set({ email: link.newEmail, updated_at: now }).where('id', '=', account.id).execute();
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
