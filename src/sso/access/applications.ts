// SSO-use applications: a user who needs one submits it (one waiting at a time), the office approves
// or refuses it with a reason, and mail tells the other side. See state.mermaid.
import { recordAudit, type RequestOrigin } from '../../audit/audit-log.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { Account, SsoApplication } from '../../db/schema.ts';
import { mailContext } from '../../ports.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { sortableId } from '../../platform/secrets.ts';
import { authorize } from '../../policies.ts';
import { applicationPageUrl, officeQueueUrl, ssoStanding, type SsoAccessDeps } from './access.ts';
import { applicationDecidedMail, applicationReceivedMail, personOf, recipientOf } from './mails.ts';
import { accountById, decidePendingApplication, findApplication, insertApplication } from './sso-access-repository.ts';

export type SubmitProblem = 'not_needed' | 'already_pending' | 'already_approved';

/** Stores a pending application and tells the office, in one transaction. `reason` is already validated. */
export async function submitSsoApplication(
  deps: SsoAccessDeps,
  applicant: Account,
  form: { reason: string },
  origin?: RequestOrigin,
): Promise<{ ok: true; application: SsoApplication } | { ok: false; problem: SubmitProblem }> {
  authorize(applicant, 'sso_application.submit');
  const standing = await ssoStanding(deps, applicant);
  if (!standing.applicationNeed) return { ok: false, problem: 'not_needed' };
  if (standing.latestApplication?.status === 'pending') return { ok: false, problem: 'already_pending' };
  if (standing.latestApplication?.status === 'approved') return { ok: false, problem: 'already_approved' };

  const now = deps.clock.now();
  const application: SsoApplication = {
    id: sortableId(now, deps.random),
    account_id: applicant.id,
    reason: form.reason,
    status: 'pending',
    decided_by: null,
    decision_reason: null,
    created_at: now,
    decided_at: null,
  };
  try {
    await deps.db.transaction().execute(async (trx) => {
      await insertApplication(trx, application);
      await enqueueMail(
        trx,
        deps,
        applicationReceivedMail(mailContext(deps.config), {
          applicant: personOf(applicant),
          reason: form.reason,
          submittedAt: now,
          queueUrl: officeQueueUrl(deps),
        }),
      );
      await recordAudit(trx, deps.clock, {
        type: 'sso.application.submitted',
        accountId: applicant.id,
        username: applicant.username,
        origin,
        details: { applicationId: application.id, need: standing.applicationNeed },
      });
    });
  } catch (err) {
    // Two submissions raced; the partial unique index let only one through.
    if (isUniqueViolation(err)) return { ok: false, problem: 'already_pending' };
    throw err;
  }
  deps.workQueued?.();
  return { ok: true, application };
}

export type Decision = { decision: 'approve'; reason?: string | undefined } | { decision: 'refuse'; reason: string };

/**
 * The office approves or refuses a pending application; the applicant is mailed the outcome.
 * Throws Forbidden unless the actor may decide it (office, not their own).
 */
export async function decideSsoApplication(
  deps: SsoAccessDeps,
  actor: Account,
  applicationId: string,
  decision: Decision,
  origin?: RequestOrigin,
): Promise<{ ok: true; application: SsoApplication } | { ok: false; problem: 'not_found' | 'already_decided' }> {
  const found = await findApplication(deps.db, applicationId);
  if (!found) return { ok: false, problem: 'not_found' };
  authorize(actor, 'sso_application.decide', { accountId: found.account_id });
  if (decision.decision === 'refuse' && !decision.reason.trim()) throw new Error('a refusal needs a reason');

  const now = deps.clock.now();
  const status = decision.decision === 'approve' ? 'approved' : 'refused';
  const reason = decision.reason?.trim() || null;
  const decided = await deps.db.transaction().execute(async (trx) => {
    if (!(await decidePendingApplication(trx, found.id, { status, decidedBy: actor.id, reason, at: now }))) return false;
    const applicant = await accountById(trx, found.account_id);
    await enqueueMail(
      trx,
      deps,
      applicationDecidedMail(mailContext(deps.config), recipientOf(applicant), {
        approved: status === 'approved',
        reason,
        statusUrl: applicationPageUrl(deps),
      }),
    );
    await recordAudit(trx, deps.clock, {
      type: status === 'approved' ? 'sso.application.approved' : 'sso.application.refused',
      accountId: applicant.id,
      username: applicant.username,
      origin,
      details: { applicationId: found.id, decidedBy: actor.username, reason },
    });
    return true;
  });
  if (!decided) return { ok: false, problem: 'already_decided' };
  deps.workQueued?.();
  return { ok: true, application: { ...found, status, decided_by: actor.id, decision_reason: reason, decided_at: now } };
}
