// ユーザ基礎情報: the person in charge of an account (名前, メール, 電話, 内線, Fax, 担当部署). Saving
// the form, or confirming it unchanged from the home page's first-sign-in notice, records
// profile_confirmed_at. A new e-mail address goes through email-change.ts before it is used.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Account } from '../db/schema.ts';
import { findAccountById, updateAccount } from '../identity/accounts/account-repository.ts';
import type { Ports } from '../ports.ts';
import { cancelEmailChange, pendingEmailChange, requestEmailChange, takeEmailChangeBudget, type PendingEmailChange } from './email-change.ts';

/** What the form carries, already validated and normalised (see the portal's form schema). */
export interface ProfileInput {
  familyName: string;
  givenName: string | null;
  email: string;
  phone: string | null;
  extension: string | null;
  fax: string | null;
  department: string | null;
}

export interface Profile {
  account: Account;
  pendingEmail: PendingEmailChange | undefined;
}

export async function loadProfile(deps: Ports, accountId: string): Promise<Profile | undefined> {
  const account = await findAccountById(deps.db, accountId);
  if (!account) return undefined;
  return { account, pendingEmail: await pendingEmailChange(deps.db, deps.clock.now(), accountId) };
}

/** The form's starting values: what is stored. */
export function profileInputOf(account: Account): ProfileInput {
  return {
    familyName: account.family_name ?? '',
    givenName: account.given_name,
    email: account.email,
    phone: account.phone,
    extension: account.extension,
    fax: account.fax,
    department: account.department,
  };
}

/** 名前 as shown: 姓 名 when given, otherwise nothing registered yet. */
export function personName(account: Account): string | undefined {
  const name = [account.family_name, account.given_name].filter(Boolean).join(' ');
  return name || undefined;
}

export type UpdateProfileResult =
  { ok: true; email: 'unchanged' | 'change_requested' | 'change_cancelled' } | { ok: false; problem: 'email_change_rate_limited' | 'no_account' };

export async function updateProfile(deps: Ports, accountId: string, input: ProfileInput, origin: RequestOrigin): Promise<UpdateProfileResult> {
  const result = await deps.db.transaction().execute(async (trx): Promise<UpdateProfileResult> => {
    const account = await findAccountById(trx, accountId);
    if (!account) return { ok: false, problem: 'no_account' };
    const emailChanges = input.email !== account.email;
    // Checked first, so a refused request saves nothing and the form comes back as typed.
    if (emailChanges && !(await takeEmailChangeBudget(trx, deps, account.id))) return { ok: false, problem: 'email_change_rate_limited' };

    const now = deps.clock.now();
    const values = {
      family_name: input.familyName,
      given_name: input.givenName,
      phone: input.phone,
      extension: input.extension,
      fax: input.fax,
      department: input.department,
    };
    await updateAccount(trx, account.id, { ...values, profile_confirmed_at: now, updated_at: now });
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => (account[k] ?? null) !== values[k]);
    await recordAudit(trx, deps.clock, {
      type: 'profile.updated',
      accountId: account.id,
      username: account.username,
      origin,
      details: { changed, emailChangeRequested: emailChanges },
    });

    if (emailChanges) {
      await requestEmailChange(trx, deps, account, input.email, origin);
      return { ok: true, email: 'change_requested' };
    }
    // Typing the current address again withdraws a change still waiting for its link.
    return { ok: true, email: (await cancelEmailChange(trx, deps, account, origin)) ? 'change_cancelled' : 'unchanged' };
  });
  if (result.ok && result.email === 'change_requested') deps.workQueued?.();
  return result;
}

/** 「この内容で間違いありません」 on the first-sign-in notice. */
export async function confirmProfile(deps: Ports, accountId: string, origin: RequestOrigin): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const account = await findAccountById(trx, accountId);
    if (!account) return;
    await updateAccount(trx, accountId, { profile_confirmed_at: now });
    await recordAudit(trx, deps.clock, { type: 'profile.confirmed', accountId, username: account.username, origin });
  });
}

/** 「変更を取り消す」 on the profile page. */
export async function withdrawEmailChange(deps: Ports, accountId: string, origin: RequestOrigin): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const account = await findAccountById(trx, accountId);
    return account ? cancelEmailChange(trx, deps, account, origin) : false;
  });
}
