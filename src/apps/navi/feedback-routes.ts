// 医療情報ネット: ご意見 (/feedback) and 満足度調査 (/survey) — read the form, store it through
// submitFeedback, or show the form again with each field's problem and what was typed; then the
// thank-you page (after a redirect, so a reload does not send again). Public: no account.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { feedbackProblems, opinionForm, OPINION_FIELDS, submitFeedback, surveyForm, SURVEY_FIELDS, type FeedbackInput } from '../../navi/feedback.ts';
import type { Ports } from '../../ports.ts';
import { formField, originOf, sendHtml } from '../../web/request.ts';
import { FeedbackThanksPage, OpinionPage, SurveyPage, type OpinionValues, type SurveyValues } from './feedback-page.tsx';
import { naviPreferences } from './preferences.ts';

/** Read bounds: twice the longest a field may be, so a too-long text is said and still shown. */
const READ_LIMIT = 4000;

const typed = <F extends string>(req: FastifyRequest, fields: readonly F[]) =>
  Object.fromEntries(fields.map((f) => [f, formField(req, f, READ_LIMIT)])) as Record<F, string>;

const EMPTY_OPINION: OpinionValues = { topic: '', body: '', contact_name: '', contact_email: '' };
const EMPTY_SURVEY: SurveyValues = { satisfaction: '', found: '', comment: '' };

export async function naviFeedbackRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const frame = (req: FastifyRequest, path: string) => ({ ...naviPreferences(req), path });

  /** One POST handler for both forms: validate, store, redirect, or the form again (422, 429). */
  function post<S extends typeof opinionForm | typeof surveyForm, V extends Record<string, string>>(
    path: string,
    schema: S,
    fields: readonly (keyof V & string)[],
    toInput: (data: z.output<S>) => FeedbackInput,
    render: (
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: { values: V; problems?: ReturnType<typeof feedbackProblems>; refused?: 'feedback.rate_limited' },
    ) => FastifyReply,
  ) {
    app.post(path, async (req, reply) => {
      const values = typed(req, fields) as V;
      const parsed = schema.safeParse(values);
      if (!parsed.success) return render(req, reply, 422, { values, problems: feedbackProblems(parsed.error) });
      const { lang } = naviPreferences(req);
      const result = await submitFeedback(deps, toInput(parsed.data as z.output<S>), { lang, origin: originOf(req) });
      if (!result.ok) {
        reply.header('retry-after', '600');
        return render(req, reply, 429, { values, refused: 'feedback.rate_limited' });
      }
      const kind = path === '/feedback' ? 'opinion' : 'survey';
      return reply.redirect(`/feedback/thanks?for=${kind}${lang === 'en' ? '&lang=en' : ''}`, 303);
    });
  }

  const opinionPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: Omit<Parameters<typeof OpinionPage>[0], 'csrf' | 'lang' | 'textSize' | 'path'>,
  ) => sendHtml(reply, status, OpinionPage({ ...frame(req, '/feedback'), csrf: reply.generateCsrf(), ...extra }));
  const surveyPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: Omit<Parameters<typeof SurveyPage>[0], 'csrf' | 'lang' | 'textSize' | 'path'>,
  ) => sendHtml(reply, status, SurveyPage({ ...frame(req, '/survey'), csrf: reply.generateCsrf(), ...extra }));

  app.get('/feedback', (req, reply) => opinionPage(req, reply, 200, { values: EMPTY_OPINION }));
  post<typeof opinionForm, OpinionValues>('/feedback', opinionForm, OPINION_FIELDS, (d) => ({ kind: 'opinion', ...d }), opinionPage);

  app.get('/survey', (req, reply) => surveyPage(req, reply, 200, { values: EMPTY_SURVEY }));
  post<typeof surveyForm, SurveyValues>('/survey', surveyForm, SURVEY_FIELDS, (d) => ({ kind: 'survey', ...d }), surveyPage);

  app.get('/feedback/thanks', (req, reply) => {
    const kind = (req.query as Record<string, unknown>).for === 'survey' ? 'survey' : 'opinion';
    return sendHtml(reply, 200, FeedbackThanksPage({ ...frame(req, `/feedback/thanks?for=${kind}`), kind }));
  });
}
