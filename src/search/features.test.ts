// What the search reads of a published record: every catalogue path it names exists in every
// catalogue for the kinds that have it, every code becomes its own token, and the demo records
// offer what their values say.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INSTITUTION_KINDS } from '../db/schema.ts';
import { demoValues } from '../reporting/demo-values.ts';
import { catalogueFor, catalogueYears, loadEveryCatalogue } from '../reporting/catalogue/load.ts';
import { CODED, facilityFeatures, FEATURES, GEO_CELLS_MAX, geoCover, geoTokens, PATHS, tokens, type CodedCondition } from './features.ts';
import { openBands } from './hours.ts';

test('every path the search reads is a field of every catalogue of its scheme', () => {
  for (const fy of catalogueYears('medical')) {
    for (const kind of INSTITUTION_KINDS) {
      const fields = catalogueFor(fy, kind).fields;
      const scheme = kind === '薬局' ? PATHS.pharmacy : PATHS.medical;
      for (const path of [PATHS.address, PATHS.latitude, PATHS.longitude, ...Object.values(scheme)]) {
        // An item a kind does not report (駐車場 is every kind's; セカンドオピニオン not 助産所's) is simply absent.
        const anyKind = INSTITUTION_KINDS.some((k) => (k === '薬局') === (kind === '薬局') && catalogueFor(fy, k).fields.has(path));
        assert.ok(anyKind, `${fy} ${kind}: ${path}`);
      }
      if (kind !== '薬局' && kind !== '助産所') assert.ok(fields.has(PATHS.departments), `${fy} ${kind}: departments`);
    }
  }
});

test('tokens: at least three characters of [a-z0-9], one per code of every code list the conditions read', () => {
  const lists = new Map(loadEveryCatalogue().flatMap((c) => [...c.codeLists]));
  for (const [condition, listId] of [...Object.entries(CODED), ['lang', 'pharmacy-languages']] as Array<[CodedCondition, string]>) {
    const codes = lists.get(listId)!.codes.map((c) => c.code);
    const made = codes.map((c) => tokens.coded(condition, c));
    assert.equal(new Set(made).size, codes.length, listId);
    for (const t of made) assert.match(t, /^x[a-z][a-z0-9]+$/);
  }
  for (const f of FEATURES) assert.match(tokens.feature(f), /^xf[a-z]{3,}$/);
  assert.equal(new Set(FEATURES.map(tokens.feature)).size, FEATURES.length);
  for (const kind of INSTITUTION_KINDS) assert.equal(tokens.kind(kind).length, 3);
});

test('what the demo records offer', () => {
  const features = (kind: (typeof INSTITUTION_KINDS)[number]) => {
    const values = demoValues(kind, 2025);
    const hoursPath = kind === '助産所' ? 'basic.work_hours.hours' : 'basic.hours.hours';
    const parts = kind === '薬局' ? (['open'] as const) : kind === '助産所' ? (['work', 'reception'] as const) : (['care', 'reception'] as const);
    return facilityFeatures(kind, values, openBands(values[hoursPath] as never, parts));
  };
  // 休診 on Sundays and 祝日, but 救急科 around the clock: the hours win
  const hospital = features('病院');
  for (const f of [
    'parking',
    'barrier_free',
    'second_opinion',
    'home_care',
    'after_hours',
    'night',
    'holiday',
    'cashless',
    'lang:en',
    'lang:ko',
    'equip:ct',
    'spec:internal',
    'treat:stroke',
    'vacc:influenza',
  ])
    assert.ok(hospital.includes(f), f);
  assert.ok(!hospital.includes('online'));
  const clinic = features('診療所');
  assert.ok(clinic.includes('online') && !clinic.includes('parking') && !clinic.includes('second_opinion') && !clinic.includes('holiday'), clinic.join(' '));
  // 要相談 counts as a language that can be used there
  assert.ok(features('歯科診療所').includes('lang:en'));
});

test('grid cells: a facility holds its cell at each size; a radius asks for the cells its square touches, at the finest size that needs few', () => {
  const own = geoTokens(35.681, 139.767);
  assert.equal(own.length, 3);
  // 1 km around 東京駅: a few 0.05° cells, one of them the station's own.
  const near = geoCover(35.681, 139.767, 1 / 111.2, 1 / 90.3)!;
  assert.ok(near.length <= 4 && near.includes(own[0]!), near.join(' '));
  // 50 km: the finest size is too fine; a coarser one covers it in at most GEO_CELLS_MAX cells.
  const wide = geoCover(35.681, 139.767, 50 / 111.2, 50 / 90.3)!;
  assert.ok(wide.length <= GEO_CELLS_MAX && wide.some((t) => own.includes(t)) && !wide.includes(own[0]!), wide.join(' '));
  // Near a pole, or too wide for the coarsest: no cells (the distance alone decides).
  assert.equal(geoCover(90, 0, 0.1, Infinity), undefined);
  assert.equal(geoCover(35, 139, 10, 10), undefined);
  // Negative coordinates floor the same way.
  assert.ok(geoCover(-33.86, 151.2, 0.01, 0.01)!.includes(geoTokens(-33.86, 151.2)[0]!));
});
