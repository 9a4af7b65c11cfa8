// G-MIS routes of the office's お知らせ editor (notice.manage). Thin: read the form, call the domain
// (src/portal/notices.ts, the same functions `gmis notice` calls), render or redirect. A save, a
// publication or a withdrawal carries the version its page showed; one made stale by a colleague is
// refused with what they saved shown and what this editor typed kept.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { GmisNotice } from '../../../db/schema.ts';
import type { Ports } from '../../../ports.ts';
import { findNotice, type NoticeListState } from '../../../portal/notice-repository.ts';
import {
  createNoticeDraft,
  listNoticesForEditor,
  noticeContentSchema,
  noticeState,
  parsePublishAt,
  publishNotice,
  updateNotice,
  withdrawNotice,
  type NoticeEditor,
} from '../../../portal/notices.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { formField, originOf, sendHtml } from '../../../web/request.ts';
import { flashFrom, type FlashTable } from '../flash.ts';
import { fieldErrors, readForm } from '../portal/schema.ts';
import { signedInFor, viewerOf } from '../viewer.ts';
import { NewNoticePage, NoticeEditPage, noticeHref, NoticeListPage, NOTICES_PATH, type NoticeFormValues, type PublishFormValues } from './pages.tsx';

const PER_PAGE = 30;
const CONTENT_FIELDS = ['title', 'body', 'category'] as const;
const PUBLISH_FIELDS = ['when', 'publish_at'] as const;

const DONE = {
  saved: { kind: 'success', message: 'notice.saved' },
  edited: { kind: 'success', message: 'notice.edited' },
  published: { kind: 'success', message: 'notice.published_now' },
  scheduled: { kind: 'success', message: 'notice.scheduled' },
  withdrawn: { kind: 'success', message: 'notice.withdrawn' },
  stale: { kind: 'error', message: 'notice.stale_action' },
  closed: { kind: 'error', message: 'notice.withdrawn_already' },
  out: { kind: 'info', message: 'notice.published_already' },
} as const satisfies FlashTable<string>;
type Done = keyof typeof DONE;

