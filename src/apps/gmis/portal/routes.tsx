// The G-MIS portal's routes, on the G-MIS origin: ホーム, ユーザ基礎情報, お知らせ, お問合せ, FAQ,
// 操作の手引き, 検索 and the 準備中 pages. Thin: read the form, validate it (schema.ts), call the
// domain (src/portal/), render or redirect. Who is signed in comes from req.gmisViewer (viewer.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { confirmEmailChange, pendingEmailChange, viewEmailChangeLink } from '../../../portal/email-change.ts';
import { faqContext, faqGroups } from '../../../portal/faq.ts';
import { listOwnInquiries } from '../../../portal/inquiry-repository.ts';
import { inquiryThread, REFERENCE_PATTERN, submitInquiry } from '../../../portal/inquiries.ts';
import { findPublishedNotice, markNoticeRead } from '../../../portal/notice-repository.ts';
import { latestNotices, listNotices } from '../../../portal/notices.ts';
import { confirmProfile, loadProfile, profileInputOf, updateProfile, withdrawEmailChange } from '../../../portal/profile.ts';
import { searchPortal, SEARCH_QUERY_MAX } from '../../../portal/search.ts';
import type { Ports } from '../../../ports.ts';
import { actorOf, authorize, can } from '../../../policies.ts';
import { MESSAGES, type MessageId } from '../../../platform/messages/index.ts';
import { entryOf, originOf, sendHtml } from '../../../web/request.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { ComingSoonPage, HomePage, PublicHomePage } from './home.tsx';
import { FaqPage, HelpPage } from './help-pages.tsx';
import { InquiryDonePage, InquiryPage, type InquiryFormValues } from './inquiry-pages.tsx';
import { COMING_SOON, type ComingSoonPart, type PortalViewer } from './layout.tsx';
import { NoticeDetailPage, NoticesPage } from './notice-pages.tsx';
import { EmailChangedPage, EmailConfirmPage, EmailLinkProblemPage, ProfileEditPage, ProfilePage, type ProfileFormValues } from './profile-pages.tsx';
import { fieldErrors, INQUIRY_FIELDS, inquiryForm, PROFILE_FIELDS, profileForm, readForm } from './schema.ts';
import { SearchPage } from './search-page.tsx';

export interface GmisPortalOptions {
  deps: Ports;
}

export const NOTICES_PER_PAGE = 10;
const HOME_NOTICES = 5;

/** What /profile says after a save, by ?saved= (pending: the new address still waits for its link). */
const SAVED = {
  done: 'profile.saved',
  pending: 'profile.saved.email_pending',
  cancelled: 'profile.saved.email_cancelled',
} as const satisfies Record<string, MessageId>;
type SavedValue = keyof typeof SAVED;

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });

/** A query-string value as one string (a repeated parameter: the first). */
function queryText(req: FastifyRequest, name: string, max: number): string {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.slice(0, max) : '';
}

