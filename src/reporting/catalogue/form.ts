// Reading a section of the report form back into values. Input names (plan 4.2): `f.<path>` for a
// single value or the checkboxes of a multi, `x.<path>.<code>` for a code's free text,
// `t.<path>.<row>.<band>.<day>.<part>.<s|e>` for a timetable, `c.<path>.w.<day>` / `.n.<week>.<day>` /
// `.hol` / `.other` for closed days, `m.<path>.<row>.<col>` for a matrix. Full-width digits and times are
// normalised (platform/japanese/text.ts); what does not parse is kept as typed in `invalid` (by input
// name) with a message in `problems`, and its value left out. Required fields are not checked here:
// a draft may be incomplete (check.ts does that at 報告).
import {
  normaliseEmail,
  normaliseFullWidth,
  normaliseKana,
  normaliseLine,
  normalisePhoneNumber,
  normalisePostcode,
  normaliseText,
  isKatakana,
} from '../../platform/japanese/text.ts';
import { formatDay } from '../../platform/japanese/time.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { optionsOf, resolvePath } from './load.ts';
import {
  DAYS,
  SINGLE_ROW,
  WEEKDAYS,
  WEEKS,
  type CatalogueField,
  type ChosenCode,
  type ClosedDays,
  type FieldOf,
  type FieldValue,
  type InvalidInput,
  type KindCatalogue,
  type MatrixColumn,
  type MatrixValue,
  type ReportValues,
  type Span,
  type TimePart,
  type Timetable,
  type TimetableBand,
} from './types.ts';
import {
  DAY_LABELS,
  PART_LABELS_JA,
  canonicalClosedDays,
  canonicalCodes,
  canonicalMatrix,
  canonicalTimetable,
  codeLabel,
  departmentRows,
  fieldLabel,
  isTimetable,
  rowLabel,
  timetableOwner,
} from './values.ts';

/** A posted form: each input name with its value, or its values for checkboxes. */
export type PostedForm = Record<string, string | string[] | undefined>;

/** What a section's form gives: the report's values after it, what did not parse (as typed), and a message per input name. */
export interface ParsedForm {
  values: ReportValues;
  invalid: InvalidInput;
  problems: Record<string, string>;
}

/** The outcome of reading one typed value. */
export type Parsed<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

/** The fields a section of the form shows (`all`: every field of the kind). */
export function sectionFields(cat: KindCatalogue, section: string): CatalogueField[] {
  const items = section === 'all' ? cat.items : (cat.sections.find((s) => s.id === section)?.items ?? []);
  return items.flatMap((item) => item.fields.map((f) => cat.fields.get(`${item.id}.${f.id}`)!).filter((cf) => cf !== undefined));
}

/** The input names a field's form has sent, so a previous `invalid` entry of the field can be replaced. */
export function ownsInput(cf: CatalogueField, name: string): boolean {
  const p = cf.path;
  switch (cf.field.kind) {
    case 'timetable':
      return (
        name.startsWith(`t.${timetableOwner(cf)}.`) &&
        cellPart(name, timetableOwner(cf)) !== undefined &&
        cf.field.parts.includes(cellPart(name, timetableOwner(cf))!)
      );
    case 'closed_days':
      return name.startsWith(`c.${p}.`);
    case 'matrix':
      return name.startsWith(`m.${p}.`);
    case 'multi':
      return name === `f.${p}` || name.startsWith(`x.${p}.`);
    default:
      return name === `f.${p}`;
  }
}

const cellPart = (name: string, owner: string): TimePart | undefined => name.slice(owner.length + 3).split('.')[3] as TimePart | undefined;

/**
 * Reads one section (or `all`) of the form over the previous values: every field the section shows is
 * replaced by what was posted (an empty input = not entered), other fields are kept; computed sums
 * (`sumOf`) are worked out again. `previousInvalid` entries of the section's fields are dropped.
 */
