// Med-Login's forms and queries, one zod schema each. A form that can be refused has two: its fields
// as read (each cut to the length Med-Login reads of it, the username's outer spaces dropped — what
// the page shows again) and what is accepted. Passwords are cut but never trimmed, normalised or
// shown again; a query value that names nothing is no value.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MESSAGES } from '../../platform/messages/index.ts';
import { MAX_RETURN_TO_LENGTH, safeReturnTo } from '../../platform/return-to.ts';
import type { FieldErrors } from '../../web/forms.tsx';
import { formField } from '../../web/request.ts';

export const USERNAME_MAX = 64;
export const PASSWORD_MAX = 1024;
/** What the account page posts back: a session's id hash or a consent's id. */
export const ID_MAX = 200;
/** Read of every field before its own cut: the longest cut below. */
const READ_LIMIT = MAX_RETURN_TO_LENGTH;

const cut = (max: number) => z.string().transform((s) => s.slice(0, max));
const username = cut(USERNAME_MAX).transform((s) => s.trim());
const password = cut(PASSWORD_MAX);
/** Where to go after signing in: an allowed target (safeReturnTo) or none. */
const returnTarget = (allowlist: readonly string[]) =>
  z
    .unknown()
    .optional()
    .transform((v) => safeReturnTo(v, allowlist));
/** A flag a redirect sets (?welcome=1): on when the query carries it with any value. */
const flag = z
  .unknown()
  .optional()
  .transform((v) => Boolean(v));

// ── Forms ────────────────────────────────────────────────────────────

/** ログイン, as typed (`return_to` already judged). */
export const signInFieldsWith = (allowlist: readonly string[]) =>
  z.object({ username, password, return_to: cut(MAX_RETURN_TO_LENGTH).transform((v) => safeReturnTo(v, allowlist)) });
export const signInForm = z.object({
  username: z.string().min(1, MESSAGES['login.username.required']),
  password: z.string().min(1, MESSAGES['login.password.required']),
});

/** パスワードをお忘れですか？ */
export const forgotFields = z.object({ username });
export const forgotForm = z.object({ username: z.string().min(1, MESSAGES['recovery.username.required']) });

/** A new password and its confirmation (パスワード初期設定, パスワードの再設定); the policy judges them. */
export const newPasswordFields = z.object({ password, confirmation: password });
/** パスワードの再設定: the confirmation page posts no step; its new-password form posts step=set. */
export const resetStepFields = z.object({ step: z.literal('set').optional().catch(undefined) });

/** ログイン中の端末と連携アプリ: the session to end, the consent to revoke (the routes check they are the user's). */
export const endSessionFields = z.object({ session: cut(ID_MAX) });
export const revokeConsentFields = z.object({ consent: cut(ID_MAX) });

/** 情報連携への同意: 同意 or 却下; anything else (a repeated or missing decision) is neither. Read from the body as posted. */
export const consentForm = z.object({ decision: z.enum(['approve', 'reject']).optional().catch(undefined) }).catch({ decision: undefined });

// ── Queries ──────────────────────────────────────────────────────────

/** 接続先選択 just after a first password (?welcome=1) or a reset (?reset=1). */
export const chooserQuery = z.object({ welcome: flag, reset: flag });

/** ログイン: where to go next, prompt=login (the password again), and why the user is here (signed out, session ended). */
export const loginQueryWith = (allowlist: readonly string[]) =>
  z.object({ return_to: returnTarget(allowlist), prompt: z.literal('login').optional().catch(undefined), logged_out: flag, ended: flag });

/** メールを送信しました, after 「メールの再送信」 (?resent=1). */
export const sentQuery = z.object({ resent: flag });

/** ログイン中の端末と連携アプリ after ending a session or revoking a consent. */
export const sessionsQuery = z.object({ done: z.enum(['ended', 'revoked']).optional().catch(undefined) });

// ── Reading ──────────────────────────────────────────────────────────

/** The schema's fields of the posted form, each a string (repeated: the first; missing: ''), read through the schema, which cuts each to its length. */
export function readFields<S extends z.ZodObject>(req: FastifyRequest, schema: S): z.output<S> {
  return schema.parse(Object.fromEntries(Object.keys(schema.shape).map((name) => [name, formField(req, name, READ_LIMIT)])));
}

/** The first message for each field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? '')] ??= issue.message;
  return errors;
}
