// The one search of published facilities that the public pages, the API and the staff search run:
// a query's parameters checked (parseSearchQuery: each problem names its parameter), then
// searchFacilities → { total, results }.
//
// Keyword: each term (split at spaces) a substring of the folded name, フリガナ, other names,
// address or department names — 1 and 2 characters looked up as one gram, longer ones by their
// bigrams and confirmed. Departments (dept): any of them. 他の項目: every feature, equipment,
// specialist, treatment and vaccination asked for, any of the languages. open_at: a band of that
// day's column (祝 on a national holiday) covers the minute, or the day before's band running past
// midnight does, on a day the 第n週 grid does not close (the hours win over the weekly and 祝日
// flags), and not 休止 by then; on a day of 臨時休診 (src/closures/) closed, or open in its changed hours only. Near a point: within radius_km
// of the published coordinates (a facility without them is found by place, never by distance); or
// near a postcode: the mean of the published coordinates in its town (or else its municipality),
// an approximate point — found by the municipality alone when none there has coordinates.
import { z } from 'zod';
import type { Db } from '../db/dialect.ts';
import { INSTITUTION_KINDS, type InstitutionKind } from '../db/schema.ts';
import { municipality, placesOfPostcode } from '../institutions/places.ts';
import { loadEveryCatalogue } from '../reporting/catalogue/load.ts';
import { CODED, FEATURES, geoCover, tokens, type CodedCondition, type Feature } from './features.ts';
import { fold, keywordTerms, termGrams } from './fold.ts';
import { japanMoment, nthBit, type JapanDay } from './hours.ts';
import { cached } from './cache.ts';
import { readGeneration } from './generation-repository.ts';
import { meanPoint, searchIndex, type DayCheck, type SearchPlan } from './search-repository.ts';

/** Facility kinds as the API names them. */
export const KIND_NAMES = { hospital: '病院', clinic: '診療所', dental: '歯科診療所', maternity: '助産所', pharmacy: '薬局' } as const satisfies Record<
  string,
  InstitutionKind
>;
export type KindName = keyof typeof KIND_NAMES;
export const kindName = (kind: InstitutionKind): KindName => (Object.keys(KIND_NAMES) as KindName[]).find((k) => KIND_NAMES[k] === kind)!;

export const SORTS = ['relevance', 'name', 'distance'] as const;
export type SearchSort = (typeof SORTS)[number];

export const PER_PAGE_DEFAULT = 20;
export const PER_PAGE_MAX = 100;
export const PAGE_MAX = 1000;
export const KEYWORD_MAX = 200;
export const RADIUS_MAX_KM = 100;

export interface SearchQuery {
  q?: string;
  kinds?: InstitutionKind[];
  pref?: string;
  city?: string;
  /** Department codes: any of them. */
  depts?: string[];
  /** A moment (epoch ms): open then. */
  openAt?: number;
  features?: Feature[];
  /** Any of these languages. */
  languages?: string[];
  equipment?: string[];
  specialists?: string[];
  treatments?: string[];
  vaccinations?: string[];
  near?: { lat: number; lon: number; radiusKm?: number };
  /** Near the place of a 7-digit postcode, within radiusKm when given (lat/lon win when both are given). */
  postcode?: { code: string; radiusKm?: number };
  sort?: SearchSort;
  page?: number;
  perPage?: number;
}

export interface SearchResult {
  id: string;
  name: string;
  nameKana: string;
  kind: InstitutionKind;
  pref: string;
  city: string;
  address: string;
  lat: number | null;
  lon: number | null;
  departments: string[];
  /** From the point searched near, when there was one and the facility has coordinates. */
  distanceKm?: number;
  /** 休止 since (YYYY-MM-DD), or null. */
  suspendedSince: string | null;
  publishedAt: number;
}

/** The point a postcode stood for. */
export interface PostcodeOrigin {
  postcode: string;
  /** 都道府県, 市区町村 and 町域 as Japan Post names them. */
  place: string;
  /** The point searched near (the mean of published coordinates), or undefined when the municipality has none: searched by place. */
  point?: { lat: number; lon: number; inTown: boolean };
}

export interface SearchAnswer {
  total: number;
  page: number;
  perPage: number;
  results: SearchResult[];
  /** Given a postcode: where it is. */
  origin?: PostcodeOrigin;
}

/** km per degree of latitude (a sphere of the Earth's mean radius, 6,371 km). */
const KM_PER_DEGREE = (6371 * Math.PI) / 180;

const dayCheck = (d: JapanDay): DayCheck => ({ date: d.date, column: d.column, holiday: d.holiday, nthBit: nthBit(d.week, d.weekday) });

