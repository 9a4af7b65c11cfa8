// The placeholders a prefecture's own mail text may hold ({機関名} …): 一括メール配信 and the 報告
// reminders fill them per recipient. A text is checked before it is saved or sent (an unknown or
// unclosed placeholder is named in the message), and filled by plain replacement: mails are plain
// text, so nothing needs escaping, and a value never becomes a placeholder itself.

/** The placeholders, with what each is filled with (shown beside the editor). */
export const PLACEHOLDERS = {
  機関名: '医療機関・薬局の名称',
  機関コード: '医療機関コード（10桁）',
  ユーザ名: 'ログインに使うユーザ名',
  担当者名: 'ユーザ基礎情報の担当者の氏名',
  都道府県名: '所在地の都道府県',
  報告期限: 'その年度の報告期間の終わりの日（例: 2027年3月31日）',
  報告状況: '未報告・報告中・報告済・確認済などの状況',
} as const;

export type PlaceholderName = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Readonly<Record<PlaceholderName, string>>;

export const PLACEHOLDER_NAMES = Object.keys(PLACEHOLDERS) as PlaceholderName[];

const isPlaceholder = (name: string): name is PlaceholderName => Object.hasOwn(PLACEHOLDERS, name);

/** `{…}` with anything but braces inside, and a `{` or `}` left alone. */
const TOKEN = /\{([^{}\n]*)\}|[{}]/g;

export type PlaceholderProblem = { kind: 'unknown'; name: string } | { kind: 'unbalanced' };

/** What is wrong with a text's placeholders: each unknown name once, and a lone brace once; none when it is fine. */
export function placeholderProblems(text: string): PlaceholderProblem[] {
  const problems: PlaceholderProblem[] = [];
  const seen = new Set<string>();
  let unbalanced = false;
  for (const m of text.matchAll(TOKEN)) {
    if (m[1] === undefined) unbalanced = true;
    else if (!isPlaceholder(m[1]) && !seen.has(m[1])) {
      seen.add(m[1]);
      problems.push({ kind: 'unknown', name: m[1] });
    }
  }
  if (unbalanced) problems.push({ kind: 'unbalanced' });
  return problems;
}

/** The field-level message for a text's placeholder problems (Japanese), or undefined when there are none. */
export function placeholderMessage(text: string): string | undefined {
  const problems = placeholderProblems(text);
  if (problems.length === 0) return undefined;
  const unknown = problems.flatMap((p) => (p.kind === 'unknown' ? [`{${p.name}}`] : []));
  const parts = [
    unknown.length ? `${unknown.join('、')} は使えない差し込み項目です。使えるのは ${PLACEHOLDER_NAMES.map((n) => `{${n}}`).join('、')} です。` : '',
    problems.some((p) => p.kind === 'unbalanced') ? '「{」と「}」は差し込み項目を囲むときだけ、対にして使ってください。' : '',
  ];
  return parts.filter(Boolean).join('');
}

/** The text with every placeholder filled. The text must have passed placeholderProblems. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(TOKEN, (whole, name: string | undefined) => (name !== undefined && isPlaceholder(name) ? values[name] : whole));
}
