// Names for the synthetic national snapshot (national.ts): facility names with their フリガナ and an
// English form, built from a small vocabulary of surnames, words and municipality names, with the real
// files' quirks — the legal-entity prefix (医療法人社団… ) inside 正式名称 and its フリガナ, variant kanji
// (髙橋, 山﨑, 𠮷田), half-width ｸﾘﾆｯｸ and full-width Latin (Ｃｌｉｎｉｃ). Every name is fictional.
import type { InstitutionKind } from '../db/schema.ts';

/** A random source in [0, 1). */
export type Random = () => number;

/** One piece of a name: its text, its reading (full-width katakana) and its English form. */
export interface NamePart {
  text: string;
  kana: string;
  en: string;
}

/** A facility's names as the 施設票 gives them. */
export interface FacilityNames {
  name: string;
  kana: string;
  /** 略称 and its reading ('' for none). */
  shortName: string;
  shortKana: string;
  /** 英語表記（ローマ字表記）, '' for none. */
  en: string;
  /** A lower-case ASCII word for a home-page address. */
  slug: string;
}

const part = (text: string, kana: string, en: string): NamePart => ({ text, kana, en });

/** Common surnames; `variants` are the variant-kanji spellings (髙/﨑/𠮷/邉 …) some bearers use. */
const SURNAMES: readonly (NamePart & { variants?: readonly string[] })[] = [
  { ...part('佐藤', 'サトウ', 'Sato') },
  { ...part('鈴木', 'スズキ', 'Suzuki') },
  { ...part('高橋', 'タカハシ', 'Takahashi'), variants: ['髙橋'] },
  { ...part('田中', 'タナカ', 'Tanaka') },
  { ...part('伊藤', 'イトウ', 'Ito') },
  { ...part('渡辺', 'ワタナベ', 'Watanabe'), variants: ['渡邉', '渡邊'] },
  { ...part('山本', 'ヤマモト', 'Yamamoto') },
  { ...part('中村', 'ナカムラ', 'Nakamura') },
  { ...part('小林', 'コバヤシ', 'Kobayashi') },
  { ...part('加藤', 'カトウ', 'Kato') },
  { ...part('吉田', 'ヨシダ', 'Yoshida'), variants: ['𠮷田'] },
  { ...part('山田', 'ヤマダ', 'Yamada') },
  { ...part('佐々木', 'ササキ', 'Sasaki') },
  { ...part('山口', 'ヤマグチ', 'Yamaguchi') },
  { ...part('松本', 'マツモト', 'Matsumoto') },
  { ...part('井上', 'イノウエ', 'Inoue') },
  { ...part('木村', 'キムラ', 'Kimura') },
  { ...part('林', 'ハヤシ', 'Hayashi') },
  { ...part('斎藤', 'サイトウ', 'Saito'), variants: ['齋藤', '齊藤', '斉藤'] },
  { ...part('清水', 'シミズ', 'Shimizu') },
  { ...part('山崎', 'ヤマザキ', 'Yamazaki'), variants: ['山﨑'] },
  { ...part('森', 'モリ', 'Mori') },
  { ...part('池田', 'イケダ', 'Ikeda') },
  { ...part('橋本', 'ハシモト', 'Hashimoto') },
  { ...part('阿部', 'アベ', 'Abe') },
  { ...part('石川', 'イシカワ', 'Ishikawa') },
  { ...part('山下', 'ヤマシタ', 'Yamashita') },
  { ...part('中島', 'ナカジマ', 'Nakajima') },
  { ...part('石井', 'イシイ', 'Ishii') },
  { ...part('小川', 'オガワ', 'Ogawa') },
  { ...part('前田', 'マエダ', 'Maeda') },
  { ...part('岡田', 'オカダ', 'Okada') },
  { ...part('長谷川', 'ハセガワ', 'Hasegawa') },
  { ...part('藤田', 'フジタ', 'Fujita') },
  { ...part('後藤', 'ゴトウ', 'Goto') },
  { ...part('近藤', 'コンドウ', 'Kondo') },
  { ...part('村上', 'ムラカミ', 'Murakami') },
  { ...part('遠藤', 'エンドウ', 'Endo') },
  { ...part('青木', 'アオキ', 'Aoki') },
  { ...part('坂本', 'サカモト', 'Sakamoto') },
  { ...part('浜田', 'ハマダ', 'Hamada'), variants: ['濱田', '濵田'] },
  { ...part('宮崎', 'ミヤザキ', 'Miyazaki'), variants: ['宮﨑'] },
  { ...part('柴田', 'シバタ', 'Shibata') },
  { ...part('原田', 'ハラダ', 'Harada') },
  { ...part('藤井', 'フジイ', 'Fujii') },
  { ...part('高木', 'タカギ', 'Takagi'), variants: ['髙木'] },
  { ...part('島田', 'シマダ', 'Shimada'), variants: ['嶋田'] },
  { ...part('野口', 'ノグチ', 'Noguchi') },
  { ...part('岩崎', 'イワサキ', 'Iwasaki'), variants: ['岩﨑'] },
  { ...part('広瀬', 'ヒロセ', 'Hirose'), variants: ['廣瀬'] },
];

