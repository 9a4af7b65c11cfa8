// G-MIS 申請審査 (都道府県・保健所 and the office): 承認, 差し戻し, 却下 and their notices.
export const review = {
  'review.approved': '承認しました。アカウントを発行し、ご担当者にメールを送りました。',
  'review.approved.existing_account': '承認しました。この機関にはアカウントがすでにあったため、そのユーザ名をお知らせしました。',
  'review.approved.many': (count: number) => `${count}件を承認しました。`,
  'review.returned': '差し戻しました。申請者に理由をメールで送りました。',
  'review.rejected': '却下しました。申請者に理由をメールで送りました。',
  'review.already_decided': 'この申請はすでに判断済みです（ほかの担当者が先に判断した可能性があります）。',
  'review.none_selected': '承認する申請を選んでください。',
  'review.mail.resent': 'メールを送り直しました。',
  'review.mail.no_failure': 'この申請には届かなかったメールがありません。',
  'review.mail.account_in_use': 'このアカウントはすでにパスワードが設定され、使われています。メールアドレスはご本人がユーザ基礎情報で変更できます。',
  'review.proxy.submitted': '代理申請を受け付けました。申請番号と受付のメールは、入力したご担当者のアドレスに送りました。内容を確認して承認してください。',
} as const;
