// Setting a 医療情報ネット staff password: the forced change after a temporary password (and any later
// change), and the common last step it shares with the reset link. The rules are Med-Login's
// (src/identity/password/policy.ts), with the ユーザーID in place of the username.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { NaviAccount, NaviSessionMethod, SessionEndReason } from '../db/schema.ts';
import type { NewPassword } from '../identity/password/set-password.ts';
import { readThrottle, recordFailure, ACCOUNT_POLICY, clearThrottle } from '../identity/login/throttle.ts';
import { checkNewPassword } from '../identity/password/policy.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatJst } from '../platform/japanese/time.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { localPasswordHash, updateNaviAccount } from './accounts.ts';
import { naviMailContext, type NaviDeps } from './deps.ts';
import { naviPasswordChangedMail, type NaviRecipient } from './mail.ts';
import { naviSessions } from '../identity/sessions/session-store.ts';
import { naviAccountThrottleKey } from './sign-in.ts';

export type NaviPasswordErrors = Partial<Record<'current_password' | 'password' | 'confirmation', string>>;

export const naviRecipient = (account: NaviAccount): NaviRecipient => ({
  naviAccountId: account.id,
  to: account.email,
  displayName: account.display_name,
  userId: account.user_id,
});

/** The policy's problems, the first one per field. Empty when the new password is acceptable. */
export function newPasswordErrors(account: NaviAccount, input: NewPassword): NaviPasswordErrors {
  const errors: NaviPasswordErrors = {};
  for (const p of checkNewPassword(input.password, input.confirmation, { username: account.user_id, email: account.email })) {
    errors[p.field] ??= p.message;
  }
  return errors;
}

/**
 * In the caller's transaction: stores the new hash, lifts the forced change, ends the account's
 * other sessions (all of them unless one is kept), lifts a lock for unknown browsers, resets the
 * sign-in counter and queues the "password changed" mail.
 */
export async function storeNewPassword(
  trx: Db,
  deps: NaviDeps,
  account: NaviAccount,
  hash: string,
  endReason: SessionEndReason,
  keepSessionId?: string,
): Promise<void> {
  const now = deps.clock.now();
  await updateNaviAccount(trx, account.id, {
    password_hash: hash,
    must_change_password: 0,
    password_changed_at: now,
    untrusted_locked_at: null,
    updated_at: now,
  });
  await naviSessions.endAll(trx, deps, account.id, endReason, keepSessionId);
  await clearThrottle(trx, naviAccountThrottleKey(account.user_id));
  await enqueueMail(trx, deps, naviPasswordChangedMail(naviMailContext(deps.config), { ...naviRecipient(account), changedAt: formatJst(now) }));
}

/** How the session asking for the change was opened. */
export interface SigningInSession {
  method: NaviSessionMethod;
  /** When the session was opened (its sign-in). */
  signedInAt: number;
}

/**
 * How long after signing in with a temporary password the forced change takes that sign-in as
 * proof of it. Later (a session left open at a shared PC) it asks for it, as every change does.
 */
export const TEMPORARY_PASSWORD_PROOF_MS = 15 * 60_000;

/**
 * Whether パスワードの変更 asks for the current password. Not right after signing in with the
 * temporary password (it was typed a moment ago); always for a change by choice.
 */
export function currentPasswordAsked(account: Pick<NaviAccount, 'must_change_password'>, session: SigningInSession, now: number): boolean {
  return !(account.must_change_password === 1 && session.method === 'local' && now - session.signedInAt < TEMPORARY_PASSWORD_PROOF_MS);
}

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; reason: 'invalid'; errors: NaviPasswordErrors }
  | { ok: false; reason: 'throttled'; retryAfterMs: number }
  | { ok: false; reason: 'no_local_password' };

/**
 * パスワードの変更 by the signed-in user: current password (see currentPasswordAsked), new one and its confirmation. Wrong
 * current passwords count against the same counter as sign-in, so a left-open session is no way
 * round the throttle. The session that made the change stays; every other one ends.
 */
export async function changeNaviPassword(
  deps: NaviDeps,
  p: { account: NaviAccount; sessionId: string; session: SigningInSession; currentPassword: string; origin: RequestOrigin } & NewPassword,
): Promise<ChangePasswordResult> {
  const { account } = p;
  const passwordHash = localPasswordHash(account);
  if (!passwordHash) return { ok: false, reason: 'no_local_password' };
  const throttleKey = naviAccountThrottleKey(account.user_id);
  const throttle = await readThrottle(deps.db, deps.clock, throttleKey, ACCOUNT_POLICY);
  const now = deps.clock.now();
  if (throttle.blockedUntil > now) return { ok: false, reason: 'throttled', retryAfterMs: throttle.blockedUntil - now };

  const errors: NaviPasswordErrors = newPasswordErrors(account, p);
  if (currentPasswordAsked(account, p.session, now)) {
    const currentOk = p.currentPassword !== '' && (await deps.hasher.verify(passwordHash, p.currentPassword));
    if (!p.currentPassword) errors.current_password = MESSAGES['navi.current_password.required'];
    else if (!currentOk) {
      errors.current_password = MESSAGES['navi.current_password.wrong'];
      await recordFailure(deps.db, deps.clock, throttleKey, ACCOUNT_POLICY);
    }
    if (currentOk && p.password === p.currentPassword) errors.password ??= MESSAGES['navi.password.same_as_current'];
  } else if (!errors.password && (await deps.hasher.verify(passwordHash, p.password))) {
    // Not asked for the temporary password, but it may not be kept either.
    errors.password = MESSAGES['navi.password.same_as_current'];
  }
  if (Object.keys(errors).length) return { ok: false, reason: 'invalid', errors };

  const hash = await deps.hasher.hash(p.password);
  await deps.db.transaction().execute(async (trx) => {
    await storeNewPassword(trx, deps, account, hash, 'password_changed', p.sessionId);
    await recordAudit(trx, deps.clock, {
      type: 'navi.password.changed',
      accountId: account.id,
      username: account.user_id,
      origin: p.origin,
      details: { forced: account.must_change_password === 1 },
    });
  });
  deps.workQueued?.();
  return { ok: true };
}
