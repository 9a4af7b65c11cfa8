// 新規ユーザ登録申請 on the G-MIS origin, public, POST-redirect-GET throughout: GET /register (the
// form, drawn from the browser's draft) ← 303 ← POST /register (住所検索, 市区町村を表示, or 入力内容を
// 確認する) → 303 → GET /register/confirm → POST /register/submit (申請する or 修正する) → 303 →
// GET /register/done (the 申請番号). The draft (registration/draft.ts) carries what was typed between
// the steps; every step checks again on the server. /register/return/:token (GET: a button; POST:
// used once) opens a returned application from the link in the 差し戻し mail. The same steps serve a prefecture's 代理申請.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { Ports } from '../../../ports.ts';
import { normalisePostcode } from '../../../platform/japanese/text.ts';
import { placesOfPostcode, prefectureName, PREFECTURE_CODES } from '../../../institutions/places.ts';
import {
  APPLICATION_FIELDS,
  checkApplication,
  inFieldOrder,
  valuesOf,
  type ApplicationErrors,
  type ApplicationInput,
  type ApplicationValues,
} from '../../../registration/application.ts';
import {
  checkReturnLink,
  DRAFT_MS,
  loadDraft,
  openReturnLink,
  saveDraft,
  submitDraft,
  type Draft,
  type DraftData,
  type DraftNotice,
  type DraftOwner,
} from '../../../registration/draft.ts';
import { readWindow, windowState, type WindowState } from '../../../registration/window.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { originOf, sendHtml } from '../../../web/request.ts';
import { readForm } from '../portal/schema.ts';
import {
  ApplicationClosedPage,
  ApplicationConfirmPage,
  ApplicationDonePage,
  ApplicationFormPage,
  ReturnLinkPage,
  ReturnLinkProblemPage,
  placeLabel,
  type FormMode,
} from './pages.tsx';
import { authorize, placeScope } from '../../../policies.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { APPLICATION_FIELD_READ_MAX, doneQuery, formStep, STEP_FIELDS, STEP_READ_MAX, submitStep } from './schema.ts';

const EMPTY = Object.fromEntries(APPLICATION_FIELDS.map((f) => [f, ''])) as ApplicationValues;

/**
 * A town 住所検索 put at the start of 住所 is replaced by the next search's town; what the user typed after it stays, and an
 * 住所 they wrote themselves is never touched.
 */
function withTown(address: string, previousTown: string | undefined, town: string): { address: string; placed: boolean } {
  if (address.trim() === '') return { address: town, placed: town !== '' };
  if (previousTown && address.startsWith(previousTown)) return { address: town + address.slice(previousTown.length), placed: town !== '' };
  return { address, placed: false };
}

/**
 * 住所検索: fills 都道府県, 市区町村 and the town from the postcode, or says why it cannot — beside
 * the postcode when the address lies where this applicant may not apply (a prefecture's 代理申請).
 */
function lookUpPostcode(data: DraftData, values: ApplicationValues, prefectures: readonly string[]): DraftData {
  const postcode = normalisePostcode(values.postcode);
  if (!postcode)
    return { ...data, values, autoTown: data.autoTown, errors: { postcode: MESSAGES['registration.postcode.missing_for_lookup'] }, focus: 'postcode' };
  const places = placesOfPostcode(postcode);
  const formatted = `${postcode.slice(0, 3)}-${postcode.slice(3)}`;
  if (places.length === 0) {
    return {
      ...data,
      values: { ...values, postcode: formatted },
      notice: {
        kind: 'warning',
        title: MESSAGES['registration.postcode.not_found'](formatted),
        text: MESSAGES['registration.postcode.not_found.text'],
      },
      focus: prefectures.length > 1 ? 'prefecture_code' : 'municipality_code',
    };
  }
  const first = places[0]!;
  if (!prefectures.includes(first.prefectureCode)) {
    const own = prefectures.length === 1 ? prefectureName(prefectures[0]!)! : '管轄の都道府県';
    return {
      ...data,
      values: { ...values, postcode: formatted },
      errors: { postcode: MESSAGES['registration.postcode.outside_reach'](first.prefectureName, own) },
      focus: 'postcode',
    };
  }
  const sameMunicipality = places.every((p) => p.code === first.code);
  const towns = [...new Set(places.map((p) => p.town).filter(Boolean))];
  const town = towns.length === 1 ? towns[0]! : '';
  const filled = withTown(values.address, data.autoTown, town);
  const next: ApplicationValues = {
    ...values,
    postcode: formatted,
    prefecture_code: first.prefectureCode,
    municipality_code: sameMunicipality ? first.code : '',
    address: filled.address,
  };
  const where = sameMunicipality ? placeLabel(first.code) : first.prefectureName;
  const notice: DraftNotice =
    towns.length > 1 || !sameMunicipality
      ? {
          kind: 'info',
          title: MESSAGES['registration.postcode.filled'](where),
          text: MESSAGES['registration.postcode.filled.several_places'](towns.join('、')),
        }
      : filled.placed
        ? { kind: 'info', title: MESSAGES['registration.postcode.filled'](where + town), text: MESSAGES['registration.postcode.filled.town'] }
        : { kind: 'info', title: MESSAGES['registration.postcode.filled'](where), text: MESSAGES['registration.postcode.filled.address_kept'](town) };
  return { ...data, values: next, notice, autoTown: filled.placed ? town : undefined, focus: sameMunicipality ? 'address' : 'municipality_code' };
}

