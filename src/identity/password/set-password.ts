// The step both one-time-link flows end with: check the new password against the rules, then, in one
// transaction, use up the link, store the hash and open a session.
import { recordAudit, type AuditType, type RequestOrigin } from '../../audit/audit-log.ts';
import type { Db } from '../../db/dialect.ts';
import type { Account, TokenPurpose } from '../../db/schema.ts';
import { updateAccount } from '../accounts/account-repository.ts';
import type { IdentityDeps } from '../deps.ts';
import { createSession } from '../sessions/session-store.ts';
import { consumeLink, lookUpLink, type LinkProblem } from '../tokens/one-time-link.ts';
import { checkNewPassword, type PasswordProblem } from './policy.ts';

export interface NewPassword {
  password: string;
  confirmation: string;
}

export type SetPasswordResult =
  | { ok: true; account: Account; sessionToken: string }
  | { ok: false; kind: 'link'; problem: LinkProblem }
  | { ok: false; kind: 'password'; problems: PasswordProblem[]; account: Account };

export async function setPasswordFromLink(
  deps: IdentityDeps,
  raw: string,
  purpose: TokenPurpose,
  input: NewPassword,
  origin: RequestOrigin,
  audit: AuditType,
  /** Extra work in the same transaction (ending sessions, queuing mail …). */
  alsoInTransaction: (trx: Db, account: Account) => Promise<void>,
): Promise<SetPasswordResult> {
  const link = await lookUpLink(deps.db, deps, raw, purpose);
  if (!link.ok) return { ok: false, kind: 'link', problem: link.problem };
  const { account } = link;
  const problems = checkNewPassword(input.password, input.confirmation, { username: account.username, email: account.email });
  if (problems.length) return { ok: false, kind: 'password', problems, account };

  const hash = await deps.hasher.hash(input.password);
  const sessionToken = await deps.db.transaction().execute(async (trx) => {
    if (!(await consumeLink(trx, deps.clock, link.tokenId))) return undefined;
    const now = deps.clock.now();
    await updateAccount(trx, account.id, {
      password_hash: hash,
      password_changed_at: now,
      state: 'active',
      untrusted_locked_at: null,
      updated_at: now,
    });
    await alsoInTransaction(trx, account);
    const token = await createSession(trx, deps, account.id, origin);
    await recordAudit(trx, deps.clock, { type: audit, accountId: account.id, username: account.username, origin });
    return token;
  });
  if (!sessionToken) return { ok: false, kind: 'link', problem: 'used' };
  return { ok: true, account: { ...account, state: 'active' }, sessionToken };
}
