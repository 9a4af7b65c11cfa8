// パスワードの決まり: what a new password must meet, for every kind of account (Med-Login and
// 医療情報ネット alike). An id's last part is the problem's code in identity/password/policy.ts.
export const password = {
  'password.required': 'パスワードを入力してください。',
  'password.length': (min: number) => `パスワードは${min}文字以上で入力してください。`,
  'password.upper': '半角の大文字（A～Z）を1文字以上含めてください。',
  'password.lower': '半角の小文字（a～z）を1文字以上含めてください。',
  'password.digit': '半角の数字（0～9）を1文字以上含めてください。',
  'password.too_long': (max: number) => `パスワードは${max}文字以内で入力してください。`,
  'password.common': 'このパスワードはよく使われていて推測されやすいため、使用できません。別のパスワードを入力してください。',
  'password.contains_username': 'パスワードにユーザー名を含めることはできません。',
  'password.contains_email': 'パスワードに、メールアドレスの「@」より前の部分を含めることはできません。',
  'password.mismatch': '確認用のパスワードが一致しません。同じパスワードをもう一度入力してください。',
  'password.confirmation_empty': '確認のため、同じパスワードをもう一度入力してください。',
} as const;
