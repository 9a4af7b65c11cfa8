// G-MIS portal: ユーザ基礎情報, お問合せ.
export const portal = {
  'profile.family_name.required': '姓を入力してください。',
  'profile.email.rate_limited':
    'メールアドレスの変更手続きが短い時間に続いたため、いったん受け付けを止めています。1時間ほどたってから、もう一度お試しください。入力した内容はまだ保存されていません。',
  'profile.saved': 'ユーザ基礎情報を保存しました。',
  'profile.saved.email_pending': (address: string) =>
    `ユーザ基礎情報を保存しました。メールアドレスの変更は、${address} に届く確認メールのリンクを開くと完了します。`,
  'profile.saved.email_cancelled': 'ユーザ基礎情報を保存しました。手続き中だったメールアドレスの変更は取り消しました。',
  'profile.confirmed': 'ご確認ありがとうございました。ご担当者や連絡先が変わるときは「ユーザ基礎情報を確認・変更する」から更新してください。',
  'profile.email_change.cancelled': 'メールアドレスの変更を取り消しました。これまでのアドレスを引き続き使います。',
  'inquiry.category.required': '分類を選んでください。',
  'inquiry.subject.required': '件名を入力してください。',
  'inquiry.body.required': 'お問合せの内容を入力してください。',
  'inquiry.rate_limited':
    '短い時間にたくさんのお問合せが送られたため、いったん受け付けを止めています。1時間ほどたってから、もう一度お試しください。入力した内容は下に残っています。',
} as const;
