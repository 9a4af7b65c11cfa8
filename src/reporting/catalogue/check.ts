// The two checks on a report's values. checkComplete: may it be reported (報告) — every required field
// filled, the cross-field rules held, nothing typed left unparsed; a draft is never held to it.
// checkValues: is every stored value one the form could have produced for its field (the property the
// fuzz test asserts for every stored version).
import { normaliseLine } from '../../platform/japanese/text.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import {
  cellLabel,
  isRealDate,
  isValidSpan,
  matrixCellLabel,
  readTimeCell,
  matrixRows,
  multiCodeLabel,
  parseMatrixCell,
  parseScalar,
  takesFreeText,
  FREE_TEXT_MAX,
  CLOSED_DAYS_OTHER_MAX,
} from './form.ts';
import { optionsOf, resolvePath } from './load.ts';
import {
  DAYS,
  SINGLE_ROW,
  TIME_PARTS,
  WEEKDAYS,
  WEEKS,
  type CatalogueField,
  type FieldOf,
  type FieldValue,
  type InvalidInput,
  type KindCatalogue,
  type ReportValues,
  type TimePart,
} from './types.ts';
import {
  canonicalClosedDays,
  canonicalCodes,
  canonicalMatrix,
  canonicalTimetable,
  departmentRows,
  fieldLabel,
  isObject,
  rowLabel,
  stableJson,
  timetableOwner,
} from './values.ts';

/** The input name a field's messages stand beside: `f.<path>`, or `t.`/`c.`/`m.` + its path for a grid (a shared timetable too: its own path, though its cells carry the owner's). */
export function fieldInputName(cf: CatalogueField): string {
  switch (cf.field.kind) {
    case 'timetable':
      return `t.${cf.path}`;
    case 'closed_days':
      return `c.${cf.path}`;
    case 'matrix':
      return `m.${cf.path}`;
    default:
      return `f.${cf.path}`;
  }
}

/** Whether a field must be filled to 報告, given the other values (`requiredIf`). */
export function isRequired(cat: KindCatalogue, cf: CatalogueField, values: ReportValues): boolean {
  const f = cf.field;
  if (f.required === true) return true;
  if (f.requiredIf === undefined) return false;
  const other = values[resolvePath(cf.item, f.requiredIf.field)];
  const wanted = Array.isArray(f.requiredIf.equals) ? f.requiredIf.equals : [f.requiredIf.equals];
  return other !== undefined && wanted.some((w) => w === other);
}

