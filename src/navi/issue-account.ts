// The office's side of 医療情報ネット staff accounts: issuing one with a temporary password, issuing a
// new temporary password, and the demo account. A temporary password is shown to the office once
// (the CLI prints it) and never mailed; it must be changed at the first sign-in.
import { recordAudit } from '../audit/audit-log.ts';
import { isUniqueViolation } from '../db/dialect.ts';
import type { NaviAccount } from '../db/schema.ts';
import { clearThrottle } from '../identity/login/throttle.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { RandomSource } from '../platform/secrets.ts';
import {
  findNaviAccountByUserId,
  insertNaviAccount,
  NAVI_USER_ID_PATTERN,
  newNaviAccount,
  normaliseNaviUserId,
  signsInThroughMedLogin,
  updateNaviAccount,
  userIdTakenIgnoringCase,
} from './accounts.ts';
import { naviMailContext, type NaviDeps } from './deps.ts';
import { naviAccountIssuedMail, naviTemporaryPasswordMail } from './mail.ts';
import { naviRecipient } from './password.ts';
import { naviSessions } from '../identity/sessions/session-store.ts';
import { naviAccountThrottleKey } from './sign-in.ts';

// No 0/O, 1/l/I: a temporary password is often read out or copied from paper.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const DIGITS = '23456789';
const ALL = UPPER + LOWER + DIGITS;

/** 12 characters (about 70 bits) with at least one upper-case letter, lower-case letter and digit. */
export function generateTemporaryPassword(random: RandomSource, length = 12): string {
  for (;;) {
    let password = '';
    for (let i = 0; i < length; i++) password += ALL[random.int(ALL.length)];
    if (/[A-Z]/.test(password) && /[a-z]/.test(password) && /[0-9]/.test(password)) return password;
  }
}

export interface NaviAccountRequest {
  userId: string;
  displayName: string;
  email: string;
  /** Who issued it (CLI, seed, office user), for the audit trail. */
  issuedBy: string;
}

export type IssueNaviAccountResult =
  { ok: true; account: NaviAccount; temporaryPassword: string } | { ok: false; problem: 'invalid_user_id' | 'user_id_taken' };

export async function issueNaviAccount(deps: NaviDeps, request: NaviAccountRequest): Promise<IssueNaviAccountResult> {
  const userId = normaliseNaviUserId(request.userId);
  if (!NAVI_USER_ID_PATTERN.test(userId)) return { ok: false, problem: 'invalid_user_id' };
  if (await userIdTakenIgnoringCase(deps.db, userId)) return { ok: false, problem: 'user_id_taken' };
  const temporaryPassword = generateTemporaryPassword(deps.random);
  const hash = await deps.hasher.hash(temporaryPassword);
  const account = newNaviAccount(deps, {
    user_id: userId,
    display_name: request.displayName,
    email: request.email,
    password_hash: hash,
    must_change_password: 1,
    gmis_account_id: null,
  });
  try {
    await deps.db.transaction().execute(async (trx) => {
      await insertNaviAccount(trx, account);
      await enqueueMail(trx, deps, naviAccountIssuedMail(naviMailContext(deps.config), naviRecipient(account)));
      await recordAudit(trx, deps.clock, {
        type: 'navi.account.issued',
        accountId: account.id,
        username: userId,
        details: { issuedBy: request.issuedBy },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, problem: 'user_id_taken' };
    throw err;
  }
  deps.workQueued?.();
  return { ok: true, account, temporaryPassword };
}

/**
 * The office issues a new temporary password (the user forgot theirs and has no mail access, or
 * the account may be compromised): the old password stops working, every session ends, a lock for
 * unknown browsers lifts, the owner is told by mail (without the password), and the next sign-in
 * forces a change.
 */
export async function reissueNaviTemporaryPassword(
  deps: NaviDeps,
  userId: string,
  issuedBy: string,
): Promise<{ ok: true; account: NaviAccount; temporaryPassword: string } | { ok: false; problem: 'unknown_user_id' | 'signs_in_through_med_login' }> {
  const account = await findNaviAccountByUserId(deps.db, normaliseNaviUserId(userId));
  if (!account) return { ok: false, problem: 'unknown_user_id' };
  if (signsInThroughMedLogin(account)) return { ok: false, problem: 'signs_in_through_med_login' };
  const temporaryPassword = generateTemporaryPassword(deps.random);
  const hash = await deps.hasher.hash(temporaryPassword);
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    await updateNaviAccount(trx, account.id, {
      password_hash: hash,
      must_change_password: 1,
      password_changed_at: now,
      untrusted_locked_at: null,
      updated_at: now,
    });
    await naviSessions.endAll(trx, deps, account.id, 'temporary_password');
    await clearThrottle(trx, naviAccountThrottleKey(account.user_id));
    await enqueueMail(trx, deps, naviTemporaryPasswordMail(naviMailContext(deps.config), naviRecipient(account)));
    await recordAudit(trx, deps.clock, {
      type: 'navi.account.temporary_password',
      accountId: account.id,
      username: account.user_id,
      details: { issuedBy },
    });
  });
  deps.workQueued?.();
  return { ok: true, account, temporaryPassword };
}

export const DEMO_NAVI_ACCOUNT = {
  userId: 'demo-navi01',
  displayName: 'デモ 医療情報ネット担当者',
  email: 'demo-navi@example.jp',
} as const;

/**
 * The demo staff account for a development start (never in production). When it exists already,
 * a new temporary password is issued, so the value returned always works.
 */
export async function seedDemoNaviAccount(deps: NaviDeps): Promise<{ userId: string; temporaryPassword: string }> {
  if (deps.config.production) throw new Error('demo data is never loaded in production');
  const issued = await issueNaviAccount(deps, { ...DEMO_NAVI_ACCOUNT, issuedBy: 'seed' });
  if (issued.ok) return { userId: issued.account.user_id, temporaryPassword: issued.temporaryPassword };
  const reissued = await reissueNaviTemporaryPassword(deps, DEMO_NAVI_ACCOUNT.userId, 'seed');
  if (!reissued.ok) throw new Error(`demo account ${DEMO_NAVI_ACCOUNT.userId} could not be created`);
  return { userId: reissued.account.user_id, temporaryPassword: reissued.temporaryPassword };
}
