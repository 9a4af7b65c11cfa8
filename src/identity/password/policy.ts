// Password rules (placeholder: the full policy with the common-password list is being written).
export interface PasswordProblem {
  field: 'password' | 'confirmation';
  code: string;
  message: string;
}
export interface PasswordRule {
  id: string;
  label: string;
}
export const PASSWORD_RULES: PasswordRule[] = [
  { id: 'length', label: '8文字以上' },
  { id: 'upper', label: '1個以上の大文字' },
  { id: 'lower', label: '1個以上の小文字' },
  { id: 'digit', label: '1個以上の数字' },
];
export function checkNewPassword(
  password: string,
  confirmation: string,
  _who: { username: string; email: string },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < 8) problems.push({ field: 'password', code: 'length', message: '8文字以上にしてください。' });
  if (password !== confirmation)
    problems.push({ field: 'confirmation', code: 'mismatch', message: '確認用のパスワードが一致しません。' });
  return problems;
}
