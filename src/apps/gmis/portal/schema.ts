// The portal's forms, one zod schema each: what a field accepts, how it is normalised (全角/半角,
// hyphens, spaces) and the message beside the field when it is refused.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { INQUIRY_CATEGORIES } from '../../../portal/inquiries.ts';
import { normaliseExtension, normaliseLine, normalisePhoneNumber, normaliseText } from '../../../platform/japanese/text.ts';
import { emailAddress } from '../../../platform/email-address.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { formField } from '../../../web/request.ts';

export const NAME_MAX = 50;
export const DEPARTMENT_MAX = 100;
export const SUBJECT_MAX = 100;
export const BODY_MAX = 4000;

/** One line of text, optional: empty becomes null. */
const optionalLine = (label: string, max: number) =>
  z
    .string()
    .transform(normaliseLine)
    .pipe(z.string().max(max, MESSAGES['text.too_long'](label, max)))
    .transform((s) => s || null);

const email = emailAddress;

const phoneNumber = (label: string) =>
  z.string().transform((raw, ctx) => {
    const r = normalisePhoneNumber(raw);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: MESSAGES[`contact.phone.${r.problem}`](label) });
    return z.NEVER;
  });

const extension = z.string().transform((raw, ctx) => {
  const r = normaliseExtension(raw);
  if (r.ok) return r.value;
  ctx.addIssue({ code: 'custom', message: MESSAGES[r.problem === 'characters' ? 'contact.extension.characters' : 'contact.extension.too_long'] });
  return z.NEVER;
});

export const profileForm = z.object({
  family_name: z
    .string()
    .transform(normaliseLine)
    .pipe(z.string().min(1, MESSAGES['profile.family_name.required']).max(NAME_MAX, MESSAGES['text.too_long']('姓', NAME_MAX))),
  given_name: optionalLine('名', NAME_MAX),
  email,
  phone: phoneNumber('電話番号'),
  extension,
  fax: phoneNumber('Fax番号'),
  department: optionalLine('担当部署', DEPARTMENT_MAX),
});
export const PROFILE_FIELDS = ['family_name', 'given_name', 'email', 'phone', 'extension', 'fax', 'department'] as const;

export const inquiryForm = z.object({
  category: z.enum(INQUIRY_CATEGORIES, { message: MESSAGES['inquiry.category.required'] }),
  subject: z
    .string()
    .transform(normaliseLine)
    .pipe(z.string().min(1, MESSAGES['inquiry.subject.required']).max(SUBJECT_MAX, MESSAGES['text.too_long']('件名', SUBJECT_MAX))),
  body: z
    .string()
    .transform(normaliseText)
    .pipe(z.string().min(1, MESSAGES['inquiry.body.required']).max(BODY_MAX, MESSAGES['text.too_long']('内容', BODY_MAX))),
  contact_email: email,
  contact_phone: phoneNumber('電話番号'),
});
export const INQUIRY_FIELDS = ['category', 'subject', 'body', 'contact_email', 'contact_phone'] as const;

/** The named fields of a posted form, as typed (bounded, so a huge post is not echoed back whole). */
export function readForm<F extends string>(req: FastifyRequest, fields: readonly F[], max = BODY_MAX * 2): Record<F, string> {
  return Object.fromEntries(fields.map((f) => [f, formField(req, f, max)])) as Record<F, string>;
}

/** The first message for each field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issue.message;
  }
  return errors;
}
