// What 医療情報ネット shows of an institution: 公表停止 and its lifting, and the notices and mails
// about publication.
export const publication = {
  'publication.stop.reason_required': '理由を入力してください。機関へのお知らせメールにもそのまま載ります。',
  'publication.stop.reason_too_long': '理由は1000文字以内で入力してください。',
  'publication.stop.already_stopped': 'この機関の情報は、すでに公表を停止しています。',
  'publication.stop.not_stopped': 'この機関の情報は公表を停止していないため、解除できません。',
  'publication.stop.not_found': 'この機関には、公表している情報がありません。',
  'publication.stopped': '公表を停止しました。機関にはメールでお知らせしています。',
  'publication.stop_lifted': '公表停止を解除しました。機関にはメールでお知らせしています。',
  'publication.facility_code_too_long': '機関コードが10桁を超えているため、施設IDを作れず公表できません。事務局にご相談ください。',
} as const;
