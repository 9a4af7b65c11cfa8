// Read-only rendering of a report's values, field by field as its catalogue describes them: words
// for yes/no and codes, numbers with their unit, timetables as tables, closed days in a sentence.
// 差異表示 and 医療情報ネット's facility page both use it; given the other side of a comparison it
// puts <mark> on what differs (a timetable cell, a code, a matrix cell, or the whole value).
import { formatDay } from '../platform/japanese/time.ts';
import type { CatalogueField, ChosenCode, ClosedDays, Day, FieldValue, KindCatalogue, MatrixValue, Timetable, TimePart } from '../reporting/catalogue/types.ts';
import { DAYS, SINGLE_ROW, TIME_PARTS, WEEKDAYS } from '../reporting/catalogue/types.ts';
import { optionsOf } from '../reporting/catalogue/load.ts';

export type Lang = 'ja' | 'en';

const DAY_WORDS: Record<Lang, Record<Day, string>> = {
  ja: { mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土', sun: '日', hol: '祝' },
  en: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun', hol: 'Hol' },
};
const DAY_NAMES: Record<Lang, Record<Day, string>> = {
  ja: { mon: '月曜', tue: '火曜', wed: '水曜', thu: '木曜', fri: '金曜', sat: '土曜', sun: '日曜', hol: '祝日' },
  en: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday', hol: 'public holidays' },
};
const PART_WORDS: Record<Lang, Record<TimePart, string>> = {
  ja: { care: '診療', reception: '受付', work: '就業', open: '開店' },
  en: { care: 'Hours', reception: 'Reception', work: 'Hours', open: 'Open' },
};
const WORDS = {
  ja: {
    yes: 'あり',
    no: 'なし',
    none: '（未入力）',
    department: '診療科目',
    band: '時間帯',
    every: '毎週',
    holidays: '祝日',
    other: 'その他',
    none_closed: 'なし',
  },
  en: {
    yes: 'Yes',
    no: 'No',
    none: '(not given)',
    department: 'Department',
    band: 'Band',
    every: 'every',
    holidays: 'public holidays',
    other: 'Other',
    none_closed: 'None',
  },
} as const;
const ORDINAL_EN = ['', '1st', '2nd', '3rd', '4th', '5th'];

const labelOf = (l: { ja: string; en: string }, lang: Lang) => l[lang];

/** Wraps a text in <mark> when `changed`. */
function Marked(p: { changed: boolean; text: string }): JSX.Element {
  return p.changed ? <mark safe>{p.text}</mark> : <span safe>{p.text}</span>;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The label of a code in the field's options (or its code list), in `lang`; the code itself when unknown. */
function codeText(
  cat: KindCatalogue,
  f: { options?: readonly { code: string; label: { ja: string; en: string } }[]; codeList?: string },
  code: string,
  lang: Lang,
) {
  const o = optionsOf(cat, f).find((c) => c.code === code);
  return o ? labelOf(o.label, lang) : code;
}

/** A department's (or a code list row's) name. */
function departmentText(cat: KindCatalogue, code: string, lang: Lang, text?: string): string {
  if (code === SINGLE_ROW) return '';
  const o = cat.codeLists.get('departments')?.codes.find((c) => c.code === code);
  const name = o ? labelOf(o.label, lang) : code;
  return text ? `${name}（${text}）` : name;
}

/** 10 台, 3.5 m² …: a number with the field's unit. */
function numberText(n: number, unit: { ja: string; en: string } | undefined, lang: Lang): string {
  const s = n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 6 });
  return unit ? `${s}${lang === 'en' ? ' ' : ''}${labelOf(unit, lang)}` : s;
}

/** A span as 09:00–12:00. */
const spanText = (s: readonly [string, string]) => `${s[0]}–${s[1]}`;

/** One cell of a timetable (a row, a band, a day): each part it holds, named when there are several (「診療」 09:00–12:00). */
function cellParts(t: Timetable | undefined, row: string, band: number, day: Day, lang: Lang): Array<{ name: string | undefined; span: string }> {
  const cell = t?.rows.find((r) => r.code === row)?.bands[band]?.[day];
  if (!cell) return [];
  const parts = TIME_PARTS.filter((p) => cell[p] !== undefined);
  return parts.map((p) => ({ name: parts.length === 1 ? undefined : PART_WORDS[lang][p], span: spanText(cell[p]!) }));
}

/** A cell's parts as one text, to tell a changed cell: 「診療 09:00–12:00 / 受付 08:30–11:30」. */
const cellText = (parts: ReturnType<typeof cellParts>): string => parts.map((p) => (p.name ? `${p.name} ${p.span}` : p.span)).join(' / ');

