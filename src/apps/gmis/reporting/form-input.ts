// The report form's inputs as strings: what each input shows (what was typed and did not parse, else
// the stored value written out), and the timetable's copy buttons applied to a posted form — the
// server does them (no script needed); public/js/report-form.js does the same in the browser.
import { isClosedDays, isMatrix, isTimetable, timetableOwner } from '../../../reporting/catalogue/values.ts';
import { DAYS, WEEKDAYS, type CatalogueField, type InvalidInput, type ReportValues } from '../../../reporting/catalogue/types.ts';

/** A posted form (or what the form shows): each input name with its value, or its values for checkboxes. */
export type FormInput = Record<string, string | string[] | undefined>;

/** The inputs of the given fields, written out from the values; what was typed and did not parse wins. */
export function inputsOf(fields: readonly CatalogueField[], values: ReportValues, invalid: InvalidInput): FormInput {
  const out: FormInput = {};
  for (const cf of fields) {
    const f = cf.field;
    const v = values[cf.path];
    switch (f.kind) {
      case 'timetable': {
        const owner = timetableOwner(cf);
        const t = values[owner];
        if (!isTimetable(t)) break;
        for (const row of t.rows)
          row.bands.forEach((band, i) => {
            for (const day of DAYS)
              for (const part of f.parts) {
                const span = band[day]?.[part];
                if (!span) continue;
                out[`t.${owner}.${row.code}.${i + 1}.${day}.${part}.s`] = span[0];
                out[`t.${owner}.${row.code}.${i + 1}.${day}.${part}.e`] = span[1];
              }
          });
        break;
      }
      case 'closed_days': {
        if (!isClosedDays(v)) break;
        for (const d of v.weekly) out[`c.${cf.path}.w.${d}`] = '1';
        for (const n of v.nth) out[`c.${cf.path}.n.${n.week}.${n.day}`] = '1';
        if (v.holidays) out[`c.${cf.path}.hol`] = '1';
        out[`c.${cf.path}.other`] = v.other;
        break;
      }
      case 'matrix': {
        if (!isMatrix(v)) break;
        for (const [row, cols] of Object.entries(v)) for (const [col, cell] of Object.entries(cols)) out[`m.${cf.path}.${row}.${col}`] = String(cell);
        break;
      }
      case 'multi': {
        if (!Array.isArray(v)) break;
        out[`f.${cf.path}`] = v.map((c) => c.code);
        for (const c of v) if (c.text !== undefined) out[`x.${cf.path}.${c.code}`] = c.text;
        break;
      }
      case 'yesno':
        if (typeof v === 'boolean') out[`f.${cf.path}`] = v ? '1' : '0';
        break;
      default:
        if (v !== undefined) out[`f.${cf.path}`] = String(v);
    }
  }
  for (const [name, typed] of Object.entries(invalid)) out[name] = typed;
  return out;
}

/** The one value of an input (checkboxes: the first). */
export const one = (input: FormInput, name: string): string => {
  const v = input[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

/** The values of an input (checkboxes). */
export const many = (input: FormInput, name: string): string[] => {
  const v = input[name];
  return Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
};

/** Whether a checkbox input is ticked. */
export const ticked = (input: FormInput, name: string): boolean => many(input, name).some((v) => v !== '' && v !== '0');

/** A copy button of the timetable: 月曜 → 火〜金 of one row, or one row's times → every row of the grid. */
export interface TimetableCopy {
  action: 'mon_to_weekdays' | 'all_rows';
  /** The timetable's path (the grid's owner). */
  owner: string;
  row: string;
}

/** The button's value: `<action>:<owner>:<row>` (schema.ts reads it back). */
export const copyValue = (c: TimetableCopy): string => `${c.action}:${c.owner}:${c.row}`;

const cellsOf = (form: FormInput, owner: string, row: string) => {
  const prefix = `t.${owner}.${row}.`;
  return Object.keys(form)
    .filter((name) => name.startsWith(prefix))
    .map((name) => ({ name, rest: name.slice(prefix.length).split('.') as [band: string, day: string, part: string, end: string] }))
    .filter((c) => c.rest.length === 4);
};

/**
 * The form with a copy done: the cells of the inputs the form has (the parts this section shows),
 * so a copy never writes a part another section edits. Returns a new object.
 */
export function applyCopy(form: FormInput, copy: TimetableCopy): FormInput {
  const out: FormInput = { ...form };
  const source = cellsOf(form, copy.owner, copy.row);
  if (copy.action === 'mon_to_weekdays') {
    for (const { rest, name } of source) {
      const [band, day, part, end] = rest;
      if (day !== 'mon') continue;
      for (const to of WEEKDAYS.slice(1, 5)) {
        const target = `t.${copy.owner}.${copy.row}.${band}.${to}.${part}.${end}`;
        if (target in form) out[target] = form[name];
      }
    }
    return out;
  }
  const prefix = `t.${copy.owner}.`;
  const rows = new Set(
    Object.keys(form)
      .filter((n) => n.startsWith(prefix))
      .map((n) => n.slice(prefix.length).split('.')[0]!),
  );
  rows.delete(copy.row);
  for (const { rest, name } of source) {
    for (const row of rows) {
      const target = `t.${copy.owner}.${row}.${rest.join('.')}`;
      if (target in form) out[target] = form[name];
    }
  }
  return out;
}
