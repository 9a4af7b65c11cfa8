// How names, フリガナ, addresses and typed keywords are folded for the public search, and the grams
// the keyword index holds: both sides of a match go through the same functions, so a term matches
// when its folded form is a substring of a folded field.
//
// Folding: NFKC (全角英数 → ASCII, 半角カナ → 全角, compatibility ideographs → unified), lower case,
// variant kanji (data/variants.csv), katakana → hiragana and small kana → large (フリガナ are often
// written ｲﾘﾖｳ or イリョウ for the same name), then everything but letters and digits dropped: spaces,
// punctuation (・ ( ) - 〜), symbols, and the long-vowel mark ー (typed as ー, －, - or not at all).
//
// variants.csv lists, one a line, a variant and the form it folds to, with where the pair comes from:
// `jouyou` — the 常用漢字表 (平成22年内閣告示第2号) gives the variant in brackets as the 康熙字典体 of
// the folded form (會 for 会, 醫 for 医, 齒 for 歯 …), as older facility names still write them;
// `name` — a variant of the same character used in personal and place names (髙橋, 山﨑, 渡邉, 𠮷野,
// 濵田, 槇 and 槙, 籠 and its common form 篭). Only pairs we are sure are one character are listed:
// 斉 and 斎 are different characters (齊 folds to 斉, 齋 to 斎), and so are 崎 and 埼.
//
// The legal-entity prefix of a name (医療法人社団, 社会福祉法人, (医) …) and the corporation's own name
// after it (医療法人社団 田中会 田中クリニック → 田中会) are split off: they are indexed, but as the
// facility's other names, so 「田中」 matches 田中クリニック by its name and 医療法人社団田中会 by its
// corporation, and the name sort key is the facility's own.
import { readFileSync } from 'node:fs';

const VARIANTS: ReadonlyMap<string, string> = new Map(
  readFileSync(new URL('./data/variants.csv', import.meta.url), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [variant, folded] = line.split(',');
      if (!variant || !folded || [...variant].length !== 1) throw new Error(`variants.csv: bad line "${line}"`);
      return [variant, folded] as const;
    }),
);
/** Any variant (one code point each, 𠮷 outside the BMP among them); HAS_VARIANT without the global flag's lastIndex. */
const VARIANT = new RegExp(`[${[...VARIANTS.keys()].join('')}]`, 'gu');
const HAS_VARIANT = new RegExp(VARIANT.source, 'u');

/** Small kana (after katakana → hiragana) and their large forms. */
const SMALL_KANA: Readonly<Record<string, string>> = {
  ぁ: 'あ',
  ぃ: 'い',
  ぅ: 'う',
  ぇ: 'え',
  ぉ: 'お',
  っ: 'つ',
  ゃ: 'や',
  ゅ: 'ゆ',
  ょ: 'よ',
  ゎ: 'わ',
  ゕ: 'か',
  ゖ: 'け',
};

const KANA_FROM = 0x3041;
/** Per code from ぁ (U+3041) to ヾ (U+30FE): what it folds to (katakana → hiragana, small → large). */
const KANA_FOLD = (() => {
  const table = new Uint16Array(0x30ff - KANA_FROM);
  for (let code = KANA_FROM; code < 0x30ff; code++) {
    const kata = (code >= 0x30a1 && code <= 0x30f6) || code === 0x30fd || code === 0x30fe;
    const hira = kata ? code - 0x60 : code;
    const large = SMALL_KANA[String.fromCharCode(hira)];
    table[code - KANA_FROM] = large ? large.charCodeAt(0) : hira;
  }
  return table;
})();

/** Katakana ァ–ヶ and ヽヾ as hiragana, small kana as large (one pass over the UTF-16 units). */
function foldKana(s: string): string {
  let out: number[] | undefined;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < KANA_FROM || code >= 0x30ff) continue;
    const folded = KANA_FOLD[code - KANA_FROM]!;
    if (folded === code) continue;
    out ??= Array.from({ length: s.length }, (_, j) => s.charCodeAt(j));
    out[i] = folded;
  }
  if (!out) return s;
  let folded = '';
  for (let i = 0; i < out.length; i += 4096) folded += String.fromCharCode(...out.slice(i, i + 4096));
  return folded;
}

