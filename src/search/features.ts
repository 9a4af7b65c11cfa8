// 他の項目 of the public search — what a facility offers, read from its published values — and the
// tokens the keyword index holds for every condition a search can filter on (kind, place,
// department, 他の項目), beside the grams of its names. A token is 'x', a letter for what it is and
// a code of lower-case letters and digits: at least three characters, so no keyword gram (one or two
// characters) is ever one, and a single word for SQLite's tokenizer.
import type { InstitutionKind } from '../db/schema.ts';
import type { ChosenCode, FieldValue, MatrixValue, ReportValues } from '../reporting/catalogue/types.ts';
import type { OpenBand } from './hours.ts';
import { HOLIDAY_COLUMN } from './hours.ts';

/** Yes/no conditions of 他の項目. */
export const FEATURES = [
  /** 駐車場あり. */
  'parking',
  /** 車椅子利用者へのサービスがある (スロープ, エレベーター, トイレ …). */
  'barrier_free',
  /** 手話による対応. */
  'sign_language',
  /** セカンドオピニオンを受けられる. */
  'second_opinion',
  /** 在宅医療 (薬局: 在宅患者への訪問). */
  'home_care',
  /** オンライン診療 (薬局: オンライン服薬指導). */
  'online',
  /** 時間外も常時対応 (薬局: 24時間対応). */
  'after_hours',
  /** 夜間: a band that ends after 19:00 or runs past midnight. */
  'night',
  /** 日曜・祝日: a band on Sunday or in the 祝 column. */
  'holiday',
  /** キャッシュレス決済 (クレジットカード, 電子マネー, QR …). */
  'cashless',
] as const;
export type Feature = (typeof FEATURES)[number];

/** Coded conditions of 他の項目: the code list each reads (languages: either scheme's list). */
export const CODED = {
  lang: 'languages',
  equip: 'equipment',
  spec: 'specialists',
  treat: 'treatments',
  vacc: 'vaccinations',
} as const;
export type CodedCondition = keyof typeof CODED;

const LETTER: Record<CodedCondition, string> = { lang: 'l', equip: 'e', spec: 's', treat: 't', vacc: 'v' };

/** The kind digit of the facility ID (OPEN-DATA.md). */
export const KIND_DIGIT: Readonly<Record<InstitutionKind, string>> = { 病院: '1', 診療所: '2', 歯科診療所: '3', 助産所: '4', 薬局: '5' };

const codePart = (code: string): string => code.toLowerCase().replace(/[^a-z0-9]/g, '');

export const tokens = {
  kind: (kind: InstitutionKind) => `xk${KIND_DIGIT[kind]}`,
  pref: (code: string) => `xp${code}`,
  city: (code: string) => `xc${code}`,
  dept: (code: string) => `xd${code}`,
  feature: (f: Feature) => `xf${codePart(f)}`,
  coded: (c: CodedCondition, code: string) => `x${LETTER[c]}${codePart(code)}`,
  /** The grid cell of a point at one of GEO_CELLS' sizes (a cell: whole multiples of its size in degrees). */
  geo: (level: number, latCell: number, lonCell: number) => `xg${level}n${latCell}e${lonCell}`,
};

/**
 * Grid cells for a search near a point: each facility with coordinates holds the cell it is in at each
 * size, and a search within a radius asks for any of the cells its square touches at the finest size
 * that needs at most GEO_CELLS_MAX of them — so the keyword index narrows a nationwide 眼科 to the
 * neighbourhood before any distance is worked out.
 */
export const GEO_CELLS = [0.05, 0.25, 1] as const;
export const GEO_CELLS_MAX = 16;

const cellOf = (degrees: number, size: number): number => Math.floor(degrees / size + 1e-9);

/** A facility's cell tokens. */
export function geoTokens(lat: number, lon: number): string[] {
  return GEO_CELLS.map((size, level) => tokens.geo(level, cellOf(lat, size), cellOf(lon, size)));
}

/** The cells covering lat ± dLat, lon ± dLon at the finest size with at most GEO_CELLS_MAX; undefined when even the coarsest needs more. */
export function geoCover(lat: number, lon: number, dLat: number, dLon: number): string[] | undefined {
  if (!Number.isFinite(dLat) || !Number.isFinite(dLon)) return undefined; // at a pole
  for (const [level, size] of GEO_CELLS.entries()) {
    const [n0, n1, e0, e1] = [cellOf(lat - dLat, size), cellOf(lat + dLat, size), cellOf(lon - dLon, size), cellOf(lon + dLon, size)];
    if (!((n1 - n0 + 1) * (e1 - e0 + 1) <= GEO_CELLS_MAX)) continue;
    const out: string[] = [];
    for (let n = n0; n <= n1; n++) for (let e = e0; e <= e1; e++) out.push(tokens.geo(level, n, e));
    return out;
  }
  return undefined;
}

