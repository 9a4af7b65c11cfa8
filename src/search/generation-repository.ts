// The search index's generation: a token the indexer replaces in the transaction of every change to
// the index, so a cached answer (cache.ts) is used only while the index it came from is current — in
// this process and in every other one reading the same database.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/dialect.ts';
import { readSetting, writeSetting } from '../db/settings-repository.ts';

const KEY = 'search_generation';

export const readGeneration = async (db: Db): Promise<string> => (await readSetting(db, KEY)) ?? 'none';

/** Inside the transaction that changes the index. */
export const nextGeneration = (trx: Db): Promise<void> => writeSetting(trx, KEY, randomUUID());