export async function gmisRegistrationRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;

  // The public form: open only while the office has it open; ten applications an hour per address.
  applicationFlow(app, {
    deps,
    base: '/register',
    cookie: 'gmis_registration',
    mode: async () => ({ kind: 'public' }),
    window: async () => windowState(await readWindow(deps.db), deps.clock.now()),
    prefectures: () => PREFECTURE_CODES,
    ownerOf: () => null,
    done: (reply, result) => reply.redirect(`/register/done?number=${encodeURIComponent(result.number)}`, 303),
  });

  app.get('/register/done', async (req, reply) => {
    const { number } = doneQuery.parse(req.query ?? {});
    if (!number) return reply.redirect('/register', 303);
    // Only the number it was given is shown: nothing of the application can be read from this page.
    return sendHtml(reply, 200, ApplicationDonePage({ number }));
  });

  // The link in the 差し戻し mail: its page asks for a press (a mail scanner following the link does
  // not use it up); the press, once, gives this browser the returned application's draft.
  app.get<{ Params: { token: string } }>('/register/return/:token', async (req, reply) => {
    const link = await checkReturnLink(deps, req.params.token);
    if (!link.ok) return sendHtml(reply, 200, ReturnLinkProblemPage({ problem: link.problem }));
    return sendHtml(reply, 200, ReturnLinkPage({ number: link.number, csrf: reply.generateCsrf() }));
  });
  app.post<{ Params: { token: string } }>('/register/return/:token', async (req, reply) => {
    const opened = await openReturnLink(deps, req.params.token);
    if (!opened.ok) return sendHtml(reply, 200, ReturnLinkProblemPage({ problem: opened.problem }));
    setDraftCookie(reply, deps, 'gmis_registration', '/register', opened.token);
    return reply.redirect('/register', 303);
  });

  // 代理申請: a prefecture (or the office) applies for an institution, whenever it needs to; the
  // application goes straight into its queue. Where it may apply is the policies' answer.
  // Authorized before anything is read or stored (a draft too): only those who may apply on behalf reach the steps.
  const mayApplyOnBehalf = async (req: FastifyRequest) => {
    const viewer = viewerOf(req).account;
    authorize(viewer, 'registration.submit_on_behalf', { prefectureCode: viewer.prefecture_code ?? '' });
  };
  const proxy = { preHandler: [requireGmisViewer, mayApplyOnBehalf] };
  applicationFlow(app, {
    deps,
    base: '/review/registrations/new',
    cookie: 'gmis_registration_proxy',
    routeOptions: proxy,
    mode: async (req, csrf) => {
      const viewer = viewerOf(req).account;
      authorize(viewer, 'registration.submit_on_behalf', { prefectureCode: viewer.prefecture_code ?? '' });
      return { kind: 'proxy', viewer, csrf };
    },
    window: async () => ({ open: true, closesAt: null }),
    prefectures: (req) => {
      const scope = placeScope(viewerOf(req).account, 'registration.submit_on_behalf');
      return scope.all ? PREFECTURE_CODES : scope.prefectures;
    },
    ownerOf: (req) => viewerOf(req).account.id,
    authorizeSubmission: (req, input) =>
      authorize(viewerOf(req).account, 'registration.submit_on_behalf', { prefectureCode: input.institution.prefectureCode }),
    done: (reply, result) => reply.redirect(`/review/registrations/${encodeURIComponent(result.id)}?done=proxy`, 303),
  });
}

