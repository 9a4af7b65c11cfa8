// Carry-over: accepted values into next year's catalogue, or another kind's — what the new catalogue
// still asks keeps its value, the rest goes, and what is left passes checkValues.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { carryOver } from './carry-over.ts';
import { demoValues } from '../demo-values.ts';
import { checkComplete, checkValues } from './check.ts';
import { COMPLETE_HOSPITAL_FORM } from './fixtures/forms.ts';
import { parseForm } from './form.ts';
import { catalogueFor } from './load.ts';
import type { ReportValues } from './types.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const y2026 = catalogueFor(2026, '病院', FIXTURES);
const y2027 = catalogueFor(2027, '病院', FIXTURES);
const accepted = (): ReportValues =>
  parseForm(
    y2026,
    'all',
    { ...COMPLETE_HOSPITAL_FORM, 'f.basic.beds.long_term': '10', 'f.results.survey.done': '1', 'f.results.survey.date': '2026-01-10' },
    {},
  ).values;

test('into next year: dropped items and fields go, the rest is kept as it was', () => {
  const before = accepted();
  const carried = carryOver(y2026, y2027, before);
  assert.deepEqual(checkValues(y2027, carried), {});
  const dropped = Object.keys(before).filter((p) => !(p in carried));
  assert.deepEqual(dropped.sort(), ['access.parking.fee', 'results.survey.date', 'results.survey.done']);
  for (const [p, v] of Object.entries(carried)) assert.deepEqual(v, before[p], p);
});

test('into another kind: its fields only, sums worked out again', () => {
  const clinic = catalogueFor(2026, '診療所', FIXTURES);
  const carried = carryOver(y2026, clinic, accepted());
  assert.equal(carried['basic.beds.long_term'], undefined);
  assert.equal(carried['basic.beds.total'], 40);
  assert.equal(carried['results.average_stay.days'], undefined);
  assert.deepEqual(checkValues(clinic, carried), {});
});

test('values the new catalogue cannot hold are left out, not carried broken', () => {
  const before: ReportValues = {
    ...accepted(),
    'basic.departments.outpatient': '5',
    'basic.hours.hours': {
      rows: [
        { code: '01001', bands: [{ mon: { care: ['09:00', '12:00'], work: ['09:00', '12:00'] } }, {}, {}, { tue: { care: ['09:00', '10:00'] } }] },
        { code: '03001', bands: [{ mon: { care: ['09:00', '12:00'] } }] },
      ],
    },
    'services.languages.level': { en: { support: 'ok' }, fr: { support: 'ok' }, zh: { support: 7 } },
    'basic.unknown': 'x',
  };
  const carried = carryOver(y2026, y2027, before);
  assert.equal(carried['basic.departments.outpatient'], undefined, 'a code no longer offered');
  assert.deepEqual(
    carried['basic.hours.hours'],
    { rows: [{ code: '01001', bands: [{ mon: { care: ['09:00', '12:00'] } }] }] },
    'a part, a band and a department not chosen',
  );
  assert.deepEqual(carried['services.languages.level'], { en: { support: 'ok' } });
  assert.equal(carried['basic.unknown'], undefined);
  assert.deepEqual(checkValues(y2027, carried), {});
});

test('the shipped catalogues: each kind’s demo values are valid, complete, and carry into the next year unchanged', () => {
  for (const kind of ['病院', '診療所', '歯科診療所', '助産所', '薬局'] as const) {
    const from = catalogueFor(2025, kind);
    const to = catalogueFor(2026, kind);
    const values = demoValues(kind);
    assert.deepEqual(checkValues(from, values), {}, kind);
    assert.deepEqual(checkComplete(from, values, {}), {}, kind);
    assert.deepEqual(carryOver(from, to, values), values, kind);
  }
});
