// The screens that fill reports from CSV (an institution's 「CSVで入力」, the prefecture's
// 「CSVで報告を入力」): what an upload that cannot be read says, and the notices after one. The
// problems inside the files are report_csv.* (the core's), shown by file, line and column.
export const reportCsvPages = {
  'report_csv_pages.too_large': (mb: number) => `ファイルが大きすぎます。1つのファイルは${mb}MBまでです。医療機関を分けて、いくつかのファイルにしてください。`,
  'report_csv_pages.too_many_parts': '一度に読み込めるのは、項目ファイルと時間ファイルの2つだけです。',
  'report_csv_pages.unreadable': '送られたファイルを読み取れませんでした。通信が途中で切れた可能性があります。もう一度ファイルを選んで読み込んでください。',
  'report_csv_pages.items_required': '項目ファイルを選んでください。',
  'report_csv_pages.not_csv': (file: string, name: string) => `${file}「${name}」はCSVファイルではないようです。拡張子が「.csv」のファイルを選んでください。`,
  'report_csv_pages.excel': (file: string, name: string) =>
    `${file}「${name}」はExcelのブックです。Excelの「名前を付けて保存」で「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」を選んで保存し、そのファイルを読み込んでください。`,
  'report_csv_pages.binary': (file: string, name: string) => `${file}「${name}」には文字でないデータが含まれています。CSVファイルを選んでください。`,
  'report_csv_pages.problems': (n: number) => `CSVに直す必要のある箇所が${n}件あります。何も保存していません。直してから、もう一度読み込んでください。`,
  'report_csv_pages.filled': (n: number) => `CSVから${n}欄を入力して保存しました（報告中）。内容を確かめてから「報告」を押してください。`,
  'report_csv_pages.unchanged': 'CSVの内容は、いま保存されている内容と同じでした。新しい版は作っていません。',
  'report_csv_pages.stale':
    'このページを開いた後に、この報告が保存されています。何も保存していません。いまの内容を確かめ、必要ならCSVをダウンロードし直してから、もう一度読み込んでください。',
  'report_csv_pages.not_editable': 'この報告はいま入力できる状態ではありません（報告済・確認済など）。CSVから入力できるのは、報告中か差戻しの報告です。',
  'report_csv_pages.kind_required': '機関区分を選んでください。',
  'report_csv_pages.imported': (saved: number, submitted: number) =>
    submitted > 0 ? `${saved}件の報告に入力して保存し、そのうち${submitted}件を報告済にしました。` : `${saved}件の報告に入力して保存しました（報告中）。`,
  'report_csv_pages.checked': (n: number) => `確認のみ: ${n}件の報告に、このCSVの内容を問題なく入力できます。まだ何も保存していません。`,
  'report_csv_pages.nothing': 'CSVに入力する医療機関の行がありません。',
  // Screens that take one CSV file (the 医療機関マスタ import).
  'csv_upload.one_file': (label: string) => `一度に読み込めるのは${label}1つだけです。`,
  'csv_upload.file_required': (label: string) => `${label}を選んでください。`,
} as const;
