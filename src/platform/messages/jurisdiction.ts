// 所管 (which health centre covers which municipality): the office's and the prefecture's changes.
export const jurisdiction = {
  'jurisdiction.saved': '保存しました。',
  'jurisdiction.municipalities.saved': '担当の市区町村を保存しました。',
  'jurisdiction.account.not_found': 'アカウントが見つかりません。',
  'jurisdiction.account.wrong_category': 'このアカウントには設定できません。',
  'jurisdiction.municipalities.outside_prefecture': '保健所の都道府県の市区町村だけを選べます。',
} as const;
