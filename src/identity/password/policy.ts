// Password policy for Med-Login / G-MIS sign-in.
//
// The five rules shown to users (PASSWORD_RULES) are mirrored by public/js/password-checklist.js
// (the common-password one through the list it fetches, commonPasswordsForTheChecklist); keep the
// two in step. In addition the server refuses passwords that are too long or contain the username
// or the e-mail's local part, and requires the confirmation to match. What each problem says is
// the catalogue's password part (platform/messages/password.ts), by the problem's code.
import { MESSAGES } from '../../platform/messages/index.ts';
import { isCommonPassword } from './common-passwords.ts';

export type PasswordRuleId = 'length' | 'upper' | 'lower' | 'digit' | 'common';
export type PasswordProblemCode = PasswordRuleId | 'required' | 'too_long' | 'contains_username' | 'contains_email' | 'mismatch';

export interface PasswordProblem {
  field: 'password' | 'confirmation';
  code: PasswordProblemCode;
  message: string;
}
export interface PasswordRule {
  id: PasswordRuleId;
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

/** What a problem says, by its code (the catalogue's password part); an empty confirmation has its own words. */
export function passwordMessage(code: PasswordProblemCode | 'confirmation_empty'): string {
  if (code === 'length') return MESSAGES['password.length'](PASSWORD_MIN_LENGTH);
  if (code === 'too_long') return MESSAGES['password.too_long'](PASSWORD_MAX_LENGTH);
  return MESSAGES[`password.${code}`];
}

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
export function checkNewPassword(password: string, confirmation: string, who: { username: string; email: string }): PasswordProblem[] {
  if (password.length === 0) {
    return [{ field: 'password', code: 'required', message: passwordMessage('required') }];
  }

  const problems: PasswordProblem[] = [];
  const add = (field: PasswordProblem['field'], code: PasswordProblemCode, message = passwordMessage(code)) => problems.push({ field, code, message });

  for (const rule of PASSWORD_RULES) {
    if (!ruleHolds(rule.id, password)) add('password', rule.id);
  }
  if (charCount(password) > PASSWORD_MAX_LENGTH) add('password', 'too_long');

  const lower = password.toLowerCase();
  const username = (who.username ?? '').trim().toLowerCase();
  if (username && lower.includes(username)) add('password', 'contains_username');
  const local = emailLocalPart(who.email ?? '').toLowerCase();
  if (charCount(local) >= 3 && lower.includes(local)) add('password', 'contains_email');

  if (confirmation !== password) {
    add('confirmation', 'mismatch', passwordMessage(confirmation.length === 0 ? 'confirmation_empty' : 'mismatch'));
  }
  return problems;
}
