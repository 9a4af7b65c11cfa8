// The words of 医療情報ネット's public home and search results, in Japanese and English (the
// interface language of naviPreferences). Department, language and code names come from the
// catalogue; a query problem's Japanese message from the message catalogue (messages/search.ts).
import type { InstitutionKind } from '../../db/schema.ts';
import type { Feature } from '../../search/features.ts';
import type { QueryProblem, SearchSort } from '../../search/query.ts';
import type { Lang } from './preferences.ts';

/** The eight regions of the prefecture list, by their first and last prefecture code. */
export const REGIONS = [
  { first: 1, last: 1, ja: '北海道', en: 'Hokkaido' },
  { first: 2, last: 7, ja: '東北', en: 'Tohoku' },
  { first: 8, last: 14, ja: '関東', en: 'Kanto' },
  { first: 15, last: 23, ja: '中部', en: 'Chubu' },
  { first: 24, last: 30, ja: '近畿', en: 'Kinki' },
  { first: 31, last: 35, ja: '中国', en: 'Chugoku' },
  { first: 36, last: 39, ja: '四国', en: 'Shikoku' },
  { first: 40, last: 47, ja: '九州・沖縄', en: 'Kyushu and Okinawa' },
] as const;

/** The prefectures in English, codes 01 → 47. */
export const PREFECTURES_EN = [
  'Hokkaido',
  'Aomori',
  'Iwate',
  'Miyagi',
  'Akita',
  'Yamagata',
  'Fukushima',
  'Ibaraki',
  'Tochigi',
  'Gunma',
  'Saitama',
  'Chiba',
  'Tokyo',
  'Kanagawa',
  'Niigata',
  'Toyama',
  'Ishikawa',
  'Fukui',
  'Yamanashi',
  'Nagano',
  'Gifu',
  'Shizuoka',
  'Aichi',
  'Mie',
  'Shiga',
  'Kyoto',
  'Osaka',
  'Hyogo',
  'Nara',
  'Wakayama',
  'Tottori',
  'Shimane',
  'Okayama',
  'Hiroshima',
  'Yamaguchi',
  'Tokushima',
  'Kagawa',
  'Ehime',
  'Kochi',
  'Fukuoka',
  'Saga',
  'Nagasaki',
  'Kumamoto',
  'Oita',
  'Miyazaki',
  'Kagoshima',
  'Okinawa',
] as const;

/** The department groups of the catalogue's list (its 診療科目群 codes), in English. */
export const DEPARTMENT_GROUPS_EN: Readonly<Record<string, string>> = {
  '01': 'Internal medicine',
  '02': 'Surgery',
  '03': 'Pediatrics',
  '04': 'Obstetrics and gynecology',
  '05': 'Ophthalmology and otorhinolaryngology',
  '06': 'Dermatology and urology',
  '07': 'Psychiatry',
  '08': 'Dentistry',
  '09': 'Other',
};

const KINDS_JA: Record<InstitutionKind, string> = { 病院: '病院', 診療所: '診療所', 歯科診療所: '歯科診療所', 助産所: '助産所', 薬局: '薬局' };
const KINDS_EN: Record<InstitutionKind, string> = {
  病院: 'Hospital',
  診療所: 'Clinic',
  歯科診療所: 'Dental clinic',
  助産所: 'Midwifery home',
  薬局: 'Pharmacy',
};

const FEATURES_JA: Record<Feature, string> = {
  parking: '駐車場がある',
  barrier_free: '車椅子で利用しやすい',
  sign_language: '手話で対応できる',
  second_opinion: 'セカンドオピニオンを受けられる',
  home_care: '在宅医療・訪問に対応',
  online: 'オンライン診療・服薬指導',
  after_hours: '時間外もいつでも対応',
  night: '夜間（19時以降）も開いている',
  holiday: '日曜・祝日も開いている',
  cashless: 'キャッシュレスで支払える',
};
const FEATURES_EN: Record<Feature, string> = {
  parking: 'Parking',
  barrier_free: 'Wheelchair accessible',
  sign_language: 'Sign language',
  second_opinion: 'Second opinion',
  home_care: 'Home care and visits',
  online: 'Online consultation or guidance',
  after_hours: 'Responds at any hour',
  night: 'Open in the evening (after 7 pm)',
  holiday: 'Open on Sundays and holidays',
  cashless: 'Cashless payment',
};