/** Where the values live, per scheme (catalogue field paths; catalogue-paths.test.ts checks each against the catalogues). */
export const PATHS = {
  address: 'basic.location.address',
  latitude: 'basic.location.latitude',
  longitude: 'basic.location.longitude',
  departments: 'basic.departments.departments',
  shortName: 'basic.name.short',
  shortKana: 'basic.name.short_kana',
  medical: {
    english: 'basic.name.english',
    parking: 'access.parking.available',
    wheelchair: 'services.wheelchair.services',
    disability: 'services.disability.services',
    secondOpinion: 'links.second_opinion.offers',
    homeCare: 'home.home_care.services',
    online: 'links.online.available',
    afterHours: 'access.after_hours.response',
    payment: 'costs.payment.methods',
    languages: 'services.languages.by_language',
    equipment: 'care.equipment.equipment',
    specialists: 'care.specialists.by_specialty',
    treatments: 'care.treatments.treatments',
    vaccinations: 'care.vaccinations.vaccines',
  },
  pharmacy: {
    english: 'basic.name.romaji',
    parking: 'access.parking.available',
    wheelchair: 'services.wheelchair.services',
    disability: 'services.disability.services',
    homeCare: 'work.home_care.available',
    online: 'work.online_guidance.available',
    afterHours: 'services.after_hours.response',
    alwaysOpen: 'services.always_open.available',
    payment: 'costs.payment.methods',
    languages: 'services.languages.by_language',
  },
} as const;

const isYes = (v: FieldValue | undefined): boolean => v === true;
const chosen = (v: FieldValue | undefined): string[] => (Array.isArray(v) ? (v as ChosenCode[]).map((c) => c.code) : []);
const matrixRows = (v: FieldValue | undefined, keep: (row: Record<string, string | number>) => boolean): string[] =>
  v && typeof v === 'object' && !Array.isArray(v) && !('rows' in v) && !('weekly' in v)
    ? Object.entries(v as MatrixValue)
        .filter(([, row]) => row && keep(row))
        .map(([code]) => code)
    : [];

/** Minutes: a band ending after this is 夜間. */
const NIGHT_AFTER = 19 * 60;

/** `condition:code` for each code, sorted, once. */
const codedPairs = (c: CodedCondition, codes: readonly string[]): string[] => [...new Set(codes)].sort().map((code) => `${c}:${code}`);

/** What a facility offers: its 他の項目, as feature names and `condition:code` pairs (in a stable order). */
export function facilityFeatures(kind: InstitutionKind, values: ReportValues, bands: readonly OpenBand[]): string[] {
  const night = bands.some((b) => b.end > NIGHT_AFTER);
  // The hours win over the closed-day flags (search-repository.ts dayOpen).
  const holiday = bands.some((b) => b.day === 6 || b.day === HOLIDAY_COLUMN);
  let has: Record<Feature, boolean>;
  let coded: string[];
  if (kind === '薬局') {
    const p = PATHS.pharmacy;
    has = {
      parking: isYes(values[p.parking]),
      barrier_free: chosen(values[p.wheelchair]).length > 0,
      sign_language: chosen(values[p.disability]).includes('sign'),
      second_opinion: false,
      home_care: isYes(values[p.homeCare]),
      online: isYes(values[p.online]),
      after_hours: values[p.afterHours] === 'always' || isYes(values[p.alwaysOpen]),
      night,
      holiday,
      cashless: chosen(values[p.payment]).length > 0,
    };
    coded = codedPairs(
      'lang',
      matrixRows(values[p.languages], (row) => row.availability === 'yes'),
    );
  } else {
    const p = PATHS.medical;
    has = {
      parking: isYes(values[p.parking]),
      barrier_free: chosen(values[p.wheelchair]).length > 0,
      sign_language: chosen(values[p.disability]).includes('sign'),
      second_opinion: isYes(values[p.secondOpinion]),
      home_care: chosen(values[p.homeCare]).length > 0,
      online: isYes(values[p.online]),
      after_hours: values[p.afterHours] === 'always',
      night,
      holiday,
      cashless: chosen(values[p.payment]).length > 0,
    };
    coded = [
      // 受入可能 and 要相談 both say the language can be used there.
      ...codedPairs(
        'lang',
        matrixRows(values[p.languages], (row) => row.acceptance === 'yes' || row.acceptance === 'ask'),
      ),
      ...codedPairs('equip', chosen(values[p.equipment])),
      ...codedPairs(
        'spec',
        matrixRows(values[p.specialists], (row) => typeof row.count === 'number' && row.count > 0),
      ),
      ...codedPairs('treat', chosen(values[p.treatments])),
      ...codedPairs('vacc', chosen(values[p.vaccinations])),
    ];
  }
  return [...FEATURES.filter((f) => has[f]), ...coded];
}

/** The index tokens of a facility's features (as facilityFeatures gives them). */
export function featureTokens(features: readonly string[]): string[] {
  return features.map((f) => {
    const colon = f.indexOf(':');
    return colon < 0 ? tokens.feature(f as Feature) : tokens.coded(f.slice(0, colon) as CodedCondition, f.slice(colon + 1));
  });
}
