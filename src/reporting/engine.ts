// The catalogue engine as the reporting commands use it: reading a form, checking completeness,
// 差異表示, carrying values to another year's catalogue, canonical JSON. Helper B's catalogue/ modules
// take these over as they land (parseForm and checkComplete have); until then the others stand in, small and literal.
import type { ItemDiff, KindCatalogue, ReportValues } from './catalogue/types.ts';
import { canonicalValues } from './catalogue/values.ts';

export { parseForm, type PostedForm } from './catalogue/form.ts';
export { checkComplete } from './catalogue/check.ts';

/** JSON with every object's keys sorted, so equal values are equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** A report's values as stored: canonical (codes sorted, timetables ordered) and as sorted JSON. */
export const valuesJson = (values: ReportValues): string => canonicalJson(canonicalValues(values));

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** Item by item: how `after` compares with `before` (undefined: nothing published, every filled item added). */
export function diffValues(cat: KindCatalogue, before: { catalogue: string; values: ReportValues } | undefined, after: ReportValues): ItemDiff[] {
  return cat.items.map((item) => {
    const fields = item.fields.map((field) => {
      const path = `${item.id}.${field.id}`;
      const b = before?.values[path];
      const a = after[path];
      const status: 'same' | 'changed' | 'added' | 'removed' =
        b === undefined && a === undefined
          ? 'same'
          : b === undefined
            ? 'added'
            : a === undefined
              ? 'removed'
              : canonicalJson(a) === canonicalJson(b)
                ? 'same'
                : 'changed';
      return { path, fieldId: field.id, status, ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }), cells: [] };
    });
    const changed = fields.filter((f) => f.status !== 'same');
    const status: ItemDiff['status'] =
      changed.length === 0
        ? 'same'
        : changed.every((f) => f.status === 'added') && fields.every((f) => f.before === undefined)
          ? 'added'
          : changed.every((f) => f.status === 'removed') && fields.every((f) => f.after === undefined)
            ? 'removed'
            : 'changed';
    return { itemId: item.id, status, fields };
  });
}

/** The values of `from`'s catalogue as `to`'s: the fields `to` still has, kept. */
export function carryOver(from: KindCatalogue, to: KindCatalogue, values: ReportValues): ReportValues {
  return Object.fromEntries(Object.entries(values).filter(([path]) => to.fields.has(path) && (from === to || from.fields.has(path))));
}
