// 臨時休診's rules without a database: the reasons, a row's fields as typed (機関コード or the
// 13-character facility ID, 開始日, 終了日, 区分, 変更後の時間, 備考) checked one by one with a Japanese
// message naming the column, the CSV read into such rows (UTF-8 with or without BOM, or Shift_JIS),
// and the overlaps between rows of the same facility.
import { parse } from 'csv-parse/sync';
import type { ClosureMode, TemporaryClosure } from '../db/schema.ts';
import { decodeCsv } from '../institutions/csv.ts';
import { formatDay } from '../platform/japanese/time.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { normaliseLine } from '../platform/japanese/text.ts';

/** Why facilities close: the batch's reason, chosen from these. */
export const CLOSURE_REASONS = ['災害', '年末年始', '感染症の流行', '停電・断水', '設備の点検・工事', 'その他'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** 区分 as the CSV and the pages write it. */
export const MODE_LABELS: Record<ClosureMode, string> = { closed: '休診', hours: '時間変更' };

/** The CSV's columns, in the order the template has them. */
export const CLOSURE_COLUMNS = ['機関コード', '開始日', '終了日', '区分', '変更後の時間', '備考'] as const;
export type ClosureColumn = (typeof CLOSURE_COLUMNS)[number];
/** Other headers the first column may have (the open data calls it ID). */
const CODE_ALIASES = ['ID', 'id', '医療機関ID', 'オープンデータID', '施設ID'];

/** A file holds at most this many rows (a prefecture's every clinic fits). */
export const MAX_ROWS = 20_000;
/** A closure lasts at most a year, and starts within one. */
const MAX_DAYS = 366;
export const NOTE_MAX = 200;

/** One row as typed (trimmed), with the line of the file it came from (2 = the first under the header). */
export interface ClosureRowInput {
  line: number;
  code: string;
  startsOn: string;
  endsOn: string;
  mode: string;
  hours: string;
  note: string;
}

/** What stops a row: its line, the column (when one), the message. `code` names the facility when the row came from a filter. */
export interface ClosureProblem {
  line: number;
  column?: ClosureColumn | undefined;
  code?: string | undefined;
  message: string;
}

/** A band of changed hours, minutes from 00:00, the end excluded. */
export interface Band {
  start: number;
  end: number;
}

/** A row whose fields are each right (whom it names is still to be looked up). */
export interface CheckedRow {
  line: number;
  /** A 機関コード of the prefecture, or a facility ID (13 characters). */
  code: { institutionCode: string } | { facilityId: string };
  typedCode: string;
  startsOn: string;
  endsOn: string;
  mode: ClosureMode;
  bands: Band[];
  note: string | null;
}

const FACILITY_ID = /^\d{3}[0-9A-Za-z]{10}$/;
const INSTITUTION_CODE = /^[0-9A-Za-z]{1,10}$/;

/** A day typed as 2026-12-29, 2026/12/29 or 2026/1/3 (全角 too): YYYY-MM-DD, or what is wrong. */
export function parseDay(typed: string): string | 'format' | 'invalid' {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(
    typed
      .normalize('NFKC')
      .replace(/[ー－‐―]/g, '-')
      .trim(),
  );
  if (!m) return 'format';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return 'invalid';
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** YYYY-MM-DD `days` later (or earlier). */
export function addDays(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** 変更後の時間 typed as 10:00-15:00 (〜 ～ ‐ too), two bands separated by , 、 or a space: the bands, or what is wrong. */
export function parseHours(typed: string): Band[] | 'format' | 'order' | 'too_many' | 'overlap' {
  const text = typed
    .normalize('NFKC')
    .replace(/[〜～~‐－ー―]/g, '-')
    .replace(/[、，;／/]/g, ',')
    .trim();
  const parts = text.split(/\s*,\s*|\s+(?=\d)/).filter((p) => p !== '');
  if (parts.length === 0) return 'format';
  if (parts.length > 2) return 'too_many';
  const bands: Band[] = [];
  for (const part of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(part);
    if (!m) return 'format';
    const [sh, sm, eh, em] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    if (sm > 59 || em > 59 || sh > 23 || eh > 24 || (eh === 24 && em > 0)) return 'format';
    const band = { start: sh * 60 + sm, end: eh * 60 + em };
    if (band.end <= band.start) return 'order';
    bands.push(band);
  }
  bands.sort((a, b) => a.start - b.start);
  if (bands.length === 2 && bands[1]!.start < bands[0]!.end) return 'overlap';
  return bands;
}

/** A stored closure's changed hours as bands. */
export function bandsOf(c: Pick<TemporaryClosure, 'open1' | 'close1' | 'open2' | 'close2'>): Band[] {
  const bands: Band[] = [];
  if (c.open1 !== null && c.close1 !== null) bands.push({ start: c.open1, end: c.close1 });
  if (c.open2 !== null && c.close2 !== null) bands.push({ start: c.open2, end: c.close2 });
  return bands;
}

const hhmm = (minute: number): string => `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`;
/** 10:00〜15:00、16:00〜18:00 */
export const formatBands = (bands: readonly Band[]): string => bands.map((b) => `${hhmm(b.start)}〜${hhmm(b.end)}`).join('、');

/** The 区分 typed: 休診 (臨時休診, 休み) or 時間変更 (時間, 変更). */
function modeOf(typed: string): ClosureMode | undefined {
  const t = typed.normalize('NFKC').replace(/\s/g, '');
  if (['休診', '臨時休診', '休業', '休み', 'closed'].includes(t)) return 'closed';
  if (['時間変更', '診療時間変更', '営業時間変更', '変更', 'hours'].includes(t)) return 'hours';
  return undefined;
}

/**
 * Each field of a row checked on its own, against `today` (YYYY-MM-DD in Japan): the row made ready
 * for the lookup, or its problems (every one of them, each naming its column).
 */
export function checkRow(row: ClosureRowInput, today: string): { ok: true; row: CheckedRow } | { ok: false; problems: ClosureProblem[] } {
  const problems: ClosureProblem[] = [];
  const at = (column: ClosureColumn, message: string) => problems.push({ line: row.line, column, message });

  const code = row.code.normalize('NFKC').replace(/\s/g, '');
  let target: CheckedRow['code'] | undefined;
  if (code === '') at('機関コード', MESSAGES['closures.code.required']);
  else if (FACILITY_ID.test(code)) target = { facilityId: code };
  else if (INSTITUTION_CODE.test(code)) target = { institutionCode: code };
  else at('機関コード', MESSAGES['closures.code.format']);

  const day = (typed: string, which: 'start' | 'end'): string | undefined => {
    const column = which === 'start' ? '開始日' : '終了日';
    if (typed.trim() === '') return void at(column, MESSAGES[`closures.${which}.required`]);
    const parsed = parseDay(typed);
    if (parsed === 'format' || parsed === 'invalid') return void at(column, MESSAGES[`closures.${which}.${parsed}`]);
    return parsed;
  };
  const startsOn = day(row.startsOn, 'start');
  const endsOn = day(row.endsOn, 'end');
  if (startsOn && startsOn > addDays(today, MAX_DAYS)) at('開始日', MESSAGES['closures.start.too_far']);
  if (startsOn && endsOn) {
    if (endsOn < startsOn) at('終了日', MESSAGES['closures.end.before_start']);
    else if (endsOn < today) at('終了日', MESSAGES['closures.end.past']);
    else if (daysBetween(startsOn, endsOn) >= MAX_DAYS) at('終了日', MESSAGES['closures.end.too_long']);
  } else if (endsOn && endsOn < today) at('終了日', MESSAGES['closures.end.past']);

  let mode: ClosureMode | undefined;
  if (row.mode.trim() === '') at('区分', MESSAGES['closures.mode.required']);
  else if (!(mode = modeOf(row.mode))) at('区分', MESSAGES['closures.mode.unknown']);

  let bands: Band[] = [];
  const hours = row.hours.trim();
  if (mode === 'hours') {
    if (hours === '') at('変更後の時間', MESSAGES['closures.hours.required']);
    else {
      const parsed = parseHours(hours);
      if (typeof parsed === 'string') at('変更後の時間', MESSAGES[`closures.hours.${parsed}`]);
      else bands = parsed;
    }
  } else if (mode === 'closed' && hours !== '') at('変更後の時間', MESSAGES['closures.hours.not_for_closed']);

  const note = normaliseLine(row.note);
  if ([...note].length > NOTE_MAX) at('備考', MESSAGES['closures.note.too_long']);

  if (problems.length || !target || !startsOn || !endsOn || !mode) return { ok: false, problems };
  return { ok: true, row: { line: row.line, code: target, typedCode: code, startsOn, endsOn, mode, bands, note: note === '' ? null : note } };
}

/**
 * Rows of the same facility whose ranges overlap: each later row's problem names the earlier one.
 * `rows` are the facility's key (its ID) with the row's range.
 */
export function overlappingRows(rows: ReadonlyArray<{ line: number; key: string; startsOn: string; endsOn: string }>): ClosureProblem[] {
  const byKey = new Map<string, Array<(typeof rows)[number]>>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const problems: ClosureProblem[] = [];
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : a.line - b.line));
    let reach = sorted[0]!;
    for (const r of sorted.slice(1)) {
      if (r.startsOn <= reach.endsOn) problems.push({ line: r.line, column: '開始日', message: MESSAGES['closures.code.repeated_overlap'](reach.line) });
      if (r.endsOn > reach.endsOn) reach = r;
    }
  }
  return problems;
}

