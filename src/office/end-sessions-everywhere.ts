// Ending an account's sessions on every origin at once, in the caller's transaction: Med-Login's,
// single sign-on's (the provider's sessions and grants), G-MIS's, and those of the 医療情報ネット
// account linked to it. Needs no provider instance, so a process serving G-MIS only can do it; the
// applications are told afterwards by the worker.
import type { Db } from '../db/dialect.ts';
import type { SessionEndReason } from '../db/schema.ts';
import { enqueueJob } from '../jobs/job-queue.ts';
import { naviAccountIdsLinkedTo } from '../navi/account-repository.ts';
import { removeSingleSignOnOfAccount, SSO_LOGOUT_JOB } from '../sso/provider/sso-sessions.ts';
import { gmisSessions, loginSessions, naviSessions, type SessionDeps } from '../identity/sessions/session-store.ts';

export async function endSessionsEverywhere(trx: Db, deps: Pick<SessionDeps, 'clock' | 'random'>, accountId: string, reason: SessionEndReason): Promise<void> {
  await loginSessions.endAll(trx, deps, accountId, reason);
  // Every application is told by back-channel logout (the worker builds a provider for it), so
  // ones outside the platform end their sessions too.
  const links = await removeSingleSignOnOfAccount(trx, accountId);
  if (links.length) await enqueueJob(trx, deps, SSO_LOGOUT_JOB, { links });
  await gmisSessions.endAll(trx, deps, accountId, reason);
  for (const naviAccountId of await naviAccountIdsLinkedTo(trx, accountId)) await naviSessions.endAll(trx, deps, naviAccountId, reason);
}
