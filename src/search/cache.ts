// Answers of searchFacilities kept in memory, per database, by the query and the index's generation
// (generation-repository.ts): a search asked again — the same page of the same conditions, as the
// public pages, the API and their crawlers do all day — costs one read of the generation instead of
// the search. Any change of the index makes a new generation, so no answer outlives what it was
// computed from. Least recently used answers go first; SEARCH_CACHE_ENTRIES=0 turns it off.
import type { Db } from '../db/dialect.ts';

export const SEARCH_CACHE_ENTRIES_DEFAULT = 2000;

let capacity = SEARCH_CACHE_ENTRIES_DEFAULT;
const caches = new WeakMap<Db, { generation: string; answers: Map<string, unknown> }>();

/** How many answers each database's cache keeps (0: none); set at start from the configuration. */
export function setSearchCacheEntries(entries: number): void {
  capacity = entries;
}

/** The answer for `key` at `generation`, else computes it and keeps it. */
export async function cached<T>(db: Db, generation: string, key: string, compute: () => Promise<T>): Promise<T> {
  if (capacity === 0) return compute();
  let cache = caches.get(db);
  if (!cache || cache.generation !== generation) caches.set(db, (cache = { generation, answers: new Map() }));
  const hit = cache.answers.get(key);
  if (hit !== undefined) {
    // Most recently used last.
    cache.answers.delete(key);
    cache.answers.set(key, hit);
    return hit as T;
  }
  const answer = await compute();
  // Another generation may have come while this one was computed: keep it only under its own.
  if (caches.get(db) === cache) {
    cache.answers.set(key, answer);
    if (cache.answers.size > capacity) cache.answers.delete(cache.answers.keys().next().value!);
  }
  return answer;
}
