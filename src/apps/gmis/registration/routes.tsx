// 新規ユーザ登録申請 on the G-MIS origin, public: GET /register (the form, or when it opens next) →
// POST /register (住所検索, 市区町村を表示, or 入力内容を確認する) → POST /register/submit (申請する or
// 修正する) → 303 → GET /register/done (the 申請番号). Every step re-checks on the server; the
// confirmation page carries what was typed in hidden fields and nothing is stored before 申請する.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { IdentityDeps } from '../../../identity/deps.ts';
import { normalisePostcode } from '../../../gmis/japanese-input.ts';
import { placesOfPostcode } from '../../../institutions/places.ts';
import { APPLICATION_FIELDS, APPLICATION_NUMBER_PATTERN, checkApplication, submitApplication, valuesOf, type ApplicationErrors, type ApplicationInput, type ApplicationValues } from '../../../registration/application.ts';
import { readWindow, windowState, type WindowState } from '../../../registration/window.ts';
import { formField, originOf, sendHtml } from '../../../web/request.ts';
import { readForm } from '../portal/schema.ts';
import { ApplicationClosedPage, ApplicationConfirmPage, ApplicationDonePage, ApplicationFormPage, placeLabel, type FormMode, type FormNotice } from './pages.tsx';
import { authorize } from '../../../policies.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';

const EMPTY = Object.fromEntries(APPLICATION_FIELDS.map((f) => [f, ''])) as ApplicationValues;
/** What a field may carry back into the page (the longest field allows 400 characters). */
const FIELD_MAX = 1000;

/** Fills 都道府県, 市区町村 and the town from the postcode, or says why it cannot. */
function lookUpPostcode(values: ApplicationValues): { values: ApplicationValues; notice: FormNotice } {
  const postcode = normalisePostcode(values.postcode);
  if (!postcode) return { values, notice: { kind: 'error', title: '郵便番号を7桁の数字で入力してから「住所検索」を押してください。' } };
  const places = placesOfPostcode(postcode);
  const formatted = `${postcode.slice(0, 3)}-${postcode.slice(3)}`;
  if (places.length === 0) {
    return {
      values: { ...values, postcode: formatted },
      notice: {
        kind: 'warning',
        title: `郵便番号 ${formatted} の住所は見つかりませんでした。`,
        text: '事業所の個別郵便番号などは検索できません。番号に誤りがなければ、都道府県・市区町村・住所を入力してください。',
      },
    };
  }
  const first = places[0]!;
  const sameMunicipality = places.every((p) => p.code === first.code);
  const towns = [...new Set(places.map((p) => p.town).filter(Boolean))];
  const next: ApplicationValues = {
    ...values,
    postcode: formatted,
    prefecture_code: first.prefectureCode,
    municipality_code: sameMunicipality ? first.code : '',
    // The town goes in only when it is unambiguous and nothing was typed there yet.
    address: values.address.trim() === '' && towns.length === 1 ? towns[0]! : values.address,
  };
  const where = sameMunicipality ? placeLabel(first.code) : first.prefectureName;
  return {
    values: next,
    notice:
      towns.length > 1 || !sameMunicipality
        ? { kind: 'info', title: `${where}を入力しました。`, text: `この郵便番号には複数の地域があります（${towns.join('、')}）。市区町村と住所を確認してください。` }
        : { kind: 'info', title: `${where}${towns[0] ?? ''}を入力しました。`, text: '続けて番地を入力してください。' },
  };
}

export async function gmisRegistrationRoutes(app: FastifyInstance, o: { deps: IdentityDeps }): Promise<void> {
  const { deps } = o;

  // The public form: open only while the office has it open; ten applications an hour per address.
  applicationFlow(app, {
    deps,
    base: '/register',
    mode: async () => ({ kind: 'public' }),
    window: async () => windowState(await readWindow(deps.db), deps.clock.now()),
    submittedBy: () => null,
    done: (reply, result) => reply.redirect(`/register/done?number=${encodeURIComponent(result.number)}`, 303),
  });

  app.get('/register/done', async (req, reply) => {
    const number = (req.query as Record<string, unknown>).number;
    if (typeof number !== 'string' || !APPLICATION_NUMBER_PATTERN.test(number)) return reply.redirect('/register', 303);
    // Only the number it was given is shown: nothing of the application can be read from this page.
    return sendHtml(reply, 200, ApplicationDonePage({ number }));
  });

  // 代理申請: a prefecture (or the office) applies for an institution, whenever it needs to; the
  // application goes straight into its queue.
  const proxy = { preHandler: requireGmisViewer };
  applicationFlow(app, {
    deps,
    base: '/review/registrations/new',
    routeOptions: proxy,
    mode: async (req, csrf) => {
      const viewer = viewerOf(req).account;
      authorize(viewer, 'registration.submit_on_behalf', { prefectureCode: viewer.prefecture_code ?? '' });
      return { kind: 'proxy', viewer, csrf };
    },
    window: async () => ({ open: true, closesAt: null }),
    fixPrefecture: (req) => {
      const viewer = viewerOf(req).account;
      return viewer.category === '事務局' ? undefined : (viewer.prefecture_code ?? undefined);
    },
    submittedBy: (req) => {
      const viewer = viewerOf(req).account;
      return viewer.id;
    },
    authorizeSubmission: (req, input) => authorize(viewerOf(req).account, 'registration.submit_on_behalf', { prefectureCode: input.institution.prefectureCode }),
    done: (reply, result) => reply.redirect(`/review/registrations/${encodeURIComponent(result.id)}?done=proxy`, 303),
  });
}

