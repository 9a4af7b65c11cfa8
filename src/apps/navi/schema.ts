// The 医療情報ネット staff forms, one zod schema each, and the one function that reads a form with
// them. Passwords are never trimmed or normalised; the ユーザーID is (全角 → 半角, outer spaces).
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NAVI_USER_ID_MAX_LENGTH, normaliseNaviUserId } from '../../navi/accounts.ts';
import type { FieldErrors } from '../../web/forms.tsx';
import { MESSAGES } from '../../platform/messages/index.ts';
import { formField } from '../../web/request.ts';

/** Generous bound on what is read from a field; the schemas say what is acceptable. */
const READ_LIMIT = 2000;
const PASSWORD_LIMIT = 1024;

const userId = z
  .string()
  .transform(normaliseNaviUserId)
  .pipe(z.string().min(1, MESSAGES['navi.user_id.required']).max(NAVI_USER_ID_MAX_LENGTH, MESSAGES['navi.user_id.too_long']));

/** A password as typed; the policy (src/identity/password/policy.ts) judges new ones. */
const secret = (requiredMessage?: string) => {
  const s = z.string().max(PASSWORD_LIMIT, MESSAGES['navi.password.too_long']);
  return requiredMessage ? s.min(1, requiredMessage) : s;
};

export const signInForm = z.object({ user_id: userId, password: secret(MESSAGES['navi.password.required']) });
export const forgotForm = z.object({ user_id: userId });
export const newPasswordForm = z.object({ password: secret(), confirmation: secret() });
export const changePasswordForm = newPasswordForm.extend({ current_password: secret() });

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Reads the schema's fields from the posted form (strings only) and validates them. */
export function readForm<S extends z.ZodObject>(req: FastifyRequest, schema: S): FormResult<z.output<S>> {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, formField(req, name, READ_LIMIT)]));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return { ok: false, errors };
}

/** What the user typed into the text fields, to show again after an error (never a password). */
export const typedUserId = (req: FastifyRequest): string => formField(req, 'user_id', NAVI_USER_ID_MAX_LENGTH * 2).trim();
