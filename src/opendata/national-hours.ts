// Opening hours for the synthetic national snapshot (national.ts): a facility's time bands by weekday
// (月 … 日 and 祝), each department's rows of the 診療科・診療時間票 drawn from them, and the hours of
// the one-row files (助産所, 薬局). Shapes follow the real files: a morning band and usually an
// afternoon one, Saturday mornings, a weekday afternoon off, evening bands some of which cross
// midnight (19:00–07:00), 救急科 at 00:00–24:00 every day.
import { pick, type Random } from './national-names.ts';

/** Days in the files' order: 月 火 水 木 金 土 日 祝. */
export const DAY_COUNT = 8;
const SAT = 5;
const SUN = 6;
const HOL = 7;

/** Minutes from midnight, start and end; end ≤ start means the band ends the next day. 24:00 is 1440. */
export type Span = readonly [number, number];
/** One band's times for each of the 8 days (undefined: not in this band that day). */
export type DayTimes = readonly (Span | undefined)[];

/** One row of a 診療科・診療時間票 (or one band of a one-row file): the hours and the 外来受付 hours. */
export interface BandRow {
  band: number;
  hours: DayTimes;
  reception: DayTimes;
}

const hm = (h: number, m = 0): number => h * 60 + m;
const none = (): (Span | undefined)[] => Array.from({ length: DAY_COUNT }, () => undefined);

/** 「09:00」; 1440 is 「24:00」. */
export function formatTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/** The reception window the files give beside a band: from a little before it starts to a little before it ends. */
function receptionOf(random: Random, span: Span): Span {
  const [start, end] = span;
  if (end <= start) return span; // a night band: reception the whole time
  const before = pick(random, [0, 0, 15, 30]);
  const last = pick(random, [0, 15, 30, 30, 60]);
  const rs = Math.max(0, start - before);
  const re = Math.max(rs + 30, end - last);
  return [rs, Math.min(re, end)];
}

/** The shape of a facility's week: the bands every department starts from. */
export interface WeekShape {
  /** Band 1 (morning), band 2 (afternoon) and band 3 (evening or night), day by day. */
  bands: BandRow[];
}

type MedicalKind = 'hospital' | 'clinic' | 'dental';

/** Probabilities by kind, tuned so that the rows come near the real counts (DOMAIN.md "Sizes"). */
const SHAPE = {
  hospital: { afternoon: 0.85, keepAfternoon: 0.88, evening: 0.09, saturday: [0.6, 0.1], sunday: 0.03, holiday: 0.03, weekdayOff: 0 },
  clinic: { afternoon: 0.97, keepAfternoon: 0.95, evening: 0.045, saturday: [0.72, 0.16], sunday: 0.04, holiday: 0.03, weekdayOff: 0.45 },
  dental: { afternoon: 0.97, keepAfternoon: 0.95, evening: 0.012, saturday: [0.45, 0.45], sunday: 0.08, holiday: 0.04, weekdayOff: 0.5 },
} as const;

/** A facility's week: which days it works, its morning, afternoon and (rarely) evening bands. */
export function weekShape(random: Random, kind: MedicalKind): WeekShape {
  const p = SHAPE[kind];
  const morning: Span =
    kind === 'dental'
      ? [pick(random, [hm(9), hm(9, 30), hm(10)]), pick(random, [hm(12, 30), hm(13), hm(13)])]
      : [pick(random, [hm(8, 30), hm(9), hm(9), hm(9, 30)]), pick(random, [hm(12), hm(12), hm(12, 30), hm(13)])];
  const afternoon: Span =
    kind === 'hospital'
      ? [pick(random, [hm(13, 30), hm(14)]), pick(random, [hm(16, 30), hm(17), hm(17)])]
      : [pick(random, [hm(14), hm(14, 30), hm(15), hm(15, 30), hm(16)]), pick(random, [hm(17, 30), hm(18), hm(18), hm(18, 30), hm(19)])];
  // Some evening bands cross midnight, as night clinics' and hospitals' night outpatients' do.
  const evening: Span =
    random() < 0.3
      ? pick(random, [
          [hm(19), hm(7)],
          [hm(17, 30), hm(8, 30)],
          [hm(20), hm(2)],
        ] as const)
      : [hm(19), pick(random, [hm(21), hm(21), hm(22)])];

  const morningDays = [true, true, true, true, true, false, false, false];
  const afternoonDays = [true, true, true, true, true, false, false, false];
  const sat = random();
  if (sat < p.saturday[0]) morningDays[SAT] = true;
  else if (sat < p.saturday[0] + p.saturday[1]) morningDays[SAT] = afternoonDays[SAT] = true;
  if (random() < p.sunday) morningDays[SUN] = true;
  if (random() < p.holiday) morningDays[HOL] = true;
  if (random() < p.weekdayOff) {
    const day = pick(random, [2, 2, 3, 3, 3, 1, 4]);
    afternoonDays[day] = false;
    if (random() < 0.5) morningDays[day] = false;
  }

  const band = (span: Span, days: readonly boolean[], n: number): BandRow => {
    const hours = days.map((open) => (open ? span : undefined));
    const reception = receptionOf(random, span);
    return { band: n, hours, reception: days.map((open) => (open ? reception : undefined)) };
  };
  const bands = [band(morning, morningDays, 1)];
  if (random() < p.afternoon) bands.push(band(afternoon, afternoonDays, 2));
  if (bands.length === 2 && random() < p.evening / p.afternoon) bands.push(band(evening, afternoonDays.slice(0, 5).concat([false, false, false]), 3));
  return { bands };
}

