// 医療情報ネットへのシングルサインオン: the user's 利用申請 and the office's decisions, and the page that
// says why single sign-on was refused.
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
  // 利用申請の画面: why this account must apply, and its standing in a few words.
  'sso_application.need.category': (category: string) =>
    `アカウントの区分が「${category}」のため、医療情報ネットへシングルサインオンするには事前の利用申請が必要です（申請なしで使えるのは、病院・診療所・歯科診療所・助産所・薬局のアカウントです）。`,
  'sso_application.need.earlier_navi_account':
    'G-MISのアカウントより前に、同じメールアドレスで医療情報ネットのアカウントが作られているため、医療情報ネットへシングルサインオンするには事前の利用申請が必要です。',
  'sso_application.standing.blocked': '停止中（連携の確認画面で「却下」が選ばれました）',
  'sso_application.standing.allowed': '利用できます',
  'sso_application.standing.pending': '申請の確認中',
  'sso_application.standing.refused': '申請が承認されませんでした',
  'sso_application.standing.required': '利用申請が必要です',
  // Single sign-on refused (Med-Login's consent screen, 医療情報ネット's callback), by the reason
  // (sso/access/access.ts): a heading, what happened, the next step and the link into G-MIS.
  'sso_refusal.blocked_after_refusal': '医療情報ネットへのシングルサインオンを停止しています',
  'sso_refusal.blocked_after_refusal.explanation':
    '利用者情報を医療情報ネットへ連携するかを確認する画面で「却下」が選ばれたため、このG-MISアカウントからは医療情報ネットへシングルサインオンできない状態になっています。',
  'sso_refusal.blocked_after_refusal.next_step':
    'G-MIS事務局から、ご登録の連絡先へ、同意いただけなかった理由を伺うご連絡をします。確認が済むと事務局が停止を解除し、メールでお知らせします。解除後に医療情報ネットを選ぶと、確認画面がもう一度表示されます。お急ぎの場合は、次のページに記載の連絡先から事務局へお問い合わせください。',
  'sso_refusal.blocked_after_refusal.link': '利用状況と事務局の連絡先を確認する',
  'sso_refusal.application_required': '医療情報ネットの利用申請が必要です',
  'sso_refusal.application_required.explanation':
    'このアカウントで医療情報ネットへシングルサインオンするには、事前の利用申請が必要です。アカウントの区分が病院・診療所・歯科診療所・助産所・薬局以外の場合や、G-MISアカウントより前に医療情報ネットのアカウントをお持ちだった場合が該当します。',
  'sso_refusal.application_required.next_step': 'G-MISの利用申請画面で利用目的を入力し、申請してください。事務局が確認し、結果をメールでお知らせします。',
  'sso_refusal.application_required.link': 'G-MISで利用申請をする',
  'sso_refusal.application_pending': '利用申請を確認しています',
  'sso_refusal.application_pending.explanation':
    '医療情報ネットへのシングルサインオンの利用申請を受け付け、事務局が内容を確認しています。承認されるまでは、このアカウントからはシングルサインオンできません。',
  'sso_refusal.application_pending.next_step': '結果はメールでお知らせします。申請の内容と状況は、G-MISの利用申請画面でいつでも確認できます。',
  'sso_refusal.application_pending.link': '申請の状況を確認する',
  'sso_refusal.application_refused': '利用申請が承認されませんでした',
  'sso_refusal.application_refused.explanation': '医療情報ネットへのシングルサインオンの利用申請は、事務局の確認の結果、承認されませんでした。',
  'sso_refusal.application_refused.next_step': '事務局からの理由をご確認のうえ、G-MISの利用申請画面からもう一度申請できます。',
  'sso_refusal.application_refused.link': 'G-MISでもう一度申請する',
} as const;
