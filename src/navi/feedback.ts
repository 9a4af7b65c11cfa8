// 医療情報ネット's ご意見 (free text, an optional contact) and 満足度調査 (5-level satisfaction, whether
// the visitor found what they looked for, an optional comment): the forms' rules and the one command
// that stores an answer for the office. No account; a per-address budget keeps a script from filling
// the table. A field's problem is a message id (messages/feedback.ts), so the page can word it in the
// visitor's language.
import { z } from 'zod';
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { NaviFeedback, NaviFeedbackFound, NaviFeedbackKind } from '../db/schema.ts';
import { takeFromBudget } from '../identity/login/throttle.ts';
import { normaliseEmail, normaliseLine, normaliseText } from '../platform/japanese/text.ts';
import type { MessageId } from '../platform/messages/index.ts';
import type { Ports } from '../ports.ts';
import { insertFeedback } from './feedback-repository.ts';

export const FEEDBACK_LIMITS = { body: 2000, comment: 1000, contactName: 50, contactEmail: 254 } as const;

/** What a ご意見 is about (optional): the office sorts by it. */
export const FEEDBACK_TOPICS = ['search', 'facility', 'usability', 'other'] as const;
export type FeedbackTopic = (typeof FEEDBACK_TOPICS)[number];
/** 満足 (5) … 不満 (1). */
export const SATISFACTION_LEVELS = [5, 4, 3, 2, 1] as const;
export const FOUND_ANSWERS = ['yes', 'partly', 'no'] as const satisfies readonly NaviFeedbackFound[];

/** Per address: enough for a family behind one router, too few to flood the office. */
export const FEEDBACK_BUDGET = { max: 10, windowMs: 3_600_000 };

type Problem = Extract<MessageId, `feedback.${string}`>;
const problem = (id: Problem) => id;

/** Optional text: blank is null. */
const optional = <T extends z.ZodType<string>>(inner: T) =>
  z.string().transform((s, ctx) => {
    if (s === '') return null;
    const r = inner.safeParse(s);
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    return z.NEVER;
  });

export const opinionForm = z.object({
  topic: z
    .string()
    .transform((s) => (s === '' ? null : s))
    .pipe(z.enum(FEEDBACK_TOPICS, { message: problem('feedback.topic.unknown') }).nullable()),
  body: z
    .string()
    .transform(normaliseText)
    .pipe(z.string().min(1, problem('feedback.body.required')).max(FEEDBACK_LIMITS.body, problem('feedback.body.too_long'))),
  contact_name: z
    .string()
    .transform(normaliseLine)
    .pipe(optional(z.string().max(FEEDBACK_LIMITS.contactName, problem('feedback.contact_name.too_long')))),
  contact_email: z
    .string()
    .transform(normaliseEmail)
    .pipe(
      optional(
        z
          .string()
          .max(FEEDBACK_LIMITS.contactEmail, problem('feedback.contact_email.too_long'))
          .pipe(z.email(problem('feedback.contact_email.invalid'))),
      ),
    ),
});
export type OpinionInput = z.output<typeof opinionForm>;

export const surveyForm = z.object({
  satisfaction: z
    .string()
    .pipe(z.enum(SATISFACTION_LEVELS.map(String) as ['5', '4', '3', '2', '1'], { message: problem('feedback.satisfaction.required') }))
    .transform(Number),
  found: z.enum(FOUND_ANSWERS, { message: problem('feedback.found.required') }),
  comment: z
    .string()
    .transform(normaliseText)
    .pipe(optional(z.string().max(FEEDBACK_LIMITS.comment, problem('feedback.comment.too_long')))),
});
export type SurveyInput = z.output<typeof surveyForm>;

export const OPINION_FIELDS = Object.keys(opinionForm.shape) as Array<keyof typeof opinionForm.shape>;
export const SURVEY_FIELDS = Object.keys(surveyForm.shape) as Array<keyof typeof surveyForm.shape>;

/** Each field's first problem, by message id. */
export function feedbackProblems(error: z.ZodError): Partial<Record<string, Problem>> {
  const out: Partial<Record<string, Problem>> = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? '')] ??= issue.message as Problem;
  return out;
}

export type FeedbackInput = ({ kind: 'opinion' } & OpinionInput) | ({ kind: 'survey' } & SurveyInput);
export type SubmitFeedbackResult = { ok: true; id: string } | { ok: false; problem: 'rate_limited' };

/** Stores one answer for the office, with its audit event, in one transaction; refused when the address's budget is spent. */
export async function submitFeedback(deps: Ports, input: FeedbackInput, context: { lang: 'ja' | 'en'; origin: RequestOrigin }): Promise<SubmitFeedbackResult> {
  return deps.db.transaction().execute(async (trx): Promise<SubmitFeedbackResult> => {
    if (!(await takeFromBudget(trx, deps.clock, `navi-feedback:${context.origin.ip}`, FEEDBACK_BUDGET))) return { ok: false, problem: 'rate_limited' };
    const answer =
      input.kind === 'opinion'
        ? { topic: input.topic, body: input.body, contact_name: input.contact_name, contact_email: input.contact_email, satisfaction: null, found: null }
        : { topic: null, body: input.comment, contact_name: null, contact_email: null, satisfaction: input.satisfaction, found: input.found };
    const row: NaviFeedback = { id: deps.random.uuid(), kind: input.kind, received_at: deps.clock.now(), lang: context.lang, ...answer };
    await insertFeedback(trx, row);
    await recordAudit(trx, deps.clock, { type: 'navi.feedback.received', origin: context.origin, details: { feedbackId: row.id, feedbackKind: row.kind } });
    return { ok: true, id: row.id };
  });
}

export const FEEDBACK_KINDS = ['opinion', 'survey'] as const satisfies readonly NaviFeedbackKind[];