/** 救急科 (09010): 00:00–24:00 every day, one band. */
export const EMERGENCY_ROWS: readonly BandRow[] = [
  { band: 1, hours: Array.from({ length: DAY_COUNT }, (): Span => [0, 1440]), reception: Array.from({ length: DAY_COUNT }, (): Span => [0, 1440]) },
];
export const EMERGENCY_CODE = '09010';

/**
 * The rows of one department: most keep the facility's bands; some drop the afternoon, some are held
 * only on a few days (a specialist's days), a few have their own hours.
 */
export function departmentRows(random: Random, shape: WeekShape, kind: MedicalKind): readonly BandRow[] {
  const keepAfternoon = SHAPE[kind].keepAfternoon;
  const bands = shape.bands.filter((b) => b.band === 1 || (b.band === 2 && random() < keepAfternoon) || b.band === 3);
  // Band 3 without band 2 would leave a gap in the numbering: renumber.
  const rows = bands.map((b, i) => (b.band === i + 1 ? b : { ...b, band: i + 1 }));
  const r = random();
  if (r < 0.12) {
    // A specialist's days: two or three weekdays only.
    const days = new Set([pick(random, [0, 1, 2]), pick(random, [2, 3, 4]), ...(random() < 0.5 ? [pick(random, [0, 1, 2, 3, 4])] : [])]);
    return rows.map((b) => ({
      band: b.band,
      hours: b.hours.map((s, d) => (days.has(d) ? s : undefined)),
      reception: b.reception.map((s, d) => (days.has(d) ? s : undefined)),
    }));
  }
  if (r < 0.2) {
    // No 外来受付 times given.
    return rows.map((b) => ({ band: b.band, hours: b.hours, reception: none() }));
  }
  return rows;
}

/** Which of the 8 days any of the rows has hours on (a placeholder 00:00–00:00 is not hours). */
export function openDays(rows: readonly BandRow[], into: boolean[] = new Array<boolean>(DAY_COUNT).fill(false)): boolean[] {
  for (const row of rows)
    for (let d = 0; d < DAY_COUNT; d++) {
      const s = row.hours[d];
      if (s && !(s[0] === 0 && s[1] === 0)) into[d] = true;
    }
  return into;
}

/** 薬局: up to four 開店時間帯 a day; most one band, some with a lunch break, a few open around the clock. */
export function pharmacyBands(random: Random): BandRow[] {
  const r = random();
  const weekdays = [true, true, true, true, true, false, false, false];
  const saturday = random();
  const sat: 'none' | 'morning' | 'full' = saturday < 0.55 ? 'morning' : saturday < 0.8 ? 'full' : 'none';
  const sunday = random() < 0.12;
  const holiday = random() < 0.08;
  const days = (sp: Span, satSpan: Span | undefined, sunSpan: Span | undefined): (Span | undefined)[] =>
    weekdays.map((open, d) => (open ? sp : d === SAT ? satSpan : d === SUN ? sunSpan : d === HOL && holiday ? sunSpan : undefined));
  const row = (band: number, hours: (Span | undefined)[]): BandRow => ({ band, hours, reception: none() });
  if (r < 0.015)
    return [
      row(
        1,
        Array.from({ length: DAY_COUNT }, (): Span => [0, 1440]),
      ),
    ];
  const open = pick(random, [hm(8, 30), hm(9), hm(9), hm(9, 30)]);
  const close = pick(random, [hm(18), hm(18), hm(18, 30), hm(19), hm(20)]);
  const satSpan: Span | undefined = sat === 'none' ? undefined : sat === 'morning' ? [open, pick(random, [hm(12), hm(13)])] : [open, close];
  const sunSpan: Span | undefined = sunday ? [hm(10), pick(random, [hm(13), hm(17)])] : undefined;
  if (r < 0.25) {
    // A lunch break: two bands.
    const rows = [
      row(1, days([open, hm(13)], satSpan && [satSpan[0], Math.min(satSpan[1], hm(13))], sunSpan)),
      row(2, days([hm(14), close], sat === 'full' ? [hm(14), close] : undefined, undefined)),
    ];
    if (random() < 0.04) rows.push(row(3, days([hm(19), hm(21)], undefined, undefined)), row(4, days([hm(21), hm(23)], undefined, undefined)));
    return rows;
  }
  const rows = [row(1, days([open, close], satSpan, sunSpan))];
  if (random() < 0.02) rows.push(row(2, days([close + 60, close + 180], undefined, undefined)));
  return rows;
}

/** 助産所: 就業時間帯 and 外来受付時間帯, up to three a day; many work around the clock for births. */
export function maternityBands(random: Random): BandRow[] {
  if (random() < 0.4) {
    const all = Array.from({ length: DAY_COUNT }, (): Span => [0, 1440]);
    const reception = [0, 1, 2, 3, 4].map((): Span => [hm(9), hm(16)]);
    return [{ band: 1, hours: all, reception: [...reception, random() < 0.5 ? [hm(9), hm(12)] : undefined, undefined, undefined] }];
  }
  const day: Span = [pick(random, [hm(9), hm(9), hm(10)]), pick(random, [hm(16), hm(17), hm(18)])];
  const days = [true, true, true, true, true, random() < 0.5, false, false];
  const reception = receptionOf(random, day);
  const rows: BandRow[] = [{ band: 1, hours: days.map((o) => (o ? day : undefined)), reception: days.map((o) => (o ? reception : undefined)) }];
  if (random() < 0.1) rows.push({ band: 2, hours: days.map((o) => (o ? ([hm(18), hm(20)] as Span) : undefined)), reception: none() });
  return rows;
}
