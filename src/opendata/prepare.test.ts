// The pipeline (prepare.ts) gives the same in a worker thread as in this one: the same prepared
// facilities, notes and refusal (with the notes so far); and a prepared facility is what publishing
// would make of its values — its JSON text read back gives the same search document.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { ReportValues } from '../reporting/catalogue/types.ts';
import { searchDocument } from '../search/document.ts';
import { writeNationalSnapshot } from './national.ts';
import { openPreparedSnapshot } from './prepare.ts';
import { SnapshotRefused, type PreparedFacility } from './types.ts';

let dir: string;
let broken: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-prepare-'));
  await writeNationalSnapshot(dir, { seed: 7, scale: 0.003 });
  // The same snapshot with a malformed ID far into the clinics' file: refused while reading.
  broken = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-prepare-broken-'));
  for (const name of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, name), path.join(broken, name));
  const clinics = path.join(broken, '02-1_clinic_facility_info.csv');
  const lines = fs.readFileSync(clinics, 'utf8').split('\n');
  lines[150] = lines[150]!.replace(/^\d{2}2/, 'XX2');
  fs.writeFileSync(clinics, lines.join('\n'));
});
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(broken, { recursive: true, force: true });
});

async function readAll(from: string, worker: boolean) {
  const snapshot = await openPreparedSnapshot(from, { fiscalYear: 2026, extras: true, worker });
  const facilities: PreparedFacility[] = [];
  let refused: SnapshotRefused | undefined;
  try {
    for await (const f of snapshot) facilities.push(f);
  } catch (e) {
    if (!(e instanceof SnapshotRefused)) throw e;
    refused = e;
  }
  return { facilities, refused: refused?.refusal, counts: snapshot.noteCounts(), notes: snapshot.notes, kinds: snapshot.kinds };
}

test('in a worker thread: the same facilities, notes and kinds as in this one', async () => {
  const here = await readAll(dir, false);
  const there = await readAll(dir, true);
  assert.ok(here.facilities.length > 500, `${here.facilities.length}`);
  assert.equal(here.refused, undefined);
  assert.deepEqual(there, here);
  assert.ok(here.counts.length > 0, 'the snapshot has its quirks noted');
});

test('a refusal while reading: the same in a worker, with the notes so far and the facilities read before it', async () => {
  const here = await readAll(broken, false);
  const there = await readAll(broken, true);
  assert.equal(here.refused?.file, '02-1_clinic_facility_info');
  assert.equal(here.refused?.line, 151);
  assert.deepEqual(there.refused, here.refused);
  assert.deepEqual(there.counts, here.counts);
  assert.deepEqual(
    there.facilities.map((f) => f.id),
    here.facilities.map((f) => f.id),
  );
});

test('a prepared document is the one its values read back from their JSON text give', async () => {
  const { facilities } = await readAll(dir, false);
  for (const f of facilities) {
    const { shown, catalogue, valuesJson, document } = f.prepared;
    const record = {
      facility_id: f.id,
      kind: f.kind,
      prefecture_code: f.prefectureCode,
      municipality_code: f.municipalityCode,
      name: shown.name,
      name_kana: shown.name_kana,
      name_en: shown.name_en ?? null,
      published_at: 0,
      suspended_since: null,
      catalogue,
      values: valuesJson,
    };
    assert.deepEqual(document, searchDocument(record, JSON.parse(valuesJson) as ReportValues), f.id);
  }
});
