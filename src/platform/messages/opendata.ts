// Reading the ministry's open-data snapshot (src/opendata/read.ts): what a note in the import report says
// about a value that was normalised or dropped (the note's `what` is its id), and why a snapshot is refused
// whole (shown with its file, line and column).
export const opendata = {
  'opendata.note.website_not_url': 'ホームページアドレスがURLの形ではないため、取り込みませんでした。',
  'opendata.note.website_fixed': 'ホームページアドレスの「http://」が欠けていたため、補って取り込みました。',
  'opendata.note.coordinates_zero': '座標が0.0のため、座標なしとして取り込みました。',
  'opendata.note.coordinates_invalid': '座標が数値でないか日本の範囲の外にあるため、座標なしとして取り込みました。',
  'opendata.note.coordinates_half': '緯度と経度の片方しかないため、座標なしとして取り込みました。',
  'opendata.note.number_invalid': '0以上の整数として読めないため、取り込みませんでした。',
  'opendata.note.beds_total': '合計病床数が各病床数の合計と合わないため、各病床数の合計にしました。',
  'opendata.note.kind_column': '機関区分の欄がIDの機関区分と合いません。IDのほうを使いました。',
  'opendata.note.flag_invalid': '休みの欄が「1」「0」空欄のどれでもないため、空欄として扱いました。',
  'opendata.note.flag_disagrees_hours': '休みの欄が公表された時間と食い違うため、時間のほうに合わせました。',
  'opendata.note.time_invalid': '時刻として読めないため、この時間帯を取り込みませんでした。',
  'opendata.note.span_zero': '00:00〜00:00は時間の入っていない印とみなし、取り込みませんでした。',
  'opendata.note.span_incomplete': '開始と終了の片方しかないため、この時間帯を取り込みませんでした。',
  'opendata.note.department_unknown': '診療科目コードが診療科目の一覧にないため、この行を取り込みませんでした。',
  'opendata.note.department_name_too_long': '診療科目名が長すぎるため、先頭の100文字を取り込みました。',
  'opendata.note.band_invalid': '診療時間帯が1から3の数字ではないため、この行を取り込みませんでした。',
  'opendata.note.hours_duplicate': '同じID・診療科目・診療時間帯の行が前にあるため、この行を取り込みませんでした。',
  'opendata.note.hours_orphan': '施設票にないIDの行のため、取り込みませんでした。',
  'opendata.refusal.no_files': (dir: string) =>
    `「${dir}」に医療情報ネットのオープンデータのファイルがありません。ファイル名は「01-1_hospital_facility_info_20260601.csv」のような形です。`,
  'opendata.refusal.two_files': (first: string, second: string) => `同じ種類のファイルが2つあります（${first}、${second}）。どちらか1つにしてください。`,
  'opendata.refusal.hours_without_facility': (facilityFile: string) =>
    `診療科・診療時間票の医療機関は施設票と突き合わせて取り込みます。施設票（${facilityFile}）も同じフォルダに置いてください。`,
  'opendata.refusal.empty': 'ファイルが空です。1行目に見出しが必要です。',
  'opendata.refusal.encoding': 'UTF-8として読めない文字があります。ファイルをUTF-8（BOM付き）で保存し直してください。',
  'opendata.refusal.header_missing': (header: string) => `見出し「${header}」の列がありません。`,
  'opendata.refusal.header_unknown': (header: string) => `見出し「${header}」は、このファイルの列にありません。見出しは1文字も変えずに使ってください。`,
  'opendata.refusal.header_repeated': (header: string) => `見出し「${header}」の列が2つあります。`,
  'opendata.refusal.unreadable': (detail: string) => `CSVとして読めない行です（${detail}）。引用符（"）の閉じ忘れがないか確かめてください。`,
  'opendata.refusal.quote_unclosed': 'この行で始まる引用符（"）が閉じられていません。',
  'opendata.refusal.column_count': (count: number, expected: number) => `列の数が${count}です（見出しは${expected}列）。`,
  'opendata.refusal.id_shape': (id: string) =>
    `ID「${id}」は、都道府県コード2桁・機関区分1桁・機関コード10桁の13文字ではありません。表計算ソフトで先頭の「0」が消えていないか確かめてください。`,
  'opendata.refusal.id_kind': (digit: string, kind: string) => `IDの機関区分「${digit}」は、このファイルの${kind}のものではありません。`,
  'opendata.refusal.prefecture_unknown': (code: string) => `都道府県コード「${code}」の都道府県はありません。`,
  'opendata.refusal.prefecture_mismatch': (code: string, idCode: string) => `都道府県コード「${code}」が、IDの都道府県コード「${idCode}」と合いません。`,
  'opendata.refusal.municipality_unknown': (code: string) => `市区町村コード「${code}」の市区町村は、この都道府県にありません。`,
  'opendata.refusal.duplicate_id': (line: number) => `${line}行目と同じIDです。1つの医療機関は1行にしてください。`,
  'opendata.refusal.name_missing': (column: string) => `${column}がありません。名称のない医療機関は公表できません。`,
  'opendata.refusal.hours_apart': (line: number) =>
    `このIDの行は、前にも${line}行目にあります。1つの医療機関の行は、間にほかの医療機関の行を挟まずに続けて並べてください。`,
} as const;
