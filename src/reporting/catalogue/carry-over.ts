// Carrying accepted values into another catalogue (a 定期報告 or 随時報告 starts from the last accepted
// data, perhaps written for last year's catalogue): what the new catalogue still asks keeps its value;
// a dropped item, a dropped option, a dropped timetable part or band goes; what is left is valid for the
// new catalogue (checkValues holds) and canonical.
import { checkValues } from './check.ts';
import { applySums, alignDepartmentRows, matrixRows } from './form.ts';
import { optionsOf } from './load.ts';
import type { CatalogueField, FieldValue, KindCatalogue, MatrixValue, ReportValues, TimePart } from './types.ts';
import { canonicalValues, isObject, isTimetable, timetableOwner } from './values.ts';

/** The values as the `to` catalogue can hold them (`from` is the catalogue they were written for). */
export function carryOver(from: KindCatalogue, to: KindCatalogue, values: ReportValues): ReportValues {
  const out: ReportValues = {};
  for (const [p, v] of Object.entries(values)) {
    const cf = to.fields.get(p);
    // A path `from` does not know was never valid; one `to` does not know is a dropped field.
    if (cf === undefined || !from.fields.has(p)) continue;
    const kept = fit(to, cf, v);
    if (kept !== undefined) out[p] = kept;
  }
  applySums(to, out);
  alignDepartmentRows(to, out);
  const result = canonicalValues(out);
  for (const p of Object.keys(checkValues(to, result))) delete result[p];
  return result;
}

/** One value narrowed to what the field now takes, or undefined when nothing of it fits. */
function fit(cat: KindCatalogue, cf: CatalogueField, v: FieldValue): FieldValue | undefined {
  const f = cf.field;
  switch (f.kind) {
    case 'choice':
      return typeof v === 'string' && optionsOf(cat, f).some((o) => o.code === v) ? v : undefined;
    case 'multi': {
      if (!Array.isArray(v)) return undefined;
      const options = optionsOf(cat, f);
      const codes = v.filter((c) => options.some((o) => o.code === c.code));
      return codes.length > 0 ? codes : undefined;
    }
    case 'timetable': {
      if (f.shares !== undefined || !isTimetable(v)) return undefined;
      const parts = new Set<TimePart>(f.parts);
      for (const other of cat.fields.values())
        if (other.field.kind === 'timetable' && other.field.shares !== undefined && timetableOwner(other) === cf.path)
          for (const part of other.field.parts) parts.add(part);
      return {
        rows: v.rows.map((row) => ({
          ...row,
          bands: row.bands
            .slice(0, f.bands)
            .map((band) =>
              Object.fromEntries(
                Object.entries(band).map(([day, cell]) => [
                  day,
                  Object.fromEntries(Object.entries(cell ?? {}).filter(([part]) => parts.has(part as TimePart))),
                ]),
              ),
            ),
        })),
      };
    }
    case 'matrix': {
      if (!isObject(v)) return undefined;
      const out: MatrixValue = {};
      const rows = f.rows === 'departments' ? undefined : matrixRows(cat, cf, {});
      for (const [row, cells] of Object.entries(v as MatrixValue)) {
        if (rows !== undefined && !rows.includes(row)) continue;
        const kept = Object.fromEntries(
          Object.entries(cells).filter(([col, cell]) => {
            const column = f.columns.find((c) => c.id === col);
            if (column === undefined) return false;
            return column.kind === 'choice' ? typeof cell === 'string' && optionsOf(cat, column).some((o) => o.code === cell) : typeof cell === 'number';
          }),
        );
        if (Object.keys(kept).length > 0) out[row] = kept;
      }
      return out;
    }
    default:
      return v;
  }
}
