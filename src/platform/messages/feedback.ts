// 医療情報ネット's ご意見 and 満足度調査: what is wrong with a field of the form (src/navi/feedback.ts).
export const feedback = {
  'feedback.body.required': 'ご意見を入力してください。',
  'feedback.body.too_long': 'ご意見は2000文字以内で入力してください。',
  'feedback.topic.unknown': 'ご意見の種類は一覧から選んでください。',
  'feedback.contact_name.too_long': 'お名前は50文字以内で入力してください。',
  'feedback.contact_email.invalid': 'メールアドレスの形が正しくありません。「@」の前後を確かめてください（例：hanako@example.jp）。',
  'feedback.contact_email.too_long': 'メールアドレスは254文字以内で入力してください。',
  'feedback.satisfaction.required': '満足度を5つの中から1つ選んでください。',
  'feedback.found.required': '探していた情報が見つかったかどうかを選んでください。',
  'feedback.comment.too_long': 'ご感想は1000文字以内で入力してください。',
  'feedback.rate_limited': '短い時間に多くの送信があったため、いまは受け付けられません。しばらくたってから、もう一度お送りください。',
} as const;
