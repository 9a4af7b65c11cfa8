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