/** Whether a field has a value (a shared timetable: a cell of its parts in its owner's grid). */
export function isFilled(cf: CatalogueField, values: ReportValues): boolean {
  const f = cf.field;
  if (f.kind === 'timetable') {
    const grid = values[timetableOwner(cf)];
    if (!isObject(grid) || !Array.isArray(grid.rows)) return false;
    return (grid.rows as Array<{ bands: Array<Record<string, Partial<Record<TimePart, unknown>>>> }>).some((row) =>
      row.bands.some((band) => Object.values(band).some((cell) => f.parts.some((p) => cell[p] !== undefined))),
    );
  }
  const v = values[cf.path];
  if (v === undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (f.kind === 'matrix') return isObject(v) && Object.keys(v).length > 0;
  return true;
}

/**
 * What stands between the values and 報告, by input name (fieldInputName, or the input that holds
 * unparsed text): required fields left empty, 「その他」 codes without their name, department tables
 * with rows for departments no longer chosen, and every input still holding what did not parse.
 * Empty = the report may be submitted.
 */
export function checkComplete(cat: KindCatalogue, values: ReportValues, invalid: InvalidInput): Record<string, string> {
  const problems: Record<string, string> = {};
  const typed = typedProblems(cat, invalid);
  // A field holding what was typed and did not parse is that problem, not also 「入力してください」.
  const typedFields = new Set(Object.keys(typed).map((n) => fieldOfInput(cat, n)?.path));
  for (const cf of cat.fields.values()) {
    const f = cf.field;
    const label = fieldLabel(cf);
    const name = fieldInputName(cf);
    if (isRequired(cat, cf, values) && !isFilled(cf, values)) {
      if (typedFields.has(cf.path)) continue;
      problems[name] ??=
        f.kind === 'choice' || f.kind === 'yesno' || f.kind === 'multi'
          ? MESSAGES['catalogue.field.choose'](label)
          : MESSAGES['catalogue.field.required'](label);
      continue;
    }
    const v = values[cf.path];
    if (f.kind === 'multi' && Array.isArray(v)) {
      for (const c of v as Array<{ code: string; text?: string }>)
        if (takesFreeText(f, c.code) && (c.text ?? '') === '')
          problems[`x.${cf.path}.${c.code}`] = MESSAGES['catalogue.multi.free_text_required'](label, multiCodeLabel(cat, f, c.code));
    }
    if ((f.kind === 'timetable' && f.rows === 'departments' && f.shares === undefined) || (f.kind === 'matrix' && f.rows === 'departments')) {
      const allowed = departmentRows(cat, cf, values);
      const rows =
        f.kind === 'timetable'
          ? isObject(v) && Array.isArray(v.rows)
            ? (v.rows as Array<{ code: string }>).map((r) => r.code)
            : []
          : isObject(v)
            ? Object.keys(v)
            : [];
      const stray = rows.find((r) => !allowed.includes(r));
      if (stray !== undefined) problems[name] ??= MESSAGES['catalogue.rows.not_department'](label, rowLabel(cat, stray));
    }
  }
  for (const [inputName, message] of Object.entries(typed)) problems[inputName] ??= message;
  return problems;
}

/**
 * The problems of what is kept as typed (`invalid`), by input name, each read again by the rule the
 * form read it with: the same message, beside the same input, as when it was saved — so a section
 * opened later marks what it marked then. A timetable cell keeps both its halves but is one problem
 * (readTimeCell).
 */
export function typedProblems(cat: KindCatalogue, invalid: InvalidInput): Record<string, string> {
  const problems: Record<string, string> = {};
  const cells = new Set<string>();
  for (const inputName of Object.keys(invalid)) {
    const cf = fieldOfInput(cat, inputName);
    const cell = cf?.field.kind === 'timetable' ? timeCellOf(cf, inputName) : undefined;
    if (cf !== undefined && cell !== undefined) {
      if (cells.has(cell.name)) continue;
      cells.add(cell.name);
      const r = readTimeCell(invalid[`${cell.name}.s`] ?? '', invalid[`${cell.name}.e`] ?? '', () =>
        cellLabel(cat, cf, cell.row, cell.band, cell.day, cell.part),
      );
      if (!r.ok) {
        problems[`${cell.name}.${r.at}`] = r.message;
        continue;
      }
    }
    problems[inputName] ??=
      (cf === undefined ? undefined : typedMessage(cat, cf, inputName, invalid[inputName] ?? '')) ??
      MESSAGES['catalogue.field.invalid_kept'](cf === undefined ? inputName : fieldLabel(cf));
  }
  return problems;
}

/** What the form said of a single value, a 「その他」 name or a matrix cell typed so (undefined: it would not say it again). */
function typedMessage(cat: KindCatalogue, cf: CatalogueField, inputName: string, typed: string): string | undefined {
  const f = cf.field;
  if (inputName === `f.${cf.path}` && f.kind !== 'multi') {
    const r = parseScalar(cat, cf, typed);
    return r.ok ? undefined : r.message;
  }
  if (f.kind === 'multi' && inputName.startsWith(`x.${cf.path}.`))
    return [...normaliseLine(typed)].length > FREE_TEXT_MAX ? MESSAGES['catalogue.multi.free_text_too_long'](fieldLabel(cf), FREE_TEXT_MAX) : undefined;
  if (f.kind === 'matrix' && inputName.startsWith(`m.${cf.path}.`)) {
    const [row, colId] = inputName.slice(`m.${cf.path}.`.length).split('.');
    const col = f.columns.find((c) => c.id === colId);
    if (row === undefined || col === undefined) return undefined;
    const r = parseMatrixCell(cat, matrixCellLabel(cat, cf, row, col), col, typed);
    return r.ok ? undefined : r.message;
  }
  return undefined;
}

/** A timetable input's cell: `t.<owner>.<row>.<band>.<day>.<part>` (name without its `.s`/`.e`) and its parts. */
function timeCellOf(
  cf: CatalogueField,
  inputName: string,
): { name: string; row: string; band: number; day: (typeof DAYS)[number]; part: TimePart } | undefined {
  const prefix = `t.${timetableOwner(cf)}.`;
  const rest = inputName.slice(prefix.length).split('.');
  if (!inputName.startsWith(prefix) || rest.length !== 5 || (rest[4] !== 's' && rest[4] !== 'e')) return undefined;
  const [row, band, day, part] = rest as [string, string, (typeof DAYS)[number], TimePart];
  if (!DAYS.includes(day) || !Number.isInteger(Number(band))) return undefined;
  return { name: inputName.slice(0, -2), row, band: Number(band), day, part };
}

/** The field an input name belongs to (a timetable cell: the field that edits its part; a field's own fieldInputName). */
export function fieldOfInput(cat: KindCatalogue, inputName: string): CatalogueField | undefined {
  for (const cf of cat.fields.values()) if (fieldInputName(cf) === inputName) return cf;
  const prefix = inputName.slice(0, 2);
  const rest = inputName.slice(2);
  for (const cf of cat.fields.values()) {
    if (cf.field.kind === 'timetable' && prefix === 't.') {
      const owner = timetableOwner(cf);
      if (rest.startsWith(`${owner}.`) && cf.field.parts.includes(rest.slice(owner.length + 1).split('.')[3] as TimePart)) return cf;
    } else if (rest === cf.path || rest.startsWith(`${cf.path}.`)) {
      if ((prefix === 'f.' || prefix === 'x.') && cf.field.kind !== 'timetable' && cf.field.kind !== 'closed_days' && cf.field.kind !== 'matrix') return cf;
      if (prefix === 'c.' && cf.field.kind === 'closed_days') return cf;
      if (prefix === 'm.' && cf.field.kind === 'matrix') return cf;
    }
  }
  return undefined;
}

/**
 * Every stored value checked against its field, by field path: a path the catalogue has, the value's
 * type, options, bounds, canonical form (what parseForm would have stored), computed sums that add up.
 * Required fields are not checked (a draft may be incomplete). Empty = every value is valid.
 */
export function checkValues(cat: KindCatalogue, values: ReportValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [p, v] of Object.entries(values)) {
    const cf = cat.fields.get(p);
    if (cf === undefined || !validValue(cat, cf, v, values)) problems[p] = MESSAGES['catalogue.field.stored_invalid'](cf === undefined ? p : fieldLabel(cf));
  }
  return problems;
}