export async function searchFacilities(db: Db, query: SearchQuery): Promise<SearchAnswer> {
  const terms = keywordTerms(query.q ?? '');
  const groups: string[][] = terms.flatMap((t) => termGrams(t).map((g) => [g]));
  const kinds = [...new Set(query.kinds ?? [])];
  if (kinds.length && kinds.length < INSTITUTION_KINDS.length) groups.push(kinds.map(tokens.kind));
  if (query.pref) groups.push([tokens.pref(query.pref)]);
  if (query.city) groups.push([tokens.city(query.city)]);
  if (query.depts?.length) groups.push([...new Set(query.depts)].map(tokens.dept));
  for (const f of new Set(query.features ?? [])) groups.push([tokens.feature(f)]);
  if (query.languages?.length) groups.push([...new Set(query.languages)].map((c) => tokens.coded('lang', c)));
  const every = (c: CodedCondition, codes: readonly string[] | undefined) => {
    for (const code of new Set(codes ?? [])) groups.push([tokens.coded(c, code)]);
  };
  every('equip', query.equipment);
  every('spec', query.specialists);
  every('treat', query.treatments);
  every('vacc', query.vaccinations);

  const perPage = Math.min(Math.max(query.perPage ?? PER_PAGE_DEFAULT, 1), PER_PAGE_MAX);
  const page = Math.min(Math.max(query.page ?? 1, 1), PAGE_MAX);
  const generation = await readGeneration(db);
  const origin = query.near ? undefined : query.postcode && (await postcodeOrigin(db, generation, query.postcode.code));
  if (origin && !origin.point) groups.push([tokens.city(placesOfPostcode(origin.postcode)[0]!.code)]);
  const point =
    query.near ??
    (origin?.point && {
      lat: origin.point.lat,
      lon: origin.point.lon,
      ...(query.postcode?.radiusKm === undefined ? {} : { radiusKm: query.postcode.radiusKm }),
    });
  const near = point && {
    lat: point.lat,
    lon: point.lon,
    kmPerDegreeLat: KM_PER_DEGREE,
    kmPerDegreeLon: KM_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180),
    ...(point.radiusKm === undefined ? {} : { radiusKm: point.radiusKm }),
  };
  // Within a radius: first the grid cells its square touches, from the keyword index.
  if (near?.radiusKm !== undefined) {
    const cover = geoCover(near.lat, near.lon, near.radiusKm / near.kmPerDegreeLat, near.radiusKm / near.kmPerDegreeLon);
    if (cover) groups.push(cover);
  }
  const moment = query.openAt === undefined ? undefined : japanMoment(query.openAt);
  const plan: SearchPlan = {
    tokenGroups: groups,
    confirmTerms: terms.filter((t) => [...t].length > 2),
    scoreTerms: terms,
    ...(moment ? { openAt: { date: moment.day.date, minute: moment.minute, today: dayCheck(moment.day), yesterday: dayCheck(moment.previous) } } : {}),
    ...(near ? { near } : {}),
    // By distance only from a point: a postcode whose municipality has no coordinates is searched by place.
    order: query.sort === 'distance' && !near ? 'relevance' : (query.sort ?? 'relevance'),
    limit: perPage,
    offset: (page - 1) * perPage,
  };
  // Asked again while the index is the same: the answer kept (cache.ts).
  const { total, hits } = await cached(db, generation, JSON.stringify(plan), () => searchIndex(db, plan));
  return {
    total,
    page,
    perPage,
    ...(origin ? { origin } : {}),
    results: hits.map((h) => {
      const result: SearchResult = {
        id: h.facility_id,
        name: h.name,
        nameKana: h.name_kana,
        kind: h.kind,
        pref: h.prefecture_code,
        city: h.municipality_code,
        address: h.address,
        lat: h.latitude,
        lon: h.longitude,
        departments: h.departments === '' ? [] : h.departments.split(' '),
        suspendedSince: h.suspended_since,
        publishedAt: h.published_at,
      };
      if (near && h.latitude !== null && h.longitude !== null) {
        const dy = (h.latitude - near.lat) * near.kmPerDegreeLat;
        const dx = (h.longitude - near.lon) * near.kmPerDegreeLon;
        result.distanceKm = Math.sqrt(dy * dy + dx * dx);
      }
      return result;
    }),
  };
}

