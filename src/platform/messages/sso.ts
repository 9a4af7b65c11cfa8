// 医療情報ネットへのシングルサインオン: the user's 利用申請 and the office's decisions.
export const sso = {
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
} as const;
