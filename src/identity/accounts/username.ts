// Usernames: 8 characters, two lower-case letters and six digits (like ex000000). They never change.
import type { RandomSource } from '../../platform/secrets.ts';

export const USERNAME_PATTERN = /^[a-z]{2}[0-9]{6}$/;
const LETTERS = 'abcdefghijkmnpqrstuvwxyz'; // no 'l' and 'o': they read as 1 and 0 on paper

export function generateUsername(random: RandomSource): string {
  let name = '';
  for (let i = 0; i < 2; i++) name += LETTERS[random.int(LETTERS.length)];
  for (let i = 0; i < 6; i++) name += String(random.int(10));
  return name;
}
