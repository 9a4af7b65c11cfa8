// Counts that say whether the search index follows what is published.
import type { Db } from '../db/dialect.ts';

export async function countVisiblePublished(db: Db): Promise<number> {
  const r = await db
    .selectFrom('published_facilities')
    .where('visible', '=', 1)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