const SORTS_JA: Record<SearchSort, string> = { relevance: '関連の高い順', name: '名前の順', distance: '近い順' };
const SORTS_EN: Record<SearchSort, string> = { relevance: 'Best match', name: 'Name', distance: 'Distance' };

/** A query problem in English (the Japanese comes from MESSAGES: search.problem.*). */
export function problemEn(p: QueryProblem): string {
  switch (p.problem) {
    case 'too_long':
      return 'The keyword is too long. Please use 200 characters or fewer.';
    case 'too_many':
      return 'Too many were chosen. Please choose fewer.';
    case 'repeated':
      return 'This was given more than once. Please choose one.';
    case 'out_of_range':
      return p.param === 'open_at' ? 'Please enter a date and time.' : 'This value is outside what can be searched.';
    case 'needs':
      if (p.param === 'sort') return 'Sorting by distance needs a place to measure from.';
      return p.param === 'radius_km'
        ? 'A distance needs a place: a postcode, or a latitude and longitude.'
        : 'Please enter both the latitude and the longitude.';
    case 'other_prefecture':
      return 'This municipality is not in the chosen prefecture.';
    case 'unknown':
      return p.param === 'postcode' ? 'This postcode was not found. Please check the number.' : 'This choice is not on the list. Please choose again.';
    default:
      if (p.param === 'postcode') return 'Please enter the postcode as 7 digits (e.g. 105-0011).';
      return p.param === 'open_at' ? 'Please enter the date and time as a date and a time of day.' : 'This value cannot be read. Please check it.';
  }
}