/** Words facilities are named after. */
const WORDS: readonly NamePart[] = [
  part('さくら', 'サクラ', 'Sakura'),
  part('ひまわり', 'ヒマワリ', 'Himawari'),
  part('あおば', 'アオバ', 'Aoba'),
  part('青葉', 'アオバ', 'Aoba'),
  part('みどり', 'ミドリ', 'Midori'),
  part('緑が丘', 'ミドリガオカ', 'Midorigaoka'),
  part('桜ヶ丘', 'サクラガオカ', 'Sakuragaoka'),
  part('つばさ', 'ツバサ', 'Tsubasa'),
  part('ひかり', 'ヒカリ', 'Hikari'),
  part('希望', 'キボウ', 'Kibo'),
  part('若葉', 'ワカバ', 'Wakaba'),
  part('本町', 'ホンマチ', 'Hommachi'),
  part('旭', 'アサヒ', 'Asahi'),
  part('日の出', 'ヒノデ', 'Hinode'),
  part('すずらん', 'スズラン', 'Suzuran'),
  part('いずみ', 'イズミ', 'Izumi'),
  part('けやき', 'ケヤキ', 'Keyaki'),
  part('かえで', 'カエデ', 'Kaede'),
  part('あすなろ', 'アスナロ', 'Asunaro'),
  part('はなみずき', 'ハナミズキ', 'Hanamizuki'),
  part('たんぽぽ', 'タンポポ', 'Tampopo'),
  part('すこやか', 'スコヤカ', 'Sukoyaka'),
  part('ふたば', 'フタバ', 'Futaba'),
  part('あおぞら', 'アオゾラ', 'Aozora'),
  part('やまびこ', 'ヤマビコ', 'Yamabiko'),
  part('駅前', 'エキマエ', 'Ekimae'),
  part('中央', 'チュウオウ', 'Chuo'),
  part('東', 'ヒガシ', 'Higashi'),
  part('西', 'ニシ', 'Nishi'),
  part('南', 'ミナミ', 'Minami'),
  part('北', 'キタ', 'Kita'),
  part('ファミリー', 'ファミリー', 'Family'),
  part('メディカル', 'メディカル', 'Medical'),
  part('ライフ', 'ライフ', 'Life'),
  part('グリーン', 'グリーン', 'Green'),
  part('オリーブ', 'オリーブ', 'Olive'),
];

