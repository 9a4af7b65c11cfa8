// Reports as CSV, in the catalogue's format (for groups that report for many institutions): the
// columns come from the catalogue alone, so next year's catalogue is next year's columns. Pure: the
// callers (report-import.ts) find the institutions, their reports and the values a row starts from.
//
// Two files. Encoding: UTF-8 with or without a BOM, or Shift_JIS (cp932), detected; written as UTF-8
// with a BOM (Excel opens it) or Shift_JIS on request.
//
// 項目ファイル (items): a header row, then one row per institution. `都道府県コード`, `機関コード` are
// the key; every other column is one input of the catalogue, headed `<label>[<key>]` (the label is for
// people and not read; a header that is just the key is accepted). Keys:
//   text, yes/no, choice, count, decimal, date   <path>                 yes/no 1/0 (はい/いいえ); choice: the code
//   multi                                        <path>                 codes joined by `;`, free text as `01991:漢方内科`
//   closed days                                  <path>.w.<mon…sun>     1 = closed every week
//                                                <path>.n.<1-5>.<mon…sun>, <path>.hol (1 = closed), <path>.other (text)
//   matrix                                       <path>.<row>.<column>  department rows: a column per department present
// Computed fields (sumOf) have no column. A blank cell is "not entered"; a column left out of the file
// keeps what the report holds (so a file may carry only the columns it changes).
//
// 時間ファイル (hours, optional): the ministry's 診療科目・診療時間 shape with the key columns and a `項目`
// column naming the timetable (its path): `都道府県コード, 機関コード, 項目, 診療科目コード, 診療科目名,
// 診療時間帯`, then for each part of the catalogue's timetables (診療, 外来受付, 就業, 開店) and each day
// `月_診療開始時間`, `月_診療終了時間` … `祝_…`. One row per institution, timetable, department and band;
// a single-row timetable (助産所 就業時間, 薬局 開店時間) has `all` (or nothing) as its 診療科目コード;
// 診療科目名 is written for people and not read. When the file is given, the parts it has columns for
// are replaced in every timetable of each institution of the items file (no row: no hours); the
// other parts are kept.
//
// Reading goes through the report form's own parser (parseForm) and, for 報告, its checkComplete: every
// problem comes back with its file, line and column, and a caller writes nothing when there is one.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { decodeCsv, type CsvEncoding } from '../../institutions/csv.ts';
import { normaliseLine } from '../../platform/japanese/text.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { checkComplete, fieldOfInput } from './check.ts';
import { matrixRows, parseForm, type PostedForm } from './form.ts';
import { optionsOf } from './load.ts';
import {
  DAYS,
  SINGLE_ROW,
  TIME_PARTS,
  WEEKDAYS,
  WEEKS,
  type CatalogueField,
  type Day,
  type FieldOf,
  type InvalidInput,
  type KindCatalogue,
  type MatrixColumn,
  type ReportValues,
  type TimePart,
  type Week,
  type Weekday,
} from './types.ts';
import { DAY_LABELS, PART_LABELS_JA, codeLabel, departmentRows, fieldLabel, isClosedDays, isMatrix, isTimetable, rowLabel, timetableOwner } from './values.ts';

export type { CsvEncoding };
/** The 項目ファイル or the 時間ファイル. */
export type CsvFile = 'items' | 'hours';
/** One problem of the files: where (line 1 = the header; column = its header as written, or as we write it) and what. */
export interface CsvProblem {
  file: CsvFile;
  line: number;
  column?: string;
  message: string;
}
/** The bytes of an upload: the items file, and the hours file when there is one. */
export interface ReportCsvFiles {
  items: Uint8Array;
  hours?: Uint8Array | undefined;
}

export const PREFECTURE_COLUMN = '都道府県コード';
export const INSTITUTION_COLUMN = '機関コード';
/** The hours file's own columns (after the key). */
export const HOURS_COLUMNS = { item: '項目', row: '診療科目コード', rowName: '診療科目名', band: '診療時間帯' } as const;

