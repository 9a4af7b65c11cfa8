// Option values the reporting commands share, checked as commander parses them (a bad one: the
// command's usage error, exit code 1).
import { InvalidArgumentError } from 'commander';
import { PREFECTURE_CODES } from '../institutions/places.ts';

/** A prefecture code, `13` or `1` (→ `01`). */
export function prefecture(value: string): string {
  const code = value.padStart(2, '0');
  if (!PREFECTURE_CODES.includes(code)) throw new InvalidArgumentError('a prefecture code 01–47, e.g. 13');
  return code;
}

/** A fiscal year, `2026` for 令和8年度. */
export function fiscalYear(value: string): number {
  const n = Number(value);
  if (!/^\d{4}$/.test(value) || n < 2000 || n > 2100) throw new InvalidArgumentError('a fiscal year such as 2026 (令和8年度: April 2026 – March 2027)');
  return n;
}
