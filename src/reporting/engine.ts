// The catalogue engine as the reporting commands use it (the catalogue/ modules): reading a
// form, checking completeness, 差異表示, carrying values to another year's catalogue — and the
// canonical JSON a version's values are stored as.
import type { ReportValues } from './catalogue/types.ts';
import { canonicalValues } from './catalogue/values.ts';

export { parseForm, type PostedForm } from './catalogue/form.ts';
export { checkComplete } from './catalogue/check.ts';
export { changedItemCount, diffValues, type DiffBase } from './catalogue/diff.ts';
export { carryOver } from './catalogue/carry-over.ts';

/** JSON with every object's keys sorted, so equal values are equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

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

/** A report's values as stored: canonical (codes sorted, timetables ordered) and as sorted JSON. */
export const valuesJson = (values: ReportValues): string => canonicalJson(canonicalValues(values));
