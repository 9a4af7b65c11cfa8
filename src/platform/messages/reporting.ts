// 医療機能情報提供制度 / 薬局機能情報提供制度 for the institution (G-MIS): why a report cannot be
// started now (reporting.start.<reason>, the reasons home.ts works out), shown beside the disabled button.
export const reporting = {
  'reporting.start.open_report': 'まだ終わっていない報告があります。先にその報告を続けるか、破棄してください。',
  'reporting.start.already_accepted': 'すでに都道府県が確認した報告があります。新規報告ではなく、定期報告または随時報告をしてください。',
  'reporting.start.no_window': 'この年度の定期報告の期間を、都道府県がまだ決めていません。期間が決まってから、もう一度この画面をご確認ください。',
  'reporting.start.outside_window': '定期報告は、都道府県が決めた報告期間の中でだけ始められます。',
  'reporting.start.no_previous_data': '前年度までに確認された報告がないため、この報告はできません。はじめての報告は「新規報告」から行ってください。',
  'reporting.start.already_reported': 'この年度の定期報告は、すでに報告済みです。',
  'reporting.start.closed': '廃止の届出が確認されているため、報告はできません。',
  'reporting.start.suspended': 'すでに休止中です。再開するときは「再開」を報告してください。',
  'reporting.start.not_suspended': '休止中ではないため、再開の報告はできません。',
  'reporting.start.no_catalogue': 'この年度の報告項目がまだ用意されていません。事務局にお問合せください。',
  // 休止・廃止・再開 (src/reporting/status.ts): what stops 報告 besides the catalogue's checks.
  'reporting.status.date_after_today': (label: string) => `${label}に、今日より後の日付は入力できません。休止・廃止・再開をしてから報告してください。`,
  'reporting.status.until_not_after': (label: string, from: string) => `${label}は、${from}より後の日付にしてください。`,
} as const;
