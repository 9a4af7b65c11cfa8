// When a facility is open, for 急いで探す: its published timetable as minute bands per day column
// (月–日 = 0–6, 祝 = 7), its closed days as bit masks, and a moment read in Japan time (a national
// holiday takes the 祝 column, from @holiday-jp/holiday_jp).
//
// A band that crosses midnight (19:00–07:00) stays in the column of the day it starts, with its end
// past 24:00 (1140–1860): whether that night is worked depends on the day it starts — a clinic closed
// on Tuesdays still works Monday night into Tuesday morning — so a moment early on a day also looks
// at the day before's bands that run past midnight (query.ts).
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

const minutes = (hhmm: string): number | undefined => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return undefined;
  const value = Number(m[1]) * 60 + Number(m[2]);
  return value <= DAY_MINUTES ? value : undefined;
};

/** A span in minutes; one whose end is not after its start runs over midnight; 00:00–00:00 (a placeholder) is nothing. */
export function spanMinutes(span: Span): { start: number; end: number } | undefined {
  const start = minutes(span[0]);
  const end = minutes(span[1]);
  if (start === undefined || end === undefined || start >= DAY_MINUTES) return undefined;
  if (span[0] === '00:00' && span[1] === '00:00') return undefined;
  return { start, end: end > start ? end : end + DAY_MINUTES };
}

/**
 * The bands a timetable opens, all rows (departments) together, merged per day column where they
 * overlap or touch. Per cell the first of `parts` it has is taken (診療 before 外来受付, …).
 */
export function openBands(timetable: Timetable | undefined, parts: readonly TimePart[]): OpenBand[] {
  const byDay = new Map<number, Array<{ start: number; end: number }>>();
  for (const row of timetable?.rows ?? []) {
    for (const band of row.bands ?? []) {
      for (const [d, cell] of Object.entries(band ?? {})) {
        const day = DAYS.indexOf(d as (typeof DAYS)[number]);
        if (day < 0 || !cell) continue;
        const span = parts.map((p) => cell[p]).find((s) => s !== undefined);
        const m = span && spanMinutes(span);
        if (!m) continue;
        const list = byDay.get(day) ?? [];
        list.push(m);
        byDay.set(day, list);
      }
    }
  }
  const out: OpenBand[] = [];
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const spans = byDay.get(day)!.sort((a, b) => a.start - b.start || a.end - b.end);
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