/** The days as the ministry's column names write them. */
const DAY_HEADS: Readonly<Record<Day, string>> = { mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土', sun: '日', hol: '祝' };

/** `月_診療開始時間`, `祝_外来受付終了時間`, `土_開店開始時間`. */
export const hoursHeader = (day: Day, part: TimePart, end: boolean): string => `${DAY_HEADS[day]}_${PART_LABELS_JA[part]}${end ? '終了' : '開始'}時間`;

const HOURS_HEADER_OF = new Map(
  DAYS.flatMap((day) => TIME_PARTS.flatMap((part) => [false, true].map((end) => [hoursHeader(day, part, end), { day, part, end }] as const))),
);

// ---------------------------------------------------------------------------------------------------------
// Columns of a catalogue

type Flag = { week?: Week; day?: Weekday };
/** One column of the items file and the input of the form it stands for. */
type ColumnSpec = { key: string; label: string; cf: CatalogueField } & (
  | { kind: 'value' | 'multi' }
  | { kind: 'flag'; input: string; flag: Flag }
  | { kind: 'other'; input: string }
  | { kind: 'matrix'; input: string; row: string; col: MatrixColumn }
);

interface Columns {
  /** Every fixed column in catalogue order; a department matrix (its columns follow the departments present) stands as its field. */
  readonly list: ReadonlyArray<ColumnSpec | CatalogueField>;
  readonly byKey: ReadonlyMap<string, ColumnSpec>;
  /** Matrices with a row per chosen department: their columns follow the departments present. */
  readonly departmentMatrices: readonly CatalogueField[];
  /** Department matrix columns met so far, and keys found to be no column (filled as files are read). */
  readonly found: Map<string, ColumnSpec | undefined>;
  /** The timetables that store a grid (not those that share one), with every part the grid holds. */
  readonly grids: ReadonlyMap<string, { cf: CatalogueField; parts: readonly TimePart[] }>;
  /** The parts of all grids, in TIME_PARTS order: the hours file's day columns. */
  readonly parts: readonly TimePart[];
}

const columnsCache = new WeakMap<KindCatalogue, Columns>();

function columnsOf(cat: KindCatalogue): Columns {
  const cached = columnsCache.get(cat);
  if (cached) return cached;
  const list: Array<ColumnSpec | CatalogueField> = [];
  const departmentMatrices: CatalogueField[] = [];
  const grids = new Map<string, { cf: CatalogueField; parts: TimePart[] }>();
  for (const cf of cat.fields.values()) {
    const f = cf.field;
    const label = fieldLabel(cf);
    const p = cf.path;
    switch (f.kind) {
      case 'timetable': {
        const owner = timetableOwner(cf);
        const ownerCf = cat.fields.get(owner);
        if (!ownerCf) break;
        const grid = grids.get(owner) ?? { cf: ownerCf, parts: [] };
        grids.set(owner, grid);
        for (const part of f.parts) if (!grid.parts.includes(part)) grid.parts.push(part);
        break;
      }
      case 'closed_days':
        for (const day of WEEKDAYS)
          list.push({ key: `${p}.w.${day}`, label: `${label}（毎週${DAY_LABELS[day]}）`, cf, kind: 'flag', input: `c.${p}.w.${day}`, flag: { day } });
        for (const week of WEEKS)
          for (const day of WEEKDAYS)
            list.push({
              key: `${p}.n.${week}.${day}`,
              label: `${label}（第${week}週${DAY_LABELS[day]}）`,
              cf,
              kind: 'flag',
              input: `c.${p}.n.${week}.${day}`,
              flag: { week, day },
            });
        list.push({ key: `${p}.hol`, label: `${label}（祝日）`, cf, kind: 'flag', input: `c.${p}.hol`, flag: {} });
        list.push({ key: `${p}.other`, label: `${label}（その他）`, cf, kind: 'other', input: `c.${p}.other` });
        break;
      case 'matrix':
        if (f.rows === 'departments') {
          departmentMatrices.push(cf);
          list.push(cf);
        } else for (const row of matrixRows(cat, cf, {})) for (const col of f.columns) list.push(matrixSpec(cat, cf, row, col));
        break;
      case 'multi':
        list.push({ key: p, label, cf, kind: 'multi' });
        break;
      default:
        if ((f.kind === 'count' || f.kind === 'decimal') && f.sumOf !== undefined) break;
        list.push({ key: p, label, cf, kind: 'value' });
    }
  }
  for (const grid of grids.values()) grid.parts.sort((a, b) => TIME_PARTS.indexOf(a) - TIME_PARTS.indexOf(b));
  const parts = TIME_PARTS.filter((part) => [...grids.values()].some((g) => g.parts.includes(part)));
  const byKey = new Map(list.filter((c): c is ColumnSpec => 'key' in c).map((c) => [c.key, c]));
  const columns: Columns = { list, byKey, departmentMatrices, found: new Map(), grids, parts };
  columnsCache.set(cat, columns);
  return columns;
}

function matrixSpec(cat: KindCatalogue, cf: CatalogueField, row: string, col: MatrixColumn): ColumnSpec {
  const f = cf.field as FieldOf<'matrix'>;
  const rowOptions =
    f.rows === 'departments'
      ? (cat.codeLists.get('departments')?.codes ?? [])
      : 'codeList' in f.rows
        ? (cat.codeLists.get(f.rows.codeList)?.codes ?? [])
        : f.rows.options;
  return {
    key: `${cf.path}.${row}.${col.id}`,
    label: `${fieldLabel(cf)}（${codeLabel(rowOptions, row)}・${col.label.ja}）`,
    cf,
    kind: 'matrix',
    input: `m.${cf.path}.${row}.${col.id}`,
    row,
    col,
  };
}

/** The column of a key in this catalogue (a department matrix's: any department of the master). */
function columnOf(cat: KindCatalogue, key: string): ColumnSpec | undefined {
  const columns = columnsOf(cat);
  const fixed = columns.byKey.get(key);
  if (fixed) return fixed;
  if (columns.found.has(key)) return columns.found.get(key);
  let spec: ColumnSpec | undefined;
  for (const cf of columns.departmentMatrices) {
    if (!key.startsWith(`${cf.path}.`)) continue;
    const [row, colId, ...more] = key.slice(cf.path.length + 1).split('.');
    const col = (cf.field as FieldOf<'matrix'>).columns.find((c) => c.id === colId);
    if (more.length === 0 && row && col && cat.codeLists.get('departments')?.codes.some((c) => c.code === row)) spec = matrixSpec(cat, cf, row, col);
  }
  // Bounded: the keys of the department matrices (every department × column) and a file's unknown headers.
  if (columns.found.size < 100_000) columns.found.set(key, spec);
  return spec;
}

/** A column's header as we write it: `名称[basic.name.official]`. */
const headerOf = (c: { label: string; key: string }) => `${c.label}[${c.key}]`;

/** The key a header names: what is inside its last [ ], or the whole header. */
export function keyOfHeader(header: string): string {
  const m = /\[([^[\]]+)\]\s*$/.exec(header);
  return (m ? m[1]! : header).trim();
}

// ---------------------------------------------------------------------------------------------------------
// Values → cells (the export, and what a row starts from)

/** A line of the hours file: a grid's row and band, its cells by `<day>.<part>.<s|e>`. */
interface HoursLine {
  owner: string;
  row: string;
  band: number;
  rowName: string;
  cells: Map<string, string>;
}

function itemCells(cat: KindCatalogue, values: ReportValues): Map<string, string> {
  const cells = new Map<string, string>();
  const columns = columnsOf(cat);
  for (const c of columns.byKey.values()) {
    const text = cellOf(c, values);
    if (text !== '') cells.set(c.key, text);
  }
  for (const cf of columns.departmentMatrices) {
    const v = values[cf.path];
    if (!isMatrix(v)) continue;
    for (const [row, cols] of Object.entries(v)) for (const [col, cell] of Object.entries(cols)) cells.set(`${cf.path}.${row}.${col}`, String(cell));
  }
  return cells;
}

function cellOf(c: ColumnSpec, values: ReportValues): string {
  const v = values[c.cf.path];
  if (v === undefined) return '';
  switch (c.kind) {
    case 'value':
      return typeof v === 'boolean' ? (v ? '1' : '0') : typeof v === 'object' ? '' : String(v);
    case 'multi':
      return Array.isArray(v) ? v.map((code) => (code.text === undefined ? code.code : `${code.code}:${code.text}`)).join(';') : '';
    case 'flag': {
      if (!isClosedDays(v)) return '';
      const { week, day } = c.flag;
      const closed = day === undefined ? v.holidays : week === undefined ? v.weekly.includes(day) : v.nth.some((n) => n.week === week && n.day === day);
      return closed ? '1' : '';
    }
    case 'other':
      return isClosedDays(v) ? v.other : '';
    case 'matrix': {
      const cell = isMatrix(v) ? v[c.row]?.[c.col.id] : undefined;
      return cell === undefined ? '' : String(cell);
    }
  }
}

function hoursLines(cat: KindCatalogue, values: ReportValues): HoursLine[] {
  const lines: HoursLine[] = [];
  for (const owner of columnsOf(cat).grids.keys()) {
    const t = values[owner];
    if (!isTimetable(t)) continue;
    for (const row of t.rows)
      row.bands.forEach((band, i) => {
        const cells = new Map<string, string>();
        for (const day of DAYS)
          for (const part of TIME_PARTS) {
            const span = band[day]?.[part];
            if (!span) continue;
            cells.set(`${day}.${part}.s`, span[0]);
            cells.set(`${day}.${part}.e`, span[1]);
          }
        if (cells.size > 0) lines.push({ owner, row: row.code, band: i + 1, rowName: row.text ?? rowLabel(cat, row.code), cells });
      });
  }
  return lines;
}

/** The headers of the two files for these values (a department matrix: a column per department present). */
function headersFor(cat: KindCatalogue, values: readonly ReportValues[]): { items: ColumnSpec[]; hours: string[] } {
  const columns = columnsOf(cat);
  const items: ColumnSpec[] = [];
  const departments = (cat.codeLists.get('departments')?.codes ?? []).map((c) => c.code);
  for (const c of columns.list) {
    if ('key' in c) {
      items.push(c);
      continue;
    }
    const present = new Set(values.flatMap((v) => (isMatrix(v[c.path]) ? Object.keys(v[c.path] as object) : [])));
    for (const row of departments.filter((d) => present.has(d)))
      for (const col of (c.field as FieldOf<'matrix'>).columns) items.push(matrixSpec(cat, c, row, col));
  }
  const hours = columns.parts.flatMap((part) => DAYS.flatMap((day) => [hoursHeader(day, part, false), hoursHeader(day, part, true)]));
  return { items, hours };
}

/** The headers of an empty template of the catalogue (what the README and the import page show). */
export function csvHeaders(cat: KindCatalogue): { items: string[]; hours: string[] } {
  return headerRows(headersFor(cat, []));
}

function headerRows(headers: { items: ColumnSpec[]; hours: string[] }): { items: string[]; hours: string[] } {
  return {
    items: [PREFECTURE_COLUMN, INSTITUTION_COLUMN, ...headers.items.map(headerOf)],
    hours: [PREFECTURE_COLUMN, INSTITUTION_COLUMN, HOURS_COLUMNS.item, HOURS_COLUMNS.row, HOURS_COLUMNS.rowName, HOURS_COLUMNS.band, ...headers.hours],
  };
}

/** One institution's values for the files. */
export interface CsvInstitutionValues {
  prefectureCode: string;
  institutionCode: string;
  values: ReportValues;
}

/**
 * The two files of these institutions' values (a template when the values are empty), in the
 * catalogue's format; `unencodable` names (as `13:H00001`) the institutions with a character
 * Shift_JIS lacks, when that encoding is asked for.
 */
export function reportCsv(
  cat: KindCatalogue,
  rows: readonly CsvInstitutionValues[],
  encoding: CsvEncoding = 'utf-8',
): { items: Buffer; hours: Buffer; unencodable: string[] } {
  const headers = headersFor(
    cat,
    rows.map((r) => r.values),
  );
  const { parts } = columnsOf(cat);
  const itemRecords: string[][] = [];
  const hourRecords: string[][][] = [];
  for (const r of rows) {
    const cells = itemCells(cat, r.values);
    itemRecords.push([r.prefectureCode, r.institutionCode, ...headers.items.map((c) => cells.get(c.key) ?? '')]);
    hourRecords.push(
      hoursLines(cat, r.values).map((line) => [
        r.prefectureCode,
        r.institutionCode,
        line.owner,
        line.row,
        line.rowName,
        String(line.band),
        ...parts.flatMap((part) => DAYS.flatMap((day) => [line.cells.get(`${day}.${part}.s`) ?? '', line.cells.get(`${day}.${part}.e`) ?? ''])),
      ]),
    );
  }
  const head = headerRows(headers);
  const text = (records: string[][]) => stringify(records, { record_delimiter: '\r\n' });
  const itemsText = text([head.items, ...itemRecords]);
  const hoursText = text([head.hours, ...hourRecords.flat()]);
  if (encoding === 'utf-8') {
    const bom = Buffer.from('\uFEFF');
    return { items: Buffer.concat([bom, Buffer.from(itemsText, 'utf8')]), hours: Buffer.concat([bom, Buffer.from(hoursText, 'utf8')]), unencodable: [] };
  }
  // Characters Shift_JIS lacks would silently become "?": name the institutions that have any.
  const encodable = (s: string) => iconv.decode(iconv.encode(s, 'cp932'), 'cp932') === s;
  const unencodable = rows
    .filter((_, i) => !encodable([itemRecords[i]!, ...hourRecords[i]!].map((rec) => rec.join('\t')).join('\n')))
    .map((r) => `${r.prefectureCode}:${r.institutionCode}`);
  return { items: iconv.encode(itemsText, 'cp932'), hours: iconv.encode(hoursText, 'cp932'), unencodable };
}

// ---------------------------------------------------------------------------------------------------------
// Cells → the form's inputs

/** A flag cell: `1` (or はい) closed, `0`, `いいえ` or blank not; anything else undefined. */
function flagValue(text: string): '1' | '' | undefined {
  if (text === '' || text === '0') return '';
  const s = text === '1' ? text : normaliseLine(text);
  if (s === '1' || s === 'はい') return '1';
  if (s === '' || s === '0' || s === 'いいえ') return '';
  return undefined;
}

/** A multi cell's codes and free texts: `01001;01991:漢方内科`; a `;` inside a free text stays in it. */
function splitCodes(text: string, options: readonly { code: string }[]): { codes: string[]; texts: Map<string, string> } {
  const codes: string[] = [];
  const texts = new Map<string, string>();
  let last: string | undefined;
  for (const raw of text.split(/[;；]/)) {
    if (raw.trim() === '') continue;
    const colon = raw.search(/[:：]/);
    const code = normaliseLine(colon < 0 ? raw : raw.slice(0, colon));
    if (last !== undefined && texts.has(last) && !options.some((o) => o.code === code)) {
      texts.set(last, `${texts.get(last)};${raw}`);
      continue;
    }
    codes.push(code);
    if (colon >= 0) texts.set(code, raw.slice(colon + 1));
    last = code;
  }
  return { codes, texts };
}

function addInputs(cat: KindCatalogue, c: ColumnSpec, text: string, form: PostedForm): void {
  switch (c.kind) {
    case 'value': {
      const s = c.cf.field.kind === 'yesno' ? normaliseLine(text) : '';
      form[`f.${c.cf.path}`] = s === 'はい' ? '1' : s === 'いいえ' ? '0' : text;
      break;
    }
    case 'multi': {
      const { codes, texts } = splitCodes(text, optionsOf(cat, c.cf.field as FieldOf<'multi'>));
      form[`f.${c.cf.path}`] = codes;
      for (const [code, t] of texts) form[`x.${c.cf.path}.${code}`] = t;
      break;
    }
    case 'flag':
      if (flagValue(text) === '1') form[c.input] = '1';
      break;
    case 'other':
    case 'matrix':
      form[c.input] = text;
  }
}

function formOf(cat: KindCatalogue, items: ReadonlyMap<string, string>, hours: readonly HoursLine[]): PostedForm {
  const form: PostedForm = {};
  for (const [key, text] of items) {
    const c = columnOf(cat, key);
    if (c) addInputs(cat, c, text, form);
  }
  for (const line of hours) for (const [cell, text] of line.cells) if (text !== '') form[`t.${line.owner}.${line.row}.${line.band}.${cell}`] = text;
  return form;
}

// ---------------------------------------------------------------------------------------------------------
// Reading the files

/** A row of the items file. */
export interface ItemsRow {
  /** institutionKey: `13:H00001`. */
  key: string;
  prefectureCode: string;
  institutionCode: string;
  line: number;
  record: readonly string[];
}
interface ItemsColumn {
  text: string;
  key: string;
  index: number;
}
interface HoursColumn {
  text: string;
  index: number;
  day: Day;
  part: TimePart;
  end: boolean;
}
interface HoursRow {
  key: string;
  line: number;
  /** 項目 as written (a path, or `label[path]`), 診療科目コード, 診療時間帯. */
  item: string;
  row: string;
  band: string;
  record: readonly string[];
}

/** Both files read as rows and cells, before any catalogue is applied. */
export interface ParsedReportCsv {
  encoding: { items: CsvEncoding; hours?: CsvEncoding };
  items: { columns: readonly ItemsColumn[]; rows: readonly ItemsRow[] };
  hours?: { columns: readonly HoursColumn[]; parts: readonly TimePart[]; rows: readonly HoursRow[] };
}

type Records = Array<{ record: string[]; info: { lines: number } }>;

function readRecords(bytes: Uint8Array, file: CsvFile): { encoding: CsvEncoding; records?: Records; problem?: CsvProblem } {
  const { text, encoding } = decodeCsv(bytes);
  try {
    const records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as Records;
    if (records.length === 0) return { encoding, problem: { file, line: 1, message: MESSAGES['report_csv.empty'] } };
    return { encoding, records };
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { encoding, problem: { file, line: line ?? 1, message: MESSAGES['report_csv.unreadable']((err as Error).message) } };
  }
}

/** The key of a row — the prefecture code padded (a spreadsheet drops its 0), both trimmed — or why it has none. */
function rowKey(
  file: CsvFile,
  record: readonly string[],
  width: number,
  pref: number,
  code: number,
  line: number,
): { key: string; prefectureCode: string; institutionCode: string } | CsvProblem {
  if (record.length !== width) return { file, line, message: MESSAGES['report_csv.row.column_count'](record.length, width) };
  const p = normaliseLine(record[pref] ?? '');
  const prefectureCode = /^\d$/.test(p) ? `0${p}` : p;
  const institutionCode = normaliseLine(record[code] ?? '');
  if (prefectureCode === '' || institutionCode === '')
    return { file, line, column: prefectureCode === '' ? PREFECTURE_COLUMN : INSTITUTION_COLUMN, message: MESSAGES['report_csv.row.key_missing'] };
  return { key: `${prefectureCode}:${institutionCode}`, prefectureCode, institutionCode };
}

/**
 * Decodes and reads both files: the shape of each (headers, column counts, keys, rows repeated, an
 * hours row of an institution the items file lacks). `csv` is undefined when a file cannot be read
 * at all; otherwise the well-formed rows are there and `problems` lists the others.
 */
export function parseReportCsv(files: ReportCsvFiles): { csv?: ParsedReportCsv; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const items = readRecords(files.items, 'items');
  if (items.problem) problems.push(items.problem);
  const hoursRead = files.hours === undefined ? undefined : readRecords(files.hours, 'hours');
  if (hoursRead?.problem) problems.push(hoursRead.problem);
  if (!items.records || (hoursRead && !hoursRead.records)) return { problems };

  // Items
  const [head, ...body] = items.records;
  const header = head!.record.map((h) => h.trim());
  const pref = header.indexOf(PREFECTURE_COLUMN);
  const code = header.indexOf(INSTITUTION_COLUMN);
  for (const [name, at] of [
    [PREFECTURE_COLUMN, pref],
    [INSTITUTION_COLUMN, code],
  ] as const)
    if (at < 0) problems.push({ file: 'items', line: 1, column: name, message: MESSAGES['report_csv.header.missing'](name) });
  if (pref < 0 || code < 0) return { problems };
  const columns: ItemsColumn[] = [];
  const seenKeys = new Map<string, string>();
  header.forEach((text, index) => {
    if (index === pref || index === code) return;
    // An unnamed column a spreadsheet left at the end is nothing, if it is empty.
    if (text === '' && body.every((r) => (r.record[index] ?? '').trim() === '')) return;
    const key = keyOfHeader(text);
    if (seenKeys.has(key)) problems.push({ file: 'items', line: 1, column: text, message: MESSAGES['report_csv.header.repeated'](seenKeys.get(key)!) });
    else {
      seenKeys.set(key, text);
      columns.push({ text, key, index });
    }
  });
  const rows: ItemsRow[] = [];
  const lineOfKey = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const k = rowKey('items', record, header.length, pref, code, line);
    if ('message' in k) {
      problems.push(k);
      continue;
    }
    const { key } = k;
    const earlier = lineOfKey.get(key);
    if (earlier !== undefined) {
      problems.push({ file: 'items', line, column: INSTITUTION_COLUMN, message: MESSAGES['report_csv.row.duplicate'](earlier) });
      continue;
    }
    lineOfKey.set(key, line);
    rows.push({ key, prefectureCode: k.prefectureCode, institutionCode: k.institutionCode, line, record });
  }
  const csv: ParsedReportCsv = { encoding: { items: items.encoding }, items: { columns, rows } };
  if (!hoursRead?.records) return { csv, problems };

  // Hours
  const [hHead, ...hBody] = hoursRead.records;
  const hHeader = hHead!.record.map((h) => h.trim());
  const at = (name: string) => hHeader.indexOf(name);
  const fixed = {
    pref: at(PREFECTURE_COLUMN),
    code: at(INSTITUTION_COLUMN),
    item: at(HOURS_COLUMNS.item),
    row: at(HOURS_COLUMNS.row),
    band: at(HOURS_COLUMNS.band),
  };
  const missing = [PREFECTURE_COLUMN, INSTITUTION_COLUMN, HOURS_COLUMNS.item, HOURS_COLUMNS.row, HOURS_COLUMNS.band].filter((n) => at(n) < 0);
  for (const name of missing) problems.push({ file: 'hours', line: 1, column: name, message: MESSAGES['report_csv.header.missing'](name) });
  if (missing.length > 0) return { csv, problems };
  const hColumns: HoursColumn[] = [];
  const known = new Set<string>([PREFECTURE_COLUMN, INSTITUTION_COLUMN, HOURS_COLUMNS.item, HOURS_COLUMNS.row, HOURS_COLUMNS.rowName, HOURS_COLUMNS.band]);
  const seen = new Set<string>();
  hHeader.forEach((text, index) => {
    if (text === '' && hBody.every((r) => (r.record[index] ?? '').trim() === '')) return;
    if (seen.has(text)) problems.push({ file: 'hours', line: 1, column: text, message: MESSAGES['report_csv.header.repeated'](text) });
    seen.add(text);
    if (known.has(text)) return;
    const cell = HOURS_HEADER_OF.get(text);
    if (!cell) problems.push({ file: 'hours', line: 1, column: text, message: MESSAGES['report_csv.hours.header.unknown'](text) });
    else hColumns.push({ text, index, ...cell });
  });
  const hRows: HoursRow[] = [];
  const lineOfCell = new Map<string, number>();
  for (const { record, info } of hBody) {
    const line = info.lines;
    const k = rowKey('hours', record, hHeader.length, fixed.pref, fixed.code, line);
    if ('message' in k) {
      problems.push(k);
      continue;
    }
    const { key } = k;
    if (!lineOfKey.has(key)) {
      problems.push({ file: 'hours', line, column: INSTITUTION_COLUMN, message: MESSAGES['report_csv.hours.no_items_row'] });
      continue;
    }
    const item = keyOfHeader(record[fixed.item]!);
    const row = normaliseLine(record[fixed.row]!);
    const band = normaliseLine(record[fixed.band]!);
    const id = `${key}|${item}|${row === '' ? SINGLE_ROW : row}|${band}`;
    const earlier = lineOfCell.get(id);
    if (earlier !== undefined) {
      problems.push({ file: 'hours', line, column: HOURS_COLUMNS.band, message: MESSAGES['report_csv.hours.duplicate'](earlier) });
      continue;
    }
    lineOfCell.set(id, line);
    hRows.push({ key, line, item, row, band, record });
  }
  csv.encoding.hours = hoursRead.encoding;
  csv.hours = { columns: hColumns, parts: TIME_PARTS.filter((p) => hColumns.some((c) => c.part === p)), rows: hRows };
  return { csv, problems };
}

