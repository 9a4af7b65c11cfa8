// When a facility is open, for 急いで探す: its published timetable as minute bands per day column
// (月–日 = 0–6, 祝 = 7), its closed days as bit masks, and a moment read in Japan time (a national
// holiday takes the 祝 column, from @holiday-jp/holiday_jp).
//
// A band that crosses midnight (19:00–07:00) stays in the column of the day it starts, with its end
// past 24:00 (1140–1860), and is stored split at 24:00 (1140–1440 and 1440–1860, both on that day):
// whether that night is worked depends on the day it starts — a clinic closed on Tuesdays still works
// Monday night into Tuesday morning — so a moment early on a day also looks at the day before's rests
// past midnight (search-repository.ts).
import holidayJp from '@holiday-jp/holiday_jp';
import { DAYS, WEEKDAYS, type ClosedDays, type Span, type TimePart, type Timetable } from '../reporting/catalogue/types.ts';
import { JST_OFFSET_MS } from '../platform/japanese/time.ts';

/** The 祝 column of search_hours. */
export const HOLIDAY_COLUMN = 7;
export const DAY_MINUTES = 1440;

/** One open band: the day column it starts in, its start and end in minutes from that day's 00:00 (end ≤ 2880). */
export interface OpenBand {
  day: number;
  start: number;
  end: number;
}

/** HH:MM (00:00–24:00) in minutes, read digit by digit (this runs for every cell of 200,000 timetables). */
function minutes(hhmm: string): number | undefined {
  if (hhmm.length !== 5 || hhmm.charCodeAt(2) !== 58) return undefined;
  const h1 = hhmm.charCodeAt(0) - 48;
  const h2 = hhmm.charCodeAt(1) - 48;
  const m1 = hhmm.charCodeAt(3) - 48;
  const m2 = hhmm.charCodeAt(4) - 48;
  if (h1 < 0 || h1 > 9 || h2 < 0 || h2 > 9 || m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9) return undefined;
  const value = (h1 * 10 + h2) * 60 + m1 * 10 + m2;
  return value <= DAY_MINUTES ? value : undefined;
}

/** A span in minutes; one whose end is not after its start runs over midnight; 00:00–00:00 (a placeholder) is nothing. */
export function spanMinutes(span: Span): { start: number; end: number } | undefined {
  const start = minutes(span[0]);
  const end = minutes(span[1]);
  if (start === undefined || end === undefined || start >= DAY_MINUTES) return undefined;
  if (start === 0 && end === 0) return undefined;
  return { start, end: end > start ? end : end + DAY_MINUTES };
}

/**
 * The bands a timetable opens, all rows (departments) together, merged per day column where they
 * overlap or touch. Per cell the first of `parts` it has is taken (診療 before 外来受付, …).
 */
export function openBands(timetable: Timetable | undefined, parts: readonly TimePart[]): OpenBand[] {
  const byDay: Array<Array<{ start: number; end: number }>> = DAYS.map(() => []);
  // Departments mostly share their hours: each span is kept once per day.
  const seen = new Set<number>();
  for (const row of timetable?.rows ?? []) {
    for (const band of row.bands ?? []) {
      if (!band) continue;
      for (let day = 0; day < DAYS.length; day++) {
        const cell = band[DAYS[day]!];
        if (!cell) continue;
        let span: Span | undefined;
        for (const p of parts) if ((span = cell[p])) break;
        if (!span) continue;
        const m = spanMinutes(span);
        if (!m) continue;
        const key = (day * 3000 + m.start) * 3000 + m.end;
        if (seen.has(key)) continue;
        seen.add(key);
        byDay[day]!.push(m);
      }
    }
  }
  const out: OpenBand[] = [];
  for (let day = 0; day < byDay.length; day++) {
    const spans = byDay[day]!.sort((a, b) => a.start - b.start || a.end - b.end);
    let current: { start: number; end: number } | undefined;
    for (const s of spans) {
      if (current && s.start <= current.end) current.end = Math.max(current.end, s.end);
      else {
        if (current) out.push({ day, ...current });
        current = { ...s };
      }
    }
    if (current) out.push({ day, ...current });
  }
  return out;
}

/**
 * The rows of search_hours: a band over midnight split at 24:00 into its part on its day and the
 * rest (start 1440), both in the column of the day it starts — so a moment's own day is looked up
 * among starts before it, and the night before among the rests alone (start_min ≥ 1440).
 */
export function hoursRows(bands: readonly OpenBand[]): OpenBand[] {
  return bands.flatMap((b) =>
    b.end > DAY_MINUTES
      ? [
          { day: b.day, start: b.start, end: DAY_MINUTES },
          { day: b.day, start: DAY_MINUTES, end: b.end },
        ]
      : [b],
  );
}

/** Closed days as masks: weekly bit = weekday (月 = 0 … 日 = 6); 第n週 bit = (n − 1) × 7 + weekday; on 祝日. */
export interface ClosedMasks {
  weekly: number;
  nth: number;
  holidays: boolean;
}

export function closedMasks(closed: ClosedDays | undefined): ClosedMasks {
  let weekly = 0;
  let nth = 0;
  for (const d of closed?.weekly ?? []) {
    const i = WEEKDAYS.indexOf(d);
    if (i >= 0) weekly |= 1 << i;
  }
  for (const { week, day } of closed?.nth ?? []) {
    const i = WEEKDAYS.indexOf(day);
    if (i >= 0 && week >= 1 && week <= 5) nth += 2 ** ((week - 1) * 7 + i);
  }
  return { weekly, nth, holidays: closed?.holidays === true };
}

/** The bit of a weekday in the weekly mask, and of 第n週 of it in the nth mask. */
export const weeklyBit = (weekday: number): number => 1 << weekday;
export const nthBit = (week: number, weekday: number): number => 2 ** ((week - 1) * 7 + weekday);

/** A calendar day in Japan as the timetable reads it. */
export interface JapanDay {
  /** YYYY-MM-DD. */
  date: string;
  /** 月 = 0 … 日 = 6. */
  weekday: number;
  /** 第n週: the nth such weekday of the month (1–5). */
  week: number;
  /** A national holiday (振替休日 and 国民の休日 included). */
  holiday: boolean;
  /** The timetable column that applies: the weekday's, or 祝 (7) on a holiday. */
  column: number;
}

/** A moment in Japan: its day, the minute of that day, and the day before (whose night bands may still run). */
export interface JapanMoment {
  day: JapanDay;
  minute: number;
  previous: JapanDay;
}

const holidays = holidayJp.holidays as Readonly<Record<string, unknown>>;

export function isNationalHoliday(date: string): boolean {
  return Object.hasOwn(holidays, date);
}

function japanDay(midnightUtc: Date): JapanDay {
  const date = midnightUtc.toISOString().slice(0, 10);
  const weekday = (midnightUtc.getUTCDay() + 6) % 7;
  const holiday = isNationalHoliday(date);
  return { date, weekday, week: Math.ceil(midnightUtc.getUTCDate() / 7), holiday, column: holiday ? HOLIDAY_COLUMN : weekday };
}

/** The moment `ms` as Japan's clocks and calendar show it (UTC+9, no daylight saving). */
export function japanMoment(ms: number): JapanMoment {
  const local = new Date(ms + JST_OFFSET_MS);
  const midnight = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  return {
    day: japanDay(midnight),
    minute: local.getUTCHours() * 60 + local.getUTCMinutes(),
    previous: japanDay(new Date(midnight.getTime() - 86_400_000)),
  };
}
