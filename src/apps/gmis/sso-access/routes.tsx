// G-MIS routes for single sign-on to 医療情報ネット: the user's 利用申請 page and the office's queue.
// Thin: who is signed in → policy → zod → the SSO access domain → render or redirect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../../../policies.ts';
import { APPLICATION_PATH, OFFICE_QUEUE_PATH, ssoStanding, type SsoAccessDeps } from '../../../sso/access/access.ts';
import { decideSsoApplication, submitSsoApplication, type Decision } from '../../../sso/access/applications.ts';
import { liftSsoBlock } from '../../../sso/access/consent-refusal.ts';
import { listApplications, listBlocks } from '../../../sso/access/sso-access-repository.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { originOf, sendHtml } from '../../../web/request.ts';
import { flashFrom, type FlashTable } from '../flash.ts';
import { fieldErrors, readForm } from '../portal/schema.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { ApplicationPage, OfficeQueuePage, type FailedItem } from './pages.tsx';
import { APPLICATION_FIELDS, applicationForm, DECISION_FIELDS, decisionForm, LIFT_FIELDS, liftForm, TEXT_MAX } from './schema.ts';

/** What the office queue says after a redirect, by the `done` query value. */
const OFFICE_FLASH = {
  approved: { kind: 'success', message: 'sso_office.approved' },
  refused: { kind: 'success', message: 'sso_office.refused' },
  lifted: { kind: 'success', message: 'sso_office.lifted' },
  already_decided: { kind: 'info', message: 'sso_office.already_decided' },
  already_lifted: { kind: 'info', message: 'sso_office.already_lifted' },
} as const satisfies FlashTable<string>;

/** Field messages keyed by the element ids the office page gives each item's fields. */
const itemErrors = (errors: FieldErrors, id: string): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([field, message]) => [`${field}-${id}`, message]));

export async function gmisSsoAccessRoutes(app: FastifyInstance, o: { deps: SsoAccessDeps }): Promise<void> {
  const { deps } = o;
  const signedIn = { preHandler: requireGmisViewer };

  // ── 利用申請 ──────────────────────────────────────────────────────────
  const applicationPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: { values?: { reason?: string }; errors?: FieldErrors; notice?: string; problem?: string } = {},
  ) => {
    const viewer = viewerOf(req).account;
    const standing = await ssoStanding(deps, viewer);
    return sendHtml(reply, status, ApplicationPage({ csrf: reply.generateCsrf(), viewer, standing, officeAddress: deps.config.mail.officeAddress, ...extra }));
  };

  app.get(APPLICATION_PATH, signedIn, async (req, reply) => {
    const submitted = (req.query as Record<string, unknown>).submitted !== undefined;
    return applicationPage(req, reply, 200, submitted ? { notice: MESSAGES['sso_application.submitted'] } : {});
  });

  app.post(APPLICATION_PATH, signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    authorize(viewer, 'sso_application.submit');
    const values = readForm(req, APPLICATION_FIELDS, TEXT_MAX * 4);
    const parsed = applicationForm.safeParse(values);
    if (!parsed.success) return applicationPage(req, reply, 422, { values, errors: fieldErrors(parsed.error) });
    const result = await submitSsoApplication(deps, viewer, parsed.data, originOf(req));
    if (!result.ok) return applicationPage(req, reply, 409, { values, problem: MESSAGES[`sso_application.${result.problem}`] });
    return reply.redirect(`${APPLICATION_PATH}?submitted=1`, 303);
  });

  // ── 事務局: 申請の確認とブロックの解除 ─────────────────────────────────
  const officePage = async (req: FastifyRequest, reply: FastifyReply, status: number, failed?: FailedItem) => {
    const viewer = viewerOf(req).account;
    const done = String((req.query as Record<string, unknown>).done ?? '');
    const [pending, openBlocks, decided, lifted] = await Promise.all([
      listApplications(deps.db, 'pending'),
      listBlocks(deps.db, 'open'),
      listApplications(deps.db, 'decided'),
      listBlocks(deps.db, 'lifted'),
    ]);
    const flash = flashFrom(OFFICE_FLASH, done);
    return sendHtml(reply, status, OfficeQueuePage({ csrf: reply.generateCsrf(), viewer, pending, openBlocks, decided, lifted, flash, failed }));
  };

  app.get(OFFICE_QUEUE_PATH, signedIn, async (req, reply) => {
    authorize(viewerOf(req).account, 'sso_office_queue.view');
    return officePage(req, reply, 200);
  });

  app.post(`${OFFICE_QUEUE_PATH}/applications/:id`, signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    authorize(viewer, 'sso_office_queue.view');
    const { id } = req.params as { id: string };
    const values = readForm(req, DECISION_FIELDS, TEXT_MAX * 4);
    const parsed = decisionForm.safeParse(values);
    if (!parsed.success) {
      return officePage(req, reply, 422, { kind: 'application', id, errors: itemErrors(fieldErrors(parsed.error), id), values });
    }
    const { decision, reason } = parsed.data;
    const choice: Decision = decision === 'approve' ? { decision: 'approve', reason } : { decision: 'refuse', reason };
    const result = await decideSsoApplication(deps, viewer, id, choice, originOf(req));
    if (!result.ok && result.problem === 'not_found') return reply.callNotFound();
    const done = !result.ok ? 'already_decided' : decision === 'approve' ? 'approved' : 'refused';
    return reply.redirect(`${OFFICE_QUEUE_PATH}?done=${done}`, 303);
  });

  app.post(`${OFFICE_QUEUE_PATH}/blocks/:id/lift`, signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    authorize(viewer, 'sso_office_queue.view');
    const { id } = req.params as { id: string };
    const values = readForm(req, LIFT_FIELDS, TEXT_MAX * 4);
    const parsed = liftForm.safeParse(values);
    if (!parsed.success) return officePage(req, reply, 422, { kind: 'block', id, errors: itemErrors(fieldErrors(parsed.error), id), values });
    const result = await liftSsoBlock(deps, viewer, id, parsed.data.note, originOf(req));
    if (!result.ok && result.problem === 'not_found') return reply.callNotFound();
    return reply.redirect(`${OFFICE_QUEUE_PATH}?done=${result.ok ? 'lifted' : 'already_lifted'}`, 303);
  });
}
