// G-MIS portal: ユーザ基礎情報 (and the link that confirms a new address), お問合せ, お知らせ as the office writes them.
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
  'profile.email_link.unknown': 'このリンクは正しくないか、すでに使えなくなっています。メールのリンクが途中で切れていないかもご確認ください。',
  'profile.email_link.used': 'このリンクはすでに使われています。メールアドレスの変更が済んでいるかは、ユーザ基礎情報でご確認いただけます。',
  'profile.email_link.superseded':
    'このあとに新しい手続きが行われたか、手続きが取り消されたため、このリンクは使えなくなりました。最後に届いたメールのリンクをお使いください。',
  'profile.email_link.expired': 'このリンクは有効期限（24時間）が切れています。メールアドレスは変更されていません。',
  'profile.email_link.account_disabled': 'このアカウントは現在利用が停止されています。管轄の都道府県の担当窓口にお問い合わせください。',
  'inquiry.category.required': '分類を選んでください。',
  'inquiry.subject.required': '件名を入力してください。',
  'inquiry.body.required': 'お問合せの内容を入力してください。',
  'inquiry.rate_limited':
    '短い時間にたくさんのお問合せが送られたため、いったん受け付けを止めています。1時間ほどたってから、もう一度お試しください。入力した内容は下に残っています。',
  'notice.title.required': 'タイトルを入力してください',
  'notice.title.too_long': (max: number) => `タイトルは${max}文字以内にしてください`,
  'notice.body.required': '本文を入力してください',
  'notice.body.too_long': (max: number) => `本文は${max}文字以内にしてください`,
  'notice.category.unknown': (categories: string) => `分類は ${categories} のいずれかです`,
} as const;
