// What the form, the checks, 差異表示 and carry-over share about stored values: their canonical form
// (sorted codes and rows, no empty cells, so equal data is equal JSON), how a field and a timetable
// cell are named in messages, the rows a department table allows, and what a value of each kind is.
import { resolvePath } from './load.ts';
import {
  DAYS,
  SINGLE_ROW,
  TIME_PARTS,
  WEEKDAYS,
  type CatalogueField,
  type ChosenCode,
  type ClosedDays,
  type Day,
  type FieldOf,
  type KindCatalogue,
  type MatrixValue,
  type ReportValues,
  type Span,
  type Timetable,
  type TimetableBand,
} from './types.ts';

/** 月 火 … and 祝 as the form writes them. */
export const DAY_LABELS: Readonly<Record<Day, string>> = {
  mon: '月曜',
  tue: '火曜',
  wed: '水曜',
  thu: '木曜',
  fri: '金曜',
  sat: '土曜',
  sun: '日曜',
  hol: '祝日',
};
/** The parts of a band as the form writes them. */
export const PART_LABELS_JA = { care: '診療', reception: '外来受付', work: '就業', open: '開店' } as const;

/** The field as messages name it: 「駐車場（台数）」, or the item's label alone when the field's is the same. */
export function fieldLabel(cf: CatalogueField): string {
  return cf.item.label.ja === cf.field.label.ja ? cf.field.label.ja : `${cf.item.label.ja}（${cf.field.label.ja}）`;
}

/** The label of a code in a list of options, or the code itself. */
export function codeLabel(options: readonly { code: string; label: { ja: string } }[], code: string): string {
  return options.find((o) => o.code === code)?.label.ja ?? code;
}

/** The department codes a department table (timetable or matrix) may have: the codes chosen in its `subsetOf` field. */
export function departmentRows(cat: KindCatalogue, cf: CatalogueField, values: ReportValues): string[] {
  const f = cf.field as FieldOf<'timetable'> | FieldOf<'matrix'>;
  let ref = f.subsetOf;
  let item = cf.item;
  if (ref === undefined && f.kind === 'timetable' && f.shares !== undefined) {
    const owner = cat.fields.get(resolvePath(cf.item, f.shares));
    if (owner !== undefined) {
      ref = (owner.field as FieldOf<'timetable'>).subsetOf;
      item = owner.item;
    }
  }
  if (ref === undefined) return [];
  const chosen = values[resolvePath(item, ref)];
  return Array.isArray(chosen) ? chosen.map((c) => c.code) : [];
}

/** The path whose value a timetable field edits: its own, or the field it shares. */
export function timetableOwner(cf: CatalogueField): string {
  const f = cf.field as FieldOf<'timetable'>;
  return f.shares === undefined ? cf.path : resolvePath(cf.item, f.shares);
}

/** JSON with every object's keys sorted: equal values are equal text whatever order their keys were written in (stored JSON may sort them). */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_key, value: unknown) =>
    isObject(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, value[k]]),
        )
      : value,
  );
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isTimetable = (v: unknown): v is Timetable => isObject(v) && Array.isArray(v.rows);
export const isClosedDays = (v: unknown): v is ClosedDays => isObject(v) && Array.isArray(v.weekly) && Array.isArray(v.nth);
export const isChosenCodes = (v: unknown): v is ChosenCode[] => Array.isArray(v);
export const isMatrix = (v: unknown): v is MatrixValue => isObject(v) && !('rows' in v) && !('weekly' in v);

/** Codes sorted and unique (the later duplicate dropped), free text trimmed and kept only when non-empty. */
export function canonicalCodes(codes: readonly ChosenCode[]): ChosenCode[] {
  const byCode = new Map<string, ChosenCode>();
  for (const c of codes)
    if (!byCode.has(c.code)) byCode.set(c.code, c.text === undefined || c.text.trim() === '' ? { code: c.code } : { code: c.code, text: c.text.trim() });
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Closed days with the weekdays in week order and the 第n週 grid by week then day. */
export function canonicalClosedDays(v: ClosedDays): ClosedDays {
  const weekly = WEEKDAYS.filter((d) => v.weekly.includes(d));
  const nth = v.nth
    .filter((c, i) => v.nth.findIndex((o) => o.week === c.week && o.day === c.day) === i)
    .sort((a, b) => a.week - b.week || WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day));
  return { weekly, nth: nth.map((c) => ({ week: c.week, day: c.day })), holidays: v.holidays, other: v.other.trim() };
}

/** A timetable with rows sorted by code, days and parts in their order, empty days, trailing empty bands and empty rows dropped. */
export function canonicalTimetable(v: Timetable): Timetable {
  const rows = v.rows
    .map((row) => {
      const bands = row.bands.map((band) => {
        const out: TimetableBand = {};
        for (const day of DAYS) {
          const cell = band[day];
          if (cell === undefined) continue;
          const parts: Partial<Record<(typeof TIME_PARTS)[number], Span>> = {};
          for (const part of TIME_PARTS) {
            const span = cell[part];
            if (span !== undefined) parts[part] = [span[0], span[1]];
          }
          if (Object.keys(parts).length > 0) out[day] = parts;
        }
        return out;
      });
      while (bands.length > 0 && Object.keys(bands.at(-1)!).length === 0) bands.pop();
      return { code: row.code, ...(row.text === undefined || row.text === '' ? {} : { text: row.text }), bands };
    })
    .filter((row) => row.bands.length > 0)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { rows };
}

/** A matrix with rows and columns sorted and empty rows dropped. */
export function canonicalMatrix(v: MatrixValue): MatrixValue {
  const out: MatrixValue = {};
  for (const row of Object.keys(v).sort()) {
    const cells = v[row]!;
    const sorted: Record<string, string | number> = {};
    for (const col of Object.keys(cells).sort()) sorted[col] = cells[col]!;
    if (Object.keys(sorted).length > 0) out[row] = sorted;
  }
  return out;
}

/** Report values in canonical form: paths sorted, structured values canonical, empty structured values dropped. */
export function canonicalValues(values: ReportValues): ReportValues {
  const out: ReportValues = {};
  for (const p of Object.keys(values).sort()) {
    const v = values[p]!;
    if (isTimetable(v)) {
      const t = canonicalTimetable(v);
      if (t.rows.length > 0) out[p] = t;
    } else if (isClosedDays(v)) out[p] = canonicalClosedDays(v);
    else if (Array.isArray(v)) {
      if (v.length > 0) out[p] = canonicalCodes(v);
    } else if (isObject(v)) {
      const m = canonicalMatrix(v as MatrixValue);
      if (Object.keys(m).length > 0) out[p] = m;
    } else out[p] = v;
  }
  return out;
}

/** Every cell of a timetable as `row.band.day.part.s|e` → time (band from 1), for comparing cell by cell. */
export function timetableCells(v: Timetable): Map<string, string> {
  const cells = new Map<string, string>();
  for (const row of v.rows) {
    row.bands.forEach((band, i) => {
      for (const day of DAYS) {
        for (const part of TIME_PARTS) {
          const span = band[day]?.[part];
          if (span === undefined) continue;
          cells.set(`${row.code}.${i + 1}.${day}.${part}.s`, span[0]);
          cells.set(`${row.code}.${i + 1}.${day}.${part}.e`, span[1]);
        }
      }
    });
  }
  return cells;
}

/** The name a row of a department table has in messages: the department's label (or the single row's nothing). */
export function rowLabel(cat: KindCatalogue, code: string): string {
  if (code === SINGLE_ROW) return '';
  return codeLabel(cat.codeLists.get('departments')?.codes ?? [], code);
}