interface FlowOptions {
  deps: IdentityDeps;
  base: string;
  routeOptions?: RouteShorthandOptions;
  /** Who fills the form; `csrf` is the response's one token (a second would replace the first's cookie). */
  mode(req: FastifyRequest, csrf: string): Promise<FormMode>;
  /** When applications are taken; while closed every step shows when they are taken again. */
  window(): Promise<WindowState>;
  /** The only prefecture this applicant may apply in (a prefecture's own 代理申請). */
  fixPrefecture?(req: FastifyRequest): string | undefined;
  submittedBy(req: FastifyRequest): string | null;
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
  const form = async (req: FastifyRequest, reply: FastifyReply, w: Open, status: number, values: ApplicationValues, extra: { errors?: ApplicationErrors; notice?: FormNotice } = {}) => {
    const csrf = reply.generateCsrf();
    return sendHtml(reply, status, ApplicationFormPage({ mode: await o.mode(req, csrf), csrf, values, closesAt: w.closesAt, ...extra }));
  };
  const read = (req: FastifyRequest): ApplicationValues => {
    const values = readForm(req, APPLICATION_FIELDS, FIELD_MAX);
    const fixed = o.fixPrefecture?.(req);
    return fixed ? { ...values, prefecture_code: fixed } : values;
  };
  /** Checks the form; an applicant bound to one prefecture hears so beside the field. */
  const check = (req: FastifyRequest, values: ApplicationValues) => {
    const checked = checkApplication(values);
    const fixed = o.fixPrefecture?.(req);
    if (checked.ok && fixed && checked.value.institution.prefectureCode !== fixed) return { ok: false as const, errors: { prefecture_code: '代理申請できるのは、貴都道府県の機関だけです。' } };
    return checked;
  };

  app.get(base, options, async (req, reply) => {
    const w = await openWindow(reply);
    if (!w) return reply;
    const fixed = o.fixPrefecture?.(req);
    return form(req, reply, w, 200, fixed ? { ...EMPTY, prefecture_code: fixed } : EMPTY);
  });

  app.post(base, options, async (req, reply) => {
    const w = await openWindow(reply);
    if (!w) return reply;
    const values = read(req);
    const intent = formField(req, 'intent', 20);
    if (intent === 'lookup') {
      const looked = lookUpPostcode(values);
      const fixed = o.fixPrefecture?.(req);
      return form(req, reply, w, 200, fixed ? { ...looked.values, prefecture_code: fixed } : looked.values, { notice: looked.notice });
    }
    if (intent === 'municipalities') return form(req, reply, w, 200, { ...values, municipality_code: '' });
    const checked = check(req, values);
    if (!checked.ok) return form(req, reply, w, 422, values, { errors: checked.errors });
    const csrf = reply.generateCsrf();
    return sendHtml(reply, 200, ApplicationConfirmPage({ mode: await o.mode(req, csrf), csrf, input: checked.value, values: valuesOf(checked.value) }));
  });

  app.post(`${base}/submit`, options, async (req, reply) => {
    const w = await openWindow(reply);
    if (!w) return reply;
    const values = read(req);
    if (formField(req, 'intent', 20) === 'back') return form(req, reply, w, 200, values);
    const checked = check(req, values);
    if (!checked.ok) return form(req, reply, w, 422, values, { errors: checked.errors });
    o.authorizeSubmission?.(req, checked.value);
    const result = await submitApplication(deps, checked.value, originOf(req), o.submittedBy(req));
    if (!result.ok) {
      return form(req, reply, w, 429, values, {
        notice: { kind: 'error', title: '申請が続けて送られたため、受け付けを一時停止しています。', text: '入力内容はそのまま残っています。1時間ほどたってから、もう一度「入力内容を確認する」を押してください。' },
      });
    }
    // POST → 303 → GET: reloading the page sends nothing again.
    return o.done(reply, result);
  });
}
