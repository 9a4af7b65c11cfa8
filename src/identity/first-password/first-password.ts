// パスワード初期設定: the welcome mail's one-time link leads here; setting the password activates the
// account and signs the user in.
import type { RequestOrigin } from '../../audit/audit-log.ts';
import type { Account } from '../../db/schema.ts';
import type { Ports } from '../../ports.ts';
import { setPasswordFromLink, storeAccountPassword, type NewPassword, type PasswordFromLink, type SetPasswordResult } from '../password/set-password.ts';
import { lookUpLink, type LinkLookup } from '../tokens/one-time-link.ts';

const FIRST_PASSWORD: PasswordFromLink<'welcome'> = {
  purpose: 'welcome',
  audit: 'first_password.set',
  nameOf: (account) => account.username,
  store: storeAccountPassword,
};

export async function viewWelcomeLink(deps: Ports, raw: string): Promise<LinkLookup<'welcome'>> {
  const link = await lookUpLink(deps.db, deps, raw, 'welcome');
  // An account that already has a password has no use for its welcome link.
  if (link.ok && link.account.state !== 'pending_password') return { ok: false, problem: 'used', account: link.account };
  return link;
}

/** Sets the first password; returns the account (active now) and this browser's new session. */
export async function setFirstPassword(deps: Ports, raw: string, input: NewPassword, origin: RequestOrigin): Promise<SetPasswordResult<Account>> {
  const link = await viewWelcomeLink(deps, raw);
  if (!link.ok) return { ok: false, kind: 'link', problem: link.problem };
  return setPasswordFromLink(deps, FIRST_PASSWORD, raw, input, origin);
}