const listQuery = z.object({
  state: z.enum(['draft', 'scheduled', 'published', 'withdrawn']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/** The version a form carried: a positive integer, else none (refused as stale). */
const versionOf = (req: FastifyRequest): number => {
  const v = Number(formField(req, 'version', 12));
  return Number.isSafeInteger(v) && v > 0 ? v : 0;
};

/** 公開のしかた: now, or at a time in the future (Japan time as typed). */
export const publishForm = (now: number) =>
  z.object({ when: z.string(), publish_at: z.string() }).transform((v, ctx): { at: number | null } => {
    if (v.when === 'now') return { at: null };
    if (v.when !== 'at') {
      ctx.addIssue({ code: 'custom', path: ['when'], message: MESSAGES['notice.when.unknown'] });
      return z.NEVER;
    }
    if (v.publish_at.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['publish_at'], message: MESSAGES['notice.publish_at.required'] });
      return z.NEVER;
    }
    const at = parsePublishAt(v.publish_at);
    if (at === undefined) ctx.addIssue({ code: 'custom', path: ['publish_at'], message: MESSAGES['notice.publish_at.unreadable'] });
    else if (at <= now) ctx.addIssue({ code: 'custom', path: ['publish_at'], message: MESSAGES['notice.publish_at.past'] });
    return at === undefined ? z.NEVER : { at };
  });

const contentOf = (n: GmisNotice): NoticeFormValues => ({ title: n.title, body: n.body, category: n.category });

export async function gmisOfficeNoticeRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const editors = signedInFor('notice.manage');
  const editorOf = (req: FastifyRequest): NoticeEditor => {
    const a = viewerOf(req).account;
    return { accountId: a.id, username: a.username };
  };
  const done = (id: string, d: Done) => `${noticeHref(id)}?done=${d}`;

  const editPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    notice: GmisNotice,
    extra: { values?: NoticeFormValues; publish?: PublishFormValues; errors?: FieldErrors; stale?: boolean } = {},
  ) => {
    const now = deps.clock.now();
    return sendHtml(
      reply,
      status,
      NoticeEditPage({
        viewer: viewerOf(req).account,
        csrf: reply.generateCsrf(),
        now,
        notice,
        version: notice.version,
        values: extra.values ?? contentOf(notice),
        publish: extra.publish ?? { when: noticeState(notice, now) === 'scheduled' ? 'at' : 'now', publish_at: '' },
        errors: extra.errors,
        stale: extra.stale,
        flash: flashFrom(DONE, (req.query as Record<string, unknown> | undefined)?.done),
        canEdit: notice.status !== 'withdrawn',
      }),
    );
  };

  app.get(NOTICES_PATH, editors, async (req, reply) => {
    const q = listQuery.parse(req.query ?? {});
    const now = deps.clock.now();
    const page = await listNoticesForEditor(db, now, { state: q.state as NoticeListState | undefined, page: q.page, pageSize: PER_PAGE });
    return sendHtml(
      reply,
      200,
      NoticeListPage({
        viewer: viewerOf(req).account,
        csrf: reply.generateCsrf(),
        now,
        state: q.state,
        page,
        flash: flashFrom(DONE, (req.query as Record<string, unknown> | undefined)?.done),
      }),
    );
  });

  app.get(`${NOTICES_PATH}/new`, editors, async (req, reply) =>
    sendHtml(reply, 200, NewNoticePage({ viewer: viewerOf(req).account, csrf: reply.generateCsrf(), values: { title: '', body: '', category: 'お知らせ' } })),
  );

  app.post(NOTICES_PATH, editors, async (req, reply) => {
    const values = readForm(req, CONTENT_FIELDS, 40_000);
    const parsed = noticeContentSchema.safeParse(values);
    if (!parsed.success)
      return sendHtml(reply, 422, NewNoticePage({ viewer: viewerOf(req).account, csrf: reply.generateCsrf(), values, errors: fieldErrors(parsed.error) }));
    const notice = await createNoticeDraft(deps, editorOf(req), parsed.data, originOf(req));
    return reply.redirect(done(notice.id, 'saved'), 303);
  });

  const load = async (req: FastifyRequest<{ Params: { id: string } }>) => (req.params.id.length <= 100 ? findNotice(db, req.params.id) : undefined);

  app.get<{ Params: { id: string } }>(`${NOTICES_PATH}/:id`, editors, async (req, reply) => {
    const notice = await load(req);
    if (!notice) return reply.callNotFound();
    return editPage(req, reply, 200, notice);
  });

  app.post<{ Params: { id: string } }>(`${NOTICES_PATH}/:id`, editors, async (req, reply) => {
    const notice = await load(req);
    if (!notice) return reply.callNotFound();
    const values = readForm(req, CONTENT_FIELDS, 40_000);
    const parsed = noticeContentSchema.safeParse(values);
    if (!parsed.success) return editPage(req, reply, 422, notice, { values, errors: fieldErrors(parsed.error) });
    const r = await updateNotice(deps, editorOf(req), notice.id, versionOf(req), parsed.data, originOf(req));
    if (r.ok) return reply.redirect(done(notice.id, 'edited'), 303);
    if (r.problem === 'not_found') return reply.callNotFound();
    if (r.problem === 'stale') return editPage(req, reply, 409, r.current ?? notice, { values, errors: { version: MESSAGES['notice.stale'] }, stale: true });
    return reply.redirect(done(notice.id, 'closed'), 303);
  });

  app.post<{ Params: { id: string } }>(`${NOTICES_PATH}/:id/publish`, editors, async (req, reply) => {
    const notice = await load(req);
    if (!notice) return reply.callNotFound();
    const publish = readForm(req, PUBLISH_FIELDS, 100);
    const parsed = publishForm(deps.clock.now()).safeParse(publish);
    if (!parsed.success) return editPage(req, reply, 422, notice, { publish, errors: fieldErrors(parsed.error) });
    const r = await publishNotice(deps, editorOf(req), notice.id, versionOf(req), parsed.data.at, originOf(req));
    if (r.ok) return reply.redirect(done(notice.id, parsed.data.at === null ? 'published' : 'scheduled'), 303);
    switch (r.problem) {
      case 'not_found':
        return reply.callNotFound();
      case 'past':
        // The time passed between the form's check and the domain's (a second at most).
        return editPage(req, reply, 422, r.current ?? notice, { publish, errors: { publish_at: MESSAGES['notice.publish_at.past'] } });
      case 'stale':
        return reply.redirect(done(notice.id, 'stale'), 303);
      case 'published':
        return reply.redirect(done(notice.id, 'out'), 303);
      case 'withdrawn':
        return reply.redirect(done(notice.id, 'closed'), 303);
    }
  });

  app.post<{ Params: { id: string } }>(`${NOTICES_PATH}/:id/withdraw`, editors, async (req, reply) => {
    const notice = await load(req);
    if (!notice) return reply.callNotFound();
    const r = await withdrawNotice(deps, editorOf(req), notice.id, versionOf(req), originOf(req));
    if (r.ok) return reply.redirect(done(notice.id, 'withdrawn'), 303);
    if (r.problem === 'not_found') return reply.callNotFound();
    return reply.redirect(done(notice.id, r.problem === 'stale' ? 'stale' : 'closed'), 303);
  });
}