/** What a row is read over: the report's catalogue and its values (and what did not parse) so far. */
export interface CsvTarget {
  cat: KindCatalogue;
  values: ReportValues;
  invalid: InvalidInput;
}

/** A row read: the report's values after it (canonical as parseForm leaves them) and what stays unparsed. */
export interface CsvReadRow {
  key: string;
  line: number;
  values: ReportValues;
  invalid: InvalidInput;
}

/**
 * The rows of the files over their targets (rows whose key has no target are skipped: the caller has
 * said why), read by the form's parser; with `complete`, also held to 報告's checkComplete.
 */
export function readReportCsv(
  csv: ParsedReportCsv,
  targets: ReadonlyMap<string, CsvTarget>,
  options: { complete?: boolean } = {},
): { rows: CsvReadRow[]; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const cats = [...new Set([...targets.values()].map((t) => t.cat))];
  const unknown = new Set<number>();
  if (cats.length > 0)
    for (const c of csv.items.columns)
      if (!cats.some((cat) => columnOf(cat, c.key))) {
        unknown.add(c.index);
        problems.push({ file: 'items', line: 1, column: c.text, message: MESSAGES['report_csv.header.unknown'](c.text) });
      }
  const hoursOf = new Map<string, HoursRow[]>();
  for (const h of csv.hours?.rows ?? []) hoursOf.set(h.key, [...(hoursOf.get(h.key) ?? []), h]);

  const rows: CsvReadRow[] = [];
  for (const row of csv.items.rows) {
    const target = targets.get(row.key);
    if (!target) continue;
    const read = readRow(csv, row, target, hoursOf.get(row.key) ?? [], unknown, options.complete === true);
    problems.push(...read.problems);
    rows.push(read.row);
  }
  return { rows, problems: sortProblems(problems, csv) };
}

