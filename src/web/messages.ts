// Messages the logic chooses between, by stable id. Page prose lives with its page.
export const MESSAGES = {
  'login.invalid':
    'ユーザ名またはパスワードが正しくありません。入力内容をご確認ください。パスワードが分からない場合は「パスワードをお忘れですか？」から再設定できます。',
  'login.throttled': (seconds: number) =>
    `ログインの失敗が続いたため、一時的に受け付けを止めています。${seconds}秒ほど待ってから、もう一度お試しください。`,
  'login.username.required': 'ユーザ名を入力してください。',
  'login.password.required': 'パスワードを入力してください。',
  'logout.done': 'ログアウトしました。',
  'session.ended': 'ログインの有効期限が切れたか、パスワードの変更などでログアウトされました。もう一度ログインしてください。',
  'recovery.username.required': 'ユーザ名を入力してください。',
  'recovery.rate_limited':
    '短い時間に何度も送信されたため、いったん受け付けを止めています。1時間ほど待ってからもう一度お試しください。届いているメールがあれば、最後に届いたものをお使いください。',
  'welcome.done': 'パスワードを設定しました。次回からはユーザ名とこのパスワードでログインできます。',
  'recovery.done': 'パスワードを変更しました。安全のため、ほかの端末でのログインはすべて終了しました。',
  'recovery.resent': 'メールをもう一度送信しました。',
} as const;
