// The national seed's snapshot goes through the open-data import as the ministry's would: at a small
// scale, on both engines, read and published with no refusal — every facility published and indexed for
// search, the master filled — and the same snapshot again changes nothing; the demo's too, searchable.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { jstMidnight } from '../reporting/fiscal-year.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { writeNationalSnapshot, type SnapshotSummary } from './national.ts';
import { importSeedSnapshot, publishDemoSnapshot } from './seed-import.ts';
import { searchFacilities } from '../search/query.ts';

const clock = { now: () => jstMidnight(2026, 6, 10) };
let dir: string;
let summary: SnapshotSummary;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-seed-import-'));
  summary = await writeNationalSnapshot(dir, { seed: 5, scale: 0.002 });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

forEachEngine('the national seed through the open-data import', (handle) => {
  const total = () => Object.values(summary.facilities).reduce((a, b) => a + b, 0);
  const count = async (table: 'published_facilities' | 'institutions' | 'search_facilities' | 'publications') =>
    Number(
      (
        await handle()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('a snapshot at 0.2 % is published whole: every facility, its master row, its search entry; the notes are the quirks written', async () => {
    const { result, notes } = await importSeedSnapshot(testDeps(handle(), clock), dir, { unpublishMissing: true });
    assert.equal(result.facilities, total());
    assert.equal(result.created, total());
    assert.equal(result.masterCreated, total());
    assert.equal(await count('published_facilities'), total());
    assert.equal(await count('institutions'), total());
    // 外来区分 9 withholds none: the open data has no such column.
    assert.equal(result.withheld, 0);
    assert.equal(await count('search_facilities'), total());
    const noted = (what: string) => notes.filter((n) => n.what.endsWith(what)).reduce((a, n) => a + n.count, 0);
    // Each facility without coordinates is noted for both columns.
    assert.equal(noted('coordinates_zero'), 2 * summary.withoutCoordinates);
    assert.equal(noted('flag_disagrees_hours'), summary.flagsDisagreeing);
  });

  test('the same snapshot again writes nothing', async () => {
    const publications = await count('publications');
    const { result } = await importSeedSnapshot(testDeps(handle(), clock), dir, { unpublishMissing: true });
    assert.equal(result.unchanged, total());
    assert.equal(result.created + result.updated + result.unpublished, 0);
    assert.equal(await count('publications'), publications);
  });

  test('read in a worker thread, the same snapshot is the same: nothing written', async () => {
    const publications = await count('publications');
    const { result, notes } = await importSeedSnapshot(testDeps(handle(), clock), dir, { unpublishMissing: true, worker: true });
    assert.equal(result.unchanged, total());
    assert.equal(result.created + result.updated + result.unpublished, 0);
    assert.equal(await count('publications'), publications);
    assert.ok(notes.length > 0, 'the notes come back from the worker');
  });

  test('the demo’s open data: about 3,000 facilities of 東京都, 神奈川県 and 大阪府, and a newcomer’s first search finds some', async () => {
    const { summary: demo, result } = await publishDemoSnapshot(testDeps(handle(), clock));
    const demoTotal = Object.values(demo.facilities).reduce((a, b) => a + b, 0);
    assert.ok(demoTotal > 2000 && demoTotal < 5000, `${demoTotal}`);
    assert.equal(result.facilities, demoTotal);
    const db = handle().db;
    const internal = await searchFacilities(db, { q: '内科', pref: '13' });
    assert.ok(internal.total > 50, `${internal.total}`);
    assert.ok(internal.results.every((r) => r.pref === '13'));
    const pharmacies = await searchFacilities(db, { kinds: ['薬局'], pref: '27' });
    assert.ok(pharmacies.total > 100, `${pharmacies.total}`);
    const eye = await searchFacilities(db, { q: '眼', pref: '14' });
    assert.ok(eye.total > 0, 'a one-character term');
    // 他の項目 from the extras the open data has no column for.
    const parking = await searchFacilities(db, { features: ['parking'], kinds: ['病院'], pref: '13' });
    const hospitals = await searchFacilities(db, { kinds: ['病院'], pref: '13' });
    assert.ok(parking.total > 0.8 * hospitals.total && parking.total < hospitals.total, `${parking.total} of ${hospitals.total}`);
    assert.ok((await searchFacilities(db, { equipment: ['ct'], pref: '27' })).total > 0);
    assert.ok((await searchFacilities(db, { languages: ['en'], pref: '14' })).total > 0);
  });
});
