// 医療情報ネット's page of one hospital, clinic or pharmacy: its published record, section by section
// as its catalogue lists the public items, in Japanese or (?lang=en) with English labels; and the
// page a record that is not public answers with.
import type { PublishedFacility } from '../../db/schema.ts';
import { formatDay, formatJstDate } from '../../platform/japanese/time.ts';
import { jstDateOf } from '../../reporting/fiscal-year.ts';
import type { CatalogueField, KindCatalogue, ReportValues } from '../../reporting/catalogue/types.ts';
import { MASTER_PATHS } from '../../reporting/master.ts';
import type { ClosureNotice } from '../../closures/notice.ts';
import { Layout } from '../../web/layout.tsx';
import { FieldValueView, type Lang } from '../../web/report-values.tsx';
import { FavouriteToggle } from './favourites-page.tsx';
import type { TextSize } from './preferences.ts';

const product = '医療情報ネット' as const;
const STYLES = ['/static/css/facility.css'];
const SCRIPTS = ['/static/js/favourites.js'];

/** The page's own words in each language (the catalogue gives the items'). */
export const FACILITY_WORDS = {
  ja: {
    published: '公表日',
    kana: 'フリガナ',
    english: '英語表記',
    suspended: (since: string) => `この医療機関は${since}から休止しています。`,
    contents: 'このページの内容',
    note: 'この情報は、医療機関・薬局が都道府県に報告した内容です。受診の前に、電話などで最新の状況をご確認ください。',
    notPublicTitle: 'この医療機関の情報は公表されていません',
    notPublic:
      'お探しの医療機関・薬局の情報は、現在このサイトで公表されていません。情報の確認中であるか、報告がまだ済んでいない可能性があります。医療機関・薬局に直接お問い合わせください。',
    home: 'トップページへ戻る',
    closureTitle: '臨時休診・診療時間の変更のお知らせ',
    closed: '休診',
    hours: (h: string) => `診療時間の変更（${h}）`,
    reason: '理由',
  },
  en: {
    published: 'Published',
    kana: 'Reading',
    english: 'English name',
    suspended: (since: string) => `This facility has suspended its services since ${since}.`,
    contents: 'On this page',
    note: 'This information was reported by the facility to its prefecture. Please check the latest situation by phone before you visit.',
    notPublicTitle: 'The information on this facility is not published',
    notPublic:
      'The information on this facility is not published on this site at the moment. It may be under review, or its report may not have been made yet. Please contact the facility directly.',
    home: 'Back to the top page',
    closureTitle: 'Temporary closure or changed hours',
    closed: 'Closed',
    hours: (h: string) => `Changed hours (${h})`,
    reason: 'Reason',
  },
} as const;

/** The kind as the English page names it. */
export const KIND_EN: Record<PublishedFacility['kind'], string> = {
  病院: 'Hospital',
  診療所: 'Clinic',
  歯科診療所: 'Dental clinic',
  助産所: 'Midwifery home',
  薬局: 'Pharmacy',
};

/** The public fields of a section that have a value, item by item. */
function publicItems(cat: KindCatalogue, values: ReportValues, sectionItems: readonly { id: string }[]) {
  const ids = new Set(sectionItems.map((i) => i.id));
  const byItem = new Map<string, CatalogueField[]>();
  for (const cf of cat.fields.values()) {
    if (!ids.has(cf.item.id) || !cf.public || values[cf.path] === undefined) continue;
    byItem.set(cf.item.id, [...(byItem.get(cf.item.id) ?? []), cf]);
  }
  return [...byItem.values()];
}