/** Items before hours, by line, then in the order of the file's columns (a problem of a column the file lacks last). */
export function sortProblems(problems: readonly CsvProblem[], csv?: ParsedReportCsv): CsvProblem[] {
  const rank = new Map<string, number>();
  const ranked = (file: CsvFile, texts: readonly string[]) => texts.forEach((t, i) => rank.set(`${file}\u0000${t}`, i));
  ranked('items', [PREFECTURE_COLUMN, INSTITUTION_COLUMN, ...(csv?.items.columns ?? []).map((c) => c.text)]);
  ranked('hours', [PREFECTURE_COLUMN, INSTITUTION_COLUMN, ...Object.values(HOURS_COLUMNS), ...(csv?.hours?.columns ?? []).map((c) => c.text)]);
  const order = (p: CsvProblem) => (p.column === undefined ? -1 : (rank.get(`${p.file}\u0000${p.column}`) ?? Infinity));
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.file === b.p.file ? 0 : a.p.file === 'items' ? -1 : 1) || a.p.line - b.p.line || order(a.p) - order(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

/** Every non-blank cell of these lines, in one text, to compare two sets of lines. */
const hoursText = (lines: readonly HoursLine[]): string =>
  lines
    .flatMap((l) => [...l.cells].filter(([, t]) => t !== '').map(([k, t]) => `${l.owner}|${l.row}|${l.band}|${k}=${t}`))
    .sort()
    .join('\n');

function readRow(
  csv: ParsedReportCsv,
  row: ItemsRow,
  target: CsvTarget,
  hourRows: readonly HoursRow[],
  unknown: ReadonlySet<number>,
  complete: boolean,
): { row: CsvReadRow; problems: CsvProblem[] } {
  const { cat } = target;
  const columns = columnsOf(cat);
  const problems: CsvProblem[] = [];
  const items = itemCells(cat, target.values);
  // A row that holds exactly what the report has (an export read back) is not parsed again.
  let touched = false;
  const fileKeys = new Map<string, string>();
  const departmentCells: Array<{ spec: Extract<ColumnSpec, { kind: 'matrix' }>; column: string }> = [];
  for (const c of csv.items.columns) {
    if (unknown.has(c.index)) continue;
    const text = row.record[c.index]!;
    const spec = columnOf(cat, c.key);
    if (!spec) {
      if (text.trim() !== '') problems.push({ file: 'items', line: row.line, column: c.text, message: MESSAGES['report_csv.cell.not_for_kind'](cat.kind) });
      continue;
    }
    fileKeys.set(c.key, c.text);
    if (text !== (items.get(c.key) ?? '')) touched = true;
    if (spec.kind === 'flag' && flagValue(text) === undefined) {
      problems.push({ file: 'items', line: row.line, column: c.text, message: MESSAGES['report_csv.cell.flag'](spec.label) });
      items.delete(c.key);
    } else if (text === '') items.delete(c.key);
    else {
      items.set(c.key, text);
      if (spec.kind === 'matrix' && (spec.cf.field as FieldOf<'matrix'>).rows === 'departments') departmentCells.push({ spec, column: c.text });
    }
  }

  // Hours: the file's parts replace the report's in every grid; the other parts stay.
  const hours = hoursLines(cat, target.values);
  const fileParts: readonly TimePart[] = csv.hours?.parts ?? [];
  for (const line of hours) for (const cell of [...line.cells.keys()]) if (fileParts.includes(cell.split('.')[1] as TimePart)) line.cells.delete(cell);
  const lineOfCell = new Map<string, number>();
  const fileLines: Array<{ h: HoursRow; owner: string; row: string; grid: CatalogueField }> = [];
  for (const h of hourRows) {
    const grid = columns.grids.get(h.item);
    if (!grid) {
      problems.push({
        file: 'hours',
        line: h.line,
        column: HOURS_COLUMNS.item,
        message: MESSAGES['report_csv.hours.unknown_item'](h.item, [...columns.grids.keys()].join('、') || 'なし'),
      });
      continue;
    }
    const f = grid.cf.field as FieldOf<'timetable'>;
    const band = Number(h.band);
    if (!/^\d+$/.test(h.band) || band < 1 || band > f.bands) {
      problems.push({ file: 'hours', line: h.line, column: HOURS_COLUMNS.band, message: MESSAGES['report_csv.hours.band'](f.bands) });
      continue;
    }
    let code = h.row;
    if (f.rows === 'single') {
      if (code !== '' && code !== SINGLE_ROW) {
        problems.push({ file: 'hours', line: h.line, column: HOURS_COLUMNS.row, message: MESSAGES['report_csv.hours.single_row'] });
        continue;
      }
      code = SINGLE_ROW;
    }
    const cells = new Map<string, string>();
    for (const c of csv.hours!.columns) {
      const text = h.record[c.index]!.trim();
      if (text === '') continue;
      if (!grid.parts.includes(c.part))
        problems.push({ file: 'hours', line: h.line, column: c.text, message: MESSAGES['report_csv.hours.part_not_for_item'](PART_LABELS_JA[c.part]) });
      else cells.set(`${c.day}.${c.part}.${c.end ? 'e' : 's'}`, text);
    }
    lineOfCell.set(`${h.item}|${code}|${band}`, h.line);
    fileLines.push({ h, owner: h.item, row: code, grid: grid.cf });
    const existing = hours.find((l) => l.owner === h.item && l.row === code && l.band === band);
    if (existing) for (const [k, v] of cells) existing.cells.set(k, v);
    else hours.push({ owner: h.item, row: code, band, rowName: '', cells });
  }

  if (csv.hours && hoursText(hours) !== hoursText(hoursLines(cat, target.values))) touched = true;
  const parsed =
    touched || problems.length > 0
      ? parseForm(cat, 'all', formOf(cat, items, hours), target.values)
      : { values: target.values, invalid: target.invalid, problems: {} as Record<string, string> };
  const keyOfInput = (name: string): string => {
    const rest = name.slice(2);
    return name.startsWith('x.') ? rest.slice(0, rest.lastIndexOf('.')) : rest;
  };
  const partOf = (name: string): TimePart | undefined => name.split('.').at(-2) as TimePart | undefined;
  const fromFileInput = (name: string): boolean =>
    name.startsWith('t.') ? csv.hours !== undefined && fileParts.includes(partOf(name)!) : fileKeys.has(keyOfInput(name));
  const locate = (name: string, message: string): CsvProblem => {
    if (name.startsWith('t.')) {
      const bits = name.slice(2).split('.');
      if (bits.length > 5) {
        const [r, band, day, part, se] = bits.slice(-5) as [string, string, Day, TimePart, string];
        const line = lineOfCell.get(`${bits.slice(0, -5).join('.')}|${r}|${band}`);
        if (line !== undefined) return { file: 'hours', line, column: hoursHeader(day, part, se === 'e'), message };
      }
    }
    const key = keyOfInput(name);
    const cf = fieldOfInput(cat, name);
    const spec = columnOf(cat, key);
    const column = fileKeys.get(key) ?? (spec ? headerOf(spec) : cf ? headerOf({ label: fieldLabel(cf), key: cf.path }) : name);
    return { file: 'items', line: row.line, column, message };
  };

  for (const [name, message] of Object.entries(parsed.problems)) if (fromFileInput(name)) problems.push(locate(name, message));
  // Rows the parser passes over without a word: hours or a matrix's cells for a department not chosen.
  for (const { h, row: code, grid } of fileLines) {
    const f = grid.field as FieldOf<'timetable'>;
    if (f.rows === 'departments' && !departmentRows(cat, grid, parsed.values).includes(code))
      problems.push({ file: 'hours', line: h.line, column: HOURS_COLUMNS.row, message: MESSAGES['report_csv.hours.department_not_chosen'](code) });
  }
  for (const { spec, column } of departmentCells)
    if (!matrixRows(cat, spec.cf, parsed.values).includes(spec.row))
      problems.push({
        file: 'items',
        line: row.line,
        column,
        message: MESSAGES['report_csv.matrix.department_not_chosen'](fieldLabel(spec.cf), rowLabel(cat, spec.row)),
      });

  // What did not parse before and the file did not touch stays as it was (a draft may hold it).
  const invalid: InvalidInput = {};
  for (const [name, typed] of Object.entries(parsed.invalid)) if (fromFileInput(name)) invalid[name] = typed;
  for (const [name, typed] of Object.entries(target.invalid)) if (!fromFileInput(name)) invalid[name] = typed;

  // Only a row that reads cleanly is held to 報告 (a cell that did not parse would be named twice).
  if (complete && problems.length === 0)
    for (const [name, message] of Object.entries(checkComplete(cat, parsed.values, invalid))) problems.push(locate(name, message));
  return { row: { key: row.key, line: row.line, values: parsed.values, invalid }, problems };
}
