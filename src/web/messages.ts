// Messages the logic chooses between, by stable id. Page prose lives with its page.
export const MESSAGES = {
  'login.invalid':
    'ユーザ名またはパスワードが正しくありません。入力内容をご確認ください。パスワードが分からない場合は「パスワードをお忘れですか？」から再設定できます。',
  'login.throttled': (seconds: number) =>
    `ログインの失敗が続いたため、一時的に受け付けを止めています。${seconds}秒ほど待ってから、もう一度お試しください。`,
  'login.username.required': 'ユーザ名を入力してください。',
  'login.password.required': 'パスワードを入力してください。',
  'logout.done': 'ログアウトしました。',
  'login.again': 'ご本人の確認のため、もう一度パスワードを入力してください。',
  'session.ended': 'ログインの有効期限が切れたか、パスワードの変更などでログアウトされました。もう一度ログインしてください。',
  'recovery.username.required': 'ユーザ名を入力してください。',
  'recovery.rate_limited':
    '短い時間に何度も送信されたため、いったん受け付けを止めています。1時間ほど待ってからもう一度お試しください。届いているメールがあれば、最後に届いたものをお使いください。',
  'welcome.done': 'パスワードを設定しました。次回からはユーザ名とこのパスワードでログインできます。',
  'recovery.done': 'パスワードを変更しました。安全のため、ほかの端末でのログインはすべて終了しました。',
  'recovery.resent': 'メールをもう一度送信しました。',
  'forbidden.title': 'この画面を利用する権限がありません',
  'forbidden.message':
    'お使いのアカウントでは、この画面の表示や操作はできません。別のアカウントでログインしている場合はログインし直してください。ご不明な点はG-MIS事務局までお問い合わせください。',
  'sso_application.reason.required': '利用目的を入力してください。',
  'sso_application.submitted': '利用申請を受け付けました。事務局が内容を確認し、結果をメールでお知らせします。',
  'sso_application.already_pending': 'すでに審査中の申請があります。結果のお知らせをお待ちください。',
  'sso_application.not_needed': 'このアカウントは申請しなくても医療情報ネットにシングルサインオンできます。',
  'sso_application.already_approved': 'このアカウントの利用申請はすでに承認されています。',
  'sso_office.decision.required': '「承認する」か「却下する」を選んでください。',
  'sso_office.refusal_reason.required': '却下する理由を入力してください。申請者へのメールにそのまま記載されます。',
  'sso_office.note.required': '利用者から伺った、同意いただけなかった理由を入力してください。',
  'sso_office.approved': '利用申請を承認し、申請者に結果をメールでお知らせしました。',
  'sso_office.refused': '利用申請を却下し、申請者に理由をメールでお知らせしました。',
  'sso_office.lifted': 'ブロックを解除し、利用者に再び使えるようになったことをメールでお知らせしました。',
  'sso_office.already_decided': 'この申請はすでにほかの担当者が処理しています。一覧を最新の状態にしました。',
  'sso_office.already_lifted': 'このブロックはすでに解除されています。一覧を最新の状態にしました。',
  // 医療情報ネット 関係者ログイン
  'navi.login.invalid':
    'ユーザーIDまたはパスワードが正しくありません。半角で、大文字と小文字の違いにも気をつけて入力してください。パスワードが分からない場合は「パスワードを忘れた方はこちら」から設定し直せます。',
  'navi.login.throttled': (seconds: number) =>
    `ログインの失敗が続いたため、しばらく受け付けを止めています。${seconds}秒ほどたってから、もう一度お試しください。`,
  'navi.user_id.required': 'ユーザーIDを入力してください。',
  'navi.user_id.too_long': 'ユーザーIDは64文字以内で入力してください。',
  'navi.password.required': 'パスワードを入力してください。',
  'navi.password.too_long': 'パスワードが長すぎます。正しいパスワードを入力してください。',
  'navi.logout.done': 'ログアウトしました。',
  'navi.session.ended': 'ログインの有効期限が切れたか、パスワードの変更などでログアウトされました。もう一度ログインしてください。',
  'navi.password.changed': 'パスワードを変更しました。ほかの端末でのログインは終了しました。',
  'navi.password.throttled': (seconds: number) =>
    `現在のパスワードの誤りが続いたため、しばらく受け付けを止めています。${seconds}秒ほどたってから、もう一度お試しください。`,
  'navi.recovery.done': 'パスワードを設定し直しました。ほかの端末でのログインはすべて終了しました。',
  'navi.recovery.rate_limited':
    '短い時間に何度も送信されたため、いったん受け付けを止めています。1時間ほどたってからもう一度お試しください。届いたメールがあれば、いちばん新しいものをお使いください。',
  // G-MIS portal: ユーザ基礎情報, お問合せ (src/apps/gmis/portal/)
  'contact.email.required': 'メールアドレスを入力してください。',
  'contact.email.invalid': 'メールアドレスの形が正しくありません。「tanaka@example.jp」のように、@を含めて入力してください。',
  'contact.email.too_long': 'メールアドレスは254文字以内で入力してください。',
  'contact.phone.characters': (label: string) =>
    `${label}は数字とハイフン（-）で入力してください（例：03-1234-5678）。かっこや「+81」などの記号は使えません。`,
  'contact.phone.length': (label: string) => `${label}は市外局番から入力してください。数字は10桁か11桁です（例：03-1234-5678）。`,
  'contact.phone.prefix': (label: string) => `${label}は「0」から始まる番号を入力してください（例：03-1234-5678）。`,
  'contact.extension.characters': '内線は数字とハイフン（-）で入力してください。',
  'contact.extension.too_long': '内線は10文字以内で入力してください。',
  'text.too_long': (label: string, max: number) => `${label}は${max}文字以内で入力してください。`,
  'profile.family_name.required': '姓を入力してください。',
  'profile.email.rate_limited':
    'メールアドレスの変更手続きが短い時間に続いたため、いったん受け付けを止めています。1時間ほどたってから、もう一度お試しください。入力した内容はまだ保存されていません。',
  'profile.saved': 'ユーザ基礎情報を保存しました。',
  'profile.saved.email_pending': (address: string) =>
    `ユーザ基礎情報を保存しました。メールアドレスの変更は、${address} に届く確認メールのリンクを開くと完了します。`,
  'profile.saved.email_cancelled': 'ユーザ基礎情報を保存しました。手続き中だったメールアドレスの変更は取り消しました。',
  'profile.confirmed': 'ご確認ありがとうございました。ご担当者や連絡先が変わるときは「ユーザ基礎情報登録」から更新してください。',
  'profile.email_change.cancelled': 'メールアドレスの変更を取り消しました。これまでのアドレスを引き続き使います。',
  'inquiry.category.required': '分類を選んでください。',
  'inquiry.subject.required': '件名を入力してください。',
  'inquiry.body.required': 'お問合せの内容を入力してください。',
  'inquiry.rate_limited':
    '短い時間にたくさんのお問合せが送られたため、いったん受け付けを止めています。1時間ほどたってから、もう一度お試しください。入力した内容は下に残っています。',
} as const;
