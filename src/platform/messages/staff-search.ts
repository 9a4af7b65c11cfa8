// 関係者メニュー 施設の検索: what is wrong with one of the conditions only the staff search has, shown
// beside its field (`staff_search.<parameter>.<problem>`; the rest are the public search's search.*).
export const staffSearch = {
  'staff_search.equipment.unknown': '保有設備は一覧から選んでください。',
  'staff_search.equipment.too_many': '保有設備は30までにしてください。',
  'staff_search.treatment.unknown': '対応可能な疾患・治療は一覧から選んでください。',
  'staff_search.treatment.too_many': '対応可能な疾患・治療は30までにしてください。',
  'staff_search.specialist.unknown': '専門医は一覧から選んでください。',
  'staff_search.specialist.too_many': '専門医は30までにしてください。',
  'staff_search.vaccination.unknown': '予防接種は一覧から選んでください。',
  'staff_search.vaccination.too_many': '予防接種は30までにしてください。',
  'staff_search.encoding.unknown': 'CSVの文字コードは「UTF-8」か「Shift_JIS」から選んでください。',
} as const;