function setDraftCookie(reply: FastifyReply, deps: Ports, name: string, path: string, token: string): void {
  reply.setCookie(name, token, { path, httpOnly: true, sameSite: 'lax', secure: deps.config.production, maxAge: Math.floor(DRAFT_MS / 1000) });
}

interface FlowOptions {
  deps: Ports;
  base: string;
  /** The draft cookie's name (its path is `base`). */
  cookie: string;
  routeOptions?: RouteShorthandOptions;
  /** Who fills the form; `csrf` is the response's one token (a second would replace the first's cookie). */
  mode(req: FastifyRequest, csrf: string): Promise<FormMode>;
  /** When applications are taken; while closed every step shows when they are taken again. */
  window(): Promise<WindowState>;
  /** The prefectures this applicant may apply in: all on the public form, its own for a prefecture. */
  prefectures(req: FastifyRequest): readonly string[];
  /** The signed-in account a 代理申請's draft belongs to; null on the public form. */
  ownerOf(req: FastifyRequest): string | null;
  authorizeSubmission?(req: FastifyRequest, input: ApplicationInput): void;
  done(reply: FastifyReply, result: { number: string; id: string }): FastifyReply;
}

/** The form → confirmation → submission steps at `base`, for the public and for 代理申請. */
function applicationFlow(app: FastifyInstance, o: FlowOptions): void {
  const { deps, base } = o;
  const options = o.routeOptions ?? {};
  type Open = Extract<WindowState, { open: true }>;
  /** The window, read once per request; while it is closed, the page saying when it opens is sent
   * and undefined returned. (Not the reply itself: a reply is thenable, so awaiting it would wait
   * for the response.) */
  const openWindow = async (reply: FastifyReply): Promise<Open | undefined> => {
    const w = await o.window();
    if (w.open) return w;
    sendHtml(reply, 200, ApplicationClosedPage({ opensAt: w.opensAt }));
    return undefined;
  };
  const owner = (req: FastifyRequest): DraftOwner => ({ base, ownerId: o.ownerOf(req) });
  const draftOf = (req: FastifyRequest) => loadDraft(deps, req.cookies[o.cookie], owner(req));
  /** The values as posted; an applicant with one prefecture to choose has it chosen. */
  const read = (req: FastifyRequest): ApplicationValues => {
    const values = readForm(req, APPLICATION_FIELDS, APPLICATION_FIELD_READ_MAX);
    const prefectures = o.prefectures(req);
    return prefectures.length === 1 ? { ...values, prefecture_code: prefectures[0]! } : values;
  };
  /** Checks the form; a prefecture applying outside its own hears so beside the field. */
  const check = (req: FastifyRequest, values: ApplicationValues): { ok: true; value: ApplicationInput } | { ok: false; errors: ApplicationErrors } => {
    const checked = checkApplication(values);
    const prefectures = o.prefectures(req);
    if (values.prefecture_code && !prefectures.includes(values.prefecture_code)) {
      const own = prefectures.length === 1 ? prefectureName(prefectures[0]!)! : '管轄の都道府県';
      return {
        ok: false,
        errors: inFieldOrder({ ...(checked.ok ? {} : checked.errors), prefecture_code: MESSAGES['registration.prefecture.outside_reach'](own) }),
      };
    }
    return checked;
  };
  /** Writes the draft's next step and answers 303 to the GET that shows it. */
  const step = async (req: FastifyRequest, reply: FastifyReply, draft: Draft | undefined, next: 'form' | 'confirm', data: DraftData) => {
    const saved = await saveDraft(deps, draft, owner(req), next, data, originOf(req));
    if (!saved.ok) {
      // Too many new drafts from this address: the form once more, as typed, with nothing stored.
      const w = await o.window();
      const csrf = reply.generateCsrf();
      return sendHtml(
        reply,
        429,
        ApplicationFormPage({
          mode: await o.mode(req, csrf),
          csrf,
          values: data.values,
          prefectures: o.prefectures(req),
          notice: { kind: 'error', title: MESSAGES['registration.rate_limited'], text: MESSAGES['registration.rate_limited.text'] },
          closesAt: w.open ? w.closesAt : null,
        }),
      );
    }
    setDraftCookie(reply, deps, o.cookie, base, saved.token ?? req.cookies[o.cookie]!);
    return reply.redirect(next === 'confirm' ? `${base}/confirm` : base, 303);
  };
  /** What carries over from step to step: the auto-filled town and the returned application. */
  const kept = (draft: Draft | undefined): Pick<DraftData, 'autoTown' | 'returned'> => ({ autoTown: draft?.data.autoTown, returned: draft?.data.returned });

  app.get(base, options, async (req, reply) => {
    const w = await openWindow(reply);
    if (!w) return reply;
    const draft = await draftOf(req);
    const prefectures = o.prefectures(req);
    const data: DraftData = draft && draft.step !== 'submitted' ? draft.data : { values: EMPTY };
    const values = prefectures.length === 1 ? { ...data.values, prefecture_code: prefectures[0]! } : data.values;
    const csrf = reply.generateCsrf();
    return sendHtml(
      reply,
      200,
      ApplicationFormPage({
        mode: await o.mode(req, csrf),
        csrf,
        values,
        prefectures,
        errors: data.errors,
        notice: data.notice,
        focus: data.focus,
        returned: data.returned,
        closesAt: w.closesAt,
      }),
    );
  });

  app.post(base, options, async (req, reply) => {
    const w = await openWindow(reply);
    if (!w) return reply;
    const draft = await draftOf(req);
    const values = read(req);
    const { intent } = formStep.parse(readForm(req, STEP_FIELDS, STEP_READ_MAX));
    if (intent === 'lookup') return step(req, reply, draft, 'form', lookUpPostcode({ values, ...kept(draft) }, values, o.prefectures(req)));
    if (intent === 'municipalities')
      return step(req, reply, draft, 'form', { ...kept(draft), values: { ...values, municipality_code: '' }, focus: 'municipality_code' });
    const checked = check(req, values);
    if (!checked.ok) return step(req, reply, draft, 'form', { ...kept(draft), values, errors: checked.errors });
    // From here on the values are as they will be stored (フリガナ in katakana, full width): so the
    // confirmation shows them, and 修正する brings them back.
    return step(req, reply, draft, 'confirm', { ...kept(draft), values: valuesOf(checked.value) });
  });

  app.get(`${base}/confirm`, options, async (req, reply) => {
    const w = await openWindow(reply);
    if (!w) return reply;
    const draft = await draftOf(req);
    if (draft?.step === 'submitted' && draft.submitted) return o.done(reply, draft.submitted);
    const checked = draft?.step === 'confirm' ? check(req, draft.data.values) : undefined;
    if (!draft || !checked?.ok) return reply.redirect(base, 303);
    const csrf = reply.generateCsrf();
    return sendHtml(
      reply,
      200,
      ApplicationConfirmPage({ mode: await o.mode(req, csrf), csrf, input: checked.value, values: draft.data.values, returned: draft.data.returned }),
    );
  });

  app.post(`${base}/submit`, options, async (req, reply) => {
    const w = await openWindow(reply);
    if (!w) return reply;
    const draft = await draftOf(req);
    // The draft expired (or its cookie is gone): what the confirmation page carried goes back into the form.
    if (!draft)
      return step(req, reply, undefined, 'form', {
        values: read(req),
        notice: { kind: 'warning', title: MESSAGES['registration.draft_expired'], text: MESSAGES['registration.draft_expired.text'] },
      });
    if (draft.step === 'submitted') return draft.submitted ? o.done(reply, draft.submitted) : reply.redirect(base, 303);
    const { intent } = submitStep.parse(readForm(req, STEP_FIELDS, STEP_READ_MAX));
    if (intent === 'back' || draft.step !== 'confirm') return step(req, reply, draft, 'form', { ...kept(draft), values: draft.data.values });
    const checked = check(req, draft.data.values);
    if (!checked.ok) return step(req, reply, draft, 'form', { ...kept(draft), values: draft.data.values, errors: checked.errors });
    o.authorizeSubmission?.(req, checked.value);
    const result = await submitDraft(deps, draft, checked.value, originOf(req), o.ownerOf(req));
    if (result.ok) return o.done(reply, result);
    // A second press of 申請する: the first one's result.
    if (result.problem === 'already_submitted') return result.submitted ? o.done(reply, result.submitted) : reply.redirect(base, 303);
    const notice: DraftNotice =
      result.problem === 'rate_limited'
        ? { kind: 'error', title: MESSAGES['registration.rate_limited'], text: MESSAGES['registration.rate_limited.text'] }
        : { kind: 'warning', title: MESSAGES['registration.already_resubmitted'], text: MESSAGES['registration.already_resubmitted.text'] };
    return step(req, reply, draft, 'form', { ...kept(draft), values: draft.data.values, notice });
  });
}
