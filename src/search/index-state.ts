// Whether the search index holds what is published: for `gmis search status` and for the start of
// a database made before the index existed (migration 0017), whose published records the index
// would otherwise never find.
import type { Db } from '../db/dialect.ts';
import { countIndexed } from './index-repository.ts';
import { rebuildIndex } from './indexer.ts';
import { countVisiblePublished } from './index-state-repository.ts';

export interface IndexState {
  /** Visible published facilities. */
  visible: number;
  /** Facilities in the search index. */
  indexed: number;
}

export async function indexState(db: Db): Promise<IndexState> {
  return { visible: await countVisiblePublished(db), indexed: await countIndexed(db) };
}

/** An empty index beside visible published records is built now; anything else is left to the indexer. */
export async function indexIfEmpty(db: Db): Promise<{ indexed: number } | undefined> {
  const state = await indexState(db);
  if (state.indexed > 0 || state.visible === 0) return undefined;
  return rebuildIndex(db);
}