/** The legal-entity prefixes the real files carry inside 正式名称 (with the entity's name after them). */
const LEGAL_PREFIXES: readonly { part: NamePart; kinds: readonly InstitutionKind[] }[] = [
  { part: part('医療法人社団', 'イリョウホウジンシャダン', ''), kinds: ['病院', '診療所', '歯科診療所'] },
  { part: part('医療法人財団', 'イリョウホウジンザイダン', ''), kinds: ['病院', '診療所'] },
  { part: part('医療法人', 'イリョウホウジン', ''), kinds: ['病院', '診療所', '歯科診療所'] },
  { part: part('社会医療法人', 'シャカイイリョウホウジン', ''), kinds: ['病院'] },
  { part: part('一般社団法人', 'イッパンシャダンホウジン', ''), kinds: ['病院', '診療所'] },
  { part: part('社会福祉法人', 'シャカイフクシホウジン', ''), kinds: ['病院', '診療所'] },
  { part: part('株式会社', 'カブシキガイシャ', ''), kinds: ['薬局'] },
  { part: part('有限会社', 'ユウゲンガイシャ', ''), kinds: ['薬局'] },
];

/** Names of the legal entities (…会) behind a prefix. */
const ENTITY_NAMES: readonly NamePart[] = [
  part('誠和会', 'セイワカイ', ''),
  part('健生会', 'ケンセイカイ', ''),
  part('仁愛会', 'ジンアイカイ', ''),
  part('清風会', 'セイフウカイ', ''),
  part('博愛会', 'ハクアイカイ', ''),
  part('恵生会', 'ケイセイカイ', ''),
  part('寿会', 'コトブキカイ', ''),
  part('松風会', 'ショウフウカイ', ''),
  part('慈孝会', 'ジコウカイ', ''),
  part('和光会', 'ワコウカイ', ''),
  part('明生会', 'メイセイカイ', ''),
  part('光陽会', 'コウヨウカイ', ''),
  part('緑樹会', 'リョクジュカイ', ''),
  part('秀峰会', 'シュウホウカイ', ''),
];

const PHARMACY_ENTITIES: readonly NamePart[] = [
  part('ファーマシー', 'ファーマシー', ''),
  part('メディカルサポート', 'メディカルサポート', ''),
  part('ヘルスケア', 'ヘルスケア', ''),
  part('調剤センター', 'チョウザイセンター', ''),
];

/** The department a clinic's name says, by its first department's code. */
const CLINIC_DEPARTMENT_WORDS: Readonly<Record<string, NamePart>> = {
  '01001': part('内科', 'ナイカ', 'Internal Medicine'),
  '01014': part('呼吸器内科', 'コキュウキナイカ', 'Respiratory Medicine'),
  '01017': part('循環器内科', 'ジュンカンキナイカ', 'Cardiology'),
  '01020': part('消化器内科', 'ショウカキナイカ', 'Gastroenterology'),
  '01022': part('腎臓内科', 'ジンゾウナイカ', 'Nephrology'),
  '02001': part('外科', 'ゲカ', 'Surgery'),
  '02035': part('整形外科', 'セイケイゲカ', 'Orthopedics'),
  '02036': part('形成外科', 'ケイセイゲカ', 'Plastic Surgery'),
  '03001': part('小児科', 'ショウニカ', 'Pediatrics'),
  '04001': part('レディース', 'レディース', "Women's"),
  '04003': part('婦人科', 'フジンカ', 'Gynecology'),
  '05001': part('眼科', 'ガンカ', 'Eye'),
  '05002': part('耳鼻咽喉科', 'ジビインコウカ', 'ENT'),
  '06001': part('皮膚科', 'ヒフカ', 'Dermatology'),
  '06004': part('泌尿器科', 'ヒニョウキカ', 'Urology'),
  '07001': part('メンタル', 'メンタル', 'Mental'),
  '07003': part('心療内科', 'シンリョウナイカ', 'Psychosomatic Medicine'),
};

