// Normalising what people type on Japanese keyboards (全角/半角), in one place: telephone numbers,
// extension numbers, e-mail addresses, postcodes, codes, フリガナ, names and addresses (stored in
// full width), and free text for search.

/** Hyphens, dashes and minus signs: ASCII, full-width, typographic, box-drawing. */
const DASHES = /[-\u2010-\u2015\u2212\u2043\uFF0D\uFE58\uFE63\u2500\u2501]/g;
/** Everything people type for a hyphen in a number or a code: the dashes and 長音 (ー, half-width ｰ). */
const HYPHENS = /[-\u2010-\u2015\u2212\u2043\u30FC\uFF0D\uFF70\uFE58\uFE63\u2500\u2501]/g;
/**
 * ー (after NFKC, half-width ｰ is ー too) that does not follow kana: there it is the prolonged sound
 * mark (センター, らーめん, and every ー of a run such as ゴーー) and stays; after a digit, a letter,
 * a kanji or at the start it stands for a hyphen (築地5ー1ー1, Ａー１).
 */
const LONE_PROLONGED_MARK = /(?<![\u3041-\u3096\u309D\u309E\u30A1-\u30FA\u30FD\u30FE\u31F0-\u31FF]\u30FC*)\u30FC/g;
/** CJK compatibility ideographs (宝\uFA10 as some name lists write 塚): NFKC would replace them with the unified form. */
const COMPATIBILITY_IDEOGRAPHS = /([\uF900-\uFAFF]|\uD87E[\uDC00-\uDE1F])/;
/** Half-width, full-width (U+3000) and other spaces, and tabs. */
const SPACES = /[\s\u3000]+/g;

/** NFKC (full-width letters and digits to ASCII, half-width katakana to full width) that keeps what someone typed as a name: compatibility ideographs stay. */
const nfkc = (s: string) =>
  s
    .split(COMPATIBILITY_IDEOGRAPHS)
    .map((part, i) => (i % 2 === 1 ? part : part.normalize('NFKC')))
    .join('');

const toHalfWidthDigits = (s: string) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

export type PhoneProblem = 'characters' | 'length' | 'prefix';

export type PhoneResult = { ok: true; value: string | null } | { ok: false; problem: PhoneProblem };

/**
 * A Japanese telephone or fax number as half-width digits and hyphens: full-width digits become
 * half-width, every kind of hyphen and dash (and spaces between groups) becomes "-". Empty input is
 * no number. Anything else (letters, parentheses, "+81") is refused, not guessed at.
 */
export function normalisePhoneNumber(raw: string): PhoneResult {
  const s = toHalfWidthDigits(raw)
    .trim()
    .replace(SPACES, '-')
    .replace(HYPHENS, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s === '') return { ok: true, value: null };
  if (!/^[0-9-]+$/.test(s)) return { ok: false, problem: 'characters' };
  const digits = s.replace(/-/g, '');
  if (!digits.startsWith('0')) return { ok: false, problem: 'prefix' };
  // Fixed lines and 0120/0570 numbers have 10 digits, mobile and IP phones 11.
  if (digits.length < 10 || digits.length > 11) return { ok: false, problem: 'length' };
  return { ok: true, value: s };
}

export type ExtensionResult = { ok: true; value: string | null } | { ok: false; problem: 'characters' | 'length' };

/** 内線: half-width digits, optionally grouped with hyphens, up to 10 characters. */
export function normaliseExtension(raw: string): ExtensionResult {
  const s = toHalfWidthDigits(raw)
    .trim()
    .replace(SPACES, '-')
    .replace(HYPHENS, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s === '') return { ok: true, value: null };
  if (!/^[0-9-]+$/.test(s)) return { ok: false, problem: 'characters' };
  if (s.length > 10) return { ok: false, problem: 'length' };
  return { ok: true, value: s };
}

/** An e-mail address as typed on a Japanese keyboard: full-width letters and "＠" become ASCII. */
export function normaliseEmail(raw: string): string {
  return raw.normalize('NFKC').replace(SPACES, '');
}

/** One line of free text: NFKC keeps full-width letters and half-width katakana from mattering; spaces collapse. */
export function normaliseLine(raw: string): string {
  return nfkc(raw)
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Free text with line breaks (an inquiry's body): NFC only, CRLF to LF, no other control characters. */
export function normaliseText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .trim();
}

/** The form text takes for search, on both sides of a comparison: NFKC, lower case, single spaces. */
export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

/**
 * A date and time as the office types it (２０２６－１１－１３　０９：００, 2026ー11ー13 9:00): NFKC, every hyphen or 長音 to "-",
 * spaces to one. Whether it is a time is the caller's check.
 */
export function normaliseDateTime(raw: string): string {
  return raw.normalize('NFKC').replace(HYPHENS, '-').replace(SPACES, ' ').trim();
}

/** 郵便番号 as 7 half-width digits: full-width digits, "〒", spaces and any hyphen are accepted; anything else is not a postcode (undefined). Empty is null. */
export function normalisePostcode(raw: string): string | null | undefined {
  const s = toHalfWidthDigits(raw)
    .replace(/[〒\s\u3000]/g, '')
    .replace(HYPHENS, '');
  if (s === '') return null;
  return /^[0-9]{7}$/.test(s) ? s : undefined;
}

/**
 * A code people copy from paper (機関コード, 保険機関コード): NFKC (full-width letters and digits become half-width),
 * hyphens unified, spaces removed, letters upper-cased.
 */
export function normaliseCode(raw: string): string {
  return raw.normalize('NFKC').replace(SPACES, '').replace(HYPHENS, '-').toUpperCase();
}

/**
 * フリガナ in full-width katakana: half-width katakana and hiragana become full-width katakana, spaces become one full-width
 * space. Whether only katakana remain is the caller's check (isKatakana).
 */
export function normaliseKana(raw: string): string {
  return nfkc(raw)
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(DASHES, 'ー')
    .replace(SPACES, '\u3000')
    .replace(/^\u3000+|\u3000+$/g, '');
}

/** Full-width katakana, the prolonged sound mark, the middle dot and full-width spaces only. */
export const isKatakana = (s: string): boolean => /^[\u30A1-\u30FA\u30FC\u30FB\u3000]+$/.test(s);

/**
 * A name or an address in full width, as the master keeps them: NFKC first (so half-width katakana and
 * odd forms unify; compatibility ideographs kept), then ASCII letters, digits and signs to full width,
 * every hyphen or dash to "－", ー to "－" only where it stands for a hyphen (not after kana), spaces
 * to one full-width space, control characters removed.
 */
export function normaliseFullWidth(raw: string): string {
  return nfkc(raw)
    .replace(SPACES, '\u3000')
    .replace(/[\u0000-\u001F\u007F]/g, '')
    .replace(DASHES, '－')
    .replace(LONE_PROLONGED_MARK, '－')
    .replace(/^\u3000+|\u3000+$/g, '')
    .replace(/[\u0021-\u007E]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