export function parseForm(cat: KindCatalogue, section: string, form: PostedForm, previous: ReportValues, previousInvalid: InvalidInput = {}): ParsedForm {
  const fields = sectionFields(cat, section);
  const values: ReportValues = { ...previous };
  const invalid: InvalidInput = {};
  for (const [name, typed] of Object.entries(previousInvalid)) if (!fields.some((cf) => ownsInput(cf, name))) invalid[name] = typed;
  const problems: Record<string, string> = {};
  const fail = (name: string, typed: string, message: string) => {
    invalid[name] = typed;
    problems[name] ??= message;
  };
  const set = (p: string, v: FieldValue | undefined) => {
    if (v === undefined) delete values[p];
    else values[p] = v;
  };

  // Single values and code sets first: a department table's rows are the 診療科目 chosen in the same post.
  const later: CatalogueField[] = [];
  for (const cf of fields) {
    const f = cf.field;
    const name = `f.${cf.path}`;
    switch (f.kind) {
      case 'timetable':
      case 'matrix':
        later.push(cf);
        break;
      case 'closed_days':
        set(cf.path, readClosedDays(cf.path, form));
        break;
      case 'multi': {
        const r = readMulti(cat, cf, form);
        for (const [n, m] of Object.entries(r.problems)) fail(n, first(form[n]), m);
        set(cf.path, r.value);
        break;
      }
      default: {
        if ((f.kind === 'count' || f.kind === 'decimal') && f.sumOf !== undefined) break;
        const typed = first(form[name]);
        const r = parseScalar(cat, cf, typed);
        if (r.ok) set(cf.path, r.value);
        else {
          delete values[cf.path];
          fail(name, typed, r.message);
        }
      }
    }
  }
  for (const cf of later) {
    if (cf.field.kind === 'timetable') {
      const owner = timetableOwner(cf);
      const r = readTimetable(cat, cf, form, values);
      for (const [n, m] of Object.entries(r.problems)) fail(n, first(form[n]), m);
      for (const n of r.incomplete) invalid[n] = first(form[n]);
      const prev = values[owner];
      const merged = mergeTimetable(isTimetable(prev) ? prev : undefined, cf.field.parts, r.value);
      set(owner, merged.rows.length > 0 ? merged : undefined);
    } else if (cf.field.kind === 'matrix') {
      const r = readMatrix(cat, cf, form, values);
      for (const [n, m] of Object.entries(r.problems)) fail(n, first(form[n]), m);
      set(cf.path, Object.keys(r.value).length > 0 ? r.value : undefined);
    }
  }
  applySums(cat, values);
  alignDepartmentRows(cat, values);
  return { values, invalid, problems };
}

/**
 * Keeps department tables (timetables, matrices) in line with 診療科目: rows of a department no longer
 * chosen are dropped, and a timetable row of a free-text code (XX991) carries that department's name.
 */
export function alignDepartmentRows(cat: KindCatalogue, values: ReportValues): void {
  for (const cf of cat.fields.values()) {
    const f = cf.field;
    const v = values[cf.path];
    if (v === undefined || (f.kind !== 'timetable' && f.kind !== 'matrix') || f.rows !== 'departments' || (f.kind === 'timetable' && f.shares !== undefined))
      continue;
    const chosen = departmentCodes(cat, cf, values);
    if (f.kind === 'timetable' && isTimetable(v)) {
      const rows = v.rows
        .filter((r) => chosen.has(r.code))
        .map((r) => {
          const text = chosen.get(r.code);
          return text === undefined ? { code: r.code, bands: r.bands } : { code: r.code, text, bands: r.bands };
        });
      if (rows.length === 0) delete values[cf.path];
      else values[cf.path] = { rows };
    } else if (f.kind === 'matrix' && typeof v === 'object' && !Array.isArray(v)) {
      const m = Object.fromEntries(Object.entries(v as MatrixValue).filter(([row]) => chosen.has(row)));
      if (Object.keys(m).length === 0) delete values[cf.path];
      else values[cf.path] = m;
    }
  }
}

/** The chosen 診療科目 of a department table, with their free text. */
function departmentCodes(cat: KindCatalogue, cf: CatalogueField, values: ReportValues): Map<string, string | undefined> {
  const f = cf.field as FieldOf<'timetable'> | FieldOf<'matrix'>;
  const chosen = f.subsetOf === undefined ? undefined : values[resolvePath(cf.item, f.subsetOf)];
  return new Map(Array.isArray(chosen) ? chosen.map((c) => [c.code, c.text]) : departmentRows(cat, cf, values).map((c) => [c, undefined]));
}

/** Works out every computed field (`sumOf`) from the values it adds up; none of them entered = not entered. */
export function applySums(cat: KindCatalogue, values: ReportValues): void {
  for (const cf of cat.fields.values()) {
    const f = cf.field;
    if ((f.kind !== 'count' && f.kind !== 'decimal') || f.sumOf === undefined) continue;
    const parts = f.sumOf.map((s) => values[resolvePath(cf.item, s)]).filter((v): v is number => typeof v === 'number');
    if (parts.length === 0) delete values[cf.path];
    else
      values[cf.path] = roundTo(
        parts.reduce((a, b) => a + b, 0),
        f.kind === 'decimal' ? (f.scale ?? 1) : 0,
      );
  }
}

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const all = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const roundTo = (n: number, scale: number) => Number(n.toFixed(scale));

