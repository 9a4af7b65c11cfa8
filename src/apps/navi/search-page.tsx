// 医療情報ネット's public search, server-rendered: the two search panels and the prefecture list of
// the home, and the results page (the form again with what was typed, the count, sort and page
// size, the result cards, the pager; a 400 with messages beside the fields; an empty result says
// how to widen). Plain GET forms: everything works without JavaScript (near-me.js only fills in
// the browser's location).
import type { InstitutionKind } from '../../db/schema.ts';
import { municipalitiesOf, prefectureName, PREFECTURE_CODES } from '../../institutions/places.ts';
import { FEATURES, type Feature } from '../../search/features.ts';
import { KIND_NAMES, type KindName, type SearchAnswer, type SearchResult, type SearchSort } from '../../search/query.ts';
import { Layout, type NaviChrome } from '../../web/layout.tsx';
import { Pager } from '../../web/pager.tsx';
import { Checkboxes, codeLists, departmentGroups, departmentName, Input, KeywordField, languageName, Select, type Choice, type Coded } from './form-fields.tsx';
import type { Lang } from './preferences.ts';
import { REGIONS, SEARCH_WORDS, type SearchWords } from './search-words.ts';

const product = '医療情報ネット' as const;
const STYLES = ['/static/css/search.css'];
const SCRIPTS = ['/static/js/near-me.js'];

export const PER_PAGE_CHOICES = [20, 50, 100] as const;
export const RADIUS_CHOICES = [1, 2, 5, 10, 20, 50] as const;
const MEDICAL_KINDS: KindName[] = ['hospital', 'clinic', 'dental', 'maternity'];
/** 他の項目 of a pharmacy (no セカンドオピニオン there). */
const PHARMACY_FEATURES: Feature[] = FEATURES.filter((f) => f !== 'second_opinion');
/** Department names shown on a result card before 「ほかN科目」. */
const CARD_DEPARTMENTS = 6;

/** What the search form holds, as typed (the page's parameter names: `language` is the API's `lang`). */
export interface SearchFormValues {
  q: string;
  kind: string[];
  pref: string;
  city: string;
  dept: string[];
  /** `now` (いま開いている), or an ISO moment given in a link. */
  open_at: string;
  open_date: string;
  open_time: string;
  feature: string[];
  language: string[];
  /** Near the place of this postcode (when lat/lon are not given). */
  postcode: string;
  lat: string;
  lon: string;
  radius_km: string;
  sort: string;
  per_page: string;
  page: string;
}
export type FormField = keyof SearchFormValues;
export const FORM_FIELDS = [
  'q',
  'kind',
  'pref',
  'city',
  'dept',
  'open_at',
  'open_date',
  'open_time',
  'feature',
  'language',
  'postcode',
  'lat',
  'lon',
  'radius_km',
  'sort',
  'per_page',
  'page',
] as const satisfies readonly FormField[];
/** The fields the results page's form shows (a problem of another — the page, the order — is said in the summary alone). */
const IN_FORM = new Set<FormField>([
  'q',
  'kind',
  'pref',
  'city',
  'dept',
  'open_date',
  'open_time',
  'feature',
  'language',
  'postcode',
  'lat',
  'lon',
  'radius_km',
]);
export const LIST_FIELDS = new Set<FormField>(['kind', 'dept', 'feature', 'language']);

export const emptyForm = (): SearchFormValues => ({
  q: '',
  kind: [],
  pref: '',
  city: '',
  dept: [],
  open_at: '',
  open_date: '',
  open_time: '',
  feature: [],
  language: [],
  postcode: '',
  lat: '',
  lon: '',
  radius_km: '',
  sort: '',
  per_page: '',
  page: '',
});

