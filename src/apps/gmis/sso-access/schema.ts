// The forms of the SSO-use pages, one zod schema each: the applicant's 利用目的, the office's decision
// on an application, and what the office learned before lifting a block.
import { z } from 'zod';
import { normaliseText } from '../../../platform/japanese/text.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';

export const TEXT_MAX = 1000;

/** Free text with line breaks, up to TEXT_MAX characters; `required` is the message when empty. */
const text = (label: string, required?: string) =>
  z
    .string()
    .transform(normaliseText)
    .pipe(
      required
        ? z.string().min(1, required).max(TEXT_MAX, MESSAGES['text.too_long'](label, TEXT_MAX))
        : z.string().max(TEXT_MAX, MESSAGES['text.too_long'](label, TEXT_MAX)),
    );

export const applicationForm = z.object({
  reason: text('利用目的', MESSAGES['sso_application.reason.required']),
});
export const APPLICATION_FIELDS = ['reason'] as const;

export const decisionForm = z
  .object({
    decision: z.enum(['approve', 'refuse'], { message: MESSAGES['sso_office.decision.required'] }),
    reason: text('理由'),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'refuse' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: MESSAGES['sso_office.refusal_reason.required'] });
  });
export const DECISION_FIELDS = ['decision', 'reason'] as const;

export const liftForm = z.object({
  note: text('伺った理由', MESSAGES['sso_office.note.required']),
});
export const LIFT_FIELDS = ['note'] as const;