// ---------------------------------------------------------------------------------------------------------
// Single values

/** Reads one typed value of a text, yes/no, choice, count, decimal or date field (also used by the CSV). Empty = not entered. */
export function parseScalar(cat: KindCatalogue, cf: CatalogueField, typed: string): Parsed<FieldValue> {
  const f = cf.field;
  const label = fieldLabel(cf);
  switch (f.kind) {
    case 'text':
      return parseText(f, label, typed);
    case 'yesno': {
      const s = normaliseLine(typed);
      if (s === '') return { ok: true, value: undefined };
      if (s === '1' || s === '0') return { ok: true, value: s === '1' };
      return { ok: false, message: MESSAGES['catalogue.choice.unknown'](label) };
    }
    case 'choice':
      return parseChoice(optionsOf(cat, f), label, typed);
    case 'count':
      return parseNumber(typed, label, 0, f.min, f.max);
    case 'decimal':
      return parseNumber(typed, label, f.scale ?? 1, f.min, f.max);
    case 'date':
      return parseDate(typed, label, f.min, f.max);
    default:
      return { ok: false, message: MESSAGES['catalogue.field.stored_invalid'](label) };
  }
}

function parseText(f: FieldOf<'text'>, label: string, typed: string): Parsed<string> {
  let s: string;
  switch (f.format) {
    case 'name':
      s = normaliseFullWidth(typed);
      break;
    case 'kana':
      s = normaliseKana(typed);
      if (s !== '' && !isKatakana(s)) return { ok: false, message: MESSAGES['catalogue.text.kana'](label) };
      break;
    case 'phone': {
      const r = normalisePhoneNumber(typed);
      if (!r.ok) return { ok: false, message: MESSAGES[`contact.phone.${r.problem}`](label) };
      s = r.value ?? '';
      break;
    }
    case 'postcode': {
      const r = normalisePostcode(typed);
      if (r === undefined) return { ok: false, message: MESSAGES['catalogue.text.postcode'](label) };
      s = r ?? '';
      break;
    }
    case 'email':
      s = normaliseEmail(typed);
      if (s !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s)) return { ok: false, message: MESSAGES['catalogue.text.email'](label) };
      break;
    case 'url':
      s = normaliseLine(typed).replace(/\s/g, '');
      if (s !== '' && !isWebAddress(s)) return { ok: false, message: MESSAGES['catalogue.text.url'](label) };
      break;
    default:
      s = f.multiline ? normaliseText(typed) : normaliseLine(typed);
  }
  if (s === '') return { ok: true, value: undefined };
  if (f.max !== undefined && [...s].length > f.max) return { ok: false, message: MESSAGES['catalogue.text.too_long'](label, f.max) };
  return { ok: true, value: s };
}