/** A cell's parts, a line each; a time range never broken across lines (「09:00–」 above 「12:00」). */
function TimeCell(p: { parts: ReturnType<typeof cellParts>; changed: boolean }): JSX.Element {
  const lines = p.parts.map((part, i) => (
    <>
      {i > 0 ? <br /> : ''}
      {part.name ? <span safe>{`${part.name} `}</span> : ''}
      <span class="time-range" safe>
        {part.span}
      </span>
    </>
  ));
  return p.changed ? <mark>{lines}</mark> : <>{lines}</>;
}

/** A weekly timetable: a row per department (or one) and band, a column per day; <mark> on cells that differ from `other`. */
export function TimetableView(p: {
  cat: KindCatalogue;
  value: Timetable;
  other?: Timetable | undefined;
  compare: boolean;
  lang: Lang;
  caption: string;
  /** Names the scrolling region apart from another table of the same item on the page (「今回の報告」). */
  context?: string | undefined;
}): JSX.Element {
  const w = WORDS[p.lang];
  const single = p.value.rows.every((r) => r.code === SINGLE_ROW);
  return (
    <div class="values-table-scroll" tabindex="0" role="region" aria-label={p.context ? `${p.context}：${p.caption}` : p.caption}>
      <table class="timetable-view">
        <caption class="visually-hidden" safe>
          {p.caption}
        </caption>
        <thead>
          <tr>
            {single ? '' : <th scope="col">{w.department}</th>}
            <th scope="col">{w.band}</th>
            {DAYS.map((d) => (
              <th scope="col" safe>
                {DAY_WORDS[p.lang][d]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.value.rows.flatMap((row) =>
            Array.from({ length: Math.max(1, row.bands.length) }, (_, band) => {
              return (
                <tr>
                  {single ? (
                    ''
                  ) : band === 0 ? (
                    <th scope="row" rowspan={Math.max(1, row.bands.length)} safe>
                      {departmentText(p.cat, row.code, p.lang, row.text)}
                    </th>
                  ) : (
                    ''
                  )}
                  <td class="timetable-view__band">{band + 1}</td>
                  {DAYS.map((d) => {
                    const parts = cellParts(p.value, row.code, band, d, p.lang);
                    const changed = p.compare && cellText(parts) !== cellText(cellParts(p.other, row.code, band, d, p.lang));
                    return (
                      <td data-changed={changed ? '1' : undefined}>
                        {parts.length === 0 ? changed ? <mark>—</mark> : '' : <TimeCell parts={parts} changed={changed} />}
                      </td>
                    );
                  })}
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Closed days in one sentence: 毎週日曜・祝日、第2・第4土曜。その他：年末年始. */
export function closedDaysText(v: ClosedDays, lang: Lang): string {
  const parts: string[] = [];
  const weekly = WEEKDAYS.filter((d) => v.weekly.includes(d));
  if (weekly.length) {
    parts.push(lang === 'ja' ? `毎週${weekly.map((d) => DAY_NAMES.ja[d]).join('・')}` : `every ${weekly.map((d) => DAY_NAMES.en[d]).join(', ')}`);
  }
  for (const day of WEEKDAYS) {
    const weeks = v.nth.filter((n) => n.day === day).map((n) => n.week);
    if (weeks.length === 0) continue;
    parts.push(
      lang === 'ja'
        ? `${weeks.map((n) => `第${n}`).join('・')}${DAY_NAMES.ja[day]}`
        : `the ${weeks.map((n) => ORDINAL_EN[n]).join(' and ')} ${DAY_NAMES.en[day]}`,
    );
  }
  if (v.holidays) parts.push(WORDS[lang].holidays);
  let text = parts.length ? parts.join(lang === 'ja' ? '、' : '; ') : v.other ? '' : WORDS[lang].none_closed;
  if (v.other) text += `${text ? (lang === 'ja' ? '。' : '. ') : ''}${WORDS[lang].other}${lang === 'ja' ? '：' : ': '}${v.other}`;
  return text;
}

function multiTexts(cat: KindCatalogue, cf: CatalogueField, v: ChosenCode[], lang: Lang): Array<{ code: string; text: string }> {
  const f = cf.field as { options?: readonly { code: string; label: { ja: string; en: string } }[]; codeList?: string };
  return v.map((c) => {
    const name = f.codeList === 'departments' ? departmentText(cat, c.code, lang) : codeText(cat, f, c.code, lang);
    return { code: c.code, text: c.text ? `${name}（${c.text}）` : name };
  });
}

function MatrixView(p: {
  cat: KindCatalogue;
  cf: CatalogueField;
  value: MatrixValue;
  other?: MatrixValue | undefined;
  compare: boolean;
  lang: Lang;
  context?: string | undefined;
}): JSX.Element {
  const f = p.cf.field;
  const region = labelOf(f.label, p.lang);
  if (f.kind !== 'matrix') return <></>;
  const rowName = (code: string) =>
    f.rows === 'departments'
      ? departmentText(p.cat, code, p.lang)
      : codeText(p.cat, 'codeList' in f.rows ? { codeList: f.rows.codeList } : { options: f.rows.options }, code, p.lang);
  const cell = (m: MatrixValue | undefined, row: string, col: (typeof f.columns)[number]) => {
    const v = m?.[row]?.[col.id];
    if (v === undefined) return '';
    if (typeof v === 'number') return numberText(v, col.unit, p.lang);
    return col.kind === 'choice' ? codeText(p.cat, col, v, p.lang) : v;
  };
  return (
    <div class="values-table-scroll" tabindex="0" role="region" aria-label={p.context ? `${p.context}：${region}` : region}>
      <table class="matrix-view">
        <caption class="visually-hidden" safe>
          {labelOf(p.cf.field.label, p.lang)}
        </caption>
        <thead>
          <tr>
            <td></td>
            {f.columns.map((c) => (
              <th scope="col" safe>
                {labelOf(c.label, p.lang)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Object.keys(p.value).map((row) => (
            <tr>
              <th scope="row" safe>
                {rowName(row)}
              </th>
              {f.columns.map((c) => {
                const text = cell(p.value, row, c);
                return (
                  <td>
                    <Marked changed={p.compare && text !== cell(p.other, row, c)} text={text} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The words of a scalar value (text, yes/no, choice, number, date). */
export function scalarText(cat: KindCatalogue, cf: CatalogueField, v: FieldValue, lang: Lang): string {
  const f = cf.field;
  if (typeof v === 'boolean') return v ? WORDS[lang].yes : WORDS[lang].no;
  if (typeof v === 'number') return numberText(v, 'unit' in f ? f.unit : undefined, lang);
  if (typeof v === 'string') {
    if (f.kind === 'choice') return codeText(cat, f, v, lang);
    if (f.kind === 'date') return formatDay(v, lang);
    if (f.kind === 'text' && f.format === 'postcode' && /^\d{7}$/.test(v)) return `〒${v.slice(0, 3)}-${v.slice(3)}`;
    return v;
  }
  return '';
}

/**
 * One field's value as it reads: `other` is the other side of a comparison (with `compare`, what
 * differs from it is marked). Nothing entered reads 「（未入力）」.
 */
export function FieldValueView(p: {
  cat: KindCatalogue;
  cf: CatalogueField;
  value: FieldValue | undefined;
  other?: FieldValue | undefined;
  compare?: boolean;
  lang?: Lang;
  /** Which side of a comparison this is, for the names of its tables' regions. */
  context?: string | undefined;
}): JSX.Element {
  const lang = p.lang ?? 'ja';
  const compare = p.compare ?? false;
  const v = p.value;
  if (v === undefined) return <span class="muted">{WORDS[lang].none}</span>;
  const f = p.cf.field;
  if (f.kind === 'timetable' && typeof v === 'object' && 'rows' in v) {
    const other = p.other && typeof p.other === 'object' && 'rows' in p.other ? (p.other as Timetable) : undefined;
    return (
      <TimetableView
        cat={p.cat}
        value={v as Timetable}
        other={other}
        compare={compare}
        lang={lang}
        caption={labelOf(p.cf.item.label, lang)}
        context={p.context}
      />
    );
  }
  if (f.kind === 'closed_days' && typeof v === 'object' && 'weekly' in v) {
    const text = closedDaysText(v as ClosedDays, lang);
    return <Marked changed={compare && !sameJson(v, p.other)} text={text} />;
  }
  if (f.kind === 'multi' && Array.isArray(v)) {
    const others = new Set(Array.isArray(p.other) ? p.other.map((c) => JSON.stringify(c)) : []);
    if (v.length === 0) return <span>{WORDS[lang].no}</span>;
    return (
      <ul class="values-list">
        {multiTexts(p.cat, p.cf, v, lang).map((c, i) => (
          <li>
            <Marked changed={compare && !others.has(JSON.stringify(v[i]))} text={c.text} />
          </li>
        ))}
      </ul>
    );
  }
  if (f.kind === 'matrix' && typeof v === 'object' && !Array.isArray(v)) {
    const other = p.other && typeof p.other === 'object' && !Array.isArray(p.other) ? (p.other as MatrixValue) : undefined;
    return <MatrixView cat={p.cat} cf={p.cf} value={v as MatrixValue} other={other} compare={compare} lang={lang} context={p.context} />;
  }
  const text = scalarText(p.cat, p.cf, v, lang);
  const changed = compare && !sameJson(v, p.other);
  return f.kind === 'text' && f.multiline ? (
    <span class="values-multiline">
      <Marked changed={changed} text={text} />
    </span>
  ) : (
    <Marked changed={changed} text={text} />
  );
}
