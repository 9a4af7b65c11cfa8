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
  // パスワードの変更: the current password, and a new one that must differ from it.
  'navi.current_password.required': '現在のパスワードを入力してください。',
  'navi.current_password.wrong': '現在のパスワードが正しくありません。ログインに使ったパスワードを入力してください。',
  'navi.password.same_as_current': '現在のパスワードとは違うパスワードを決めてください。',
  // A reset link that cannot be used, by the link's problem (identity/tokens/one-time-link.ts).
  'navi.password_link.unknown': 'このリンクは正しくないか、すでに使えなくなっています。メールのリンクが途中で切れていないかもご確認ください。',
  'navi.password_link.used': 'このリンクはすでに使われています。リンクは一度だけ使えます。',
  'navi.password_link.superseded': '新しいメールをお送りしたため、このリンクは使えなくなりました。いちばん新しいメールのリンクをお使いください。',
  'navi.password_link.expired': 'このリンクは有効期限（24時間）が過ぎています。',
  'navi.password_link.account_disabled': 'このアカウントは現在利用できません。事務局にお問い合わせください。',
  // 関係者メニュー: how the session signed in.
  'navi.login_method.local': '医療情報ネットのIDでログイン中',
  'navi.login_method.sso': 'G-MISからのシングルサインオンでログイン中',
  // G-MISからのログイン (/sso/*) that could not finish: a title and what to do.
  'navi.sso.provider_unreachable': 'G-MISからログインできません',
  'navi.sso.provider_unreachable.text': 'Med-Loginとの連携で問題が起きました。時間をおいてもう一度お試しください。',
  'navi.sso.flow_failed': 'ログインを完了できませんでした',
  'navi.sso.flow_failed.text': 'ログインの手続きが見つからないか、期限が切れました。もう一度お試しください。',
  'navi.sso.account_unavailable': 'ログインできませんでした',
  'navi.sso.account_unavailable.text': 'このG-MISアカウントは現在利用できません。',
  'navi.sso.navi_account_stopped': 'ログインできませんでした',
  'navi.sso.navi_account_stopped.text': '連携している医療情報ネットのアカウントが停止されています。都道府県または事務局へお問い合わせください。',
} as const;