/** An http(s) address with a host. */
export function isWebAddress(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

function parseChoice(options: readonly { code: string }[], label: string, typed: string): Parsed<string> {
  const s = normaliseLine(typed);
  if (s === '') return { ok: true, value: undefined };
  return options.some((o) => o.code === s) ? { ok: true, value: s } : { ok: false, message: MESSAGES['catalogue.choice.unknown'](label) };
}

/** A count (scale 0) or a decimal: full-width digits, commas as thousands separators and a full-width minus accepted. */
export function parseNumber(typed: string, label: string, scale: number, min?: number, max?: number): Parsed<number> {
  const s = normaliseLine(typed)
    .replace(/[,\s]/g, '')
    .replace(/^[−ー－]/, '-');
  if (s === '') return { ok: true, value: undefined };
  if (scale === 0 ? !/^-?\d+$/.test(s) : !/^-?\d+(\.\d+)?$/.test(s))
    return { ok: false, message: scale === 0 ? MESSAGES['catalogue.count.not_integer'](label) : MESSAGES['catalogue.decimal.not_number'](label) };
  const decimals = s.split('.')[1]?.length ?? 0;
  if (decimals > scale) return { ok: false, message: MESSAGES['catalogue.decimal.scale'](label, scale) };
  const n = Number(s);
  if (!Number.isFinite(n) || (scale === 0 && !Number.isSafeInteger(n))) return { ok: false, message: MESSAGES['catalogue.count.not_integer'](label) };
  if (min !== undefined && n < min) return { ok: false, message: MESSAGES['catalogue.number.min'](label, String(min)) };
  if (max !== undefined && n > max) return { ok: false, message: MESSAGES['catalogue.number.max'](label, String(max)) };
  return { ok: true, value: n === 0 ? 0 : n };
}

/** A date as `2026-04-01`, `2026/4/1` or `2026年4月1日` (full width too), checked to exist. */
export function parseDate(typed: string, label: string, min?: string, max?: string): Parsed<string> {
  const s = normaliseLine(typed).replace(/\s/g, '');
  if (s === '') return { ok: true, value: undefined };
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  const iso = m === null ? undefined : `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  if (iso === undefined || !isRealDate(iso)) return { ok: false, message: MESSAGES['catalogue.date.invalid'](label) };
  if (min !== undefined && iso < min) return { ok: false, message: MESSAGES['catalogue.date.min'](label, formatDay(min)) };
  if (max !== undefined && iso > max) return { ok: false, message: MESSAGES['catalogue.date.max'](label, formatDay(max)) };
  return { ok: true, value: iso };
}

/** `YYYY-MM-DD` naming a day of the calendar. */
export function isRealDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

// ---------------------------------------------------------------------------------------------------------
// Times

/** A time as typed (`9:00`, `０９：００`, `0900`, `9時`) → `HH:MM`; `24:00` only as an end. */
export function parseTime(typed: string, asEnd: boolean): { ok: true; value: string | undefined } | { ok: false; problem: 'invalid' | 'start_24' } {
  // Most times arrive as the form shows them; only the others need normalising.
  if (/^([01]\d|2[0-3]):[0-5]\d$/.test(typed)) return { ok: true, value: typed };
  const s = normaliseLine(typed)
    .replace(/\s/g, '')
    .replace(/時(\d{1,2})分?$/, ':$1')
    .replace(/時$/, ':00');
  if (s === '') return { ok: true, value: undefined };
  const m = /^(\d{1,2}):?(\d{2})$/.exec(s) ?? /^(\d{1,2})()$/.exec(s);
  if (m === null) return { ok: false, problem: 'invalid' };
  const h = Number(m[1]);
  const min = m[2] === '' ? 0 : Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return { ok: false, problem: 'invalid' };
  if (h === 24 && !asEnd) return { ok: false, problem: 'start_24' };
  return { ok: true, value: `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` };
}

/** Whether a stored span is one the form accepts: two times, `24:00` only at the end, not `00:00`–`00:00`. End ≤ start means over midnight. */
export function isValidSpan(span: unknown): span is Span {
  if (!Array.isArray(span) || span.length !== 2 || typeof span[0] !== 'string' || typeof span[1] !== 'string') return false;
  const [s, e] = span as [string, string];
  const start = parseTime(s, false);
  const end = parseTime(e, true);
  return start.ok && end.ok && start.value === s && end.value === e && !(s === '00:00' && e === '00:00');
}

/** The timetable cell as messages name it: 「診療時間（内科・時間帯1・月曜・外来受付）」. */
export function cellLabel(cat: KindCatalogue, cf: CatalogueField, row: string, band: number, day: (typeof DAYS)[number], part: TimePart): string {
  const f = cf.field as FieldOf<'timetable'>;
  const bits = [rowLabel(cat, row), f.bands > 1 ? `時間帯${band}` : '', DAY_LABELS[day], f.parts.length > 1 ? PART_LABELS_JA[part] : ''].filter(
    (b) => b !== '',
  );
  return `${cf.field.label.ja}（${bits.join('・')}）`;
}

function readTimetable(
  cat: KindCatalogue,
  cf: CatalogueField,
  form: PostedForm,
  values: ReportValues,
): { value: Timetable; problems: Record<string, string>; incomplete: string[] } {
  const f = cf.field as FieldOf<'timetable'>;
  const owner = timetableOwner(cf);
  const prefix = `t.${owner}.`;
  const allowed = f.rows === 'single' ? [SINGLE_ROW] : departmentRows(cat, cf, values);
  const problems: Record<string, string> = {};
  const incomplete: string[] = [];
  const rows = new Map<string, TimetableBand[]>();
  const seen = new Set<string>();
  for (const name of Object.keys(form)) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length).split('.');
    if (rest.length !== 5) continue;
    const [row, bandText, day, part] = rest as [string, string, (typeof DAYS)[number], TimePart, string];
    const band = Number(bandText);
    const cell = `${row}.${band}.${day}.${part}`;
    if (seen.has(cell) || !allowed.includes(row) || !Number.isInteger(band) || band < 1 || band > f.bands || !DAYS.includes(day) || !f.parts.includes(part))
      continue;
    seen.add(cell);
    const sName = `${prefix}${cell}.s`;
    const eName = `${prefix}${cell}.e`;
    const sTyped = first(form[sName]);
    const eTyped = first(form[eName]);
    const r = readTimeCell(sTyped, eTyped, () => cellLabel(cat, cf, row, band, day, part));
    if (!r.ok) {
      // The message stands at one half; the other is kept as typed (to show again), not a second problem.
      problems[r.at === 's' ? sName : eName] = r.message;
      incomplete.push(r.at === 's' ? eName : sName);
    } else if (r.span !== undefined) {
      const bands = rows.get(row) ?? [];
      rows.set(row, bands);
      while (bands.length < band) bands.push({});
      const b = bands[band - 1]!;
      b[day] = { ...b[day], [part]: r.span };
    }
  }
  return { value: { rows: [...rows].map(([code, bands]) => ({ code, bands })) }, problems, incomplete: incomplete.filter((n) => !(n in problems)) };
}

/**
 * One timetable cell as typed (its start and its end): the span, none (both empty), or its one
 * problem and the half it stands beside. checkComplete reads a cell kept in `invalid` by the same
 * rule, so a cell left unfinished is one problem with the same message on every page.
 */
export function readTimeCell(
  sTyped: string,
  eTyped: string,
  label: () => string,
): { ok: true; span: Span | undefined } | { ok: false; at: 's' | 'e'; message: string } {
  const start = parseTime(sTyped, false);
  const end = parseTime(eTyped, true);
  if (!start.ok)
    return { ok: false, at: 's', message: MESSAGES[start.problem === 'start_24' ? 'catalogue.time.start_midnight' : 'catalogue.time.invalid'](label()) };
  if (!end.ok) return { ok: false, at: 'e', message: MESSAGES['catalogue.time.invalid'](label()) };
  if ((start.value === undefined) !== (end.value === undefined))
    return { ok: false, at: start.value === undefined ? 's' : 'e', message: MESSAGES['catalogue.time.incomplete'](label()) };
  if (start.value === '00:00' && end.value === '00:00') return { ok: false, at: 's', message: MESSAGES['catalogue.time.zero_span'](label()) };
  return { ok: true, span: start.value === undefined || end.value === undefined ? undefined : [start.value, end.value] };
}

/** A timetable's previous value with `parts` replaced by the new cells (the other parts belong to fields that share the grid). */
export function mergeTimetable(previous: Timetable | undefined, parts: readonly TimePart[], next: Timetable): Timetable {
  const rows = new Map<string, { code: string; text?: string; bands: TimetableBand[] }>();
  for (const row of previous?.rows ?? []) {
    const bands = row.bands.map((band) => {
      const out: TimetableBand = {};
      for (const [day, cell] of Object.entries(band) as Array<[keyof TimetableBand, NonNullable<TimetableBand[keyof TimetableBand]>]>) {
        const kept = Object.fromEntries(Object.entries(cell).filter(([part]) => !parts.includes(part as TimePart)));
        if (Object.keys(kept).length > 0) out[day] = kept;
      }
      return out;
    });
    rows.set(row.code, { ...row, bands });
  }
  for (const row of next.rows) {
    const target = rows.get(row.code) ?? { code: row.code, bands: [] };
    rows.set(row.code, target);
    row.bands.forEach((band, i) => {
      while (target.bands.length <= i) target.bands.push({});
      const b = target.bands[i]!;
      for (const [day, cell] of Object.entries(band) as Array<[keyof TimetableBand, NonNullable<TimetableBand[keyof TimetableBand]>]>)
        b[day] = { ...b[day], ...cell };
    });
  }
  return canonicalTimetable({ rows: [...rows.values()] });
}

// ---------------------------------------------------------------------------------------------------------
// Code sets, closed days, matrices

function readMulti(cat: KindCatalogue, cf: CatalogueField, form: PostedForm): { value: ChosenCode[] | undefined; problems: Record<string, string> } {
  const f = cf.field as FieldOf<'multi'>;
  const options = optionsOf(cat, f);
  const label = fieldLabel(cf);
  const problems: Record<string, string> = {};
  const codes: ChosenCode[] = [];
  for (const raw of all(form[`f.${cf.path}`])) {
    const code = normaliseLine(raw);
    if (code === '') continue;
    if (!options.some((o) => o.code === code)) {
      problems[`f.${cf.path}`] = MESSAGES['catalogue.choice.unknown'](label);
      continue;
    }
    if (takesFreeText(f, code)) {
      const name = `x.${cf.path}.${code}`;
      const text = normaliseLine(first(form[name]));
      if ([...text].length > FREE_TEXT_MAX) problems[name] = MESSAGES['catalogue.multi.free_text_too_long'](label, FREE_TEXT_MAX);
      else codes.push(text === '' ? { code } : { code, text });
    } else codes.push({ code });
  }
  const value = canonicalCodes(codes);
  if (f.max !== undefined && value.length > f.max) problems[`f.${cf.path}`] = MESSAGES['catalogue.multi.too_many'](label, f.max);
  return { value: value.length > 0 && problems[`f.${cf.path}`] === undefined ? value : undefined, problems };
}

/** The longest free text of a code (その他の診療科目の名称). */
export const FREE_TEXT_MAX = 100;

/** Whether a chosen code carries free text (its code ends with one of the field's `freeText` suffixes). */
export function takesFreeText(f: FieldOf<'multi'>, code: string): boolean {
  return (f.freeText ?? []).some((suffix) => code.endsWith(suffix));
}

/** The label of a code of a multi field, for messages. */
export function multiCodeLabel(cat: KindCatalogue, f: FieldOf<'multi'>, code: string): string {
  return codeLabel(optionsOf(cat, f), code);
}

function readClosedDays(p: string, form: PostedForm): ClosedDays {
  const on = (name: string) => all(form[`c.${p}.${name}`]).some((v) => v !== '' && v !== '0');
  return canonicalClosedDays({
    weekly: WEEKDAYS.filter((d) => on(`w.${d}`)),
    nth: WEEKS.flatMap((week) => WEEKDAYS.filter((day) => on(`n.${week}.${day}`)).map((day) => ({ week, day }))),
    holidays: on('hol'),
    other: normaliseText(first(form[`c.${p}.other`])).slice(0, CLOSED_DAYS_OTHER_MAX),
  });
}

/** The longest その他の休診日 text kept. */
export const CLOSED_DAYS_OTHER_MAX = 500;

/** The row codes a matrix has: the chosen 診療科目, a code list's codes, or its own options. */
export function matrixRows(cat: KindCatalogue, cf: CatalogueField, values: ReportValues): string[] {
  const f = cf.field as FieldOf<'matrix'>;
  if (f.rows === 'departments') return departmentRows(cat, cf, values);
  if ('codeList' in f.rows) return (cat.codeLists.get(f.rows.codeList)?.codes ?? []).map((c) => c.code);
  return f.rows.options.map((o) => o.code);
}

/** Reads one matrix cell (also used by the CSV). */
export function parseMatrixCell(cat: KindCatalogue, label: string, col: MatrixColumn, typed: string): Parsed<string | number> {
  if (col.kind === 'choice') return parseChoice(optionsOf(cat, col), label, typed);
  return parseNumber(typed, label, col.kind === 'count' ? 0 : (col.scale ?? 1), col.min, col.max);
}

/** A matrix cell as messages name it: 「対応できる言語（韓国語・対応）」. */
export function matrixCellLabel(cat: KindCatalogue, cf: CatalogueField, row: string, col: MatrixColumn): string {
  const f = cf.field as FieldOf<'matrix'>;
  const rowOptions =
    f.rows === 'departments'
      ? (cat.codeLists.get('departments')?.codes ?? [])
      : 'codeList' in f.rows
        ? (cat.codeLists.get(f.rows.codeList)?.codes ?? [])
        : f.rows.options;
  return `${fieldLabel(cf)}（${codeLabel(rowOptions, row)}・${col.label.ja}）`;
}

function readMatrix(cat: KindCatalogue, cf: CatalogueField, form: PostedForm, values: ReportValues): { value: MatrixValue; problems: Record<string, string> } {
  const f = cf.field as FieldOf<'matrix'>;
  const problems: Record<string, string> = {};
  const value: MatrixValue = {};
  for (const row of matrixRows(cat, cf, values)) {
    for (const col of f.columns) {
      const name = `m.${cf.path}.${row}.${col.id}`;
      const r = parseMatrixCell(cat, matrixCellLabel(cat, cf, row, col), col, first(form[name]));
      if (!r.ok) problems[name] = r.message;
      else if (r.value !== undefined) (value[row] ??= {})[col.id] = r.value;
    }
  }
  return { value: canonicalMatrix(value), problems };
}
