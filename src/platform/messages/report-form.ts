// The institution's report form in G-MIS (apps/gmis/reporting/): the notices after each step, and
// why a save, 報告, 引き戻し or 破棄 did not go through.
export const reportForm = {
  'report_form.started': (kind: string) => `${kind}を始めました。項目を入力し、区分ごとに保存してください。`,
  'report_form.saved': '入力内容を保存しました（報告中）。まだ都道府県には報告されていません。',
  'report_form.copied': '時間をコピーして保存しました。コピーされた時間を確かめてください。',
  'report_form.saved_with_problems': (count: number) =>
    `入力内容を保存しましたが、${count}件の項目を直す必要があります。各項目の横のメッセージを確かめてください。直すまでは報告できません。`,
  'report_form.submitted': '都道府県に報告しました。都道府県が確認するまでは、「引き戻し」で報告を取り消して修正できます。',
  'report_form.withdrawn': '報告を引き戻しました。修正してから、もう一度「報告」を押してください。',
  'report_form.discarded': '報告を破棄しました。',
  'report_form.incomplete': (count: number) => `報告する前に、${count}件の項目を入力または修正してください。各区分の「未入力・要修正」から確かめられます。`,
  'report_form.conflict': 'この報告は、あなたが画面を開いた後に別の画面で保存されました。内容を見比べて、どちらを残すか選んでください。',
  'report_form.not_editable': 'この報告はいま修正できません。報告済みのときは、先に「引き戻し」をしてください。',
  'report_form.already_processed': 'この報告は、すでに都道府県で処理されています。引き戻しや破棄はできません。',
  'report_form.facility_code_too_long': '医療機関コードが10桁を超えているため、公表用の番号を作れません。お手数ですが都道府県にお問合せください。',
  'report_form.stale': 'この報告は別の画面で更新されています。最新の内容を表示しましたので、確かめてからもう一度操作してください。',
} as const;
