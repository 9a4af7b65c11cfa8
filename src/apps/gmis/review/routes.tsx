// G-MIS routes for reviewing 新規ユーザ登録申請 (prefectures, their health centres and delegates, the
// office). Thin: who is signed in → actor with jurisdiction → policy → the review domain → render
// or redirect. An application out of the actor's reach answers 404, like one that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InstitutionKind, RegistrationStatus } from '../../../db/schema.ts';
import { findAccountById } from '../../../identity/accounts/account-repository.ts';
import { accountHoldersOf } from '../../../identity/accounts/holder-repository.ts';
import type { Ports } from '../../../ports.ts';
import { municipalitiesOf, municipality } from '../../../institutions/places.ts';
import { actorOf, authorize, can, placeScope, type Actor } from '../../../policies.ts';
import {
  approve,
  approveMany,
  countApprovals,
  findForReview,
  listQueue,
  masterComparison,
  masterOf,
  mismatches,
  pendingIds,
  REASON_MAX,
  rejectApplication,
  resendAfterBounce,
  returnApplication,
  type QueueFilter,
} from '../../../registration/review.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { formField, formFields, originOf, sendHtml } from '../../../web/request.ts';
import { flashFrom, type Flash, type FlashTable } from '../flash.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { fieldErrors, readForm } from '../portal/schema.ts';
import { ApplicationReviewPage, QueuePage, REASON_DECISIONS, REVIEW_PATH } from './pages.tsx';
import { queueQuery, reasonForm, RESEND_FIELDS, resendForm, type QueueQuery } from './schema.ts';

const PAGE_SIZE = 50;
/** How many 「すべて承認」 approves at most in one request. */
export const BULK_MAX = 10_000;

/** What the review pages say after a redirect, by the `done` value the redirect carries. */
const DONE = {
  approved: { kind: 'success', message: 'review.approved' },
  existing: { kind: 'success', message: 'review.approved.existing_account' },
  returned: { kind: 'success', message: 'review.returned' },
  rejected: { kind: 'success', message: 'review.rejected' },
  already_decided: { kind: 'info', message: 'review.already_decided' },
  none_selected: { kind: 'error', message: 'review.none_selected' },
  resent: { kind: 'success', message: 'review.mail.resent' },
  no_failure: { kind: 'info', message: 'review.mail.no_failure' },
  account_in_use: { kind: 'info', message: 'review.mail.account_in_use' },
  proxy: { kind: 'success', message: 'review.proxy.submitted' },
} as const satisfies FlashTable<string>;
type Done = keyof typeof DONE;
/** Where a redirect goes to show `done` on the page at `path`. */
const doneHref = (path: string, done: Done) => `${path}?done=${done}`;

function filterOf(q: QueueQuery): QueueFilter {
  return {
    status: q.status === 'all' ? undefined : (q.status as RegistrationStatus),
    kind: q.kind as InstitutionKind | undefined,
    municipalityCode: q.municipality,
    q: q.q || undefined,
  };
}

/** The municipalities a reviewer can filter by: its prefecture's, or a health centre's own. */
function municipalitiesFor(actor: Actor): Array<{ code: string; name: string }> {
  const scope = placeScope(actor, 'registration.review');
  if (scope.all) return [];
  const codes = [...scope.prefectures.flatMap((p) => municipalitiesOf(p).map((m) => m.code)), ...scope.municipalities.map((m) => m.municipalityCode)];
  return [...new Set(codes)].map((code) => ({ code, name: municipality(code)?.name ?? code }));
}