const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

function validValue(cat: KindCatalogue, cf: CatalogueField, v: FieldValue, values: ReportValues): boolean {
  const f = cf.field;
  switch (f.kind) {
    case 'text':
      return typeof v === 'string' && reparses(cat, cf, v);
    case 'yesno':
      return typeof v === 'boolean';
    case 'choice':
      return typeof v === 'string' && optionsOf(cat, f).some((o) => o.code === v);
    case 'count':
    case 'decimal': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      if (f.sumOf !== undefined) {
        const parts = f.sumOf.map((s) => values[resolvePath(cf.item, s)]).filter((x): x is number => typeof x === 'number');
        return parts.length > 0 && Math.abs(parts.reduce((a, b) => a + b, 0) - v) < 1e-9;
      }
      return reparses(cat, cf, String(v));
    }
    case 'date':
      return typeof v === 'string' && isRealDate(v) && reparses(cat, cf, v);
    case 'multi': {
      if (!Array.isArray(v) || v.length === 0) return false;
      const options = optionsOf(cat, f);
      const ok = (v as unknown[]).every(
        (c) =>
          isObject(c) &&
          typeof c.code === 'string' &&
          options.some((o) => o.code === c.code) &&
          Object.keys(c).every((k) => k === 'code' || k === 'text') &&
          (c.text === undefined || (typeof c.text === 'string' && takesFreeText(f, c.code) && c.text !== '' && [...c.text].length <= FREE_TEXT_MAX)),
      );
      return ok && (f.max === undefined || v.length <= f.max) && same(canonicalCodes(v as Array<{ code: string; text?: string }>), v);
    }
    case 'closed_days': {
      if (!isObject(v) || !Array.isArray(v.weekly) || !Array.isArray(v.nth) || typeof v.holidays !== 'boolean' || typeof v.other !== 'string') return false;
      if (Object.keys(v).length !== 4 || [...v.other].length > CLOSED_DAYS_OTHER_MAX) return false;
      if (!v.weekly.every((d) => WEEKDAYS.includes(d as never))) return false;
      if (!v.nth.every((c) => isObject(c) && Object.keys(c).length === 2 && WEEKS.includes(c.week as never) && WEEKDAYS.includes(c.day as never))) return false;
      return same(canonicalClosedDays(v as never), v);
    }
    case 'timetable': {
      if (f.shares !== undefined || !isObject(v) || !Array.isArray(v.rows) || Object.keys(v).length !== 1) return false;
      const parts = new Set<TimePart>([...f.parts, ...sharersOf(cat, cf).flatMap((s) => (s.field as FieldOf<'timetable'>).parts)]);
      const rowCodes = f.rows === 'single' ? [SINGLE_ROW] : (cat.codeLists.get('departments')?.codes ?? []).map((c) => c.code);
      const ok = (v.rows as unknown[]).every(
        (row) =>
          isObject(row) &&
          typeof row.code === 'string' &&
          rowCodes.includes(row.code) &&
          (row.text === undefined || typeof row.text === 'string') &&
          Array.isArray(row.bands) &&
          row.bands.length <= f.bands &&
          row.bands.every(
            (band) =>
              isObject(band) &&
              Object.entries(band).every(
                ([day, cell]) =>
                  DAYS.includes(day as never) &&
                  isObject(cell) &&
                  Object.entries(cell).every(([part, span]) => TIME_PARTS.includes(part as never) && parts.has(part as TimePart) && isValidSpan(span)),
              ),
          ),
      );
      return ok && (v.rows as unknown[]).length > 0 && same(canonicalTimetable(v as never), v);
    }
    case 'matrix': {
      if (!isObject(v) || Object.keys(v).length === 0) return false;
      const rows = f.rows === 'departments' ? (cat.codeLists.get('departments')?.codes ?? []).map((c) => c.code) : matrixRows(cat, cf, values);
      const ok = Object.entries(v).every(
        ([row, cells]) =>
          rows.includes(row) &&
          isObject(cells) &&
          Object.entries(cells).every(([col, cell]) => {
            const column = f.columns.find((c) => c.id === col);
            if (column === undefined) return false;
            if (column.kind === 'choice') return typeof cell === 'string' && optionsOf(cat, column).some((o) => o.code === cell);
            const r = typeof cell === 'number' ? parseMatrixCell(cat, '', column, String(cell)) : undefined;
            return r !== undefined && r.ok && r.value === cell;
          }),
      );
      return ok && same(canonicalMatrix(v as never), v);
    }
  }
}

/** Parsing the stored value as if typed gives the same value back. */
function reparses(cat: KindCatalogue, cf: CatalogueField, typed: string): boolean {
  const r = parseScalar(cat, cf, typed);
  return r.ok && r.value !== undefined && same(r.value, cf.field.kind === 'count' || cf.field.kind === 'decimal' ? Number(typed) : typed);
}

/** The timetable fields that edit a part of this one's grid. */
function sharersOf(cat: KindCatalogue, owner: CatalogueField): CatalogueField[] {
  return [...cat.fields.values()].filter((cf) => cf.field.kind === 'timetable' && cf.field.shares !== undefined && timetableOwner(cf) === owner.path);
}
