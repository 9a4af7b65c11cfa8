// The common-password list: zxcvbn's frequency-ordered "passwords-common" dictionary, shipped by
// @zxcvbn-ts/language-common (≈49,000 entries, all lower-case). We use the whole list, which is
// well above the 10,000 most common entries the policy requires.
//
// The package decompresses its word list when it is first imported; the lookup Set is built on
// the first call to isCommonPassword() and then reused.
import { dictionary } from '@zxcvbn-ts/language-common';

const LIST: readonly string[] = dictionary['passwords-common'];

/** Number of entries in the common-password list used by the policy. */
export const COMMON_PASSWORD_COUNT: number = LIST.length;

let lowerCased: Set<string> | undefined;

function commonSet(): Set<string> {
  if (!lowerCased) {
    lowerCased = new Set();
    for (const entry of LIST) if (entry) lowerCased.add(entry.toLowerCase());
  }
  return lowerCased;
}

/** True when the password is on the common-password list, compared case-insensitively. */
export function isCommonPassword(p: string): boolean {
  if (!p) return false;
  return commonSet().has(p.toLowerCase());
}

/** Where every origin serves that part of the list (public/js/password-checklist.js fetches it). */
export const COMMON_PASSWORDS_PATH = '/static/common-passwords.json';

/**
 * The entries a password meeting the four listed rules can match (8 or more characters, a digit and
 * at least two ASCII letters once lower-cased: one from an upper-case letter, one from a lower-case
 * one), for the page's live checklist: about a tenth of the list, and for such a password
 * `list.includes(password.toLowerCase())` answers exactly as isCommonPassword. The server still checks.
 */
export function commonPasswordsForTheChecklist(): string[] {
  return [...commonSet()].filter((e) => [...e].length >= 8 && /[0-9]/.test(e) && (e.match(/[a-z]/g)?.length ?? 0) >= 2);
}
