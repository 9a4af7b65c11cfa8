// What a synthetic facility's record holds beyond the open-data columns: parking, barrier-free
// services, languages, payment, equipment, treatments, specialists, vaccinations, home care, second
// opinion, online care — the 他の項目 the public search and the staff search ask about, which the
// ministry's files do not carry but every report does. Drawn per facility from its ID alone (the same
// ID gives the same values on every run and engine), at rates that differ by kind: most hospitals
// have a CT and parking, few clinics do. Only fields the kind's catalogue has are written; the result
// passes the catalogue's checks (national-extras.test.ts).
import type { ChosenCode, FieldValue, InstitutionKind, MatrixValue, ReportValues } from '../reporting/catalogue/types.ts';
import { canonicalValues } from '../reporting/catalogue/values.ts';
import { PATHS } from '../search/features.ts';

/** A number in [0, 1) from the facility ID and a salt: FNV-1a, then a 32-bit mix (no state, no order). */
function draw(id: string, salt: string): number {
  let h = 0x811c9dc5;
  for (const s of [id, salt])
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

type Rates = Partial<Record<InstitutionKind, number>>;
/** Each code with its chance per kind (a kind not named: never). */
type CodeRates = ReadonlyArray<readonly [code: string, rates: Rates]>;

const H = '病院';
const C = '診療所';
const D = '歯科診療所';
const M = '助産所';
const P = '薬局';
const r = (h: number, c: number, d: number, m: number, p: number): Rates => ({ [H]: h, [C]: c, [D]: d, [M]: m, [P]: p });

const PARKING = r(0.92, 0.55, 0.45, 0.6, 0.45);
const WHEELCHAIR: CodeRates = [
  ['ramp', r(0.85, 0.4, 0.3, 0.2, 0.35)],
  ['elevator', r(0.9, 0.3, 0.2, 0.05, 0.15)],
  ['toilet', r(0.9, 0.35, 0.25, 0.1, 0.1)],
  ['lending', r(0.8, 0.1, 0.05, 0, 0.02)],
];
const DISABILITY: CodeRates = [
  ['writing', r(0.6, 0.3, 0.25, 0.2, 0.4)],
  ['sign', r(0.15, 0.03, 0.02, 0.02, 0.03)],
  ['guide-dog', r(0.4, 0.15, 0.1, 0.1, 0.2)],
];
const PAYMENT: CodeRates = [
  ['credit', r(0.85, 0.4, 0.45, 0.3, 0.7)],
  ['e-money', r(0.4, 0.25, 0.3, 0.1, 0.55)],
  ['qr', r(0.35, 0.3, 0.35, 0.1, 0.6)],
];
/** Languages a medical facility can accept patients in (受入可能 or 要相談). */
const LANGUAGES: CodeRates = [
  ['en', r(0.55, 0.18, 0.15, 0.08, 0.2)],
  ['zh-hans', r(0.15, 0.04, 0.04, 0.01, 0.05)],
  ['ko', r(0.08, 0.02, 0.02, 0.01, 0.03)],
  ['vi', r(0.04, 0.01, 0.01, 0, 0)],
];
const EQUIPMENT: CodeRates = [
  ['aed', { [H]: 0.97, [C]: 0.45, [D]: 0.35 }],
  ['xray', { [H]: 0.95, [C]: 0.4, [D]: 0.85 }],
  ['us', { [H]: 0.9, [C]: 0.35 }],
  ['ct', { [H]: 0.75, [C]: 0.05 }],
  ['mri', { [H]: 0.45, [C]: 0.02 }],
  ['endo', { [H]: 0.7, [C]: 0.15 }],
  ['mammo', { [H]: 0.35, [C]: 0.02 }],
  ['dialysis', { [H]: 0.25, [C]: 0.04 }],
  ['icu', { [H]: 0.2 }],
  ['dental-ct', { [D]: 0.15 }],
];
const TREATMENTS: CodeRates = [
  ['diabetes', { [H]: 0.7, [C]: 0.3 }],
  ['rehab', { [H]: 0.6, [C]: 0.08 }],
  ['stroke', { [H]: 0.3 }],
  ['cancer-chemo', { [H]: 0.3 }],
  ['dementia', { [H]: 0.3, [C]: 0.08 }],
  ['delivery', { [H]: 0.12, [C]: 0.02, [M]: 0.8 }],
  ['cataract', { [H]: 0.2, [C]: 0.04 }],
  ['periodontal', { [D]: 0.8 }],
  ['implant', { [D]: 0.3 }],
];
const VACCINATIONS: CodeRates = [
  ['influenza', { [H]: 0.7, [C]: 0.55 }],
  ['covid19', { [H]: 0.5, [C]: 0.35 }],
  ['pneumococcal', { [H]: 0.5, [C]: 0.3 }],
  ['hpv', { [H]: 0.2, [C]: 0.1 }],
  ['mr', { [H]: 0.2, [C]: 0.12 }],
];
const HOME_CARE: CodeRates = [
  ['visit', { [H]: 0.2, [C]: 0.22, [D]: 0.12 }],
  ['regular-visit', { [H]: 0.15, [C]: 0.15 }],
  ['nursing', { [H]: 0.2, [C]: 0.06 }],
];
const SPECIALISTS: CodeRates = [
  ['internal', { [H]: 0.85, [C]: 0.2 }],
  ['surgery', { [H]: 0.6, [C]: 0.05 }],
  ['pediatrics', { [H]: 0.3, [C]: 0.06 }],
  ['orthopedics', { [H]: 0.4, [C]: 0.05 }],
  ['periodontics', { [D]: 0.08 }],
];
const SECOND_OPINION = r(0.45, 0.05, 0, 0, 0);
const ONLINE = r(0.12, 0.15, 0.02, 0, 0.2);
const AFTER_HOURS_ALWAYS = r(0.35, 0.02, 0.01, 0.3, 0.04);
const PHARMACY_HOME_CARE = 0.55;

const codes = (id: string, kind: InstitutionKind, salt: string, rates: CodeRates): ChosenCode[] =>
  rates.filter(([code, by]) => draw(id, `${salt}:${code}`) < (by[kind] ?? 0)).map(([code]) => ({ code }));
const yes = (id: string, kind: InstitutionKind, salt: string, rates: Rates): boolean => draw(id, salt) < (rates[kind] ?? 0);

/**
 * The facility's values with the extras of its kind added (only those absent from `values`, and only
 * fields `has` says its catalogue has), canonical. `values` must be canonical already (as the reader
 * gives them): only the extras are put in canonical form and merged in by path, the rest is taken as it
 * is (canonicalising a national snapshot's timetables again took most of the time here).
 */
export function withNationalExtras(id: string, kind: InstitutionKind, values: ReportValues, has: (path: string) => boolean): ReportValues {
  const extras: ReportValues = {};
  const set = (path: string, value: FieldValue | undefined) => {
    if (value === undefined || !has(path) || path in values || path in extras) return;
    if (Array.isArray(value) && value.length === 0) return;
    extras[path] = value;
  };
  const matrix = (chosen: ChosenCode[], row: Record<string, string | number>): MatrixValue | undefined =>
    chosen.length ? (Object.fromEntries(chosen.map((c) => [c.code, { ...row }])) as MatrixValue) : undefined;

  const p = kind === '薬局' ? PATHS.pharmacy : PATHS.medical;
  set(p.parking, yes(id, kind, 'parking', PARKING));
  set(p.wheelchair, codes(id, kind, 'wheelchair', WHEELCHAIR));
  set(p.disability, codes(id, kind, 'disability', DISABILITY));
  set(p.payment, codes(id, kind, 'payment', PAYMENT));
  if (kind === '薬局') {
    const q = PATHS.pharmacy;
    set(q.languages, matrix(codes(id, kind, 'lang', LANGUAGES), { availability: 'yes' }));
    set(q.homeCare, draw(id, 'home') < PHARMACY_HOME_CARE);
    set(q.online, yes(id, kind, 'online', ONLINE));
    set(q.afterHours, yes(id, kind, 'after', AFTER_HOURS_ALWAYS) ? 'always' : undefined);
  } else {
    const q = PATHS.medical;
    const languages = codes(id, kind, 'lang', LANGUAGES);
    set(
      q.languages,
      languages.length
        ? (Object.fromEntries(languages.map((c) => [c.code, { acceptance: draw(id, `ask:${c.code}`) < 0.4 ? 'ask' : 'yes' }])) as MatrixValue)
        : undefined,
    );
    set(q.equipment, codes(id, kind, 'equip', EQUIPMENT));
    set(q.treatments, codes(id, kind, 'treat', TREATMENTS));
    set(q.vaccinations, codes(id, kind, 'vacc', VACCINATIONS));
    set(q.homeCare, codes(id, kind, 'home', HOME_CARE));
    set(q.specialists, matrix(codes(id, kind, 'spec', SPECIALISTS), { count: 1 + Math.floor(draw(id, 'spec-count') * 4) }));
    set(q.secondOpinion, yes(id, kind, 'second', SECOND_OPINION));
    set(q.online, yes(id, kind, 'online', ONLINE));
    if (yes(id, kind, 'after', AFTER_HOURS_ALWAYS)) set(q.afterHours, 'always');
  }
  const added = canonicalValues(extras);
  const out: ReportValues = {};
  for (const p of [...Object.keys(values), ...Object.keys(added)].sort()) out[p] = (p in values ? values[p] : added[p])!;
  return out;
}