const HOSPITAL_MIDDLES: readonly NamePart[] = [
  part('', '', ''),
  part('', '', ''),
  part('総合', 'ソウゴウ', 'General'),
  part('中央', 'チュウオウ', 'Chuo'),
  part('記念', 'キネン', 'Memorial'),
  part('第一', 'ダイイチ', 'Daiichi'),
  part('共立', 'キョウリツ', 'Kyoritsu'),
  part('厚生', 'コウセイ', 'Kosei'),
  part('脳神経外科', 'ノウシンケイゲカ', 'Neurosurgical'),
  part('整形外科', 'セイケイゲカ', 'Orthopedic'),
  part('リハビリテーション', 'リハビリテーション', 'Rehabilitation'),
];

/** A municipality's own hospital: 市立病院, 町立病院, 村立病院 (a ward has none). */
const PUBLIC_HOSPITAL: Readonly<Record<PlaceStem['suffix'], NamePart | undefined>> = {
  市: part('市立病院', 'シリツビョウイン', ''),
  町: part('町立病院', 'チョウリツビョウイン', ''),
  村: part('村立病院', 'ソンリツビョウイン', ''),
  区: undefined,
  ward: undefined,
};

/** One of `list`, each as likely. */
export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
/** A whole number from `min` to `max`, both included. */
export const between = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

/** A municipality's name without 郡 and 市/区/町/村, and what it was (a designated city's ward: 'ward'). */
export interface PlaceStem extends NamePart {
  suffix: '市' | '区' | '町' | '村' | 'ward';
}

/**
 * The reading of each designated city before its wards' names (「サッポロシ」 for 札幌市…区): what all its
 * wards' readings start with, cut after its last 「シ」.
 */
export function designatedCityReadings(municipalities: readonly { name: string; kana: string }[]): Map<string, string> {
  const byCity = new Map<string, string[]>();
  for (const m of municipalities) {
    const ward = /^(.+?市).+区$/.exec(m.name);
    if (!ward) continue;
    const list = byCity.get(ward[1] as string) ?? [];
    list.push(m.kana.normalize('NFKC'));
    byCity.set(ward[1] as string, list);
  }
  const readings = new Map<string, string>();
  for (const [city, kanas] of byCity) {
    if (kanas.length < 2) continue;
    let common = kanas[0] as string;
    for (const k of kanas) while (!k.startsWith(common)) common = common.slice(0, -1);
    const cut = common.lastIndexOf('シ');
    if (cut > 0) readings.set(city, common.slice(0, cut + 1));
  }
  return readings;
}

/**
 * A municipality's name without 郡 and 市/区/町/村 and its reading, when the reading shows where to cut;
 * a designated city's ward needs the city's reading (designatedCityReadings).
 */
export function municipalityStem(fullName: string, halfWidthKana: string, cityReadings?: ReadonlyMap<string, string>): PlaceStem | undefined {
  let name = fullName;
  let kana = halfWidthKana.normalize('NFKC');
  // 郡 (積丹郡積丹町): the town's own name, its reading after the last 「グン」.
  const county = /^.+郡(.+)$/.exec(name);
  if (county) {
    const cut = kana.lastIndexOf('グン');
    if (cut < 0) return undefined;
    name = county[1] as string;
    kana = kana.slice(cut + 2);
  }
  // 政令指定都市の区 (横浜市鶴見区): the ward's name, its reading after the city's.
  const ward = /^(.+?市)(.+)区$/.exec(name);
  if (ward) {
    const city = cityReadings?.get(ward[1] as string);
    if (!city || !kana.startsWith(city) || !kana.endsWith('ク')) return undefined;
    const wardKana = kana.slice(city.length, -1);
    return wardKana ? { ...part(ward[2] as string, wardKana, romaji(wardKana)), suffix: 'ward' } : undefined;
  }
  const suffixes: readonly [PlaceStem['suffix'], readonly string[]][] = [
    ['市', ['シ']],
    ['区', ['ク']],
    ['町', ['マチ', 'チョウ']],
    ['村', ['ムラ', 'ソン']],
  ];
  for (const [suffix, readings] of suffixes) {
    if (!name.endsWith(suffix) || name.length < 2) continue;
    const reading = readings.find((r) => kana.endsWith(r) && kana.length > r.length);
    if (!reading) return undefined;
    const stemKana = kana.slice(0, -reading.length);
    return { ...part(name.slice(0, -1), stemKana, romaji(stemKana)), suffix };
  }
  return undefined;
}