const foldVariants = (s: string): string => (HAS_VARIANT.test(s) ? s.replace(VARIANT, (c) => VARIANTS.get(c) ?? c) : s);

/** NFKC, lower case, variant kanji, kana folded; spaces kept as single spaces, punctuation kept. */
export function normalizeForSearch(s: string): string {
  return foldKana(foldVariants(s.normalize('NFKC').toLowerCase()))
    .replace(/\s+/gu, ' ')
    .trim();
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** Per BMP code unit, learnt on first sight: 1 a letter or digit (kept), 2 anything else (dropped). */
const KEEP = new Uint8Array(0x10000);
/** In the kana block, what is not a letter: unassigned, combining and spacing (han)dakuten, ゠, ・, and ー (dropped too). */
const KANA_DROPPED = new Set([0x3097, 0x3098, 0x3099, 0x309a, 0x309b, 0x309c, 0x30a0, 0x30fb, 0x30fc]);

/**
 * Letters and digits only, variants and kana folded, in one pass over text that is NFKC and lower
 * case already (folding twice changes nothing): the long-vowel mark, spaces, punctuation and symbols
 * dropped.
 */
function compact(n: string): string {
  let out = '';
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) out += n[i];
      continue;
    }
    if (c >= KANA_FROM && c < 0x30ff) {
      if (!KANA_DROPPED.has(c)) out += String.fromCharCode(KANA_FOLD[c - KANA_FROM]!);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n.length) {
      const ch = n.slice(i, i + 2);
      i++;
      out += VARIANTS.get(ch) ?? (LETTER_OR_DIGIT.test(ch) ? ch : '');
      continue;
    }
    const ch = n[i]!;
    const variant = VARIANTS.get(ch);
    if (variant !== undefined) {
      out += variant;
      continue;
    }
    let keep = KEEP[c]!;
    if (keep === 0) KEEP[c] = keep = LETTER_OR_DIGIT.test(ch) ? 1 : 2;
    if (keep === 1) out += ch;
  }
  return out;
}

/** A text as the index holds it and a keyword is compared: normalised, then letters and digits only. */
export function fold(s: string): string {
  return compact(s.normalize('NFKC').toLowerCase());
}

/**
 * Legal-entity prefixes (the words of the corporation's kind), written out and abbreviated, and
 * their フリガナ; longest first, so 医療法人社団 is not taken for 医療法人.
 */
const ENTITY_PREFIXES: readonly string[] = [
  '社会医療法人財団',
  '社会医療法人社団',
  '社会医療法人',
  '特定医療法人財団',
  '特定医療法人社団',
  '特定医療法人',
  '医療法人社団',
  '医療法人財団',
  '医療法人',
  '一般社団法人',
  '公益社団法人',
  '一般財団法人',
  '公益財団法人',
  '社会福祉法人',
  '地方独立行政法人',
  '独立行政法人',
  '国立研究開発法人',
  '国立大学法人',
  '公立大学法人',
  '学校法人',
  '宗教法人',
  '株式会社',
  '有限会社',
  '合同会社',
  '(医社)',
  '(医財)',
  '(社医)',
  '(特医)',
  '(社福)',
  '(一社)',
  '(公社)',
  '(一財)',
  '(公財)',
  '(地独)',
  '(医)',
  '(福)',
  '(独)',
  '(学)',
  '(宗)',
  '(株)',
  '(有)',
  'シャカイイリョウホウジンザイダン',
  'シャカイイリョウホウジンシャダン',
  'シャカイイリョウホウジン',
  'トクテイイリョウホウジンザイダン',
  'トクテイイリョウホウジンシャダン',
  'トクテイイリョウホウジン',
  'イリョウホウジンシャダン',
  'イリョウホウジンザイダン',
  'イリョウホウジン',
  'イッパンシャダンホウジン',
  'コウエキシャダンホウジン',
  'イッパンザイダンホウジン',
  'コウエキザイダンホウジン',
  'シャカイフクシホウジン',
  'チホウドクリツギョウセイホウジン',
  'ドクリツギョウセイホウジン',
  'コクリツケンキュウカイハツホウジン',
  'コクリツダイガクホウジン',
  'コウリツダイガクホウジン',
  'ガッコウホウジン',
  'シュウキョウホウジン',
  'カブシキガイシャ',
  'カブシキカイシャ',
  'ユウゲンガイシャ',
  'ユウゲンカイシャ',
  'ゴウドウガイシャ',
  'ゴウドウカイシャ',
]
  .map(normalizeForSearch)
  .sort((a, b) => b.length - a.length);

