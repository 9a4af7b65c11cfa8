// How far a report has come, per section of the form: the required fields (with `requiredIf` worked out
// on the current values), how many of them are filled, and how many problems stand before 報告.
import { checkComplete, fieldOfInput, isFilled, isRequired } from './check.ts';
import type { InvalidInput, KindCatalogue, ReportValues } from './types.ts';

/** One section's progress. */
export interface SectionProgress {
  id: string;
  required: number;
  filled: number;
  /** Problems checkComplete finds in the section (empty required fields included). */
  problems: number;
  /** Their messages, in checkComplete's order. */
  messages: string[];
  /** The same messages by the input they stand beside (what the section's page marks). */
  byInput: Record<string, string>;
}

/** The report's progress: per section, and the totals of required and filled fields. */
export interface ReportProgress {
  sections: SectionProgress[];
  required: number;
  filled: number;
  /** Everything checkComplete finds, by input name: what stops 報告 (a problem of no section included). */
  problems: Record<string, string>;
}

/** Per section: required fields, how many are filled, and how many problems checkComplete finds there. */
export function progress(cat: KindCatalogue, values: ReportValues, invalid: InvalidInput): ReportProgress {
  const problems = checkComplete(cat, values, invalid);
  const bySection = new Map<string, Record<string, string>>();
  for (const [name, message] of Object.entries(problems)) {
    const cf = fieldOfInput(cat, name);
    const section = cf === undefined ? undefined : cat.sections.find((s) => s.items.some((i) => i.id === cf.item.id))?.id;
    if (section !== undefined) bySection.set(section, { ...bySection.get(section), [name]: message });
  }
  const sections = cat.sections.map((s) => {
    let required = 0;
    let filled = 0;
    for (const item of s.items) {
      for (const f of item.fields) {
        const cf = cat.fields.get(`${item.id}.${f.id}`)!;
        if (!isRequired(cat, cf, values)) continue;
        required++;
        if (isFilled(cf, values)) filled++;
      }
    }
    const byInput = bySection.get(s.id) ?? {};
    const messages = Object.values(byInput);
    return { id: s.id, required, filled, problems: messages.length, messages, byInput };
  });
  return { sections, required: sections.reduce((a, s) => a + s.required, 0), filled: sections.reduce((a, s) => a + s.filled, 0), problems };
}
