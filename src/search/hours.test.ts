// Open bands and closed days as the index holds them, and moments in Japan time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closedMasks, hoursRows, japanMoment, nthBit, openBands, spanMinutes, weeklyBit } from './hours.ts';

test('spans in minutes: over midnight ends after 1440; 24:00 is 1440; 00:00–00:00 is a placeholder', () => {
  assert.deepEqual(spanMinutes(['09:00', '12:30']), { start: 540, end: 750 });
  assert.deepEqual(spanMinutes(['19:00', '07:00']), { start: 1140, end: 1860 });
  assert.deepEqual(spanMinutes(['00:00', '24:00']), { start: 0, end: 1440 });
  assert.deepEqual(spanMinutes(['09:00', '09:00']), { start: 540, end: 1980 });
  assert.equal(spanMinutes(['00:00', '00:00']), undefined);
  assert.equal(spanMinutes(['9:00', '12:00']), undefined);
});

test('bands: every department and band together, merged per day where they overlap or touch; 診療 before 外来受付', () => {
  const bands = openBands(
    {
      rows: [
        { code: '01001', bands: [{ mon: { care: ['09:00', '12:00'], reception: ['08:30', '11:30'] } }, { mon: { care: ['14:00', '18:00'] } }] },
        { code: '03001', bands: [{ mon: { care: ['11:00', '14:00'] }, hol: { reception: ['10:00', '11:00'] } }] },
        { code: '09010', bands: [{ sun: { care: ['20:00', '08:00'] } }] },
      ],
    },
    ['care', 'reception'],
  );
  assert.deepEqual(bands, [
    { day: 0, start: 540, end: 1080 },
    { day: 6, start: 1200, end: 1920 },
    { day: 7, start: 600, end: 660 },
  ]);
  assert.deepEqual(openBands(undefined, ['open']), []);
  // stored split at 24:00, both parts on the day the band starts
  assert.deepEqual(hoursRows(bands), [
    { day: 0, start: 540, end: 1080 },
    { day: 6, start: 1200, end: 1440 },
    { day: 6, start: 1440, end: 1920 },
    { day: 7, start: 600, end: 660 },
  ]);
});

test('closed-day masks', () => {
  const m = closedMasks({
    weekly: ['mon', 'sun'],
    nth: [
      { week: 2, day: 'thu' },
      { week: 5, day: 'sun' },
    ],
    holidays: true,
    other: '',
  });
  assert.equal(m.weekly, weeklyBit(0) | weeklyBit(6));
  assert.equal(m.nth, nthBit(2, 3) + nthBit(5, 6));
  assert.equal(m.holidays, true);
  assert.ok(nthBit(5, 6) > 2 ** 31, 'the 35 bits need more than 32');
});

test('moments in Japan: the weekday, 第n週, holidays (振替休日 too), the day before', () => {
  const m = japanMoment(Date.parse('2026-05-06T00:30:00+09:00'));
  assert.deepEqual(m.day, { date: '2026-05-06', weekday: 2, week: 1, holiday: true, column: 7 });
  assert.equal(m.minute, 30);
  assert.deepEqual(m.previous, { date: '2026-05-05', weekday: 1, week: 1, holiday: true, column: 7 });
  // 23:59 UTC on the 13th is already the 14th in Japan: the second Thursday
  const t = japanMoment(Date.parse('2026-05-13T15:10:00Z'));
  assert.deepEqual(t.day, { date: '2026-05-14', weekday: 3, week: 2, holiday: false, column: 3 });
  assert.equal(t.minute, 10);
  assert.equal(japanMoment(Date.parse('2026-05-31T12:00:00+09:00')).day.week, 5);
});