/** A real calendar day written YYYY-MM-DD. */
export function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
/** A time of day as the time input sends it (HH:MM, seconds allowed). */
export const TIME = /^([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$/;

/** A form's messages, by field. */
export type SearchErrors = Partial<Record<FormField, string>>;

const kindOf = (name: string): InstitutionKind | undefined => (Object.hasOwn(KIND_NAMES, name) ? KIND_NAMES[name as KindName] : undefined);

// ---------------------------------------------------------------------------------------------------------
// Links

/** The query string of a form's values (blank values left out; `lang=en` kept when the page is English). */
export function searchQueryString(v: SearchFormValues, lang: Lang, changes: Partial<SearchFormValues> = {}): string {
  const all = { ...v, ...changes };
  const params = new URLSearchParams();
  for (const f of FORM_FIELDS) {
    const value = all[f];
    for (const one of Array.isArray(value) ? value : [value]) if (one !== '') params.append(f, one);
  }
  if (lang === 'en') params.set('lang', 'en');
  const s = params.toString();
  return s ? `?${s}` : '';
}
const searchHref = (v: SearchFormValues, lang: Lang, changes: Partial<SearchFormValues> = {}) => `/search${searchQueryString(v, lang, changes)}`;
const facilityHref = (id: string, lang: Lang) => `/facilities/${encodeURIComponent(id)}${lang === 'en' ? '?lang=en' : ''}`;
const number = (n: number, lang: Lang) => n.toLocaleString(lang === 'en' ? 'en-US' : 'ja-JP');

// ---------------------------------------------------------------------------------------------------------
// The form (ids carry the form's prefix: the home has two forms with the same names)

const prefectureChoices = (w: SearchWords): Choice[] =>
  PREFECTURE_CODES.map((code) => ({ value: code, label: w.prefName(code, prefectureName(code) ?? code) }));

/** The part of a form every search shares: what the panel it is in decides is which kinds and lists it shows. */
function SearchFields(p: {
  prefix: string;
  lang: Lang;
  values: SearchFormValues;
  errors: SearchErrors;
  /** The kind checkboxes offered (none: a hidden kind, the pharmacy panel). */
  kinds: KindName[];
  fixedKind?: KindName;
  departments: boolean;
  features: readonly Feature[];
  languages: Coded[];
  /** Folded parts open (the results page with something chosen or wrong in them). */
  open: { quick: boolean; other: boolean; near: boolean };
}): JSX.Element {
  const w = SEARCH_WORDS[p.lang];
  const v = p.values;
  const e = p.errors;
  const id = (name: string) => `${p.prefix}${name}`;
  const cityPref = /^\d{2}$/.test(v.pref) ? v.pref : /^\d{5}$/.test(v.city) ? v.city.slice(0, 2) : '';
  const cities = cityPref ? municipalitiesOf(cityPref) : [];
  const [firstDept, ...moreDepts] = v.dept;
  return (
    <>
      {p.fixedKind ? <input type="hidden" name="kind" value={p.fixedKind} /> : ''}
      {p.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : ''}
      <KeywordField id={id('q')} label={w.keyword} hint={w.keywordHint} value={v.q} error={e.q} button={w.searchShort} />
      {p.kinds.length ? (
        <Checkboxes
          id={id('kind')}
          name="kind"
          legend={w.kinds}
          hint={w.kindsHint}
          error={e.kind}
          checked={v.kind}
          options={p.kinds.map((k) => ({ value: k, label: w.kindName(KIND_NAMES[k]) }))}
        />
      ) : (
        ''
      )}
      <div class="field-row">
        <Select id={id('pref')} name="pref" label={w.pref} value={v.pref} empty={w.anyPref} options={prefectureChoices(w)} error={e.pref} />
        {cities.length && (v.city === '' || cities.some((c) => c.code === v.city)) ? (
          <Select
            id={id('city')}
            name="city"
            label={w.city}
            value={v.city}
            empty={w.anyCity}
            options={cities.map((c) => ({ value: c.code, label: c.name, lang: p.lang === 'en' ? 'ja' : undefined }))}
            error={e.city}
          />
        ) : e.city || v.city ? (
          <Input id={id('city')} name="city" label={w.city} value={v.city} error={e.city} inputmode="numeric" />
        ) : (
          ''
        )}
        {p.departments ? (
          <Select id={id('dept')} name="dept" label={w.dept} value={firstDept ?? ''} empty={w.anyDept} groups={departmentGroups(p.lang, w)} error={e.dept} />
        ) : (
          ''
        )}
      </div>
      {p.departments && moreDepts.length ? (
        <Checkboxes
          id={id('dept-more')}
          name="dept"
          legend={w.alsoDepts}
          checked={moreDepts}
          options={moreDepts.map((d) => ({ value: d, label: departmentName(d, p.lang) }))}
        />
      ) : (
        ''
      )}
      <details class="search-more" open={p.open.quick}>
        <summary class="search-more__summary">{w.quick}</summary>
        <div class="search-more__body">
          <label class="checkbox">
            <input type="checkbox" id={id('open_at-now')} name="open_at" value="now" checked={v.open_at === 'now'} aria-describedby={id('open-hint')} />
            <span>{w.openNow}</span>
          </label>
          <p class="field__hint" id={id('open-hint')}>
            {w.openAtHint}
          </p>
          <div class="field-row">
            <Input
              id={id('open_date')}
              name="open_date"
              type={v.open_date === '' || isDay(v.open_date) ? 'date' : 'text'}
              label={w.openDate}
              value={v.open_date}
              error={e.open_date}
              small
            />
            <Input
              id={id('open_time')}
              name="open_time"
              type={v.open_time === '' || TIME.test(v.open_time) ? 'time' : 'text'}
              label={w.openTime}
              value={v.open_time}
              error={e.open_time}
              small
            />
          </div>
        </div>
      </details>
      <details class="search-more" open={p.open.other}>
        <summary class="search-more__summary">{w.other}</summary>
        <div class="search-more__body">
          <Checkboxes
            id={id('feature')}
            name="feature"
            legend={w.featuresLegend}
            error={e.feature}
            checked={v.feature}
            options={p.features.map((f) => ({ value: f, label: w.featureName(f) }))}
          />
          <Select
            id={id('language')}
            name="language"
            label={w.language}
            value={v.language[0] ?? ''}
            empty={w.anyLanguage}
            options={p.languages.map((l) => ({ value: l.code, label: l.label[p.lang] }))}
            error={e.language}
          />
        </div>
      </details>
      <details class="search-more" open={p.open.near}>
        <summary class="search-more__summary">{w.near}</summary>
        <div class="search-more__body" data-near-me>
          <p class="field__hint">{w.nearHint}</p>
          <p>
            <button
              type="button"
              class="button button--secondary button--small"
              data-near-me-button
              data-locating={w.locating}
              data-located={w.located}
              data-failed={w.locationFailed}
              hidden
            >
              {w.useLocation}
            </button>
          </p>
          <p class="field__status" data-near-me-status aria-live="polite"></p>
          <Input
            id={id('postcode')}
            name="postcode"
            label={w.postcode}
            hint={w.postcodeHint}
            value={v.postcode}
            error={e.postcode}
            inputmode="numeric"
            autocomplete="postal-code"
            maxlength={10}
            small
          />
          <div class="field-row">
            <Input id={id('lat')} name="lat" label={w.lat} value={v.lat} error={e.lat} inputmode="decimal" small />
            <Input id={id('lon')} name="lon" label={w.lon} value={v.lon} error={e.lon} inputmode="decimal" small />
            <Select
              id={id('radius_km')}
              name="radius_km"
              label={w.radius}
              value={v.radius_km}
              empty={w.anyRadius}
              options={RADIUS_CHOICES.map((km) => ({ value: String(km), label: w.radiusKm(km) }))}
              error={e.radius_km}
            />
          </div>
        </div>
      </details>
      <button type="submit" class="button button--primary button--block">
        {w.search}
      </button>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// The home

export function HomeSearch(p: { lang: Lang }): JSX.Element {
  const w = SEARCH_WORDS[p.lang];
  const closed = { quick: false, other: false, near: false };
  const { languages, pharmacyLanguages } = codeLists();
  return (
    <>
      <div class="search-panels">
        <section class="card search-panel" aria-labelledby="m-title">
          <h2 id="m-title" class="search-panel__title">
            {w.medicalPanel}
          </h2>
          <p class="search-panel__lead">{w.medicalPanelLead}</p>
          <form method="get" action="/search" class="search-form-panel" role="search" aria-labelledby="m-title">
            <SearchFields
              prefix="m-"
              lang={p.lang}
              values={{ ...emptyForm(), kind: MEDICAL_KINDS }}
              errors={{}}
              kinds={MEDICAL_KINDS}
              departments
              features={FEATURES}
              languages={languages}
              open={closed}
            />
          </form>
        </section>
        <section class="card search-panel search-panel--pharmacy" aria-labelledby="p-title">
          <h2 id="p-title" class="search-panel__title">
            {w.pharmacyPanel}
          </h2>
          <p class="search-panel__lead">{w.pharmacyPanelLead}</p>
          <form method="get" action="/search" class="search-form-panel" role="search" aria-labelledby="p-title">
            <SearchFields
              prefix="p-"
              lang={p.lang}
              values={emptyForm()}
              errors={{}}
              kinds={[]}
              fixedKind="pharmacy"
              departments={false}
              features={PHARMACY_FEATURES}
              languages={pharmacyLanguages}
              open={closed}
            />
          </form>
        </section>
      </div>
      <section class="card prefecture-list" aria-labelledby="pref-title">
        <h2 id="pref-title" class="section-title">
          {w.byPref}
        </h2>
        <p>{w.byPrefLead}</p>
        <dl class="prefecture-list__regions">
          {REGIONS.map((r) => (
            <div class="prefecture-list__region">
              <dt>{w.regionName(r)}</dt>
              <dd>
                <ul class="prefecture-list__links">
                  {PREFECTURE_CODES.slice(r.first - 1, r.last).map((code) => (
                    <li>
                      <a href={searchHref(emptyForm(), p.lang, { pref: code })} safe>
                        {w.prefName(code, prefectureName(code) ?? code)}
                      </a>
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Results

interface Condition {
  label: string;
  /** The search without it. */
  without: string;
}

/** The conditions of a search in words, each with the link that drops it. */
function conditionsOf(v: SearchFormValues, lang: Lang, openAtWords: string | undefined): Condition[] {
  const w = SEARCH_WORDS[lang];
  const out: Condition[] = [];
  const drop = (changes: Partial<SearchFormValues>) => searchHref(v, lang, { ...changes, page: '' });
  if (v.q) out.push({ label: w.keywordCondition(v.q), without: drop({ q: '' }) });
  const kinds = v.kind.map(kindOf).filter((k): k is InstitutionKind => k !== undefined);
  if (kinds.length) out.push({ label: kinds.map(w.kindName).join(lang === 'en' ? ', ' : '・'), without: drop({ kind: [] }) });
  if (v.pref) out.push({ label: w.prefName(v.pref, prefectureName(v.pref) ?? v.pref), without: drop({ pref: '', city: '' }) });
  if (v.city) {
    const name = municipalitiesOf(v.city.slice(0, 2)).find((c) => c.code === v.city)?.name ?? v.city;
    out.push({ label: name, without: drop({ city: '' }) });
  }
  for (const d of v.dept) out.push({ label: departmentName(d, lang), without: drop({ dept: v.dept.filter((x) => x !== d) }) });
  if (openAtWords) out.push({ label: w.openAtCondition(openAtWords), without: drop({ open_at: '', open_date: '', open_time: '' }) });
  for (const f of v.feature) {
    if ((FEATURES as readonly string[]).includes(f))
      out.push({ label: w.featureName(f as Feature), without: drop({ feature: v.feature.filter((x) => x !== f) }) });
  }
  for (const l of v.language) out.push({ label: languageName(l, lang), without: drop({ language: v.language.filter((x) => x !== l) }) });
  if (v.lat && v.lon) {
    out.push({
      label: w.nearCondition(v.radius_km || undefined),
      without: drop({ lat: '', lon: '', radius_km: '', sort: v.sort === 'distance' ? '' : v.sort }),
    });
  } else if (v.postcode) {
    out.push({
      label: w.postcodeCondition(v.postcode.normalize('NFKC').replace(/^〒\s*/, ''), v.radius_km || undefined),
      without: drop({ postcode: '', radius_km: '', sort: v.sort === 'distance' ? '' : v.sort }),
    });
  }
  return out;
}

function ResultCard(p: { result: SearchResult; lang: Lang }): JSX.Element {
  const w = SEARCH_WORDS[p.lang];
  const r = p.result;
  const ja = p.lang === 'en' ? 'ja' : undefined;
  const names = r.departments.map((d) => departmentName(d, p.lang));
  const shown = names.slice(0, CARD_DEPARTMENTS);
  return (
    <li class="result-card">
      <p class="result-card__meta">
        <span class="result-card__kind" safe>
          {w.kindName(r.kind)}
        </span>
        {r.suspendedSince ? <span class="badge result-card__suspended">{w.suspended}</span> : ''}
        {r.distanceKm !== undefined ? (
          <span class="result-card__distance" safe>
            {w.distance(r.distanceKm.toFixed(1))}
          </span>
        ) : (
          ''
        )}
      </p>
      <h3 class="result-card__name">
        <a href={facilityHref(r.id, p.lang)} lang={ja} safe>
          {r.name}
        </a>
      </h3>
      <dl class="result-card__facts">
        <dt>{w.address}</dt>
        <dd lang={ja} safe>
          {r.address}
        </dd>
        {names.length ? (
          <>
            <dt>{w.departments}</dt>
            <dd>
              <span safe>{shown.join(p.lang === 'en' ? ', ' : '、')}</span>
              {names.length > shown.length ? <span class="result-card__more" safe>{` ${w.moreDepartments(names.length - shown.length)}`}</span> : ''}
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
    </li>
  );
}

/** 並び順 and 表示件数: a small GET form carrying the rest of the search as hidden fields. */
function ResultsToolbar(p: { values: SearchFormValues; lang: Lang; near: boolean; sort: SearchSort; perPage: number }): JSX.Element {
  const w = SEARCH_WORDS[p.lang];
  const v = p.values;
  const hidden = FORM_FIELDS.filter((f) => f !== 'sort' && f !== 'per_page' && f !== 'page').flatMap((f) => {
    const value = v[f];
    return (Array.isArray(value) ? value : [value]).filter((x) => x !== '').map((x) => ({ name: f, value: x }));
  });
  const sorts: SearchSort[] = p.near ? ['relevance', 'name', 'distance'] : ['relevance', 'name'];
  return (
    <form method="get" action="/search" class="results-toolbar" aria-label={w.sort}>
      {hidden.map((h) => (
        <input type="hidden" name={h.name} value={h.value} />
      ))}
      {p.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : ''}
      <div class="results-toolbar__field">
        <label for="sort" class="results-toolbar__label">
          {w.sort}
        </label>
        <select id="sort" name="sort" class="field__input field__select">
          {sorts.map((s) => (
            <option value={s} selected={s === p.sort} safe>
              {w.sortName(s)}
            </option>
          ))}
        </select>
      </div>
      <div class="results-toolbar__field">
        <label for="per_page" class="results-toolbar__label">
          {w.perPage}
        </label>
        <select id="per_page" name="per_page" class="field__input field__select">
          {PER_PAGE_CHOICES.map((n) => (
            <option value={String(n)} selected={n === p.perPage} safe>
              {w.perPageN(n)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button button--secondary">
        {w.apply}
      </button>
    </form>
  );
}

export function SearchResultsPage(p: {
  lang: Lang;
  /** The header's 文字サイズ and language, the footer's links. */
  navi?: NaviChrome;
  values: SearchFormValues;
  errors: SearchErrors;
  /** The answer; none when the conditions had problems. */
  answer?: SearchAnswer | undefined;
  sort: SearchSort;
  /** The moment searched for, in words (いま or the date and time asked). */
  openAtWords?: string | undefined;
}): JSX.Element {
  const w = SEARCH_WORDS[p.lang];
  const v = p.values;
  const errors = Object.entries(p.errors).filter(([, m]) => m) as Array<[FormField, string]>;
  const a = p.answer;
  const near = (v.lat !== '' && v.lon !== '') || a?.origin?.point !== undefined;
  const { languages } = codeLists();
  const open = {
    quick: Boolean(v.open_at || v.open_date || v.open_time || p.errors.open_date || p.errors.open_time),
    other: Boolean(v.feature.length || v.language.length || p.errors.feature || p.errors.language),
    near: Boolean(v.postcode || v.lat || v.lon || v.radius_km || p.errors.postcode || p.errors.lat || p.errors.lon || p.errors.radius_km),
  };
  const conditions = conditionsOf(v, p.lang, p.openAtWords);
  // What was typed is in it: escaped where it is shown (safe).
  const conditionsText: string = conditions.length ? conditions.map((c) => c.label).join(p.lang === 'en' ? ' · ' : '／') : w.noConditions;
  const pages = a ? Math.max(1, Math.ceil(a.total / a.perPage)) : 1;
  const title = errors.length ? `${w.problemsTitle}` : a ? `${w.resultsTitle}（${w.count(number(a.total, p.lang))}）` : w.resultsTitle;
  return (
    <Layout title={title} product={product} narrow={false} lang={p.lang} styles={STYLES} scripts={SCRIPTS} navi={p.navi}>
      <h1 class="page-title">{w.resultsTitle}</h1>
      {a ? (
        <p class="results__summary">
          <span safe>{conditionsText}</span>
          {'：'}
          <a href="#results-count">{a.total ? w.count(number(a.total, p.lang)) : w.emptyTitle}</a>
        </p>
      ) : (
        ''
      )}
      {errors.length ? (
        <div class="notice notice--error" role="alert" aria-labelledby="problems-title" tabindex="-1">
          <h2 class="notice__title" id="problems-title">
            {w.problemsTitle}
          </h2>
          <ul class="notice__list">
            {errors.map(([field, message]) =>
              IN_FORM.has(field) ? (
                <li>
                  <a href={`#s-${field}`} safe>
                    {message}
                  </a>
                </li>
              ) : (
                <li safe>{message}</li>
              ),
            )}
          </ul>
        </div>
      ) : (
        ''
      )}
      <section class="card search-again" aria-labelledby="edit-title">
        <h2 id="edit-title" class="search-panel__title">
          {w.editTitle}
        </h2>
        <form method="get" action="/search" class="search-form-panel" role="search" aria-labelledby="edit-title">
          <SearchFields
            prefix="s-"
            lang={p.lang}
            values={v}
            errors={p.errors}
            kinds={[...MEDICAL_KINDS, 'pharmacy']}
            departments
            features={FEATURES}
            languages={languages}
            open={open}
          />
          {v.sort ? <input type="hidden" name="sort" value={v.sort} /> : ''}
          {v.per_page ? <input type="hidden" name="per_page" value={v.per_page} /> : ''}
        </form>
      </section>
      {a ? (
        <section class="results" aria-labelledby="results-count">
          <h2 id="results-count" class="results__count">
            {a.total ? w.count(number(a.total, p.lang)) : w.emptyTitle}
          </h2>
          <p class="results__conditions">
            <span class="results__conditions-label">{w.conditions}：</span>
            <span safe>{conditionsText}</span>
          </p>
          {a.origin ? (
            <p class="results__origin" safe>
              {a.origin.point ? w.originNear(a.origin.postcode, a.origin.place) : w.originByPlace(a.origin.postcode, a.origin.place)}
            </p>
          ) : (
            ''
          )}
          {a.results.length ? (
            <>
              <div class="results__bar">
                <p class="results__showing" safe>
                  {w.showing(number((a.page - 1) * a.perPage + 1, p.lang), number((a.page - 1) * a.perPage + a.results.length, p.lang))}
                </p>
                <ResultsToolbar values={v} lang={p.lang} near={near} sort={p.sort} perPage={a.perPage} />
              </div>
              <ol class="result-list">
                {a.results.map((r) => (
                  <ResultCard result={r} lang={p.lang} />
                ))}
              </ol>
              <Pager page={a.page} pages={pages} label={w.pagerLabel} lang={p.lang} href={(n) => searchHref(v, p.lang, { page: n === 1 ? '' : String(n) })} />
            </>
          ) : (
            <div class="empty-state results__empty">
              <ul class="bullets">
                {w.emptyHelp.map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
              {a.page > 1 && a.total > 0 ? (
                <p>
                  <a href={searchHref(v, p.lang, { page: '' })}>{w.firstPage}</a>
                </p>
              ) : (
                ''
              )}
              {conditions.length ? (
                <>
                  <h3 class="results__widen-title">{w.widen}</h3>
                  <ul class="results__widen">
                    {conditions.map((c) => (
                      <li>
                        <a href={c.without}>
                          <span aria-hidden="true">×</span> <span safe>{c.label}</span>
                          <span class="visually-hidden">{w.removeSuffix}</span>
                        </a>
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                ''
              )}
            </div>
          )}
        </section>
      ) : (
        ''
      )}
      <p>
        <a href={p.lang === 'en' ? '/?lang=en' : '/'}>{w.backHome}</a>
      </p>
    </Layout>
  );
}
