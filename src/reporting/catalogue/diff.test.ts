// 差異表示: exactly the changed items, timetables cell by cell (a shared grid's cells to the field that
// edits their part), sets without regard to order, 新規報告 with nothing before, and items new in or
// dropped from next year's catalogue (fixtures 2026 → 2027).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { changedItemCount, diffValues } from './diff.ts';
import { COMPLETE_HOSPITAL_FORM } from './fixtures/forms.ts';
import { parseForm } from './form.ts';
import { catalogueFor } from './load.ts';
import type { ReportValues, Timetable } from './types.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const y2026 = catalogueFor(2026, '病院', FIXTURES);
const y2027 = catalogueFor(2027, '病院', FIXTURES);
const published = (): ReportValues => parseForm(y2026, 'all', COMPLETE_HOSPITAL_FORM, {}).values;
const changed = (diffs: ReturnType<typeof diffValues>) => diffs.filter((d) => d.status !== 'same');

test('two changes (駐車場 台数 and one timetable cell) → exactly those two items', () => {
  const before = published();
  const after = parseForm(
    y2026,
    'all',
    { ...COMPLETE_HOSPITAL_FORM, 'f.access.parking.spaces': '25', 't.basic.hours.hours.01001.1.mon.care.e': '12:30' },
    before,
  ).values;
  const diffs = diffValues(y2026, { catalogue: y2026, values: before }, after);
  assert.deepEqual(
    changed(diffs).map((d) => [d.itemId, d.status]),
    [
      ['basic.hours', 'changed'],
      ['access.parking', 'changed'],
    ],
  );
  assert.equal(changedItemCount(diffs), 2);
  assert.equal(diffs.length, y2026.items.length, 'every item is listed, in the catalogue’s order');
  const parking = diffs.find((d) => d.itemId === 'access.parking')!;
  assert.deepEqual(
    parking.fields.map((f) => [f.fieldId, f.status]),
    [
      ['available', 'same'],
      ['spaces', 'changed'],
      ['fee', 'same'],
    ],
  );
  assert.deepEqual([parking.fields[1]!.before, parking.fields[1]!.after], [20, 25]);
  const hours = diffs.find((d) => d.itemId === 'basic.hours')!.fields[0]!;
  assert.deepEqual(hours.cells, [{ key: '01001.1.mon.care.e', before: '12:00', after: '12:30' }]);
  assert.deepEqual(changed(diffValues(y2026, { catalogue: y2026, values: before }, before)), [], 'no change, no changed item');
});

test('a reception cell of the shared grid is a change of 外来受付時間, not of 診療時間', () => {
  const before = published();
  const after = parseForm(
    y2026,
    'access',
    {
      ...COMPLETE_HOSPITAL_FORM,
      't.basic.hours.hours.01001.1.mon.reception.s': '08:00',
      't.basic.hours.hours.01001.2.tue.reception.s': '13:00',
      't.basic.hours.hours.01001.2.tue.reception.e': '15:00',
    },
    before,
  ).values;
  const diffs = changed(diffValues(y2026, { catalogue: y2026, values: before }, after));
  assert.deepEqual(
    diffs.map((d) => d.itemId),
    ['access.reception_hours'],
  );
  assert.deepEqual(diffs[0]!.fields[0]!.cells, [
    { key: '01001.1.mon.reception.s', before: '08:30', after: '08:00' },
    { key: '01001.2.tue.reception.s', after: '13:00' },
    { key: '01001.2.tue.reception.e', after: '15:00' },
  ]);
});

