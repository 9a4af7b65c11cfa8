// G-MIS 事務局: the お知らせ editor and the お問合せ inbox (src/portal/notices.ts, inquiries.ts;
// apps/gmis/office-notices/, office-inquiries/). Field problems, the refusal when a colleague saved
// first, and the notices after each step.
export const officeInbox = {
  'notice.when.unknown': '公開のしかたを選んでください（いますぐ公開／日時を指定して予約）。',
  'notice.publish_at.required': '予約する公開日時を入力してください（例：2026-12-01 09:00、日本時間）。',
  'notice.publish_at.unreadable': '公開日時は「2026-12-01 09:00」のように入力してください（日本時間）。',
  'notice.publish_at.past': '予約する公開日時は、これから先の日時にしてください。いますぐ公開するときは「いますぐ公開」を選んでください。',
  'notice.stale':
    'このお知らせは、あなたが開いた後にほかの担当者が保存しました。あなたの変更はまだ保存していません（入力した内容は下に残してあります）。最新の内容と見比べてから、もう一度保存してください。',
  'notice.stale_action': 'ほかの担当者がこのお知らせを先に更新したため、操作しませんでした。最新の内容を確かめてから、もう一度操作してください。',
  'notice.withdrawn_already': 'このお知らせは取り下げ済みです。取り下げたお知らせは変更も公開もできません（記録として残っています）。',
  'notice.published_already': 'このお知らせはすでに公開されています。',
  'notice.saved': '下書きを保存しました。まだ利用者には表示されません。',
  'notice.edited': 'お知らせを保存しました。',
  'notice.published_now': 'お知らせを公開しました。利用者のお知らせ一覧に表示されています。',
  'notice.scheduled': '公開を予約しました。指定した日時になると、利用者のお知らせ一覧に表示されます。',
  'notice.withdrawn': 'お知らせを取り下げました。利用者には表示されなくなりました（記録は残ります）。',

  'inquiry.answer.required': '回答の本文を入力してください。',
  'inquiry.stale':
    'このお問合せは、あなたが開いた後にほかの担当者が更新しました（回答の送信など）。あなたの回答は送っていません（入力した内容は下に残してあります）。上のやりとりを確かめてから、必要なら送ってください。',
  'inquiry.stale_action': 'ほかの担当者がこのお問合せを先に更新したため、操作しませんでした。最新の状態を確かめてから、もう一度操作してください。',
  'inquiry.closed_already': 'このお問合せは完了しています。回答を送るときは、先に「対応を再開する」を押してください。',
  'inquiry.answered': '回答をメールで送りました（数分で届きます）。お問合せは「回答済」になりました。',
  'inquiry.closed': 'お問合せを「完了」にしました。',
  'inquiry.reopened': 'お問合せの対応を再開しました（「対応中」に戻しました）。',
} as const;
