// G-MIS routes of the office's お問合せ inbox (inquiry.answer). Thin: read the query or the form, call
// the domain (src/portal/inquiries.ts), render or redirect. Opening an inquiry marks it read; an
// answer, 完了 and 再開 carry the version the page showed, and one made stale by a colleague is refused
// (the answer typed is kept, nothing is sent).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ports } from '../../../ports.ts';
import {
  answerInquiry,
  answerSchema,
  inbox,
  INQUIRY_CATEGORIES,
  INQUIRY_STATUSES,
  inquiryThread,
  openInquiry,
  REFERENCE_PATTERN,
  setInquiryClosed,
  type InquiryThread,
} from '../../../portal/inquiries.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { normaliseLine } from '../../../platform/japanese/text.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { formField, originOf, sendHtml } from '../../../web/request.ts';
import { flashFrom, type FlashTable } from '../flash.ts';
import { signedInFor, viewerOf } from '../viewer.ts';
import { InboxPage, inquiryHref, InquiryOfficePage, INQUIRIES_PATH } from './pages.tsx';

const PER_PAGE = 30;

const DONE = {
  answered: { kind: 'success', message: 'inquiry.answered' },
  closed: { kind: 'success', message: 'inquiry.closed' },
  reopened: { kind: 'success', message: 'inquiry.reopened' },
  stale: { kind: 'error', message: 'inquiry.stale_action' },
} as const satisfies FlashTable<string>;

/** The inbox's filter (?status=&category=&q=&page=): anything unreadable is no filter. */
const inboxQuery = z.object({
  status: z.enum(INQUIRY_STATUSES).optional().catch(undefined),
  category: z.enum(INQUIRY_CATEGORIES).optional().catch(undefined),
  q: z
    .string()
    .transform((s) => normaliseLine(s.slice(0, 100)))
    .catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

const versionOf = (req: FastifyRequest): number => {
  const v = Number(formField(req, 'version', 12));
  return Number.isSafeInteger(v) && v > 0 ? v : 0;
};

export async function gmisOfficeInquiryRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const office = signedInFor('inquiry.answer');
  type WithReference = FastifyRequest<{ Params: { reference: string } }>;
  const referenceOf = (req: WithReference): string | undefined => (REFERENCE_PATTERN.test(req.params.reference) ? req.params.reference : undefined);

  const page = (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    thread: InquiryThread,
    extra: { answer?: string; errors?: FieldErrors; stale?: boolean } = {},
  ) =>
    sendHtml(
      reply,
      status,
      InquiryOfficePage({
        viewer: viewerOf(req).account,
        csrf: reply.generateCsrf(),
        thread,
        answer: extra.answer ?? '',
        errors: extra.errors,
        stale: extra.stale,
        flash: flashFrom(DONE, (req.query as Record<string, unknown> | undefined)?.done),
      }),
    );

  app.get(INQUIRIES_PATH, office, async (req, reply) => {
    const f = inboxQuery.parse(req.query ?? {});
    const result = await inbox(db, { status: f.status, category: f.category, q: f.q, page: f.page, pageSize: PER_PAGE });
    return sendHtml(
      reply,
      200,
      InboxPage({ viewer: viewerOf(req).account, csrf: reply.generateCsrf(), filter: { status: f.status, category: f.category ?? '', q: f.q }, page: result }),
    );
  });

  app.get<{ Params: { reference: string } }>(`${INQUIRIES_PATH}/:reference`, office, async (req, reply) => {
    const reference = referenceOf(req);
    const thread = reference && (await openInquiry(deps, viewerOf(req).account, reference, originOf(req)));
    if (!thread) return reply.callNotFound();
    return page(req, reply, 200, thread);
  });

  app.post<{ Params: { reference: string } }>(`${INQUIRIES_PATH}/:reference/answer`, office, async (req, reply) => {
    const reference = referenceOf(req);
    const thread = reference && (await inquiryThread(db, reference));
    if (!reference || !thread) return reply.callNotFound();
    const answer = formField(req, 'answer', 20_000);
    const parsed = answerSchema.safeParse(answer);
    if (!parsed.success) return page(req, reply, 422, thread, { answer, errors: { answer: parsed.error.issues[0]!.message } });
    const r = await answerInquiry(deps, viewerOf(req).account, reference, versionOf(req), parsed.data, originOf(req));
    if (r.ok) return reply.redirect(`${inquiryHref(reference)}?done=answered`, 303);
    if (r.problem === 'not_found') return reply.callNotFound();
    // Stale or closed meanwhile: nothing was sent; the thread as it is now, the answer kept.
    const now = (await inquiryThread(db, reference)) ?? thread;
    const message = r.problem === 'stale' ? MESSAGES['inquiry.stale'] : MESSAGES['inquiry.closed_already'];
    return page(req, reply, 409, now, { answer, errors: { version: message }, stale: true });
  });

  for (const [action, closed] of [
    ['close', true],
    ['reopen', false],
  ] as const) {
    app.post<{ Params: { reference: string } }>(`${INQUIRIES_PATH}/:reference/${action}`, office, async (req, reply) => {
      const reference = referenceOf(req);
      if (!reference) return reply.callNotFound();
      const r = await setInquiryClosed(deps, viewerOf(req).account, reference, versionOf(req), closed, originOf(req));
      if (!r.ok && r.problem === 'not_found') return reply.callNotFound();
      return reply.redirect(`${inquiryHref(reference)}?done=${r.ok ? (closed ? 'closed' : 'reopened') : 'stale'}`, 303);
    });
  }
}
