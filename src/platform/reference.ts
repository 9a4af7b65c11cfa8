// Reference numbers people read out over the phone or copy from a mail: a letter for what it is,
// the Japan date, then random characters that cannot be mistaken for one another (no I, L, O, U).
import { jstDateStamp } from './japanese/time.ts';
import type { RandomSource } from './secrets.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `${prefix}-20261121-4K7M…`: the Japan date of `now`, then `length` random characters. */
export function referenceNumber(prefix: string, now: number, random: RandomSource, length: number): string {
  const date = jstDateStamp(now);
  let tail = '';
  for (let i = 0; i < length; i++) tail += ALPHABET[random.int(ALPHABET.length)];
  return `${prefix}-${date}-${tail}`;
}

/** Matches what referenceNumber(prefix, …, length) makes. */
export const referencePattern = (prefix: string, length: number): RegExp => new RegExp(`^${prefix}-\\d{8}-[0-9A-HJKMNP-TV-Z]{${length}}$`);