/** Where `prefix` ends at the start of `s`, spaces in `s` skipped (医療法人 社団); -1 when it is not there. */
function prefixEnd(s: string, prefix: string): number {
  let i = 0;
  for (const c of prefix) {
    while (s[i] === ' ') i++;
    if (s[i] !== c) return -1;
    i++;
  }
  return i;
}

/** A name split for the index: the facility's own name, and the corporation's (its kind's words and its name). */
export interface NameParts {
  /** Folded: the facility's own name (the whole name when there is no prefix). */
  own: string;
  /** Folded: the legal-entity prefix and the corporation's name, or '' when the name has none. */
  entity: string;
}

/**
 * Splits a name or its フリガナ: a legal-entity prefix at the start, then — when a space follows a
 * word — that word as the corporation's name (医療法人社団 田中会 田中クリニック). Without a space the
 * rest is the facility's own name (医療法人田中医院 → 田中医院). Nothing is lost: what is not the own
 * name is the entity part.
 */
export function splitName(name: string): NameParts {
  const s = normalizeForSearch(name);
  for (const prefix of ENTITY_PREFIXES) {
    const end = prefixEnd(s, prefix);
    if (end < 0) continue;
    const rest = s.slice(end).trimStart();
    const space = rest.indexOf(' ');
    const corporation = space > 0 ? rest.slice(0, space) : '';
    const own = compact(space > 0 ? rest.slice(space + 1) : rest);
    if (own === '') return { own: compact(s), entity: '' };
    return { own, entity: compact(s.slice(0, end) + corporation) };
  }
  return { own: compact(s), entity: '' };
}

/** Adds the unigrams and bigrams of one folded field to `grams`. */
export function addGrams(grams: Set<string>, field: string): void {
  if (!/[\uD800-\uDFFF]/.test(field)) {
    for (let i = 0; i < field.length; i++) {
      grams.add(field[i]!);
      if (i + 1 < field.length) grams.add(field.slice(i, i + 2));
    }
    return;
  }
  const chars = [...field];
  for (let i = 0; i < chars.length; i++) {
    grams.add(chars[i]!);
    if (i + 1 < chars.length) grams.add(chars[i]! + chars[i + 1]!);
  }
}

/** The unigrams and bigrams of folded fields (never across two fields), each once, in first-seen order. */
export function gramsOf(fields: readonly string[]): string[] {
  const grams = new Set<string>();
  for (const field of fields) addGrams(grams, field);
  return [...grams];
}

/** The most terms a keyword is split into, and the longest term kept (characters after folding). */
export const MAX_TERMS = 8;
export const MAX_TERM_LENGTH = 40;

/** A keyword as folded terms: split on spaces (全角 too), each folded, the empty and the repeated dropped. */
export function keywordTerms(keyword: string): string[] {
  const terms = new Set<string>();
  for (const word of keyword.normalize('NFKC').split(/\s+/u)) {
    const term = [...fold(word)].slice(0, MAX_TERM_LENGTH).join('');
    if (term !== '') terms.add(term);
    if (terms.size === MAX_TERMS) break;
  }
  return [...terms];
}

/** What the index looks up for a term: the term itself when it has 1 or 2 characters, otherwise its bigrams. */
export function termGrams(term: string): string[] {
  const chars = [...term];
  if (chars.length <= 2) return [term];
  return [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]!))];
}