export async function gmisReviewRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const signedIn = { preHandler: requireGmisViewer };
  const actorFor = (req: FastifyRequest) => actorOf(db, viewerOf(req).account);

  app.get(REVIEW_PATH, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'registration_queue.view');
    const q = queueQuery.parse(req.query ?? {});
    const filter = filterOf(q);
    const { rows, total } = await listQueue(db, actor, filter, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
    const compared = await masterComparison(db, rows);
    const flash: Flash | undefined = q.done === 'bulk' ? { kind: 'success', text: MESSAGES['review.approved.many'](q.n ?? 0) } : flashFrom(DONE, q.done);
    return sendHtml(
      reply,
      200,
      QueuePage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        filter,
        municipalities: municipalitiesFor(actor),
        rows: rows.map((application) => ({ application, master: compared.get(application.id)! })),
        total,
        page: q.page,
        pageSize: PAGE_SIZE,
        canApplyOnBehalf: can(actor, 'registration.submit_on_behalf', { prefectureCode: actor.prefecture_code ?? '' }),
        flash,
      }),
    );
  });

  app.post(`${REVIEW_PATH}/approve`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'registration_queue.view');
    let ids: string[];
    if (formField(req, 'all', 2) === '1') {
      const q = queueQuery.parse(req.query ?? {});
      ids = await pendingIds(db, actor, { kind: q.kind as InstitutionKind | undefined, municipalityCode: q.municipality, q: q.q || undefined }, BULK_MAX);
    } else {
      ids = formFields(req, 'ids', BULK_MAX);
    }
    if (ids.length === 0) return reply.redirect(doneHref(REVIEW_PATH, 'none_selected'), 303);
    // Each is checked against the policy again inside approve (an id out of reach is skipped).
    const counts = countApprovals(await approveMany(deps, actor, ids, originOf(req)));
    return reply.redirect(`${REVIEW_PATH}?done=bulk&n=${counts.issued + counts.existing}`, 303);
  });

  const reviewPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    id: string,
    status: number,
    extra: { errors?: FieldErrors; values?: Record<string, string> } = {},
  ) => {
    const application = await findForReview(db, actor, id);
    if (!application) return reply.callNotFound();
    const master = await masterOf(db, application);
    const existing = master ? (await accountHoldersOf(db, [master.id])).get(master.id) : undefined;
    const decidedBy = application.decided_by ? (await findAccountById(db, application.decided_by))?.display_name : undefined;
    const done = (req.query as Record<string, unknown> | undefined)?.done;
    return sendHtml(
      reply,
      status,
      ApplicationReviewPage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        application,
        master,
        mismatches: master ? mismatches(application, master) : [],
        existing,
        decidedBy,
        flash: flashFrom(DONE, done),
        ...extra,
      }),
    );
  };

  app.get<{ Params: { id: string } }>(`${REVIEW_PATH}/:id`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'registration_queue.view');
    return reviewPage(req, reply, actor, req.params.id, 200);
  });

  const afterDecision = (reply: FastifyReply, id: string, r: Awaited<ReturnType<typeof approve>>) => {
    if (!r.ok && r.problem === 'not_found') return reply.callNotFound();
    const done = !r.ok ? 'already_decided' : r.outcome === 'issued' ? 'approved' : r.outcome;
    return reply.redirect(doneHref(`${REVIEW_PATH}/${encodeURIComponent(id)}`, done), 303);
  };

  app.post<{ Params: { id: string } }>(`${REVIEW_PATH}/:id/approve`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'registration_queue.view');
    return afterDecision(reply, req.params.id, await approve(deps, actor, req.params.id, originOf(req)));
  });

  app.post<{ Params: { id: string } }>(`${REVIEW_PATH}/:id/resend`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'registration_queue.view');
    const values = readForm(req, RESEND_FIELDS, 500);
    const checked = resendForm.safeParse(values);
    if (!checked.success) return reviewPage(req, reply, actor, req.params.id, 422, { errors: fieldErrors(checked.error), values });
    const r = await resendAfterBounce(deps, actor, req.params.id, checked.data.resend_email, originOf(req));
    const done = r.ok ? 'resent' : r.problem;
    if (done === 'not_found') return reply.callNotFound();
    return reply.redirect(doneHref(`${REVIEW_PATH}/${encodeURIComponent(req.params.id)}`, done), 303);
  });

  const decisions = { return: returnApplication, reject: rejectApplication } as const;
  for (const { action, field, label } of REASON_DECISIONS) {
    const decide = decisions[action];
    const schema = reasonForm(field, label);
    app.post<{ Params: { id: string } }>(`${REVIEW_PATH}/:id/${action}`, signedIn, async (req, reply) => {
      const actor = await actorFor(req);
      authorize(actor, 'registration_queue.view');
      const values = readForm(req, [field], REASON_MAX * 4);
      const parsed = schema.safeParse(values);
      if (!parsed.success) return reviewPage(req, reply, actor, req.params.id, 422, { errors: fieldErrors(parsed.error), values });
      return afterDecision(reply, req.params.id, await decide(deps, actor, req.params.id, parsed.data[field], originOf(req)));
    });
  }
}
