// Normalising what people type on Japanese keyboards (全角/半角), in one place: telephone numbers,
// extension numbers, e-mail addresses and free text for search.

/** Everything people type for a hyphen: ASCII, full-width, 長音 (full and half width), dashes, minus signs. */
const HYPHENS = /[-\u2010-\u2015\u2212\u2043\u30FC\uFF0D\uFF70\uFE58\uFE63\u2500\u2501]/g;
/** Half-width, full-width (U+3000) and other spaces, and tabs. */
const SPACES = /[\s\u3000]+/g;

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
  return raw.normalize('NFKC').replace(/[\u0000-\u001F\u007F]/g, ' ').replace(/\s+/g, ' ').trim();
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
