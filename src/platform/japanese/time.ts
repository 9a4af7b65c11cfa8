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
/** The English pages' day (医療情報ネット's facility page in English): January 20, 2027. */
const DATE_EN = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' });

const WEEKDAYS = '日月火水木金土';

/** 2026年11月28日 09:30 */
export function formatJst(ms: number): string {
  return DATE_TIME.format(ms);
}

/** 2026年11月21日 (`en`: November 21, 2026): the one way a day is written on a page or in a mail. */
export function formatJstDate(ms: number, lang: 'ja' | 'en' = 'ja'): string {
  return (lang === 'en' ? DATE_EN : DATE).format(ms);
}

/**
 * A calendar day stored as YYYY-MM-DD (a report's date, the day 休止 began, 報告基準日) as formatJstDate
 * writes it: 2027年1月18日 / January 18, 2027. Anything that is not such a day is returned as it is.
 */
export function formatDay(iso: string, lang: 'ja' | 'en' = 'ja'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [y, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(0);
  d.setUTCFullYear(y, month - 1, day); // not Date.UTC, which reads years 0–99 as 1900–1999
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return iso; // 2027-02-30 is no day
  return formatJstDate(d.getTime() - JST_OFFSET_MS, lang);
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