test('sets and grids ignore order: codes, closed days, timetable rows, matrix keys', () => {
  const before = published();
  const shuffled: ReportValues = {
    ...before,
    'basic.departments.list': [...(before['basic.departments.list'] as Array<{ code: string }>)].reverse(),
    'services.languages.spoken': [{ code: 'zh' }, { code: 'en' }],
    'basic.days.closed': { weekly: [], nth: [], holidays: false, other: '' },
  };
  const after: ReportValues = { ...before, 'services.languages.spoken': [{ code: 'en' }, { code: 'zh' }] };
  assert.deepEqual(changed(diffValues(y2026, { catalogue: y2026, values: shuffled }, after)), []);
  const twoRows: Timetable = {
    rows: [
      { code: '02001', bands: [{ sat: { care: ['09:00', '12:00'] } }] },
      { code: '01001', bands: [{ mon: { care: ['09:00', '12:00'] } }] },
    ],
  };
  const sorted: Timetable = { rows: [...twoRows.rows].reverse() };
  assert.deepEqual(changed(diffValues(y2026, { catalogue: y2026, values: { 'basic.hours.hours': twoRows } }, { 'basic.hours.hours': sorted })), []);
  const oneMore = changed(
    diffValues(y2026, { catalogue: y2026, values: before }, { ...before, 'services.languages.spoken': [{ code: 'en' }, { code: 'ko' }, { code: 'zh' }] }),
  );
  assert.deepEqual(oneMore[0]!.fields[0]!.cells, [{ key: 'ko', after: true }]);
});

test('closed days compare flag by flag; a cleared field is removed, a new one added', () => {
  const before = { ...published(), 'basic.days.closed': { weekly: ['sun'], nth: [], holidays: true, other: '' } } as ReportValues;
  const after = { ...before, 'basic.days.closed': { weekly: ['sat', 'sun'], nth: [{ week: 2, day: 'wed' }], holidays: false, other: '' } } as ReportValues;
  delete after['basic.name.note'];
  const d = changed(diffValues(y2026, { catalogue: y2026, values: before }, after));
  assert.deepEqual(d[0]!.fields[0]!.cells, [
    { key: 'hol', before: true },
    { key: 'w.sat', after: true },
    { key: 'n.2.wed', after: true },
  ]);
  const removed = changed(diffValues(y2026, { catalogue: y2026, values: before }, { ...before, 'results.average_stay.days': undefined as never }));
  assert.deepEqual(
    removed.map((x) => [x.itemId, x.status]),
    [['results.average_stay', 'removed']],
  );
});

test('新規報告: nothing before, every filled item added, empty items the same', () => {
  const diffs = diffValues(y2026, undefined, published());
  assert.equal(diffs.find((d) => d.itemId === 'basic.name')!.status, 'added');
  assert.equal(diffs.find((d) => d.itemId === 'basic.days')!.status, 'added');
  assert.equal(diffs.find((d) => d.itemId === 'results.survey')!.status, 'added');
  assert.ok(diffs.every((d) => d.status === 'added' || d.status === 'same'));
  assert.equal(
    diffs.find((d) => d.itemId === 'basic.work_hours'),
    undefined,
    'an item of another kind is not listed',
  );
});

test('across catalogues (2026 → 2027): new items, dropped items, a dropped field', () => {
  const before = published();
  const after: ReportValues = { ...before, 'services.online.offered': true };
  delete after['results.survey.done'];
  delete after['access.parking.fee'];
  const diffs = diffValues(y2027, { catalogue: y2026, values: before }, after);
  assert.deepEqual(
    changed(diffs).map((d) => [d.itemId, d.status]),
    [
      ['access.parking', 'changed'],
      ['services.online', 'new_item'],
      ['results.survey', 'dropped_item'],
    ],
  );
  const parking = diffs.find((d) => d.itemId === 'access.parking')!;
  assert.deepEqual(
    parking.fields.map((f) => [f.fieldId, f.status]),
    [
      ['available', 'same'],
      ['spaces', 'same'],
      ['fee', 'removed'],
    ],
  );
  const online = diffs.find((d) => d.itemId === 'services.online')!;
  assert.deepEqual(online.fields, [{ path: 'services.online.offered', fieldId: 'offered', status: 'added', after: true, cells: [] }]);
  assert.equal(diffs.at(-1)!.itemId, 'results.survey', 'dropped items come last');
});

test('renaming a free-text department is one change (診療科目), not also one of 診療時間', () => {
  const form = { ...COMPLETE_HOSPITAL_FORM, 't.basic.hours.hours.01991.1.mon.care.s': '13:00', 't.basic.hours.hours.01991.1.mon.care.e': '15:00' };
  const before = parseForm(y2026, 'all', form, {}).values;
  const after = parseForm(y2026, 'all', { ...form, 'x.basic.departments.list.01991': '東洋医学内科' }, before).values;
  assert.deepEqual(
    changed(diffValues(y2026, { catalogue: y2026, values: before }, after)).map((d) => d.itemId),
    ['basic.departments'],
  );
});
