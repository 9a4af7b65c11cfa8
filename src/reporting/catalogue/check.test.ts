// The two checks: checkComplete (required only at 報告, requiredIf, 「その他」 names, rows of departments
// no longer chosen, unparsed input blocking) and checkValues (every stored value valid for its field).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkComplete, checkValues } from './check.ts';
import { COMPLETE_HOSPITAL_FORM } from './fixtures/forms.ts';
import { parseForm } from './form.ts';
import { catalogueFor } from './load.ts';
import type { ReportValues } from './types.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const hospital = catalogueFor(2026, '病院', FIXTURES);

/** A complete hospital report for the fixture catalogue, as the form would store it. */
function complete(): ReportValues {
  const r = parseForm(hospital, 'all', COMPLETE_HOSPITAL_FORM, {});
  assert.deepEqual(r.problems, {});
  return r.values;
}

test('required fields are checked only at 報告: a draft saves empty, checkComplete lists each by its input name', () => {
  const draft = parseForm(hospital, 'all', {}, {});
  assert.deepEqual(draft.problems, {});
  const problems = checkComplete(hospital, draft.values, draft.invalid);
  assert.deepEqual(Object.keys(problems).sort(), [
    'f.access.parking.available',
    'f.basic.departments.list',
    'f.basic.departments.outpatient',
    'f.basic.name.kana',
    'f.basic.name.official',
    'f.basic.phone.phone',
    'f.results.average_stay.days',
    't.basic.hours.hours',
  ]);
  assert.match(problems['f.basic.name.official']!, /名称（正式名称）を入力してください/);
  assert.match(problems['f.access.parking.available']!, /選んでください/);
  assert.deepEqual(checkComplete(hospital, complete(), {}), {});
});

test('requiredIf: 台数 and 料金 only when there is a car park', () => {
  const values: ReportValues = { ...complete(), 'access.parking.available': true };
  delete values['access.parking.spaces'];
  delete values['access.parking.fee'];
  assert.deepEqual(Object.keys(checkComplete(hospital, values, {})).sort(), ['f.access.parking.fee', 'f.access.parking.spaces']);
  assert.deepEqual(checkComplete(hospital, { ...values, 'access.parking.available': false }, {}), {});
});

test('what was typed and did not parse blocks 報告 until it is fixed', () => {
  const problems = checkComplete(hospital, complete(), { 't.basic.hours.hours.01001.1.tue.care.s': '9時半' });
  assert.deepEqual(Object.keys(problems), ['t.basic.hours.hours.01001.1.tue.care.s']);
  // The message the form gave when it was typed, read again from what was kept.
  assert.match(problems['t.basic.hours.hours.01001.1.tue.care.s']!, /診療時間（内科・時間帯1・火曜）は「09:00」のように/);
  // A cell keeps both halves as typed; it is still one problem, beside the half the form named.
  const half = checkComplete(hospital, complete(), { 't.basic.hours.hours.01001.1.tue.care.s': '09:00', 't.basic.hours.hours.01001.1.tue.care.e': '' });
  assert.deepEqual(Object.keys(half), ['t.basic.hours.hours.01001.1.tue.care.e']);
  assert.match(half['t.basic.hours.hours.01001.1.tue.care.e']!, /両方/);
  // A single value's message too, and a required field holding a mistake is that one problem, not also 「入力してください」.
  const days = complete();
  delete days['results.average_stay.days'];
  assert.deepEqual(checkComplete(hospital, days, { 'f.results.average_stay.days': 'x' }), {
    'f.results.average_stay.days': '平均在院日数は数値で入力してください（例：12.5）。',
  });
});

test('「その他」 codes need their name; rows of a department no longer chosen are a problem', () => {
  const values = complete();
  values['basic.departments.list'] = [{ code: '01001' }, { code: '01991' }];
  assert.deepEqual(Object.keys(checkComplete(hospital, values, {})), ['x.basic.departments.list.01991']);
  const stray = complete();
  stray['basic.departments.list'] = [{ code: '03001' }];
  const problems = checkComplete(hospital, stray, {});
  assert.match(problems['t.basic.hours.hours']!, /「内科」の行/);
  assert.match(problems['m.access.appointments.by_department']!, /「内科」の行/);
});

