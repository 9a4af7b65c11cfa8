// Reports filled from CSV (src/reporting/catalogue/csv.ts, src/reporting/report-import.ts): the
// problems of the 項目ファイル and the 時間ファイル, each shown with its file, line and column. A cell
// that does not parse is named by the report form's own message (catalogue.*), not by one of these.
export const reportCsv = {
  'report_csv.file.items': '項目ファイル',
  'report_csv.file.hours': '時間ファイル',
  'report_csv.unreadable': (detail: string) => `CSVとして読めない行があります（${detail}）。引用符（"）の閉じ忘れがないか確かめてください。`,
  'report_csv.empty': 'ファイルが空です。1行目に見出しが必要です。',
  'report_csv.header.missing': (header: string) => `見出し「${header}」の列がありません。`,
  'report_csv.header.unknown': (header: string) =>
    `見出し「${header}」は報告項目にありません。見出しは「名称[basic.name.official]」のように、角かっこの中に項目のキーを書きます。`,
  'report_csv.header.repeated': (header: string) => `見出し「${header}」と同じ項目の列が、ほかにもあります。`,
  'report_csv.hours.header.unknown': (header: string) =>
    `見出し「${header}」は時間ファイルの列にありません。曜日ごとの列は「月_診療開始時間」「祝_外来受付終了時間」のように書きます。`,
  'report_csv.row.column_count': (count: number, expected: number) => `列の数が${count}です（見出しは${expected}列）。`,
  'report_csv.row.key_missing': '都道府県コードと機関コードを入力してください。',
  'report_csv.row.duplicate': (line: number) => `${line}行目と同じ医療機関の行です。1つの医療機関は1行にまとめてください。`,
  'report_csv.institution.unknown': 'この都道府県コード・機関コードの医療機関は登録されていません。表計算ソフトで先頭の「0」が消えていないか確かめてください。',
  'report_csv.institution.out_of_scope': 'この医療機関の報告を代わりに入力する権限がありません。',
  'report_csv.cell.not_for_kind': (kind: string) => `この列は${kind}の報告項目にはありません。空欄にしてください。`,
  'report_csv.cell.flag': (label: string) => `${label}は、休みなら「1」、そうでなければ「0」か空欄で入力してください。`,
  'report_csv.matrix.department_not_chosen': (label: string, department: string) =>
    `${label}に、診療科目で選んでいない「${department}」の値があります。診療科目に加えるか、空欄にしてください。`,
  'report_csv.hours.no_items_row': 'この医療機関の行が項目ファイルにありません。時間ファイルの医療機関は、項目ファイルにも1行ずつ書いてください。',
  'report_csv.hours.unknown_item': (item: string, allowed: string) => `「${item}」は時間を入力する項目ではありません。この医療機関で使える項目: ${allowed}`,
  'report_csv.hours.band': (bands: number) => `診療時間帯は1から${bands}までの数字で入力してください。`,
  'report_csv.hours.single_row': `この項目は1行だけの時間表です。診療科目コードは「all」か空欄にしてください。`,
  'report_csv.hours.department_not_chosen': (code: string) =>
    `診療科目「${code}」は、項目ファイルで選ばれた診療科目にありません。項目ファイルの診療科目に加えるか、この行を消してください。`,
  'report_csv.hours.part_not_for_item': (label: string) => `この項目には「${label}」の時間はありません。空欄にしてください。`,
  'report_csv.hours.duplicate': (line: number) => `${line}行目と同じ医療機関・項目・診療科目・時間帯の行です。`,
  'report_csv.report.pending': 'この医療機関の報告は、報告済みで都道府県の確認を待っています。取り込むには、先にその報告を引き戻してください。',
  'report_csv.report.status_open': 'この医療機関には、休止・廃止・再開の報告が途中のまま残っています。先にその報告を済ませてください。',
  'report_csv.report.change_only_basic': (label: string) =>
    `いまは随時報告として取り込むため、基本情報以外の「${label}」は変えられません。定期報告の期間に取り込むか、元の値に戻してください。`,
  'report_csv.report.conflict':
    '取り込んでいる間に、ほかの人がこの医療機関の報告を保存しました。何も書き込んでいません。最新の内容を書き出してから、もう一度取り込んでください。',
  'report_csv.fill.other_institution': 'この報告の医療機関ではない行です。この報告に取り込めるのは、その医療機関の1行だけです。',
  'report_csv.fill.no_row': 'この報告の医療機関の行がありません。',
} as const;