export async function gmisPortalRoutes(app: FastifyInstance, o: GmisPortalOptions): Promise<void> {
  const { deps } = o;
  const { config, db } = deps;
  const signedIn = { preHandler: requireGmisViewer };
  const faq = faqContext(config);
  /** The ログアウト form's token on pages that are public but may be seen signed in. */
  const maybeSignedIn = (req: FastifyRequest, reply: FastifyReply): PortalViewer =>
    req.gmisViewer ? { viewer: req.gmisViewer.account, csrf: reply.generateCsrf() } : { viewer: undefined };

  // ── ホーム ─────────────────────────────────────────────────────────────
  app.get('/', async (req, reply) => {
    // A visitor sees what G-MIS is and how to sign in, rather than being bounced to a login form.
    if (!req.gmisViewer) return sendHtml(reply, 200, PublicHomePage());
    const viewer = req.gmisViewer.account;
    const flash = queryText(req, 'confirmed', 2) ? MESSAGES['profile.confirmed'] : undefined;
    return sendHtml(
      reply,
      200,
      HomePage({
        viewer,
        csrf: reply.generateCsrf(),
        notices: await latestNotices(db, deps.clock.now(), viewer.id, HOME_NOTICES),
        naviSsoUrl: `${config.publicUrl.navi}/sso/start`,
        reviewsRegistrations: can(await actorOf(db, viewer), 'registration_queue.view'),
        reviewsReports: can(await actorOf(db, viewer), 'report_queue.view'),
        closesFacilities: can(await actorOf(db, viewer), 'closure.use'),
        seesReminders: can(await actorOf(db, viewer), 'reminder_settings.view'),
        flash,
      }),
    );
  });

  app.get('/soon/:part', signedIn, async (req, reply) => {
    const { part } = req.params as { part: string };
    if (!Object.hasOwn(COMING_SOON, part)) return reply.callNotFound();
    return sendHtml(reply, 200, ComingSoonPage({ viewer: viewerOf(req).account, csrf: reply.generateCsrf(), part: part as ComingSoonPart }));
  });

  // ── ユーザ基礎情報 ─────────────────────────────────────────────────────
  // Each account changes only its own: the id comes from the session, never from the request, so
  // there is no one else's profile to refuse (policies.ts has no rule for it until someone edits another's).
  app.get('/profile', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    const profile = await loadProfile(deps, viewer.id);
    if (!profile) return reply.callNotFound();
    const saved = entryOf(SAVED, queryText(req, 'saved', 20));
    const flash =
      saved === 'profile.saved.email_pending'
        ? profile.pendingEmail
          ? MESSAGES[saved](profile.pendingEmail.newEmail)
          : MESSAGES['profile.saved']
        : saved
          ? MESSAGES[saved]
          : queryText(req, 'cancelled', 2)
            ? MESSAGES['profile.email_change.cancelled']
            : undefined;
    return sendHtml(reply, 200, ProfilePage({ viewer: profile.account, csrf: reply.generateCsrf(), pending: profile.pendingEmail, flash }));
  });

  const editPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: ProfileFormValues,
    extra: { errors?: ReturnType<typeof fieldErrors>; problem?: string } = {},
  ) => {
    const viewer = viewerOf(req).account;
    const pending = await pendingEmailChange(db, deps.clock.now(), viewer.id);
    return sendHtml(reply, status, ProfileEditPage({ viewer, csrf: reply.generateCsrf(), values, pending, ...extra }));
  };

  app.get('/profile/edit', signedIn, async (req, reply) => {
    const input = profileInputOf(viewerOf(req).account);
    const values: ProfileFormValues = {
      family_name: input.familyName,
      given_name: input.givenName ?? '',
      email: input.email,
      phone: input.phone ?? '',
      extension: input.extension ?? '',
      fax: input.fax ?? '',
      department: input.department ?? '',
    };
    return editPage(req, reply, 200, values);
  });

  app.post('/profile', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    const values = readForm(req, PROFILE_FIELDS, 1000);
    const parsed = profileForm.safeParse(values);
    if (!parsed.success) return editPage(req, reply, 422, values, { errors: fieldErrors(parsed.error) });
    const f = parsed.data;
    const result = await updateProfile(
      deps,
      viewer.id,
      { familyName: f.family_name, givenName: f.given_name, email: f.email, phone: f.phone, extension: f.extension, fax: f.fax, department: f.department },
      originOf(req),
    );
    if (!result.ok) {
      if (result.problem === 'no_account') return reply.callNotFound();
      return editPage(req, reply, 429, values, { problem: MESSAGES['profile.email.rate_limited'] });
    }
    const saved = (
      { unchanged: 'done', change_requested: 'pending', change_cancelled: 'cancelled' } as const satisfies Record<typeof result.email, SavedValue>
    )[result.email];
    return reply.redirect(`/profile?saved=${saved}`, 303);
  });

  app.post('/profile/confirm', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    await confirmProfile(deps, viewer.id, originOf(req));
    return reply.redirect('/?confirmed=1', 303);
  });

  app.post('/profile/email/cancel', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    await withdrawEmailChange(deps, viewer.id, originOf(req));
    return reply.redirect('/profile?cancelled=1', 303);
  });

  // The link from the mail to the new address. Possession of the link is the proof; it may be
  // opened on another device, signed in or not. GET only shows; the button's POST changes.
  app.get('/profile/email/confirm/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const viewer = req.gmisViewer?.account;
    const link = await viewEmailChangeLink(db, deps, token);
    if (!link.ok) return sendHtml(reply, 410, EmailLinkProblemPage({ problem: link.problem, ...maybeSignedIn(req, reply) }));
    return sendHtml(
      reply,
      200,
      EmailConfirmPage({ csrf: reply.generateCsrf(), token, newEmail: link.newEmail, displayName: link.account.display_name, viewer }),
    );
  });

  app.post('/profile/email/confirm/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const result = await confirmEmailChange(deps, token, originOf(req));
    if (!result.ok) {
      return sendHtml(reply, 410, EmailLinkProblemPage({ problem: result.problem, ...maybeSignedIn(req, reply) }));
    }
    return reply.redirect('/profile/email/changed', 303);
  });

  app.get('/profile/email/changed', async (req, reply) => sendHtml(reply, 200, EmailChangedPage(maybeSignedIn(req, reply))));

  // ── お知らせ ───────────────────────────────────────────────────────────
  app.get('/notices', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    const { page } = pageQuery.parse({ page: queryText(req, 'page', 10) || undefined });
    const result = await listNotices(db, deps.clock.now(), viewer.id, { page, pageSize: NOTICES_PER_PAGE });
    return sendHtml(reply, 200, NoticesPage({ viewer, csrf: reply.generateCsrf(), page: result }));
  });

  app.get('/notices/:id', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    const { id } = req.params as { id: string };
    const now = deps.clock.now();
    const notice = id.length <= 100 ? await findPublishedNotice(db, now, id) : undefined;
    if (!notice) return reply.callNotFound();
    // Opening a notice is what marks it read; doing it twice changes nothing.
    await markNoticeRead(db, now, notice.id, viewer.id);
    return sendHtml(reply, 200, NoticeDetailPage({ viewer, csrf: reply.generateCsrf(), notice }));
  });

  // ── お問合せ ───────────────────────────────────────────────────────────
  const inquiryPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: InquiryFormValues,
    extra: { errors?: ReturnType<typeof fieldErrors>; problem?: string } = {},
  ) => {
    const viewer = viewerOf(req).account;
    const recent = await listOwnInquiries(db, viewer.id, 5);
    return sendHtml(reply, status, InquiryPage({ viewer, csrf: reply.generateCsrf(), values, recent, faqHref: '/faq', ...extra }));
  };

  app.get('/inquiry', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    authorize(viewer, 'inquiry.submit');
    return inquiryPage(req, reply, 200, { category: '', subject: '', body: '', contact_email: viewer.email, contact_phone: viewer.phone ?? '' });
  });

  app.post('/inquiry', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    authorize(viewer, 'inquiry.submit');
    const values = readForm(req, INQUIRY_FIELDS);
    const parsed = inquiryForm.safeParse(values);
    if (!parsed.success) return inquiryPage(req, reply, 422, values, { errors: fieldErrors(parsed.error) });
    const f = parsed.data;
    const result = await submitInquiry(
      deps,
      viewer,
      {
        category: f.category,
        subject: f.subject,
        body: f.body,
        contactEmail: f.contact_email,
        contactPhone: f.contact_phone,
      },
      originOf(req),
    );
    if (!result.ok) return inquiryPage(req, reply, 429, values, { problem: MESSAGES['inquiry.rate_limited'] });
    // POST → 303 → GET: reloading the confirmation page sends nothing again.
    return reply.redirect(`/inquiry/${result.reference}`, 303);
  });

  app.get('/inquiry/:reference', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    const { reference } = req.params as { reference: string };
    const thread = REFERENCE_PATTERN.test(reference) ? await inquiryThread(db, reference) : undefined;
    // Someone else's reference looks exactly like one that does not exist.
    if (!thread || !can(viewer, 'inquiry.view', { accountId: thread.inquiry.account_id })) return reply.callNotFound();
    return sendHtml(reply, 200, InquiryDonePage({ viewer, csrf: reply.generateCsrf(), inquiry: thread.inquiry, answers: thread.answers }));
  });

  // ── FAQ, 操作の手引き (public) ─────────────────────────────────────────
  app.get('/faq', async (req, reply) => sendHtml(reply, 200, FaqPage({ ...maybeSignedIn(req, reply), groups: faqGroups(faq) })));

  app.get('/help', async (req, reply) => sendHtml(reply, 200, HelpPage({ ...maybeSignedIn(req, reply), hosts: faq.hosts })));

  // ── 検索 ───────────────────────────────────────────────────────────────
  app.get('/search', signedIn, async (req, reply) => {
    const viewer = viewerOf(req).account;
    const query = queryText(req, 'q', SEARCH_QUERY_MAX).trim();
    const results = await searchPortal({ db, now: deps.clock.now(), faq }, query);
    return sendHtml(reply, 200, SearchPage({ viewer, csrf: reply.generateCsrf(), query, results }));
  });
}
