// Fiscal years as Japan counts them: April to March, in Japan time. FY 2026 (令和8年度) runs from
// 2026-04-01 00:00 JST up to, not including, 2027-04-01 00:00 JST. Japan has no daylight saving, so
// the edges are fixed offsets from UTC.
import { JST_OFFSET_MS } from '../platform/japanese/time.ts';

/** 00:00 Japan time of a calendar day (month 1–12). */
export function jstMidnight(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - JST_OFFSET_MS;
}

/** The calendar day in Japan of a moment, as YYYY-MM-DD. */
export function jstDateOf(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The fiscal year a moment falls in: the calendar year in Japan, less one before April. */
export function fiscalYearOf(ms: number): number {
  const d = new Date(ms + JST_OFFSET_MS);
  return d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
}

/** The first moment of the fiscal year: April 1 00:00 Japan time. */
export function fyStart(fy: number): number {
  return jstMidnight(fy, 4, 1);
}

/** The end of the fiscal year, exclusive: April 1 00:00 Japan time of the next calendar year. */
export function fyEnd(fy: number): number {
  return fyStart(fy + 1);
}

/** 令和8年度 for 2026 (令和元年度 for 2019; earlier years in 平成). */
export function reiwaLabel(fy: number): string {
  if (fy >= 2019) return fy === 2019 ? '令和元年度' : `令和${fy - 2018}年度`;
  return fy === 1989 ? '平成元年度' : `平成${fy - 1988}年度`;
}
