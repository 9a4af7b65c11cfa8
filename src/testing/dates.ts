// Days on pages are written in words (2027年1月18日, January 18, 2027 — platform/japanese/time.ts),
// never as a stored YYYY-MM-DD: this finds one left in a page's text (attributes, typed values and
// scripts are not text a person reads).
import assert from 'node:assert/strict';

/** The text of a page as a person reads it: no tags (nor their attributes), scripts, styles or typed text. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style|textarea)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');
}

export function assertNoIsoDates(html: string, what: string): void {
  const found = /(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)/.exec(textOf(html));
  assert.equal(found?.[0], undefined, `${what} shows a day as ${found?.[0]}, not in words`);
}
