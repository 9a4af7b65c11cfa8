// 関係者メニュー 施設の検索: one GET form with every condition of the public search and the staff's own
// (保有設備, 対応可能な疾患・治療, 専門医, 予防接種), the result 20 a page with what the public page does not
// show (marked 非公表), the pager, and the CSV of the whole result in UTF-8 or Shift_JIS. Works without
// JavaScript; a problem is said beside its field and in a summary that links to it.
import { municipalitiesOf, prefectureName, PREFECTURE_CODES } from '../../institutions/places.ts';
import { FEATURES } from '../../search/features.ts';
import { KIND_NAMES, type KindName, type SearchAnswer } from '../../search/query.ts';
import { STAFF_CSV_MAX, staffConditionCodes, type StaffCondition, type StaffFacility } from '../../search/staff-search.ts';
import { Layout } from '../../web/layout.tsx';
import { Pager } from '../../web/pager.tsx';
import { Checkboxes, departmentGroups, departmentName, everyLanguage, FieldMessage, Input, KeywordField, Select } from './form-fields.tsx';
import { FORM_FIELDS, RADIUS_CHOICES, type SearchFormValues } from './search-page.tsx';
import { SEARCH_WORDS } from './search-words.ts';
import type { NaviViewer } from './viewer.ts';

const w = SEARCH_WORDS.ja;

/** The staff's own conditions, by the parameter each is (the API's names). */
export const STAFF_FIELDS = ['equipment', 'treatment', 'specialist', 'vaccination'] as const;
type StaffList = (typeof STAFF_FIELDS)[number];
const CONDITION_OF: Readonly<Record<StaffList, StaffCondition>> = { equipment: 'equip', treatment: 'treat', specialist: 'spec', vaccination: 'vacc' };
const STAFF_LEGENDS: Readonly<Record<StaffList, string>> = {
  equipment: '保有設備',
  treatment: '対応可能な疾患・治療',
  specialist: '専門医',
  vaccination: '予防接種',
};

/** The form as typed: the public search's fields, the staff's lists, and the CSV's encoding. */
export type StaffSearchForm = SearchFormValues & Record<StaffList, string[]> & { encoding: string };
export type StaffField = keyof StaffSearchForm;
export type StaffErrors = Partial<Record<StaffField, string>>;

