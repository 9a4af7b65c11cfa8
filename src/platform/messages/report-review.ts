// 報告確認 (都道府県・保健所 and delegated associations): 確認, 差戻し, reporting windows and the
// publication setting, 公表停止 and its lifting, and their notices.
export const reportReview = {
  'report_review.accepted': '確認しました。報告の内容を医療情報ネットに公表し、医療機関にメールでお知らせしました。',
  'report_review.accepted.hidden':
    '確認しました。医療機関にメールでお知らせしました。この医療機関の情報は、公表停止などのため医療情報ネットには表示されていません。',
  'report_review.returned': '差し戻しました。理由を医療機関のご担当者にメールで送りました。',
  'report_review.already_processed': 'この報告はすでに処理されています（ほかの担当者が先に処理したか、医療機関が引き戻した可能性があります）。',
  'report_review.facility_code_too_long': '機関コードが10桁を超えているため公表できません。医療機関マスタの機関コードを確認してください。',
  'report_review.period.saved': '報告期間を保存しました。',
  'report_review.period.saved_unusual': '報告期間を保存しました。通常の期間（1月1日から3月31日まで）の外を含んでいます。意図したとおりか確認してください。',
  'report_review.period.fiscal_year': '年度を選んでください。',
  'report_review.period.scheme': '制度を選んでください。',
  'report_review.period.closes_before_opens': '受付終了日は受付開始日より後の日にしてください。',
  'report_review.period.outside_fiscal_year': '報告期間はその年度（4月1日から翌年3月31日まで）の中にしてください。',
  'report_review.period.bad_reference_date': '報告基準日を正しい日付で入力してください。',
  'report_review.setting.saved': '公表のしかたを保存しました。',
  'report_review.setting.choose': '公表のしかたを選んでください。',
  'report_review.stopped': '公表を停止しました。医療情報ネットのこの医療機関のページは表示されなくなりました。医療機関にメールでお知らせしました。',
  'report_review.lifted': '公表停止を解除しました。医療機関にメールでお知らせしました。',
  'report_review.already_stopped': 'この医療機関はすでに公表停止中です。',
  'report_review.not_stopped': 'この医療機関は公表停止中ではありません。',
} as const;
