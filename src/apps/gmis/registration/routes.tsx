// 新規ユーザ登録申請 on the G-MIS origin, public: GET /register (the form, or when it opens next) →
// POST /register (住所検索, 市区町村を表示, or 入力内容を確認する) → POST /register/submit (申請する or
// 修正する) → 303 → GET /register/done (the 申請番号). Every step re-checks on the server; the
// confirmation page carries what was typed in hidden fields and nothing is stored before 申請する.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IdentityDeps } from '../../../identity/deps.ts';
import { normalisePostcode } from '../../../gmis/japanese-input.ts';
import { placesOfPostcode } from '../../../institutions/places.ts';
import { APPLICATION_FIELDS, APPLICATION_NUMBER_PATTERN, checkApplication, submitApplication, valuesOf, type ApplicationErrors, type ApplicationValues } from '../../../registration/application.ts';
import { readWindow, windowState } from '../../../registration/window.ts';
import { formField, originOf, sendHtml } from '../../../web/request.ts';
import { readForm } from '../portal/schema.ts';
import { ApplicationClosedPage, ApplicationConfirmPage, ApplicationDonePage, ApplicationFormPage, placeLabel, type FormNotice } from './pages.tsx';

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

  /** The form's window now: while it is closed every step shows when it opens. (A reply is
   * thenable, so an async helper must not return one: awaiting it waits for the response.) */
  const state = async () => windowState(await readWindow(deps.db), deps.clock.now());
  const closedPage = (reply: FastifyReply, opensAt: number | null) => sendHtml(reply, 200, ApplicationClosedPage({ opensAt }));
  const form = async (reply: FastifyReply, status: number, values: ApplicationValues, extra: { errors?: ApplicationErrors; notice?: FormNotice } = {}) => {
    const now = await state();
    return sendHtml(reply, status, ApplicationFormPage({ csrf: reply.generateCsrf(), values, closesAt: now.open ? now.closesAt : null, ...extra }));
  };
  const read = (req: FastifyRequest) => readForm(req, APPLICATION_FIELDS, FIELD_MAX);

  app.get('/register', async (_req, reply) => {
    const now = await state();
    return now.open ? form(reply, 200, EMPTY) : closedPage(reply, now.opensAt);
  });

  app.post('/register', async (req, reply) => {
    const now = await state();
    if (!now.open) return closedPage(reply, now.opensAt);
    const values = read(req);
    const intent = formField(req, 'intent', 20);
    if (intent === 'lookup') {
      const looked = lookUpPostcode(values);
      return form(reply, 200, looked.values, { notice: looked.notice });
    }
    if (intent === 'municipalities') return form(reply, 200, { ...values, municipality_code: '' });
    const checked = checkApplication(values);
    if (!checked.ok) return form(reply, 422, values, { errors: checked.errors });
    return sendHtml(reply, 200, ApplicationConfirmPage({ csrf: reply.generateCsrf(), input: checked.value, values: valuesOf(checked.value) }));
  });

  app.post('/register/submit', async (req, reply) => {
    const now = await state();
    if (!now.open) return closedPage(reply, now.opensAt);
    const values = read(req);
    if (formField(req, 'intent', 20) === 'back') return form(reply, 200, values);
    const checked = checkApplication(values);
    if (!checked.ok) return form(reply, 422, values, { errors: checked.errors });
    const result = await submitApplication(deps, checked.value, originOf(req));
    if (!result.ok) {
      return form(reply, 429, values, {
        notice: { kind: 'error', title: '申請が続けて送られたため、受け付けを一時停止しています。', text: '入力内容はそのまま残っています。1時間ほどたってから、もう一度「入力内容を確認する」を押してください。' },
      });
    }
    // POST → 303 → GET: reloading the page sends nothing again.
    return reply.redirect(`/register/done?number=${encodeURIComponent(result.number)}`, 303);
  });

  app.get('/register/done', async (req, reply) => {
    const number = (req.query as Record<string, unknown>).number;
    if (typeof number !== 'string' || !APPLICATION_NUMBER_PATTERN.test(number)) return reply.redirect('/register', 303);
    // Only the number it was given is shown: nothing of the application can be read from this page.
    return sendHtml(reply, 200, ApplicationDonePage({ number }));
  });
}
