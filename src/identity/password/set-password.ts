// The step every one-time-link flow that sets a password ends with (first password, Med-Login's
// reset, 医療情報ネット's staff reset): check the new password against the rules, then, in one
// transaction, use up the link, store the hash (and what else the flow does) and open a session.
import { recordAudit, type AuditType, type RequestOrigin } from '../../audit/audit-log.ts';
import type { Db } from '../../db/dialect.ts';
import type { Account } from '../../db/schema.ts';
import { updateAccount } from '../accounts/account-repository.ts';
import type { Ports } from '../../ports.ts';
import { createSession } from '../sessions/session-store.ts';
import { consumeLink, lookUpLink, type AccountOf, type LinkProblem, type LinkPurpose } from '../tokens/one-time-link.ts';
import { checkNewPassword, type PasswordProblem } from './policy.ts';

export interface NewPassword {
  password: string;
  confirmation: string;
}

export type SetPasswordResult<A> =
  | { ok: true; account: A; sessionToken: string }
  | { ok: false; kind: 'link'; problem: LinkProblem }
  | { ok: false; kind: 'password'; problems: PasswordProblem[]; account: A };

/** What a flow plugs into the step. */
export interface PasswordFromLink<P extends LinkPurpose> {
  purpose: P;
  audit: AuditType;
  /** The name the rules compare the password with, and the audit shows (username or ユーザーID). */
  nameOf(account: AccountOf<P>): string;
  /**
   * After the link is consumed, in the same transaction: store the hash with whatever else the flow
   * does (sessions ended, lock lifted, mail queued), open this browser's session and return its
   * token and the account as it now is.
   */
  store(trx: Db, deps: Ports, account: AccountOf<P>, hash: string, origin: RequestOrigin): Promise<{ sessionToken: string; account: AccountOf<P> }>;
}

export async function setPasswordFromLink<P extends LinkPurpose>(
  deps: Ports,
  flow: PasswordFromLink<P>,
  raw: string,
  input: NewPassword,
  origin: RequestOrigin,
): Promise<SetPasswordResult<AccountOf<P>>> {
  const link = await lookUpLink(deps.db, deps, raw, flow.purpose);
  if (!link.ok) return { ok: false, kind: 'link', problem: link.problem };
  const { account } = link;
  const problems = checkNewPassword(input.password, input.confirmation, { username: flow.nameOf(account), email: account.email });
  if (problems.length) return { ok: false, kind: 'password', problems, account };

  const hash = await deps.hasher.hash(input.password);
  const stored = await deps.db.transaction().execute(async (trx) => {
    if (!(await consumeLink(trx, deps.clock, flow.purpose, link.linkId))) return undefined;
    const result = await flow.store(trx, deps, account, hash, origin);
    await recordAudit(trx, deps.clock, { type: flow.audit, accountId: account.id, username: flow.nameOf(account), origin });
    return result;
  });
  if (!stored) return { ok: false, kind: 'link', problem: 'used' };
  deps.workQueued?.();
  return { ok: true, ...stored };
}

/**
 * Med-Login's storing of a password set from a link: the account becomes active, a brute-force lock
 * is lifted, and this browser signs in.
 */
export async function storeAccountPassword(
  trx: Db,
  deps: Ports,
  account: Account,
  hash: string,
  origin: RequestOrigin,
): Promise<{ sessionToken: string; account: Account }> {
  const now = deps.clock.now();
  const changes = { password_hash: hash, password_changed_at: now, state: 'active' as const, untrusted_locked_at: null, updated_at: now };
  await updateAccount(trx, account.id, changes);
  const sessionToken = await createSession(trx, deps, account.id, origin);
  return { sessionToken, account: { ...account, ...changes } };
}
