// Japan time as people read it on pages and in mails. The Intl formatters are built once: building
// one per call cost most of a signed-in page's time and grew the process by gigabytes under load.
// Japan has kept UTC+9 without daylight saving since 1951, so dates can also be worked out by offset.

export const JST_OFFSET_MS = 9 * 3_600_000;

const DATE_TIME = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const DATE = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' });

const WEEKDAYS = '日月火水木金土';

/** 2026年11月28日 09:30 */
export function formatJst(ms: number): string {
  return DATE_TIME.format(ms);
}

/** 2026年11月21日 */
export function formatJstDate(ms: number): string {
  return DATE.format(ms);
}

/** A moment's calendar day in Japan, read off UTC fields shifted by the offset. */
function japanDay(ms: number): Date {
  return new Date(ms + JST_OFFSET_MS);
}

/** 12月5日（土） */
export function formatJstMonthDayWeekday(ms: number): string {
  const d = japanDay(ms);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${WEEKDAYS[d.getUTCDay()]}）`;
}

/** 20261121, for reference numbers. */
export function jstDateStamp(ms: number): string {
  const d = japanDay(ms);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** 0 (Sunday) … 6 (Saturday), in Japan. */
export function jstWeekday(ms: number): number {
  return japanDay(ms).getUTCDay();
}