const ROMAJI: Readonly<Record<string, string>> = {
  ア: 'a',
  イ: 'i',
  ウ: 'u',
  エ: 'e',
  オ: 'o',
  カ: 'ka',
  キ: 'ki',
  ク: 'ku',
  ケ: 'ke',
  コ: 'ko',
  サ: 'sa',
  シ: 'shi',
  ス: 'su',
  セ: 'se',
  ソ: 'so',
  タ: 'ta',
  チ: 'chi',
  ツ: 'tsu',
  テ: 'te',
  ト: 'to',
  ナ: 'na',
  ニ: 'ni',
  ヌ: 'nu',
  ネ: 'ne',
  ノ: 'no',
  ハ: 'ha',
  ヒ: 'hi',
  フ: 'fu',
  ヘ: 'he',
  ホ: 'ho',
  マ: 'ma',
  ミ: 'mi',
  ム: 'mu',
  メ: 'me',
  モ: 'mo',
  ヤ: 'ya',
  ユ: 'yu',
  ヨ: 'yo',
  ラ: 'ra',
  リ: 'ri',
  ル: 'ru',
  レ: 're',
  ロ: 'ro',
  ワ: 'wa',
  ヲ: 'o',
  ン: 'n',
  ガ: 'ga',
  ギ: 'gi',
  グ: 'gu',
  ゲ: 'ge',
  ゴ: 'go',
  ザ: 'za',
  ジ: 'ji',
  ズ: 'zu',
  ゼ: 'ze',
  ゾ: 'zo',
  ダ: 'da',
  ヂ: 'ji',
  ヅ: 'zu',
  デ: 'de',
  ド: 'do',
  バ: 'ba',
  ビ: 'bi',
  ブ: 'bu',
  ベ: 'be',
  ボ: 'bo',
  パ: 'pa',
  ピ: 'pi',
  プ: 'pu',
  ペ: 'pe',
  ポ: 'po',
  ヴ: 'vu',
  ァ: 'a',
  ィ: 'i',
  ゥ: 'u',
  ェ: 'e',
  ォ: 'o',
};
const YOON: Readonly<Record<string, string>> = { ャ: 'a', ュ: 'u', ョ: 'o' };

