// The public API's parameter problems in English (its clients are programs and their developers): one
// message per problem kind, saying what the parameter takes. The problems themselves come from the
// one query module (parseSearchQuery), so the HTML search and the API refuse the same values.
import { FEATURES } from '../../../search/features.ts';
import { KEYWORD_MAX, KIND_NAMES, PAGE_MAX, PER_PAGE_MAX, RADIUS_MAX_KM, SORTS, type QueryProblem, type RawParams } from '../../../search/query.ts';

/** The body of a 400. */
export interface ProblemJson {
  param: string;
  problem: QueryProblem['problem'];
  message: string;
  needs?: string;
}

/** What each parameter takes, in words. */
export const PARAM_TAKES: Readonly<Record<string, string>> = {
  q: `keywords separated by spaces, at most ${KEYWORD_MAX} characters`,
  kind: `facility kinds: ${Object.keys(KIND_NAMES).join(', ')} (repeated or comma-separated)`,
  pref: 'a 2-digit prefecture code, 01 to 47',
  city: 'a 5-digit municipality code (the local government code without its check digit)',
  dept: 'department codes of 5 digits from the department master (repeated or comma-separated)',
  open_at: 'an ISO 8601 date and time with an offset, such as 2026-04-01T09:30:00+09:00',
  feature: `conditions: ${FEATURES.join(', ')} (repeated or comma-separated)`,
  lang: 'language codes of the catalogue (repeated or comma-separated)',
  equipment: 'equipment codes of the catalogue (repeated or comma-separated)',
  specialist: 'specialist codes of the catalogue (repeated or comma-separated)',
  treatment: 'treatment codes of the catalogue (repeated or comma-separated)',
  vaccination: 'vaccination codes of the catalogue (repeated or comma-separated)',
  postcode: 'a 7-digit postcode, such as 1050011 or 105-0011',
  lat: 'a latitude in degrees, -90 to 90',
  lon: 'a longitude in degrees, -180 to 180',
  radius_km: `a distance in kilometres, more than 0 and at most ${RADIUS_MAX_KM}`,
  sort: `one of ${SORTS.join(', ')}`,
  page: `a whole number from 1 to ${PAGE_MAX}`,
  per_page: `a whole number from 1 to ${PER_PAGE_MAX}`,
};

function messageOf(p: QueryProblem): string {
  const takes = PARAM_TAKES[p.param] ?? 'a valid value';
  switch (p.problem) {
    case 'invalid':
      return `${p.param} is not valid: it takes ${takes}.`;
    case 'unknown':
      if (p.param === 'postcode') return 'postcode is not a postcode Japan Post knows.';
      return p.param === 'city' ? 'city is not the code of a municipality.' : `${p.param} has a value that is not one of the known codes: it takes ${takes}.`;
    case 'too_long':
      return `${p.param} is too long: it takes ${takes}.`;
    case 'too_many':
      return `${p.param} has too many values.`;
    case 'out_of_range':
      return `${p.param} is out of range: it takes ${takes}.`;
    case 'repeated':
      return `${p.param} takes one value, and was given more than once.`;
    case 'needs':
      return `${p.param} needs ${p.needs ?? 'another parameter'} as well.`;
    case 'other_prefecture':
      return 'city is not a municipality of the prefecture given in pref.';
  }
}

export const problemJson = (p: QueryProblem): ProblemJson => ({
  param: p.param,
  problem: p.problem,
  message: messageOf(p),
  ...(p.needs === undefined ? {} : { needs: p.needs }),
});

/** Parameters with a NUL in a value (no text of the index holds one, and PostgreSQL refuses it): problems of their own. */
export function nulProblems(raw: RawParams, params: readonly string[]): QueryProblem[] {
  const problems: QueryProblem[] = [];
  for (const param of params) {
    const v = raw[param];
    if (v === undefined) continue;
    if ((typeof v === 'string' ? [v] : v).some((s) => typeof s !== 'string' || s.includes('\u0000'))) problems.push({ param, problem: 'invalid' });
  }
  return problems;
}
