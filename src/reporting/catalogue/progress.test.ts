// Progress per section: required fields (requiredIf on the current values), filled, problems.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COMPLETE_HOSPITAL_FORM } from './fixtures/forms.ts';
import { parseForm } from './form.ts';
import { catalogueFor } from './load.ts';
import { progress } from './progress.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const hospital = catalogueFor(2026, '病院', FIXTURES);

test('progress per section: required, filled and problems', () => {
  const empty = progress(hospital, {}, {});
  assert.deepEqual(
    empty.sections.map((s) => [s.id, s.required, s.filled, s.problems]),
    [
      ['basic', 6, 0, 6],
      ['access', 1, 0, 1],
      ['services', 0, 0, 0],
      ['results', 1, 0, 1],
    ],
  );
  assert.equal(empty.required, 8);
  // Each section's messages are checkComplete's for its fields; `problems` holds them all.
  assert.deepEqual(
    empty.sections.flatMap((s) => s.messages),
    Object.values(empty.problems),
  );
  assert.equal(Object.keys(empty.problems).length, 8);
  const partly = parseForm(hospital, 'access', { 'f.access.parking.available': '1' }, {});
  const p = progress(hospital, partly.values, { 'f.results.average_stay.days': 'x' });
  assert.deepEqual(
    p.sections.map((s) => [s.id, s.required, s.filled, s.problems]),
    [
      ['basic', 6, 0, 6],
      ['access', 3, 1, 2],
      ['services', 0, 0, 0],
      ['results', 1, 0, 1],
    ],
  );
  const done = progress(hospital, parseForm(hospital, 'all', COMPLETE_HOSPITAL_FORM, {}).values, {});
  assert.equal(done.filled, done.required);
  assert.ok(done.sections.every((s) => s.problems === 0));
});

test('an unfinished timetable band is one problem, with the message and at the input the form gave it', () => {
  const t = 't.basic.hours.hours';
  const complete = parseForm(hospital, 'all', COMPLETE_HOSPITAL_FORM, {}).values;
  // 月曜 時間帯2: a start without its end; 火曜: an end that is no time (its start fine).
  const saved = parseForm(
    hospital,
    'basic',
    {
      ...COMPLETE_HOSPITAL_FORM,
      [`${t}.01001.2.mon.care.s`]: '14:00',
      [`${t}.01001.2.mon.care.e`]: '',
      [`${t}.01001.1.tue.care.s`]: '09:00',
      [`${t}.01001.1.tue.care.e`]: '12時半',
    },
    complete,
  );
  assert.deepEqual(Object.keys(saved.problems).sort(), [`${t}.01001.1.tue.care.e`, `${t}.01001.2.mon.care.e`]);
  assert.equal(Object.keys(saved.invalid).length, 4, 'both halves kept as typed, to show again');
  const p = progress(hospital, saved.values, saved.invalid);
  const basic = p.sections.find((s) => s.id === 'basic')!;
  assert.equal(basic.problems, 2, 'one per band, not one per half');
  assert.deepEqual(
    Object.fromEntries(Object.entries(p.problems).filter(([name]) => name.startsWith(t))),
    saved.problems,
    'the overview’s problems are the form’s: same inputs, same messages',
  );
});
