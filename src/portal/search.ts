// The portal's keyword search, over published お知らせ and the FAQ. Every word must occur (AND);
// matching ignores letter case and 全角/半角, and LIKE wildcards typed by the user mean themselves.
import type { Db } from '../db/dialect.ts';
import type { GmisNotice } from '../db/schema.ts';
import type { FaqContext, FaqEntry } from './faq.ts';
import { faqGroups } from './faq.ts';
import { searchKey } from '../platform/japanese/text.ts';
import { findNoticesMatching } from './notice-repository.ts';

export const SEARCH_QUERY_MAX = 100;
const MAX_KEYS = 5;
const NOTICE_LIMIT = 50;

/** The words to look for, in searchKey form: at most five, duplicates dropped. */
export function searchKeys(raw: string): string[] {
  const words = searchKey(raw.slice(0, SEARCH_QUERY_MAX)).split(' ').filter(Boolean);
  return [...new Set(words)].slice(0, MAX_KEYS);
}

export interface SearchResults {
  keys: string[];
  notices: GmisNotice[];
  faq: (FaqEntry & { groupTitle: string })[];
}

export async function searchPortal(deps: { db: Db; now: number; faq: FaqContext }, raw: string): Promise<SearchResults> {
  const keys = searchKeys(raw);
  if (keys.length === 0) return { keys, notices: [], faq: [] };
  const notices = await findNoticesMatching(deps.db, deps.now, keys, NOTICE_LIMIT);
  const faq = faqGroups(deps.faq).flatMap((g) =>
    g.entries
      .filter((e) => {
        const text = searchKey([e.question, ...e.answer].join(' '));
        return keys.every((k) => text.includes(k));
      })
      .map((e) => ({ ...e, groupTitle: g.title })),
  );
  return { keys, notices, faq };
}

export interface SnippetPart {
  text: string;
  match: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A short excerpt around the first match, split into plain and matching parts for <mark>. Matches
 * are found in the NFKC form (the form the keys are in); the text is shown as written whenever
 * NFKC kept its length (full-width punctuation, digits and letters do), otherwise in NFKC form.
 */
export function snippet(text: string, keys: string[], width = 120): { parts: SnippetPart[]; cutStart: boolean; cutEnd: boolean } {
  const written = text.replace(/[\s\u3000]+/g, ' ').trim();
  const folded = written.normalize('NFKC');
  // Positions carry over only if no character (nor any composition) changed length.
  const aligned = folded.length === written.length && [...written].every((c) => c.normalize('NFKC').length === c.length);
  const shown = aligned ? written : folded;
  const pattern = keys.length ? new RegExp(keys.map(escapeRegExp).join('|'), 'giu') : undefined;
  const first = pattern ? folded.search(pattern) : -1;
  const start = first > 30 ? first - 30 : 0;
  const end = Math.min(folded.length, start + width);
  const parts: SnippetPart[] = [];
  let last = start;
  if (pattern) {
    for (const m of folded.slice(start, end).matchAll(pattern)) {
      const at = start + m.index;
      if (at > last) parts.push({ text: shown.slice(last, at), match: false });
      parts.push({ text: shown.slice(at, at + m[0].length), match: true });
      last = at + m[0].length;
    }
  }
  if (last < end) parts.push({ text: shown.slice(last, end), match: false });
  return { parts, cutStart: start > 0, cutEnd: end < folded.length };
}
