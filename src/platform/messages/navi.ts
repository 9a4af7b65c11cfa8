// 医療情報ネット 関係者ログイン.
export const navi = {
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
} as const;
