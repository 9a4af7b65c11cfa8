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

/** Whether any facility is visibly published, and whether the index holds any document: a start asks only this (two counts of 206,000 rows would cost more). */
export async function anyPublishedAndIndexed(db: Db): Promise<{ visible: boolean; indexed: boolean }> {
  const [visible, indexed] = [
    await db.selectFrom('published_facilities').where('visible', '=', 1).select('facility_id').limit(1).executeTakeFirst(),
    await db.selectFrom('search_facilities').select('doc_id').limit(1).executeTakeFirst(),
  ];
  return { visible: visible !== undefined, indexed: indexed !== undefined };
}
