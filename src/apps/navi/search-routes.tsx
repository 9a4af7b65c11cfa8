// 医療情報ネット's public home and GET /search. The form's values become the API's parameters (one
// difference: the languages condition is `language` here, as ?lang= is the interface language) and
// run through the same parseSearchQuery and searchFacilities as the API; each problem comes back
// beside its field with the values kept, in a 400 — never a 5xx for what a visitor typed.
import type { FastifyInstance } from 'fastify';
import { formatDay, formatJst } from '../../platform/japanese/time.ts';
import { normaliseDateTime } from '../../platform/japanese/text.ts';
import { MESSAGES, type MessageId } from '../../platform/messages/index.ts';
import type { Ports } from '../../ports.ts';
import { parseSearchQuery, searchFacilities, type QueryProblem, type RawParams, type SearchSort } from '../../search/query.ts';
import { searchDbOf } from '../../search/read-db.ts';
import { sendHtml } from '../../web/request.ts';
import { NaviHomePage } from './pages.tsx';
import { naviPreferences, type Lang } from './preferences.ts';
import {
  emptyForm,
  FORM_FIELDS,
  isDay,
  LIST_FIELDS,
  TIME,
  SearchResultsPage,
  type FormField,
  type SearchErrors,
  type SearchFormValues,
} from './search-page.tsx';
import { problemEn, SEARCH_WORDS } from './search-words.ts';

/** A typed value longer than this is cut (the keyword's own limit, 200, is checked and said). */
const VALUE_MAX = 1000;
/** Values of a repeated field read, at most (the query allows 30 codes). */
const LIST_MAX = 100;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** The form's values from a query string: each field as typed (first value; lists every value), bounded. */
export function readSearchForm(query: unknown): SearchFormValues {
  const raw = (query ?? {}) as Record<string, unknown>;
  const form = emptyForm();
  for (const f of FORM_FIELDS) {
    const all = strings(raw[f]).map((s) => s.trim().slice(0, VALUE_MAX));
    if (LIST_FIELDS.has(f)) (form[f] as string[]) = [...new Set(all.flatMap((s) => s.split(',')).map((s) => s.trim()))].filter(Boolean).slice(0, LIST_MAX);
    else (form[f] as string) = all[0] ?? '';
  }
  return form;
}

/** Where a problem of the query is shown: the field of the page's form that holds the parameter. */
const FIELD_OF: Readonly<Record<string, FormField>> = { lang: 'language', open_at: 'open_date' };

function problemMessage(p: QueryProblem, lang: Lang): string {
  if (lang === 'en') return problemEn(p);
  const field = FIELD_OF[p.param] === 'language' ? 'language' : p.param;
  const id = `search.${field}.${p.problem}`;
  const message = Object.hasOwn(MESSAGES, id) ? MESSAGES[id as MessageId] : MESSAGES[`search.any.${p.problem}`];
  return typeof message === 'string' ? message : MESSAGES['search.any.invalid'];
}

export interface SearchRequest {
  /** The API's parameters. */
  params: RawParams;
  /** Problems found before the query's own checks (the date and time of 急いで探す). */
  errors: SearchErrors;
  /** The moment searched, in words. */
  openAtWords: string | undefined;
}

/** The API's parameters of a form; `now` is the moment いま開いている means. */
export function searchRequestOf(v: SearchFormValues, lang: Lang, now: number): SearchRequest {
  const w = SEARCH_WORDS[lang];
  const errors: SearchErrors = {};
  const date = normaliseDateTime(v.open_date);
  const time = normaliseDateTime(v.open_time);
  let openAt: string | undefined;
  let openAtWords: string | undefined;
  const invalid = (param: string) => problemMessage({ param, problem: 'invalid' }, lang);
  if (date || time) {
    if (!date) errors.open_date = lang === 'en' ? w.openNeedsDate : MESSAGES['search.open_at.needs_date'];
    else if (!time) errors.open_time = lang === 'en' ? w.openNeedsTime : MESSAGES['search.open_at.needs_time'];
    else if (!isDay(date)) errors.open_date = invalid('open_at');
    else if (!TIME.test(time)) errors.open_time = invalid('open_at');
    else {
      const [h, m] = time.split(':');
      const hhmm = `${h!.padStart(2, '0')}:${m}`;
      openAt = `${date}T${hhmm}:00+09:00`;
      openAtWords = `${formatDay(date, lang)} ${hhmm}`;
    }
  } else if (v.open_at === 'now') {
    openAt = new Date(now).toISOString();
    openAtWords = w.nowWords;
  } else if (v.open_at) {
    openAt = v.open_at;
    const ms = Date.parse(v.open_at);
    openAtWords = Number.isNaN(ms) ? v.open_at : lang === 'en' ? new Date(ms).toISOString() : formatJst(ms);
  }
  const one = (s: string) => (s === '' ? undefined : s);
  const near = v.lat !== '' || v.lon !== '' || v.postcode !== '';
  const params: RawParams = {
    q: one(v.q),
    kind: v.kind,
    pref: one(v.pref),
    city: one(v.city),
    dept: v.dept,
    open_at: openAt,
    feature: v.feature,
    lang: v.language,
    postcode: one(v.postcode),
    lat: one(v.lat.normalize('NFKC')),
    lon: one(v.lon.normalize('NFKC')),
    radius_km: one(v.radius_km.normalize('NFKC')),
    // Near a point, the nearest come first unless another order was chosen.
    sort: one(v.sort) ?? (near ? 'distance' : undefined),
    page: one(v.page.normalize('NFKC')),
    per_page: one(v.per_page.normalize('NFKC')),
  };
  return { params, errors, openAtWords };
}

export async function naviSearchRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;

  app.get('/', (req, reply) => {
    const prefs = naviPreferences(req);
    return sendHtml(reply, 200, NaviHomePage({ viewer: req.naviViewer, lang: prefs.lang, navi: { ...prefs, path: req.url } }));
  });

  app.get('/search', async (req, reply) => {
    const prefs = naviPreferences(req);
    const { lang } = prefs;
    const navi = { ...prefs, path: req.url };
    const values = readSearchForm(req.query);
    const request = searchRequestOf(values, lang, deps.clock.now());
    const parsed = parseSearchQuery(request.params);
    const errors: SearchErrors = { ...request.errors };
    if (!parsed.ok) {
      for (const p of parsed.problems) {
        const field = FIELD_OF[p.param] ?? (p.param as FormField);
        errors[field] ??= problemMessage(p, lang);
      }
    }
    const sort = (request.params.sort ?? 'relevance') as SearchSort;
    if (Object.keys(errors).length || !parsed.ok) {
      // A wrong order, page size or page is said, and not carried into the next search.
      const kept = { ...values, ...(errors.sort ? { sort: '' } : {}), ...(errors.per_page ? { per_page: '' } : {}), page: '' };
      return sendHtml(reply, 400, SearchResultsPage({ lang, navi, values: kept, errors, sort, openAtWords: request.openAtWords }));
    }
    const answer = await searchFacilities(searchDbOf(deps), parsed.query);
    return sendHtml(reply, 200, SearchResultsPage({ lang, navi, values, errors, answer, sort, openAtWords: request.openAtWords }));
  });
}
