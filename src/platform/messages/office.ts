// G-MIS 事務局: the office console (受付期間, accounts).
export const office = {
  'office.window.time_unreadable': '日時は「2026-11-13 09:00」のように入力してください（日本時間）。',
  'office.window.reopen_past': '再開日時は、これから先の日時にしてください。',
  'office.window.until_before_from': '終了日時は開始日時より後にしてください。',
  'office.window.until_past': '終了日時は、これから先の日時にしてください。',
} as const;
