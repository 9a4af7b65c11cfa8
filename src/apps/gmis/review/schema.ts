// The review pages' forms and query, one zod schema each: the queue's filter (anything unreadable is
// no filter), the address a bounced mail is sent again to, and the reason of a 差し戻し or 却下.
import { z } from 'zod';
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { normaliseLine, normaliseText } from '../../../platform/japanese/text.ts';
import { REASON_MAX } from '../../../registration/review.ts';
import { emailAddress } from '../../../platform/email-address.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';

export const STATUSES = ['submitted', 'returned', 'approved', 'rejected'] as const;

/** The queue's filter and page (?status=&kind=&municipality=&q=&page=), and the flash after a bulk approval (?done=&n=). */
export const queueQuery = z.object({
  status: z.enum([...STATUSES, 'all']).catch('submitted'),
  kind: z.enum(INSTITUTION_KINDS).optional().catch(undefined),
  municipality: z
    .string()
    .regex(/^\d{5}$/)
    .optional()
    .catch(undefined),
  q: z.string().max(100).transform(normaliseLine).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  done: z.string().optional().catch(undefined),
  n: z.coerce.number().int().min(0).optional().catch(undefined),
});
export type QueueQuery = z.infer<typeof queueQuery>;

/** メールを送り直す: the corrected address. */
export const resendForm = z.object({ resend_email: emailAddress });
export const RESEND_FIELDS = ['resend_email'] as const;

const reason = (label: string) =>
  z
    .string()
    .transform(normaliseText)
    .pipe(z.string().min(1, MESSAGES['text.required'](label)).max(REASON_MAX, MESSAGES['text.too_long'](label, REASON_MAX)));

/** 差し戻し / 却下: the reason in the field `field`, required, up to REASON_MAX characters once normalised. */
export const reasonForm = <F extends string>(field: F, label: string) => z.object({ [field]: reason(label) } as { [K in F]: ReturnType<typeof reason> });