/** Where a postcode is: its first place (towns sharing one are neighbours), and the point of its published facilities. */
async function postcodeOrigin(db: Db, generation: string, code: string): Promise<PostcodeOrigin> {
  const place = placesOfPostcode(code)[0]!;
  const point = await cached(db, generation, `postcode ${code}`, () => meanPoint(db, tokens.city(place.code), fold(place.town)));
  return { postcode: code, place: `${place.prefectureName}${place.name}${place.town}`, ...(point ? { point } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Parameters (the API's and the search form's): each checked, each problem naming its parameter.

/** What is wrong with one parameter. */
export type QueryProblemKind = 'invalid' | 'unknown' | 'too_long' | 'too_many' | 'out_of_range' | 'repeated' | 'needs' | 'other_prefecture';
export interface QueryProblem {
  /** The parameter, as the API names it (per_page, radius_km …). */
  param: string;
  problem: QueryProblemKind;
  /** For `needs`: the parameter that must come with it. */
  needs?: string;
}

/** The raw parameters: a query string's values (one, or repeated). */
export type RawParams = Record<string, string | readonly string[] | undefined>;

let codeSets: Readonly<Record<'departments' | CodedCondition, readonly [string, ...string[]]>> | undefined;
/** The codes a parameter may hold, from every catalogue's code lists. */
function knownCodes(): NonNullable<typeof codeSets> {
  if (!codeSets) {
    const lists = new Map<string, Set<string>>();
    for (const cat of loadEveryCatalogue()) {
      for (const [id, list] of cat.codeLists) {
        const set = lists.get(id) ?? new Set<string>();
        for (const c of list.codes) set.add(c.code);
        lists.set(id, set);
      }
    }
    const of = (...ids: string[]) => {
      const codes = ids.flatMap((id) => [...(lists.get(id) ?? [])]).sort();
      if (!codes.length) throw new Error(`search: no codes for ${ids.join(', ')}`);
      return [...new Set(codes)] as [string, ...string[]];
    };
    codeSets = {
      departments: of('departments'),
      lang: of(CODED.lang, 'pharmacy-languages'),
      equip: of(CODED.equip),
      spec: of(CODED.spec),
      treat: of(CODED.treat),
      vacc: of(CODED.vacc),
    };
  }
  return codeSets;
}

/** One value: absent or blank is none. */
const single = (v: unknown): unknown => {
  if (Array.isArray(v)) return single(v[0]);
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  return v;
};
/** A list: repeated and/or comma-separated; blanks dropped. */
const list = (v: unknown): unknown => {
  if (v === undefined) return undefined;
  const all = (Array.isArray(v) ? v : [v]).flatMap((s) => (typeof s === 'string' ? s.split(',') : [s]));
  const kept = all.map((s) => (typeof s === 'string' ? s.trim() : s)).filter((s) => s !== '');
  return kept.length ? kept : undefined;
};
/** A postcode as people write it: 〒, a hyphen or a space, full-width digits. */
const postcodeText = (v: unknown): unknown => {
  const s = single(v);
  return typeof s === 'string' ? s.normalize('NFKC').replace(/^〒/, '').replace(/[-\s]/g, '') : s;
};
const number = (v: unknown): unknown => {
  const s = single(v);
  return typeof s === 'string' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : s;
};
/** A parameter that takes one value: given twice (pref=13&pref=27) is a problem of its own. */
const once = <T extends z.ZodType>(schema: T, read: (v: unknown) => unknown = single) =>
  z.preprocess((v, ctx) => {
    if (Array.isArray(v) && v.length > 1) ctx.addIssue({ code: 'custom', message: 'repeated', params: { problem: 'repeated' } });
    return read(v);
  }, schema);

const LIST_MAX = 30;

function paramsSchema() {
  const codes = knownCodes();
  const codeList = <T extends string>(allowed: readonly [T, ...T[]]) => z.preprocess(list, z.array(z.enum(allowed)).max(LIST_MAX).optional());
  return z.object({
    q: once(z.string().max(KEYWORD_MAX).optional()),
    kind: z.preprocess(list, z.array(z.enum(Object.keys(KIND_NAMES) as [KindName, ...KindName[]])).optional()),
    pref: once(
      z
        .string()
        .regex(/^(0[1-9]|[1-3]\d|4[0-7])$/)
        .optional(),
    ),
    city: once(
      z
        .string()
        .regex(/^\d{5}$/)
        .optional(),
    ),
    dept: codeList(codes.departments),
    open_at: once(z.iso.datetime({ offset: true }).optional()),
    feature: codeList(FEATURES),
    lang: codeList(codes.lang),
    equipment: codeList(codes.equip),
    specialist: codeList(codes.spec),
    treatment: codeList(codes.treat),
    vaccination: codeList(codes.vacc),
    postcode: once(
      z
        .string()
        .regex(/^\d{7}$/)
        .refine((code) => placesOfPostcode(code).length > 0, { params: { problem: 'unknown' } })
        .optional(),
      postcodeText,
    ),
    lat: once(z.number().min(-90).max(90).optional(), number),
    lon: once(z.number().min(-180).max(180).optional(), number),
    radius_km: once(z.number().gt(0).max(RADIUS_MAX_KM).optional(), number),
    sort: once(z.enum(SORTS).optional()),
    page: once(z.number().int().min(1).max(PAGE_MAX).optional(), number),
    per_page: once(z.number().int().min(1).max(PER_PAGE_MAX).optional(), number),
  });
}
let schema: ReturnType<typeof paramsSchema> | undefined;

/** The parameters a search takes (unknown ones are ignored). */
export const SEARCH_PARAMS = [
  'q',
  'kind',
  'pref',
  'city',
  'dept',
  'open_at',
  'feature',
  'lang',
  'equipment',
  'specialist',
  'treatment',
  'vaccination',
  'postcode',
  'lat',
  'lon',
  'radius_km',
  'sort',
  'page',
  'per_page',
] as const;

function problemOf(issue: z.core.$ZodIssue): QueryProblem {
  const param = String(issue.path[0] ?? '');
  const custom = issue.code === 'custom' ? (issue.params as { problem?: QueryProblemKind } | undefined)?.problem : undefined;
  if (custom) return { param, problem: custom };
  switch (issue.code) {
    case 'invalid_value':
      return { param, problem: 'unknown' };
    case 'too_big':
      return { param, problem: issue.origin === 'string' ? 'too_long' : issue.origin === 'array' ? 'too_many' : 'out_of_range' };
    case 'too_small':
      return { param, problem: 'out_of_range' };
    default:
      // invalid_type (a word where a number goes), invalid_format (a date that is not ISO 8601 with offset), invalid_union …
      return { param, problem: issue.code === 'invalid_union' && issue.path.length > 1 ? 'unknown' : 'invalid' };
  }
}

/** Checks a search's parameters: the query, or every problem (at most one per parameter), in parameter order. */
export function parseSearchQuery(raw: RawParams): { ok: true; query: SearchQuery } | { ok: false; problems: QueryProblem[] } {
  schema ??= paramsSchema();
  const parsed = schema.safeParse(raw);
  const problems: QueryProblem[] = parsed.success ? [] : parsed.error.issues.map(problemOf);
  if (parsed.success) {
    const p = parsed.data;
    if ((p.lat === undefined) !== (p.lon === undefined))
      problems.push({ param: p.lat === undefined ? 'lon' : 'lat', problem: 'needs', needs: p.lat === undefined ? 'lat' : 'lon' });
    const place = p.lat !== undefined || p.postcode !== undefined;
    if (p.radius_km !== undefined && !place) problems.push({ param: 'radius_km', problem: 'needs', needs: 'lat' });
    if (p.sort === 'distance' && !place) problems.push({ param: 'sort', problem: 'needs', needs: 'lat' });
    if (p.city !== undefined) {
      if (!municipality(p.city)) problems.push({ param: 'city', problem: 'unknown' });
      else if (p.pref !== undefined && !p.city.startsWith(p.pref)) problems.push({ param: 'city', problem: 'other_prefecture' });
    }
    if (problems.length === 0) {
      const query: SearchQuery = {};
      if (p.q !== undefined) query.q = p.q;
      if (p.kind) query.kinds = p.kind.map((k) => KIND_NAMES[k]);
      if (p.pref !== undefined) query.pref = p.pref;
      if (p.city !== undefined) query.city = p.city;
      if (p.dept) query.depts = p.dept;
      if (p.open_at !== undefined) query.openAt = Date.parse(p.open_at);
      if (p.feature) query.features = p.feature;
      if (p.lang) query.languages = p.lang;
      if (p.equipment) query.equipment = p.equipment;
      if (p.specialist) query.specialists = p.specialist;
      if (p.treatment) query.treatments = p.treatment;
      if (p.vaccination) query.vaccinations = p.vaccination;
      const radius = p.radius_km === undefined ? {} : { radiusKm: p.radius_km };
      if (p.lat !== undefined && p.lon !== undefined) query.near = { lat: p.lat, lon: p.lon, ...radius };
      else if (p.postcode !== undefined) query.postcode = { code: p.postcode, ...radius };
      if (p.sort !== undefined) query.sort = p.sort;
      if (p.page !== undefined) query.page = p.page;
      if (p.per_page !== undefined) query.perPage = p.per_page;
      return { ok: true, query };
    }
  }
  const order = (param: string) => {
    const i = (SEARCH_PARAMS as readonly string[]).indexOf(param);
    return i < 0 ? SEARCH_PARAMS.length : i;
  };
  const seen = new Set<string>();
  return {
    ok: false,
    problems: problems
      .sort((a, b) => order(a.param) - order(b.param))
      .filter((p) => {
        if (seen.has(p.param)) return false;
        seen.add(p.param);
        return true;
      }),
  };
}