/** The query string of the form's values (blank values left out). */
export function staffQueryString(v: StaffSearchForm, changes: Partial<StaffSearchForm> = {}): string {
  const all = { ...v, ...changes };
  const params = new URLSearchParams();
  for (const f of [...FORM_FIELDS.filter((x) => x !== 'page'), ...STAFF_FIELDS, 'encoding', 'page'] as const) {
    const value = all[f];
    for (const one of Array.isArray(value) ? value : [value]) if (one !== '') params.append(f, one);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const KINDS = Object.keys(KIND_NAMES) as KindName[];
/** Department names shown on a result before 「ほかN科目」 (the CSV has them all). */
const CARD_DEPARTMENTS = 8;
const number = (n: number) => n.toLocaleString('ja-JP');

/** A field's id: `f-` and its name (the problems' summary links to `#f-` and the field). */
const fieldId = (name: string) => `f-${name}`;

// ---------------------------------------------------------------------------------------------------------
// The form

function StaffSearchFields(p: { values: StaffSearchForm; errors: StaffErrors }): JSX.Element {
  const v = p.values;
  const e = p.errors;
  const cityPref = /^\d{2}$/.test(v.pref) ? v.pref : /^\d{5}$/.test(v.city) ? v.city.slice(0, 2) : '';
  const cities = cityPref ? municipalitiesOf(cityPref) : [];
  const [firstDept, ...moreDepts] = v.dept;
  const openQuick = Boolean(v.open_at || v.open_date || v.open_time || e.open_date || e.open_time);
  const openOther = Boolean(v.feature.length || v.language.length || e.feature || e.language);
  const openNear = Boolean(v.lat || v.lon || v.radius_km || e.lat || e.lon || e.radius_km);
  const near = v.lat !== '' && v.lon !== '';
  return (
    <>
      <KeywordField id={fieldId('q')} label={w.keyword} hint={w.keywordHint} value={v.q} error={e.q} />
      <Checkboxes
        id={fieldId('kind')}
        name="kind"
        legend={w.kinds}
        hint={w.kindsHint}
        error={e.kind}
        checked={v.kind}
        options={KINDS.map((k) => ({ value: k, label: w.kindName(KIND_NAMES[k]) }))}
      />
      <div class="field-row">
        <Select
          id={fieldId('pref')}
          name="pref"
          label={w.pref}
          value={v.pref}
          empty={w.anyPref}
          options={PREFECTURE_CODES.map((c) => ({ value: c, label: prefectureName(c) ?? c }))}
          error={e.pref}
        />
        {cities.length && (v.city === '' || cities.some((c) => c.code === v.city)) ? (
          <Select
            id={fieldId('city')}
            name="city"
            label={w.city}
            value={v.city}
            empty={w.anyCity}
            options={cities.map((c) => ({ value: c.code, label: c.name }))}
            error={e.city}
          />
        ) : e.city || v.city ? (
          <Input id={fieldId('city')} name="city" label={w.city} value={v.city} error={e.city} inputmode="numeric" small />
        ) : (
          ''
        )}
        <Select id={fieldId('dept')} name="dept" label={w.dept} value={firstDept ?? ''} empty={w.anyDept} groups={departmentGroups('ja', w)} error={e.dept} />
      </div>
      {moreDepts.length ? (
        <Checkboxes
          id={fieldId('dept-more')}
          name="dept"
          legend={w.alsoDepts}
          error={undefined}
          checked={moreDepts}
          options={moreDepts.map((d) => ({ value: d, label: departmentName(d, 'ja') }))}
        />
      ) : (
        ''
      )}
      <details class="search-more" open={STAFF_FIELDS.some((f) => v[f].length > 0 || e[f] !== undefined)}>
        <summary class="search-more__summary">保有設備・疾患・治療・専門医・予防接種（関係者向けの条件）</summary>
        <div class="search-more__body">
          <p class="field__hint">選んだものをすべて満たす医療機関を探します。</p>
          {STAFF_FIELDS.map((f) => (
            <Checkboxes
              id={fieldId(f)}
              name={f}
              legend={STAFF_LEGENDS[f]}
              error={e[f]}
              checked={v[f]}
              options={staffConditionCodes(CONDITION_OF[f]).map((c) => ({ value: c.code, label: c.label }))}
            />
          ))}
        </div>
      </details>
      <details class="search-more" open={openQuick}>
        <summary class="search-more__summary">{w.quick}</summary>
        <div class="search-more__body">
          <label class="checkbox">
            <input type="checkbox" id="f-open_at-now" name="open_at" value="now" checked={v.open_at === 'now'} aria-describedby="f-open-hint" />
            <span>{w.openNow}</span>
          </label>
          <p class="field__hint" id="f-open-hint">
            {w.openAtHint}
          </p>
          <div class="field-row">
            <Input id={fieldId('open_date')} name="open_date" label={w.openDate} value={v.open_date} error={e.open_date} type="date" small />
            <Input id={fieldId('open_time')} name="open_time" label={w.openTime} value={v.open_time} error={e.open_time} type="time" small />
          </div>
        </div>
      </details>
      <details class="search-more" open={openOther}>
        <summary class="search-more__summary">{w.other}</summary>
        <div class="search-more__body">
          <Checkboxes
            id={fieldId('feature')}
            name="feature"
            legend={w.featuresLegend}
            error={e.feature}
            checked={v.feature}
            options={FEATURES.map((f) => ({ value: f, label: w.featureName(f) }))}
          />
          <Checkboxes
            id={fieldId('language')}
            name="language"
            legend={w.language}
            error={e.language}
            checked={v.language}
            options={everyLanguage().map((c) => ({ value: c.code, label: c.label.ja }))}
          />
        </div>
      </details>
      <details class="search-more" open={openNear}>
        <summary class="search-more__summary">{w.near}</summary>
        <div class="search-more__body">
          <div class="field-row">
            <Input id={fieldId('lat')} name="lat" label={w.lat} value={v.lat} error={e.lat} inputmode="decimal" small />
            <Input id={fieldId('lon')} name="lon" label={w.lon} value={v.lon} error={e.lon} inputmode="decimal" small />
            <Select
              id={fieldId('radius_km')}
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
      <div class="field-row">
        <Select
          id={fieldId('sort')}
          name="sort"
          label={w.sort}
          value={v.sort}
          empty={w.sortName('relevance')}
          options={(near ? (['name', 'distance'] as const) : (['name'] as const)).map((s) => ({ value: s, label: w.sortName(s) }))}
          error={e.sort}
        />
      </div>
      <button type="submit" class="button button--primary button--block">
        {w.search}
      </button>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Results

function Fact(p: { label: string; items: readonly string[] | string }): JSX.Element {
  const text = typeof p.items === 'string' ? p.items : p.items.join('、');
  if (text === '') return <></>;
  return (
    <>
      <dt safe>{p.label}</dt>
      <dd safe>{text}</dd>
    </>
  );
}

function StaffResult(p: { f: StaffFacility }): JSX.Element {
  const f = p.f;
  const postcode = /^\d{7}$/.test(f.postcode) ? `〒${f.postcode.slice(0, 3)}-${f.postcode.slice(3)} ` : '';
  return (
    <li class="result-card">
      <p class="result-card__meta">
        <span class="result-card__kind">{f.kind}</span>
        <span class="mono" safe>
          {f.id}
        </span>
        {f.suspendedSince ? <span class="badge result-card__suspended">{w.suspended}</span> : ''}
        {f.distanceKm !== undefined ? (
          <span class="result-card__distance" safe>
            {w.distance(f.distanceKm.toFixed(1))}
          </span>
        ) : (
          ''
        )}
      </p>
      <h3 class="result-card__name">
        <a href={`/facilities/${encodeURIComponent(f.id)}`} safe>
          {f.name}
        </a>
      </h3>
      <dl class="result-card__facts">
        <Fact label="所在地" items={`${postcode}${f.address}`} />
        <Fact label="電話番号" items={f.phone} />
        <Fact
          label="診療科目"
          items={`${f.departmentNames.slice(0, CARD_DEPARTMENTS).join('、')}${f.departmentNames.length > CARD_DEPARTMENTS ? ` ${w.moreDepartments(f.departmentNames.length - CARD_DEPARTMENTS)}` : ''}`}
        />
        <Fact label="保有設備" items={f.equipment} />
        <Fact label="対応可能な疾患・治療" items={f.treatments} />
        <Fact label="専門医" items={f.specialists} />
        <Fact label="予防接種" items={f.vaccinations} />
        <Fact label="管理者" items={f.administrator} />
        {f.hidden.map((h) => (
          <>
            <dt>
              <span safe>{h.label}</span> <span class="badge">非公表</span>
            </dt>
            <dd safe>{h.text}</dd>
          </>
        ))}
      </dl>
    </li>
  );
}

/** The CSV of the whole result: the search's conditions as hidden fields, the encoding, the button; what it holds in a line below. */
function CsvDownload(p: { values: StaffSearchForm; total: number | undefined; error: string | undefined; showing?: string }): JSX.Element {
  const v = p.values;
  const hidden = ([...FORM_FIELDS, ...STAFF_FIELDS] as const)
    .filter((f) => f !== 'page' && f !== 'per_page')
    .flatMap((f) => {
      const value = v[f];
      return (Array.isArray(value) ? value : [value]).filter((x) => x !== '').map((x) => ({ name: f, value: x }));
    });
  const encoding = v.encoding === 'shift_jis' ? 'shift_jis' : 'utf-8';
  const over = p.total !== undefined && p.total > STAFF_CSV_MAX;
  const what =
    p.total === undefined
      ? 'CSVには検索結果が1行に1施設ずつ入ります。'
      : over
        ? `CSVには、条件に合う${number(p.total)}件のうち先頭の${number(STAFF_CSV_MAX)}件が入ります。すべてを出力するには、条件を加えて${number(STAFF_CSV_MAX)}件以下に絞り込んでください。`
        : `CSVには、条件に合う${number(p.total)}件すべてが1行に1施設ずつ入ります。`;
  return (
    <>
      <p class="field__hint" id="csv-note" safe>
        {`${what}非公表の項目も含まれますので、取り扱いにご注意ください。Shift_JISで表せない一部の文字は「?」になります。`}
      </p>
      <div class="results__bar">
        {p.showing ? (
          <p class="results__showing" safe>
            {p.showing}
          </p>
        ) : (
          <p class="results__showing"></p>
        )}
        <form method="get" action="/staff/search/csv" class="results-toolbar" aria-label="検索結果をCSVでダウンロード">
          {hidden.map((h) => (
            <input type="hidden" name={h.name} value={h.value} />
          ))}
          <div class={p.error ? 'results-toolbar__field field--error' : 'results-toolbar__field'}>
            <label for="f-encoding" class="results-toolbar__label">
              CSVの文字コード
            </label>
            <FieldMessage id="f-encoding" error={p.error} />
            <select
              id="f-encoding"
              name="encoding"
              class="field__input field__select"
              aria-invalid={p.error ? 'true' : undefined}
              aria-describedby={p.error ? 'csv-note f-encoding-error' : 'csv-note'}
            >
              <option value="utf-8" selected={encoding === 'utf-8'}>
                UTF-8（BOM付き）
              </option>
              <option value="shift_jis" selected={encoding === 'shift_jis'}>
                Shift_JIS（古いExcel向け）
              </option>
            </select>
          </div>
          <button type="submit" class="button button--secondary">
            CSVをダウンロード
          </button>
        </form>
      </div>
    </>
  );
}

export function StaffSearchPage(p: {
  csrf: string;
  viewer: NaviViewer;
  values: StaffSearchForm;
  errors: StaffErrors;
  /** The page searched; none for the empty form or when the conditions had problems. */
  result?: { answer: SearchAnswer; facilities: StaffFacility[] } | undefined;
  openAtWords?: string | undefined;
}): JSX.Element {
  const v = p.values;
  const errors = Object.entries(p.errors).filter(([, m]) => m) as Array<[StaffField, string]>;
  const a = p.result?.answer;
  const pages = a ? Math.max(1, Math.ceil(a.total / a.perPage)) : 1;
  const title = errors.length ? `${w.problemsTitle} - 施設の検索` : a ? `施設の検索（${w.count(number(a.total))}）` : '施設の検索';
  return (
    <Layout
      title={title}
      product="医療情報ネット"
      signedIn={{ name: p.viewer.account.display_name, csrf: p.csrf, signOut: '/staff/logout' }}
      narrow={false}
      styles={['/static/css/search.css']}
    >
      <nav class="breadcrumb" aria-label="現在位置">
        <a href="/staff">関係者メニュー</a> ＞ 施設の検索
      </nav>
      <h1 class="page-title">施設の検索（関係者向け）</h1>
      <p class="lead">
        一般向けの検索の条件に加えて、保有設備・対応可能な疾患や治療・専門医・予防接種で探せます。結果には、一般向けのページには載せていない項目（「非公表」の印）も表示します。
      </p>
      {errors.length ? (
        <div class="notice notice--error" role="alert" aria-labelledby="problems-title" tabindex="-1">
          <h2 class="notice__title" id="problems-title">
            {w.problemsTitle}
          </h2>
          <ul class="notice__list">
            {errors.map(([field, message]) => (
              <li>
                <a href={`#${fieldId(field)}`} safe>
                  {message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      <section class="card search-again" aria-labelledby="conditions-title">
        <h2 id="conditions-title" class="search-panel__title">
          検索の条件
        </h2>
        <form method="get" action="/staff/search" class="search-form-panel" role="search" aria-labelledby="conditions-title">
          <StaffSearchFields values={v} errors={p.errors} />
        </form>
      </section>
      {a && p.result ? (
        <>
          <section class="results" aria-labelledby="results-count">
            <h2 id="results-count" class="results__count">
              {a.total ? w.count(number(a.total)) : w.emptyTitle}
            </h2>
            {p.openAtWords ? (
              <p class="results__conditions" safe>
                {w.openAtCondition(p.openAtWords)}
              </p>
            ) : (
              ''
            )}
            {p.result.facilities.length ? (
              <>
                <CsvDownload
                  values={v}
                  total={a.total}
                  error={p.errors.encoding}
                  showing={w.showing(number((a.page - 1) * a.perPage + 1), number((a.page - 1) * a.perPage + p.result.facilities.length))}
                />
                <ol class="result-list">
                  {p.result.facilities.map((f) => (
                    <StaffResult f={f} />
                  ))}
                </ol>
                <Pager
                  page={a.page}
                  pages={pages}
                  label={w.pagerLabel}
                  href={(n) => `/staff/search${staffQueryString(v, { page: n === 1 ? '' : String(n), encoding: '' })}`}
                />
              </>
            ) : (
              <div class="empty-state results__empty">
                <ul class="bullets">
                  {w.emptyHelp.map((line) => (
                    <li>{line}</li>
                  ))}
                </ul>
              </div>
            )}
          </section>
        </>
      ) : (
        ''
      )}
      {!a && p.errors.encoding ? <CsvDownload values={v} total={undefined} error={p.errors.encoding} /> : ''}
      <p>
        <a href="/staff">関係者メニューへ戻る</a>
      </p>
    </Layout>
  );
}
