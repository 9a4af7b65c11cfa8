// The report form's item catalogue (src/reporting/catalogue/): a field's problem (what was typed
// does not parse, a required item is empty, a cross-field rule) and the CSV's problems by line.
// `label` is the field as the form names it (「駐車場（台数）」, 「診療時間（内科・時間帯1・月曜）」).
export const catalogue = {
  'catalogue.field.required': (label: string) => `${label}を入力してください。`,
  'catalogue.field.choose': (label: string) => `${label}を選んでください。`,
  'catalogue.field.invalid_kept': (label: string) => `${label}に正しくない入力が残っています。直してから報告してください。`,
  'catalogue.field.stored_invalid': (label: string) => `${label}に保存されている値が、この項目の形に合っていません。入力し直してください。`,
  'catalogue.text.too_long': (label: string, max: number) => `${label}は${max}文字以内で入力してください。`,
  'catalogue.text.kana': (label: string) => `${label}は全角カタカナで入力してください（ひらがなは自動でカタカナにします）。`,
  'catalogue.text.url': (label: string) => `${label}は「https://」または「http://」から始まるアドレスで入力してください。`,
  'catalogue.text.email': (label: string) => `${label}は「info@example.jp」のように、@を含めて入力してください。`,
  'catalogue.text.postcode': (label: string) => `${label}は7桁の数字で入力してください（例：100-0001）。`,
  'catalogue.choice.unknown': (label: string) => `${label}で選ばれた値は選択肢にありません。一覧から選び直してください。`,
  'catalogue.multi.too_many': (label: string, max: number) => `${label}は${max}個まで選べます。`,
  'catalogue.multi.free_text_required': (label: string, option: string) => `${label}で「${option}」を選んだときは、その名称を入力してください。`,
  'catalogue.multi.free_text_too_long': (label: string, max: number) => `${label}の名称は${max}文字以内で入力してください。`,
  'catalogue.count.not_integer': (label: string) => `${label}は整数で入力してください（全角の数字も使えます）。`,
  'catalogue.decimal.not_number': (label: string) => `${label}は数値で入力してください（例：12.5）。`,
  'catalogue.decimal.scale': (label: string, scale: number) => `${label}は小数点以下${scale}桁までで入力してください。`,
  'catalogue.number.min': (label: string, min: string) => `${label}は${min}以上で入力してください。`,
  'catalogue.number.max': (label: string, max: string) => `${label}は${max}以下で入力してください。`,
  'catalogue.number.sum': (label: string) => `${label}は内訳の合計と一致していません。内訳を確かめてください。`,
  'catalogue.date.invalid': (label: string) => `${label}は「2026-04-01」または「2026年4月1日」の形で、実在する日付を入力してください。`,
  'catalogue.date.min': (label: string, min: string) => `${label}は${min}以降の日付を入力してください。`,
  'catalogue.date.max': (label: string, max: string) => `${label}は${max}以前の日付を入力してください。`,
  'catalogue.time.invalid': (label: string) => `${label}は「09:00」のように、24時間制の時刻で入力してください。`,
  'catalogue.time.start_midnight': (label: string) => `${label}の開始に「24:00」は使えません。日付の変わる時刻は「00:00」と入力してください。`,
  'catalogue.time.incomplete': (label: string) => `${label}は開始と終了の両方を入力してください（時間がなければ両方とも空欄にします）。`,
  'catalogue.time.zero_span': (label: string) =>
    `${label}の「00:00〜00:00」は時間帯になりません。終日なら「00:00〜24:00」と入力し、時間がなければ両方とも空欄にしてください。`,
  'catalogue.rows.not_department': (label: string, row: string) => `${label}に、診療科目で選んでいない「${row}」の行があります。診療科目を確かめてください。`,
} as const;
