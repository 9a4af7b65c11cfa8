// パスワード初期設定: the welcome mail's one-time link leads here; setting the password activates the
// account and signs the user in.
import type { RequestOrigin } from '../../audit/audit-log.ts';
import type { IdentityDeps } from '../deps.ts';
import { setPasswordFromLink, type NewPassword, type SetPasswordResult } from '../password/set-password.ts';
import { lookUpLink, type LinkLookup } from '../tokens/one-time-link.ts';

export async function viewWelcomeLink(deps: IdentityDeps, raw: string): Promise<LinkLookup> {
  const link = await lookUpLink(deps.db, deps, raw, 'welcome');
  // An account that already has a password has no use for its welcome link.
  if (link.ok && link.account.state !== 'pending_password') return { ok: false, problem: 'used', account: link.account };
  return link;
}

export async function setFirstPassword(
  deps: IdentityDeps,
  raw: string,
  input: NewPassword,
  origin: RequestOrigin,
): Promise<SetPasswordResult> {
  const link = await viewWelcomeLink(deps, raw);
  if (!link.ok) return { ok: false, kind: 'link', problem: link.problem };
  return setPasswordFromLink(deps, raw, 'welcome', input, origin, 'first_password.set', async () => {});
}