export function FacilityPage(p: {
  facility: PublishedFacility;
  catalogue: KindCatalogue;
  values: ReportValues;
  /** 臨時休診 now or soon (src/closures/notice.ts). */
  closures?: readonly ClosureNotice[];
  lang: Lang;
  textSize: TextSize;
  path: string;
}): JSX.Element {
  const w = FACILITY_WORDS[p.lang];
  const f = p.facility;
  const cat = p.catalogue;
  const title = p.lang === 'en' && f.name_en ? f.name_en : f.name;
  const sections = cat.sections.map((s) => ({ section: s, items: publicItems(cat, p.values, s.items) })).filter((s) => s.items.length > 0);
  const address = p.values[MASTER_PATHS.address];
  return (
    <Layout title={title} product={product} narrow={false} styles={STYLES} scripts={SCRIPTS} navi={{ lang: p.lang, textSize: p.textSize, path: p.path }}>
      <header class="facility-head">
        <p class="facility-head__kind">{p.lang === 'en' ? KIND_EN[f.kind] : f.kind}</p>
        <h1 class="page-title" safe>
          {title}
        </h1>
        <dl class="facility-head__names">
          {p.lang === 'en' && f.name_en ? (
            <>
              <dt lang="ja">名称</dt>
              <dd lang="ja" safe>
                {f.name}
              </dd>
            </>
          ) : (
            ''
          )}
          <dt>{w.kana}</dt>
          <dd lang="ja" safe>
            {f.name_kana}
          </dd>
          {p.lang === 'ja' && f.name_en ? (
            <>
              <dt>{w.english}</dt>
              <dd lang="en" safe>
                {f.name_en}
              </dd>
            </>
          ) : (
            ''
          )}
          <dt>{w.published}</dt>
          <dd data-published-on={jstDateOf(f.published_at)} safe>
            {formatJstDate(f.published_at, p.lang)}
          </dd>
        </dl>
        {f.suspended_since ? (
          <p class="notice notice--warning" role="status" safe>
            {w.suspended(formatDay(f.suspended_since, p.lang))}
          </p>
        ) : (
          ''
        )}
        {p.closures?.length ? (
          <section
            class="notice notice--warning facility-closures"
            role="status"
            aria-labelledby="facility-closures-title"
            data-closures={String(p.closures.length)}
          >
            <h2 class="notice__title" id="facility-closures-title">
              {w.closureTitle}
            </h2>
            <ul class="notice__list">
              {p.closures.map((c) => (
                <li data-starts-on={c.startsOn} data-ends-on={c.endsOn} data-mode={c.mode}>
                  <strong safe>
                    {c.startsOn === c.endsOn ? formatDay(c.startsOn, p.lang) : `${formatDay(c.startsOn, p.lang)} – ${formatDay(c.endsOn, p.lang)}`}
                  </strong>{' '}
                  <span>{c.mode === 'hours' ? w.hours(c.hours) : w.closed}</span>
                  <span lang="ja" safe>{`（${w.reason}: ${c.reason}）`}</span>
                  {c.note ? (
                    <span class="facility-closures__note" lang="ja" safe>
                      {` ${c.note}`}
                    </span>
                  ) : (
                    ''
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
        <p class="muted">{w.note}</p>
        <FavouriteToggle
          lang={p.lang}
          facility={{ id: f.facility_id, name: f.name, nameEn: f.name_en, kind: f.kind, address: typeof address === 'string' ? address : '' }}
        />
      </header>
      <nav class="facility-toc card" aria-labelledby="facility-toc-title">
        <h2 id="facility-toc-title" class="facility-toc__title">
          {w.contents}
        </h2>
        <ul>
          {sections.map(({ section }) => (
            <li>
              <a href={`#section-${section.id}`} safe>
                {section.label[p.lang]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {sections.map(({ section, items }) => (
        <section class="facility-section card" id={`section-${section.id}`} aria-labelledby={`section-${section.id}-title`}>
          <h2 class="section-title" id={`section-${section.id}-title`} safe>
            {section.label[p.lang]}
          </h2>
          <dl class="facility-items">
            {items.map((fields) => {
              const item = fields[0]!.item;
              const one = fields.length === 1;
              return (
                <div class="facility-item" data-item={item.id}>
                  <dt safe>{item.label[p.lang]}</dt>
                  <dd>
                    {one ? (
                      <FieldValueView cat={cat} cf={fields[0]!} value={p.values[fields[0]!.path]} lang={p.lang} />
                    ) : (
                      <dl class="facility-fields">
                        {fields.map((cf) => (
                          <>
                            <dt safe>{cf.field.label[p.lang]}</dt>
                            <dd data-field={cf.path}>
                              <FieldValueView cat={cat} cf={cf} value={p.values[cf.path]} lang={p.lang} />
                            </dd>
                          </>
                        ))}
                      </dl>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </Layout>
  );
}

/** 404: the facility is unknown, or its record is stopped, lapsed, withheld or closed (the page does not say which). */
export function FacilityNotPublicPage(p: { lang: Lang; textSize: TextSize; path: string }): JSX.Element {
  const w = FACILITY_WORDS[p.lang];
  return (
    <Layout title={w.notPublicTitle} product={product} styles={STYLES} navi={{ lang: p.lang, textSize: p.textSize, path: p.path }}>
      <h1 class="page-title">{w.notPublicTitle}</h1>
      <p>{w.notPublic}</p>
      <p>
        <a class="button button--secondary" href="/">
          {w.home}
        </a>
      </p>
    </Layout>
  );
}
