// Password policy for Med-Login / G-MIS sign-in.
//
// The five rules shown to users (PASSWORD_RULES) are mirrored by public/js/password-checklist.js
// (the common-password one through the list it fetches, commonPasswordsForTheChecklist); keep the
// two in step. In addition the server refuses passwords that are too long or contain the username
// or the e-mail's local part, and requires the confirmation to match.
import { isCommonPassword } from './common-passwords.ts';

export interface PasswordProblem {
  field: 'password' | 'confirmation';
  code: string;
  message: string;
}
export interface PasswordRule {
  id: string;
  label: string;
}

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const PASSWORD_RULES: PasswordRule[] = [
  { id: 'length', label: '8文字以上' },
  { id: 'upper', label: '1個以上の大文字' },
  { id: 'lower', label: '1個以上の小文字' },
  { id: 'digit', label: '1個以上の数字' },
  { id: 'common', label: 'よく使われるパスワードではない' },
];

/** Length in characters (Unicode code points), so that e.g. an emoji counts as one character. */
function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Whether the rule `id` (one of PASSWORD_RULES' ids) holds for `password`. */
export function ruleHolds(id: string, password: string): boolean {
  switch (id) {
    case 'length':
      return charCount(password) >= PASSWORD_MIN_LENGTH;
    case 'upper':
      return /[A-Z]/.test(password);
    case 'lower':
      return /[a-z]/.test(password);
    case 'digit':
      return /[0-9]/.test(password);
    case 'common':
      return !isCommonPassword(password);
    default:
      throw new Error(`unknown password rule: ${id}`);
  }
}

const MESSAGES = {
  required: 'パスワードを入力してください。',
  length: `パスワードは${PASSWORD_MIN_LENGTH}文字以上で入力してください。`,
  upper: '半角の大文字（A～Z）を1文字以上含めてください。',
  lower: '半角の小文字（a～z）を1文字以上含めてください。',
  digit: '半角の数字（0～9）を1文字以上含めてください。',
  too_long: `パスワードは${PASSWORD_MAX_LENGTH}文字以内で入力してください。`,
  common: 'このパスワードはよく使われていて推測されやすいため、使用できません。別のパスワードを入力してください。',
  contains_username: 'パスワードにユーザー名を含めることはできません。',
  contains_email: 'パスワードに、メールアドレスの「@」より前の部分を含めることはできません。',
  mismatch: '確認用のパスワードが一致しません。同じパスワードをもう一度入力してください。',
  confirmation_empty: '確認のため、同じパスワードをもう一度入力してください。',
} as const;

/** The part of the address before the last '@', or '' when there is no '@'. */
function emailLocalPart(email: string): string {
  const at = email.lastIndexOf('@');
  return at > 0 ? email.slice(0, at).trim() : '';
}

/**
 * Checks a new password and its confirmation. Returns every problem found, in a stable order
 * (the five rules, then length limit, username, e-mail, confirmation); an empty
 * array means the password is acceptable. An empty password yields a single 'required' problem.
 */
export function checkNewPassword(
  password: string,
  confirmation: string,
  who: { username: string; email: string },
): PasswordProblem[] {
  if (password.length === 0) {
    return [{ field: 'password', code: 'required', message: MESSAGES.required }];
  }

  const problems: PasswordProblem[] = [];
  const add = (field: PasswordProblem['field'], code: string, message: string) =>
    problems.push({ field, code, message });

  for (const rule of PASSWORD_RULES) {
    if (!ruleHolds(rule.id, password)) add('password', rule.id, MESSAGES[rule.id as keyof typeof MESSAGES]);
  }
  if (charCount(password) > PASSWORD_MAX_LENGTH) add('password', 'too_long', MESSAGES.too_long);

  const lower = password.toLowerCase();
  const username = (who.username ?? '').trim().toLowerCase();
  if (username && lower.includes(username)) add('password', 'contains_username', MESSAGES.contains_username);
  const local = emailLocalPart(who.email ?? '').toLowerCase();
  if (charCount(local) >= 3 && lower.includes(local)) add('password', 'contains_email', MESSAGES.contains_email);

  if (confirmation !== password) {
    add('confirmation', 'mismatch', confirmation.length === 0 ? MESSAGES.confirmation_empty : MESSAGES.mismatch);
  }
  return problems;
}
