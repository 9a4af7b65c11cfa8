// Med-Login: サインイン, ログアウト, パスワードの設定と再設定.
export const identity = {
  'login.invalid':
    'ユーザ名またはパスワードが正しくありません。入力内容をご確認ください。パスワードが分からない場合は「パスワードをお忘れですか？」から再設定できます。',
  'login.throttled': (seconds: number) => `ログインの失敗が続いたため、一時的に受け付けを止めています。${seconds}秒ほど待ってから、もう一度お試しください。`,
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
  // A welcome or reset link that cannot be used, by the link's problem (identity/tokens/one-time-link.ts).
  'password_link.unknown': 'このリンクは正しくないか、すでに使えなくなっています。メールのリンクが途中で切れていないかもご確認ください。',
  'password_link.used': 'このリンクはすでに使われています。リンクは一度だけ使えます。',
  'password_link.superseded': 'より新しいメールが送られたため、このリンクは使えなくなりました。最後に届いたメールのリンクをお使いください。',
  'password_link.expired': 'このリンクは有効期限が切れています。',
  'password_link.account_disabled': 'このアカウントは現在利用が停止されています。管轄の都道府県の担当窓口にお問い合わせください。',
  // ログイン中の端末と連携アプリ, after ending a session or revoking a consent.
  'account_sessions.ended': '選んだ端末のログインを終了しました。その端末から連携アプリへのログインも終了しています。',
  'account_sessions.consent_revoked': '連携の同意を取り消しました。次にそのアプリを使うときは、改めて同意を確認します。',
} as const;
