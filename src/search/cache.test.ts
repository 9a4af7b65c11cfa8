// The answers cache on both engines: a search asked again is answered from memory while the index is
// the same generation, and any change of the index — from this process's indexer or another's, seen
// through the generation stored in the database — ends every answer kept from before.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { importSeedSnapshot } from '../opendata/seed-import.ts';
import { ManualClock } from '../platform/clock.ts';
import { markStopped } from '../reporting/publication-repository.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { cached, setSearchCacheEntries, SEARCH_CACHE_ENTRIES_DEFAULT } from './cache.ts';
import { readGeneration } from './generation-repository.ts';
import { indexFacilities } from './indexer.ts';
import { searchFacilities } from './query.ts';

const FIXTURE = fileURLToPath(new URL('../opendata/fixtures/snapshot-2026/', import.meta.url));

test('least recently used answers go first; 0 entries keeps none', async () => {
  const db = {} as never;
  let computed = 0;
  const ask = (key: string) => cached(db, 'g1', key, async () => ++computed);
  setSearchCacheEntries(2);
  try {
    assert.deepEqual([await ask('a'), await ask('b'), await ask('a'), await ask('c')], [1, 2, 1, 3]);
    assert.equal(await ask('a'), 1, 'a was used more recently than b');
    assert.equal(await ask('b'), 4, 'b went first');
    assert.equal(await cached(db, 'g2', 'a', async () => ++computed), 5, 'a new generation');
    setSearchCacheEntries(0);
    assert.deepEqual([await ask('z'), await ask('z')], [6, 7]);
  } finally {
    setSearchCacheEntries(SEARCH_CACHE_ENTRIES_DEFAULT);
  }
});

forEachEngine('search answers cached by the index generation', (handle) => {
  const clock = new ManualClock(Date.UTC(2026, 5, 10, 1));
  after(() => setSearchCacheEntries(SEARCH_CACHE_ENTRIES_DEFAULT));

  test('asked again: the same answer without the search; a change of the index: the new answer', async () => {
    const db = handle().db;
    await importSeedSnapshot(testDeps(handle(), clock), FIXTURE, { unpublishMissing: true });
    const first = await searchFacilities(db, {});
    assert.ok(first.total > 1);
    const again = await searchFacilities(db, {});
    assert.equal(again.total, first.total);
    const gone = first.results[0]!.id;
    const before = await readGeneration(db);

    // A 公表停止 as any writer makes it: the record and its index entry in one transaction.
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('published_facilities').select('institution_id').where('facility_id', '=', gone).executeTakeFirstOrThrow();
      await markStopped(trx, row.institution_id, clock.now(), 'test');
      await indexFacilities(trx, [gone]);
    });
    assert.notEqual(await readGeneration(db), before, 'a new generation');
    const after = await searchFacilities(db, {});
    assert.equal(after.total, first.total - 1);
    assert.ok(!after.results.some((r) => r.id === gone));
  });
});
