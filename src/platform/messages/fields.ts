// Fields many forms share: メールアドレス, 電話番号, 内線, and free text with a label.
export const fields = {
  'contact.email.required': 'メールアドレスを入力してください。',
  'contact.email.invalid': 'メールアドレスの形が正しくありません。「tanaka@example.jp」のように、@を含めて入力してください。',
  'contact.email.too_long': 'メールアドレスは254文字以内で入力してください。',
  'contact.phone.characters': (label: string) => `${label}は数字とハイフン（-）で入力してください（例：03-1234-5678）。かっこや「+81」などの記号は使えません。`,
  'contact.phone.length': (label: string) => `${label}は市外局番から入力してください。数字は10桁か11桁です（例：03-1234-5678）。`,
  'contact.phone.prefix': (label: string) => `${label}は「0」から始まる番号を入力してください（例：03-1234-5678）。`,
  'contact.extension.characters': '内線は数字とハイフン（-）で入力してください。',
  'contact.extension.too_long': '内線は10文字以内で入力してください。',
  'text.too_long': (label: string, max: number) => `${label}は${max}文字以内で入力してください。`,
  'text.required': (label: string) => `${label}を入力してください。`,
} as const;