export const SEARCH_WORDS = {
  ja: {
    homeTitle: 'ホーム',
    siteTitle: '医療情報ネット（ナビイ）',
    lead: '全国の病院・診療所・歯科診療所・助産所・薬局を、場所や診療科目、いま開いているかどうかから探せます。',
    medicalPanel: '医療機関を探す',
    medicalPanelLead: '病院・診療所・歯科診療所・助産所',
    pharmacyPanel: '薬局を探す',
    pharmacyPanelLead: '場所や開いている時間、受けられるサービスから探せます',
    keyword: 'キーワード',
    keywordHint: '名前、住所、診療科目など。スペースで区切ると、すべてを含むものを探します。',
    kinds: '種類',
    kindsHint: '選ばないときは、すべての種類から探します。',
    pref: '都道府県',
    city: '市区町村',
    cityHint: '都道府県を選んで検索すると、その市区町村から選べます。',
    anyPref: '全国',
    anyCity: 'すべての市区町村',
    dept: '診療科目',
    anyDept: '指定しない',
    alsoDepts: 'ほかに選んでいる診療科目',
    quick: '急いで探す',
    openNow: 'いま開いているところ',
    openAtHint: '日時を入れると、その日時に開いているところを探します（日本時間）。',
    openDate: '日付',
    openTime: '時刻',
    openNeedsDate: '',
    openNeedsTime: '',
    nowWords: 'いま',
    other: '他の項目',
    language: '対応できる外国語',
    anyLanguage: '指定しない',
    near: '場所の近くで探す',
    nearHint: '郵便番号か、緯度と経度を入れると、その近くを探します。「現在地を使う」を押すと、お使いの端末の位置が入ります。',
    postcode: '郵便番号',
    postcodeHint: '例：105-0011（その地域にある医療機関などの位置から、おおよその場所を決めます）',
    postcodeCondition: (code: string, km: string | undefined) => `〒${code}${km ? `から${km}km以内` : 'の近く'}`,
    originNear: (code: string, place: string) => `〒${code.slice(0, 3)}-${code.slice(3)}（${place}）のおおよその位置から探しました。`,
    originByPlace: (code: string, place: string) =>
      `〒${code.slice(0, 3)}-${code.slice(3)}（${place}）の位置が分からないため、その市区町村にある施設を表示しています。`,
    useLocation: '現在地を使う',
    locating: '現在地を調べています…',
    located: '現在地を入れました。',
    locationFailed: '現在地を調べられませんでした。端末の位置情報の設定をご確認ください。',
    lat: '緯度',
    lon: '経度',
    radius: '距離',
    radiusKm: (km: number) => `${km}km以内`,
    anyRadius: '指定しない',
    search: 'この条件で探す',
    searchShort: '探す',
    morePanel: 'さらに条件を指定する',
    byPref: '都道府県から探す',
    byPrefLead: '都道府県を選ぶと、その都道府県の医療機関・薬局の一覧を表示します。',
    staffTitle: '医療機関・薬局・自治体の関係者の方へ',
    staffSignedIn: (name: string) => `${name} としてログインしています。`,
    staffMenu: '関係者メニューへ',
    staffLead: '報告内容の確認などに使う関係者メニューは、ログインしてからご利用いただけます。',
    staffLogin: '関係者ログイン',
    // Results
    resultsTitle: '検索結果',
    editTitle: '条件を変えて探す',
    count: (n: string) => `${n}件見つかりました`,
    showing: (from: string, to: string) => `${from}〜${to}件目を表示しています`,
    sort: '並び順',
    perPage: '表示件数',
    perPageN: (n: number) => `${n}件ずつ`,
    apply: '表示を変える',
    suspended: '休止中',
    distance: (km: string) => `約${km}km`,
    departments: '診療科目',
    moreDepartments: (n: number) => `ほか${n}科目`,
    address: '所在地',
    conditions: '検索した条件',
    noConditions: 'すべての医療機関・薬局',
    emptyTitle: '条件に合う医療機関・薬局は見つかりませんでした',
    emptyHelp: [
      'キーワードを短くするか、別の言葉で探してみてください（例：「小児科」を「小児」に）。',
      '選んだ条件をいくつか外すと、見つかることがあります。',
      '都道府県や市区町村を広げて探してみてください。',
    ],
    widen: '条件を外して探す',
    removeSuffix: 'を条件から外す',
    featuresLegend: 'あてはまるもの（選んだものをすべて満たすところを探します）',
    problemsTitle: '検索の条件を確認してください',
    pagerLabel: '検索結果のページ',
    firstPage: 'このページには結果がありません。1ページ目へ戻る',
    backHome: 'トップページへ戻る',
    kindName: (k: InstitutionKind) => KINDS_JA[k],
    featureName: (f: Feature) => FEATURES_JA[f],
    sortName: (s: SearchSort) => SORTS_JA[s],
    prefName: (_code: string, ja: string) => ja,
    regionName: (r: (typeof REGIONS)[number]) => r.ja,
    groupName: (_code: string, ja: string) => ja,
    openAtCondition: (when: string) => `${when}に開いている`,
    nearCondition: (km: string | undefined) => (km ? `指定した地点から${km}km以内` : '指定した地点の近く'),
    keywordCondition: (q: string) => `キーワード「${q}」`,
  },
  en: {
    homeTitle: 'Home',
    siteTitle: 'Medical Information Net (Navii)',
    lead: 'Find hospitals, clinics, dental clinics, midwifery homes and pharmacies anywhere in Japan, by place, by department, or by whether they are open now.',
    medicalPanel: 'Find a medical facility',
    medicalPanelLead: 'Hospitals, clinics, dental clinics and midwifery homes',
    pharmacyPanel: 'Find a pharmacy',
    pharmacyPanelLead: 'By place, opening hours and services',
    keyword: 'Keyword',
    keywordHint: 'A name, an address, a department… Separate words with spaces to find places that have all of them.',
    kinds: 'Kind',
    kindsHint: 'With none chosen, every kind is searched.',
    pref: 'Prefecture',
    city: 'Municipality',
    cityHint: 'Choose a prefecture and search: its municipalities can then be chosen.',
    anyPref: 'All of Japan',
    anyCity: 'All municipalities',
    dept: 'Department',
    anyDept: 'Any',
    alsoDepts: 'Other departments chosen',
    quick: 'Find quickly',
    openNow: 'Open now',
    openAtHint: 'Enter a date and time to find places open then (Japan time).',
    openDate: 'Date',
    openTime: 'Time',
    openNeedsDate: 'With a time, please enter a date too.',
    openNeedsTime: 'With a date, please enter a time too.',
    nowWords: 'now',
    other: 'Other conditions',
    language: 'Foreign language spoken',
    anyLanguage: 'Any',
    near: 'Near a place',
    nearHint: 'Enter a postcode, or a latitude and longitude, to search near it. “Use my location” fills in where your device is.',
    postcode: 'Postcode',
    postcodeHint: 'e.g. 105-0011 (the place is estimated from the facilities in that area)',
    postcodeCondition: (code: string, km: string | undefined) => (km ? `Within ${km} km of 〒${code}` : `Near 〒${code}`),
    originNear: (code: string, place: string) => `Searched from the approximate location of 〒${code.slice(0, 3)}-${code.slice(3)} (${place}).`,
    originByPlace: (code: string, place: string) =>
      `The location of 〒${code.slice(0, 3)}-${code.slice(3)} (${place}) is not known, so facilities in its municipality are shown.`,
    useLocation: 'Use my location',
    locating: 'Finding your location…',
    located: 'Your location has been filled in.',
    locationFailed: 'Your location could not be found. Please check your device’s location settings.',
    lat: 'Latitude',
    lon: 'Longitude',
    radius: 'Distance',
    radiusKm: (km: number) => `Within ${km} km`,
    anyRadius: 'Any',
    search: 'Search',
    searchShort: 'Search',
    morePanel: 'More conditions',
    byPref: 'Browse by prefecture',
    byPrefLead: 'Choose a prefecture to list its medical facilities and pharmacies.',
    staffTitle: 'For staff of facilities and local governments',
    staffSignedIn: (name: string) => `You are signed in as ${name}.`,
    staffMenu: 'Go to the staff menu',
    staffLead: 'The staff menu, for checking reports and more, is available after signing in.',
    staffLogin: 'Staff sign-in',
    resultsTitle: 'Search results',
    editTitle: 'Change the search',
    count: (n: string) => `${n} found`,
    showing: (from: string, to: string) => `Showing ${from}–${to}`,
    sort: 'Sort by',
    perPage: 'Per page',
    perPageN: (n: number) => `${n} per page`,
    apply: 'Update',
    suspended: 'Suspended',
    distance: (km: string) => `About ${km} km`,
    departments: 'Departments',
    moreDepartments: (n: number) => `and ${n} more`,
    address: 'Address',
    conditions: 'Searched for',
    noConditions: 'All medical facilities and pharmacies',
    emptyTitle: 'No facility matches these conditions',
    emptyHelp: [
      'Try a shorter keyword, or another word.',
      'Removing some of the conditions may find more.',
      'Try a wider area: another prefecture or all municipalities.',
    ],
    widen: 'Search without a condition',
    removeSuffix: ' (remove this condition)',
    featuresLegend: 'What the place offers (all chosen must apply)',
    problemsTitle: 'Please check the search conditions',
    pagerLabel: 'Pages of search results',
    firstPage: 'This page has no results. Back to the first page',
    backHome: 'Back to the top page',
    kindName: (k: InstitutionKind) => KINDS_EN[k],
    featureName: (f: Feature) => FEATURES_EN[f],
    sortName: (s: SearchSort) => SORTS_EN[s],
    prefName: (code: string, _ja: string) => PREFECTURES_EN[Number(code) - 1] ?? code,
    regionName: (r: (typeof REGIONS)[number]) => r.en,
    groupName: (code: string, ja: string) => DEPARTMENT_GROUPS_EN[code] ?? ja,
    openAtCondition: (when: string) => `Open at ${when}`,
    nearCondition: (km: string | undefined) => (km ? `Within ${km} km of the point` : 'Near the point'),
    keywordCondition: (q: string) => `Keyword “${q}”`,
  },
} as const satisfies Record<Lang, unknown>;

export type SearchWords = (typeof SEARCH_WORDS)[Lang];