/** 2026年12月29日 for a message. */
export const dayText = (day: string): string => formatDay(day);

/** The rows of an uploaded file (every line but the header), or what stops reading it. */
export function readClosureCsv(bytes: Uint8Array): { ok: true; rows: ClosureRowInput[] } | { ok: false; problems: ClosureProblem[] } {
  const { text } = decodeCsv(bytes);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { ok: false, problems: [{ line: line ?? 1, message: MESSAGES['closures.csv.unreadable']((err as Error).message) }] };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, problems: [{ line: 1, message: MESSAGES['closures.csv.empty'] }] };
  const index = new Map<ClosureColumn, number>();
  const problems: ClosureProblem[] = [];
  header.record.forEach((raw, i) => {
    const h = raw.trim();
    if (h === '') return;
    const column = CODE_ALIASES.includes(h) ? '機関コード' : CLOSURE_COLUMNS.find((c) => c === h);
    if (!column) problems.push({ line: 1, message: MESSAGES['closures.csv.header.unknown'](h) });
    else if (index.has(column)) problems.push({ line: 1, column, message: MESSAGES['closures.csv.header.repeated'](h) });
    else index.set(column, i);
  });
  for (const c of ['機関コード', '開始日', '終了日', '区分'] as const) {
    if (!index.has(c)) problems.push({ line: 1, column: c, message: MESSAGES['closures.csv.header.missing'](c) });
  }
  if (problems.length) return { ok: false, problems };
  if (body.length === 0) return { ok: false, problems: [{ line: 2, message: MESSAGES['closures.csv.no_rows'] }] };
  if (body.length > MAX_ROWS) return { ok: false, problems: [{ line: MAX_ROWS + 2, message: MESSAGES['closures.csv.too_many_rows'](MAX_ROWS) }] };
  const cell = (record: string[], c: ClosureColumn) => {
    const i = index.get(c);
    return i === undefined ? '' : (record[i] ?? '').trim();
  };
  return {
    ok: true,
    rows: body.map(({ record, info }) => ({
      line: info.lines,
      code: cell(record, '機関コード'),
      startsOn: cell(record, '開始日'),
      endsOn: cell(record, '終了日'),
      mode: cell(record, '区分'),
      hours: cell(record, '変更後の時間'),
      note: cell(record, '備考'),
    })),
  };
}
