// The national seed's extras: valid in every kind's catalogue, the same for the same ID, and at rates
// that differ by kind (most hospitals have parking and a CT, few clinics have a CT, pharmacies none).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INSTITUTION_KINDS, type InstitutionKind } from '../db/schema.ts';
import { checkValues } from '../reporting/catalogue/check.ts';
import { catalogueFor } from '../reporting/catalogue/load.ts';
import { facilityFeatures } from '../search/features.ts';
import { withNationalExtras } from './national-extras.ts';

const ids = (kind: InstitutionKind, n: number) =>
  Array.from({ length: n }, (_, i) => `13${'12345'.charAt(INSTITUTION_KINDS.indexOf(kind))}${String(i).padStart(10, '0')}`);

test('every kind: the extras pass the catalogue’s checks, and the same ID gives the same values', () => {
  for (const kind of INSTITUTION_KINDS) {
    const cat = catalogueFor(2026, kind);
    const has = (p: string) => cat.fields.has(p);
    for (const id of ids(kind, 300)) {
      const values = withNationalExtras(id, kind, {}, has);
      assert.deepEqual(checkValues(cat, values), {}, `${kind} ${id}`);
      assert.deepEqual(withNationalExtras(id, kind, {}, has), values);
    }
  }
});

test('values already there are kept; rates differ by kind as they should', () => {
  const share = (kind: InstitutionKind, feature: string) => {
    const cat = catalogueFor(2026, kind);
    const list = ids(kind, 2000);
    return (
      list.filter((id) =>
        facilityFeatures(
          kind,
          withNationalExtras(id, kind, {}, (p) => cat.fields.has(p)),
          [],
        ).includes(feature),
      ).length / list.length
    );
  };
  assert.ok(share('病院', 'parking') > 0.85);
  assert.ok(share('病院', 'equip:ct') > 0.65);
  assert.ok(share('診療所', 'equip:ct') < 0.1);
  assert.equal(share('薬局', 'equip:ct'), 0);
  assert.ok(share('診療所', 'lang:en') > 0.1 && share('診療所', 'lang:en') < 0.3);
  const cat = catalogueFor(2026, '病院');
  const kept = withNationalExtras(ids('病院', 1)[0]!, '病院', { 'access.parking.available': false }, (p) => cat.fields.has(p));
  assert.equal(kept['access.parking.available'], false);
});
