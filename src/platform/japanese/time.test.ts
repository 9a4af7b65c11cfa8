// Japan-time formatting around the moments that go wrong: JST midnight (still the previous day in
// UTC), the turn of the year and month ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDay, formatJst, formatJstDate, formatJstMonthDayWeekday, jstDateStamp, jstWeekday } from './time.ts';

const at = (iso: string) => Date.parse(iso);

test('date and time, either side of JST midnight', () => {
  assert.equal(formatJst(at('2026-11-27T14:59:00Z')), '2026年11月27日 23:59');
  assert.equal(formatJst(at('2026-11-27T15:00:00Z')), '2026年11月28日 00:00');
  assert.equal(formatJst(at('2026-11-28T00:30:00Z')), '2026年11月28日 09:30');
});

test('the date alone, either side of JST midnight and at the turn of the year', () => {
  assert.equal(formatJstDate(at('2026-11-20T14:59:59.999Z')), '2026年11月20日');
  assert.equal(formatJstDate(at('2026-11-20T15:00:00Z')), '2026年11月21日');
  assert.equal(formatJstDate(at('2026-12-31T14:59:59Z')), '2026年12月31日');
  assert.equal(formatJstDate(at('2026-12-31T15:00:00Z')), '2027年1月1日');
});

test('the date in English; a stored day (YYYY-MM-DD) written the same way, in either language', () => {
  assert.equal(formatJstDate(at('2027-01-19T15:00:00Z'), 'en'), 'January 20, 2027', 'the day in Japan');
  assert.equal(formatDay('2027-01-18'), '2027年1月18日');
  assert.equal(formatDay('2027-01-18', 'en'), 'January 18, 2027');
  assert.equal(formatDay('2028-02-29'), '2028年2月29日', 'a leap day');
  assert.equal(formatDay('2026-12-31'), formatJstDate(at('2026-12-31T03:00:00Z')), 'the same words as the date of a moment');
  assert.equal(formatDay('0099-01-01'), '99年1月1日', 'year 99 is not 1999');
  for (const notADay of ['2027-02-30', '2027-1-8', '', '令和9年1月18日']) assert.equal(formatDay(notADay), notADay);
});

test('month, day and weekday; the date stamp; the weekday number', () => {
  // 2026-12-05 is a Saturday in Japan from 15:00 UTC the day before.
  assert.equal(formatJstMonthDayWeekday(at('2026-12-04T14:59:00Z')), '12月4日（金）');
  assert.equal(formatJstMonthDayWeekday(at('2026-12-04T15:00:00Z')), '12月5日（土）');
  assert.equal(jstDateStamp(at('2026-02-28T15:00:00Z')), '20260301');
  assert.equal(jstDateStamp(at('2028-02-28T15:00:00Z')), '20280229', 'a leap day');
  assert.equal(jstWeekday(at('2026-12-05T14:59:00Z')), 6);
  assert.equal(jstWeekday(at('2026-12-05T15:00:00Z')), 0);
});

test('the formatters agree with a formatter built for the call, over a year of hours', () => {
  const fresh = (ms: number) =>
    new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(
      new Date(ms),
    );
  for (let ms = at('2026-01-01T00:00:00Z'); ms < at('2027-01-01T00:00:00Z'); ms += 7 * 3_600_000 + 13 * 60_000) assert.equal(formatJst(ms), fresh(ms));
});

test('formatting builds no Intl formatter per call (building one per call is what grew the process under load)', () => {
  const original = Intl.DateTimeFormat;
  let built = 0;
  const counting = new Proxy(original, {
    construct: (target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) => ((built += 1), new target(...args)),
    apply: (target, _this, args: ConstructorParameters<typeof Intl.DateTimeFormat>) => ((built += 1), target(...args)),
  });
  Intl.DateTimeFormat = counting;
  try {
    for (let i = 0; i < 100; i++) {
      formatJst(at('2026-11-27T15:00:00Z') + i * 60_000);
      formatJstDate(at('2026-11-27T15:00:00Z') + i * 86_400_000);
    }
  } finally {
    Intl.DateTimeFormat = original;
  }
  assert.equal(built, 0);
});
