// Whether the search index holds what is published, as the documents are made now: for `gmis search
// status`, and for a start over a database whose index is missing (one made before migration 0017) or
// was built by an earlier DOCUMENT_VERSION (a new kind of token, e.g. the grid cells of a search near
// a point) — rebuilt then, once, since searches would otherwise miss what the old documents lack.
import type { Db } from '../db/dialect.ts';
import { readSetting, writeSetting } from '../db/settings-repository.ts';
import { DOCUMENT_VERSION } from './document.ts';
import { countIndexed } from './index-repository.ts';
import { rebuildIndex } from './indexer.ts';
import { anyPublishedAndIndexed, countVisiblePublished } from './index-state-repository.ts';

const VERSION_KEY = 'search_document_version';

export interface IndexState {
  /** Visible published facilities. */
  visible: number;
  /** Facilities in the search index. */
  indexed: number;
  /** The document version the index was built with (undefined: before versions were kept). */
  version: string | undefined;
}

export async function indexState(db: Db): Promise<IndexState> {
  return { visible: await countVisiblePublished(db), indexed: await countIndexed(db), version: await readSetting(db, VERSION_KEY) };
}

/** Rebuilds the whole index and records the document version it was built with. */
export async function rebuildCurrentIndex(db: Db, o: { onProgress?: (done: number) => void } = {}): Promise<{ indexed: number }> {
  const result = await rebuildIndex(db, o);
  await writeSetting(db, VERSION_KEY, DOCUMENT_VERSION);
  return result;
}

/** At start: an index missing beside visible records, or of another document version, is rebuilt now. */
export async function indexIfStale(db: Db): Promise<{ indexed: number } | undefined> {
  const [version, any] = [await readSetting(db, VERSION_KEY), await anyPublishedAndIndexed(db)];
  if (version === DOCUMENT_VERSION && !(!any.indexed && any.visible)) return undefined;
  if (!any.visible && !any.indexed) {
    await writeSetting(db, VERSION_KEY, DOCUMENT_VERSION);
    return undefined;
  }
  return rebuildCurrentIndex(db);
}