test('a section save drops department rows whose department was unticked', () => {
  const values = parseForm(hospital, 'basic', { 'f.basic.departments.list': ['01991'], 'x.basic.departments.list.01991': '漢方内科' }, complete()).values;
  assert.equal(values['basic.hours.hours'], undefined);
  assert.equal(values['access.appointments.by_department'], undefined);
});

test('checkValues: what the form stores passes, also read back from JSON with its keys sorted', () => {
  assert.deepEqual(checkValues(hospital, complete()), {});
  const sortedJson = JSON.stringify(complete(), (_k, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
  assert.ok(sortedJson.includes('{"bands":') && sortedJson.includes('{"holidays":'), 'the keys really are in another order');
  assert.deepEqual(checkValues(hospital, JSON.parse(sortedJson) as ReportValues), {});
  assert.deepEqual(checkValues(hospital, {}), {});
});

test('checkValues: every kind of wrong stored value is found, by field path', () => {
  const cases: Array<[string, unknown]> = [
    ['basic.unknown.field', 'x'],
    ['basic.name.official', 'ﾃﾞﾓ病院'],
    ['basic.name.official', ''],
    ['basic.name.official', 'あ'.repeat(21)],
    ['basic.name.kana', 'でも'],
    ['basic.phone.phone', '0312345678x'],
    ['access.parking.available', 'yes'],
    ['access.parking.spaces', 1.5],
    ['access.parking.spaces', -1],
    ['access.parking.fee', 'cheap'],
    ['results.average_stay.days', 12.25],
    ['results.average_stay.days', Number.NaN],
    ['results.survey.date', '2026-02-30'],
    ['results.survey.date', '2026/04/01'],
    ['basic.beds.total', 999],
    ['basic.departments.list', []],
    ['basic.departments.list', [{ code: '03001' }, { code: '01001' }]],
    ['basic.departments.list', [{ code: '01001', text: 'x' }]],
    ['basic.departments.list', [{ code: '99999' }]],
    ['basic.days.closed', { weekly: ['hol'], nth: [], holidays: false, other: '' }],
    ['basic.days.closed', { weekly: ['sun', 'mon'], nth: [], holidays: false, other: '' }],
    ['basic.days.closed', { weekly: [], nth: [{ week: 6, day: 'mon' }], holidays: false, other: '' }],
    ['basic.hours.hours', { rows: [{ code: '01001', bands: [{ mon: { care: ['00:00', '00:00'] } }] }] }],
    ['basic.hours.hours', { rows: [{ code: '01001', bands: [{ mon: { care: ['24:00', '09:00'] } }] }] }],
    ['basic.hours.hours', { rows: [{ code: '01001', bands: [{ mon: { care: ['9:00', '12:00'] } }] }] }],
    ['basic.hours.hours', { rows: [{ code: '01001', bands: [{ mon: { work: ['09:00', '12:00'] } }] }] }],
    ['basic.hours.hours', { rows: [{ code: '01001', bands: [{}, {}, {}, { mon: { care: ['09:00', '12:00'] } }] }] }],
    ['basic.hours.hours', { rows: [{ code: 'zz', bands: [{ mon: { care: ['09:00', '12:00'] } }] }] }],
    ['access.reception_hours.reception', { rows: [] }],
    ['access.appointments.by_department', { '01001': { first: 'maybe' } }],
    ['access.appointments.by_department', { '01001': { colour: 'red' } }],
    ['services.languages.level', { fr: { support: 'ok' } }],
  ];
  const base = complete();
  for (const [p, v] of cases) {
    const values = { ...base, [p]: v } as ReportValues;
    assert.deepEqual(Object.keys(checkValues(hospital, values)), [p], `${p} = ${JSON.stringify(v)}`);
  }
  const ok = {
    ...base,
    'basic.hours.hours': { rows: [{ code: '01001', bands: [{ mon: { care: ['19:00', '07:00'], reception: ['18:30', '24:00'] } }] }] },
  } as ReportValues;
  assert.deepEqual(checkValues(hospital, ok), {}, 'over midnight, 24:00 as an end, the shared reception part');
});