/** Hepburn without macrons (long vowels written once: Tokyo, Osaka), capitalised: 「マエバシ」 → Maebashi. */
export function romaji(katakana: string): string {
  let out = '';
  let double = false;
  for (const ch of katakana) {
    if (ch === 'ッ') {
      double = true;
      continue;
    }
    if (ch === 'ー') continue;
    let syllable: string;
    const yoon = YOON[ch];
    if (yoon !== undefined) {
      // キャ → kya, シャ → sha, チャ → cha, ジャ → ja
      if (/(shi|chi|ji)$/.test(out)) out = out.slice(0, -1);
      else out = out.replace(/i$/, 'y');
      syllable = yoon;
    } else syllable = ROMAJI[ch] ?? '';
    if (double && syllable) syllable = (syllable.startsWith('ch') ? 't' : syllable[0]) + syllable;
    double = false;
    // ン before b, m, p stays n (the modified Hepburn of station signs); before a vowel it is n' — kept simple.
    out += syllable;
  }
  out = out
    .replace(/ou/g, 'o')
    .replace(/oo(?!$)/g, 'o')
    .replace(/uu/g, 'u');
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** Full-width Latin letters and digits (Ｃｌｉｎｉｃ), as some facilities typed their names. */
export function fullWidthLatin(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
}

/** Half-width katakana (ｸﾘﾆｯｸ), the other way some names were typed. */
const HALF_WIDTH_CLINIC = 'ｸﾘﾆｯｸ';

function surname(random: Random): NamePart {
  const s = pick(random, SURNAMES);
  // About one bearer in eight of a name with variants writes it the variant way.
  if (s.variants && random() < 0.125) return part(pick(random, s.variants), s.kana, s.en);
  return s;
}

const join = (parts: readonly NamePart[], enTail: string): { text: string; kana: string; en: string } => ({
  text: parts.map((p) => p.text).join(''),
  kana: parts.map((p) => p.kana).join(''),
  en: [...parts.map((p) => p.en).filter((e) => e !== ''), enTail].filter((e) => e !== '').join(' '),
});

export interface NameContext {
  kind: InstitutionKind;
  /** The municipality's stem (前橋, 鶴見), when its reading is known. */
  place?: PlaceStem;
  /** The facility's first department (clinics are named after it). */
  firstDepartment?: string;
}

/** Names for one facility of `context.kind`. */
export function facilityNames(random: Random, context: NameContext): FacilityNames {
  const place = context.place;
  const stem = (): NamePart => (place && random() < 0.35 ? place : random() < 0.5 ? surname(random) : pick(random, WORDS));
  let base: { text: string; kana: string; en: string };
  switch (context.kind) {
    case '病院': {
      const r = random();
      const publicHospital = place && PUBLIC_HOSPITAL[place.suffix];
      if (publicHospital && r < 0.08) base = join([place, publicHospital], 'Municipal Hospital');
      else if (r < 0.16) base = join([stem(), part('医療センター', 'イリョウセンター', '')], 'Medical Center');
      else {
        const middle = pick(random, HOSPITAL_MIDDLES);
        base = join([stem(), middle, part('病院', 'ビョウイン', '')], 'Hospital');
      }
      break;
    }
    case '診療所': {
      const dept = context.firstDepartment ? CLINIC_DEPARTMENT_WORDS[context.firstDepartment] : undefined;
      const r = random();
      const who = random() < 0.55 ? surname(random) : stem();
      if (r < 0.15) base = join([who, part('医院', 'イイン', '')], 'Clinic');
      else if (r < 0.22) base = join([who, part('診療所', 'シンリョウジョ', '')], 'Clinic');
      else if (r < 0.35 && dept) base = join([who, dept], '');
      else if (r < 0.42) base = join([who, part('ファミリークリニック', 'ファミリークリニック', '')], 'Family Clinic');
      else base = join(dept ? [who, dept, part('クリニック', 'クリニック', '')] : [who, part('クリニック', 'クリニック', '')], 'Clinic');
      // The real files' typing: ｸﾘﾆｯｸ in half-width katakana, or the English word in full-width Latin.
      const q = random();
      if (base.text.endsWith('クリニック') && q < 0.03) base = { ...base, text: base.text.slice(0, -5) + HALF_WIDTH_CLINIC };
      else if (base.text.endsWith('クリニック') && q < 0.05) base = { ...base, text: base.text.slice(0, -5) + fullWidthLatin('Clinic') };
      break;
    }
    case '歯科診療所': {
      const r = random();
      const who = random() < 0.5 ? surname(random) : stem();
      if (r < 0.3) base = join([who, part('歯科医院', 'シカイイン', '')], 'Dental Clinic');
      else if (r < 0.55) base = join([who, part('歯科', 'シカ', '')], 'Dental Office');
      else if (r < 0.7) base = join([who, part('歯科クリニック', 'シカクリニック', '')], 'Dental Clinic');
      else if (r < 0.85) base = join([who, part('デンタルクリニック', 'デンタルクリニック', '')], 'Dental Clinic');
      else base = join([who, part('歯科・矯正歯科', 'シカキョウセイシカ', '')], 'Dental and Orthodontic Clinic');
      if (random() < 0.02) base = { ...base, text: base.text.replace('デンタルクリニック', fullWidthLatin('Dental Clinic')) };
      break;
    }
    case '助産所': {
      const who = random() < 0.6 ? surname(random) : stem();
      base =
        random() < 0.7 ? join([who, part('助産院', 'ジョサンイン', '')], 'Midwifery Home') : join([who, part('助産所', 'ジョサンショ', '')], 'Midwifery Home');
      break;
    }
    case '薬局': {
      const r = random();
      const brand = random() < 0.7 ? pick(random, WORDS) : surname(random);
      if (r < 0.4 && place) {
        // A chain's branch: 「さくら薬局　前橋店」.
        const space = random() < 0.7 ? '\u3000' : ' ';
        base = {
          text: `${brand.text}薬局${space}${place.text}店`,
          kana: `${brand.kana}ヤッキョク${space === ' ' ? ' ' : '\u3000'}${place.kana}テン`,
          en: `${brand.en} Pharmacy ${place.en}`,
        };
      } else if (r < 0.6) base = join([brand, part('調剤薬局', 'チョウザイヤッキョク', '')], 'Dispensing Pharmacy');
      else base = join([brand, part('薬局', 'ヤッキョク', '')], 'Pharmacy');
      break;
    }
  }

  // The legal-entity prefix inside 正式名称: about a third of hospitals, a fifth of clinics.
  const prefixShare: Record<InstitutionKind, number> = { 病院: 0.35, 診療所: 0.2, 歯科診療所: 0.15, 助産所: 0, 薬局: 0.05 };
  let name = base.text;
  let kana = base.kana;
  let shortName = '';
  let shortKana = '';
  if (random() < prefixShare[context.kind]) {
    const prefixes = LEGAL_PREFIXES.filter((p) => p.kinds.includes(context.kind));
    const prefix = pick(random, prefixes).part;
    const entity = context.kind === '薬局' ? pick(random, PHARMACY_ENTITIES) : pick(random, ENTITY_NAMES);
    const sep = pick(random, ['\u3000', ' ', '']);
    name = `${prefix.text}${entity.text}${sep}${base.text}`;
    kana = `${prefix.kana}${entity.kana}${sep === '' ? '' : sep === ' ' ? ' ' : '\u3000'}${base.kana}`;
    if (random() < 0.6) {
      shortName = base.text;
      shortKana = base.kana;
    }
  } else if (random() < 0.1) {
    shortName = base.text;
    shortKana = base.kana;
  }
  // A few readings were typed in half-width katakana.
  if (random() < 0.01) kana = toHalfWidthKana(kana);
  const enShare: Record<InstitutionKind, number> = { 病院: 0.6, 診療所: 0.25, 歯科診療所: 0.2, 助産所: 0.1, 薬局: 0.3 };
  const en = random() < enShare[context.kind] ? base.en : '';
  const slug = base.en.toLowerCase().replace(/[^a-z]+/g, '') || 'facility';
  return { name, kana, shortName, shortKana, en, slug };
}

const HALF_WIDTH: Readonly<Record<string, string>> = (() => {
  const full = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー';
  const half = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ';
  const map: Record<string, string> = {};
  [...full].forEach((c, i) => (map[c] = half[i] as string));
  const voiced = 'ガギグゲゴザジズゼゾダヂヅデドバビブベボ';
  const plain = 'カキクケコサシスセソタチツテトハヒフヘホ';
  [...voiced].forEach((c, i) => (map[c] = `${map[plain[i] as string]}ﾞ`));
  const semi = 'パピプペポ';
  [...semi].forEach((c, i) => (map[c] = `${map['ハヒフヘホ'[i] as string]}ﾟ`));
  map['ヴ'] = 'ｳﾞ';
  map['\u3000'] = ' ';
  return map;
})();

/** 「サクラ」 → 「ｻｸﾗ」. */
export function toHalfWidthKana(s: string): string {
  let out = '';
  for (const c of s) out += HALF_WIDTH[c] ?? c;
  return out;
}
