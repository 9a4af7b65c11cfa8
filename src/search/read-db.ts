// The database a search reads: the replica of DATABASE_READ_URL when there is one (search instances
// scale out on replicas), else the primary. Writes (the indexer) always go to the primary.
import type { Db } from '../db/dialect.ts';
import type { Ports } from '../ports.ts';

export const searchDbOf = (deps: Pick<Ports, 'db' | 'readDb'>): Db => deps.readDb ?? deps.db;
