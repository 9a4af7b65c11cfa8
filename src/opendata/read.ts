// Reading a snapshot of the ministry's open data (OPEN-DATA.md) into facilities in our catalogue's shape,
// streaming: a caller writes each facility as it comes (publication in one transaction is the caller's).
//
// - Any subset of the 8 files, named `<stem>.csv` or `<stem>_YYYYMMDD.csv`; UTF-8 with or without a BOM.
//   Every header row is checked before the first facility is handed out: each header of format.ts exactly
//   once, nothing else (matched by name: public parsers disagree on the order inside the in-row hours
//   blocks, so the order is not checked).
// - Imperfect values are normalised or dropped and counted as notes by file, line and column (see
//   `opendata.note.*`): home pages that are not web addresses, 00:00–00:00 placeholders, a band's start
//   without its end, times that do not read, 0.0 coordinates, unknown department codes, closed-day flags
//   that disagree with the hours. When a facility publishes hours, its weekly closed days are the weekdays
//   without hours and 祝日 is closed when it has no 祝 hours: a flag that says otherwise is counted and the
//   hours win — they are what a patient goes by, and what the real site shows. Without hours, the flags
//   stand. A 合計病床数 that is not the sum of the beds is counted and the sum kept (the report form computes
//   it so). Names, フリガナ and addresses are kept as published (full-width Latin too: search folds it).
//   診療科目名 is read only as the free text of the XX991/XX992 codes: departments are by code (the
//   other codes' names come in hundreds of spellings), and the writer writes our name of each.
// - A row that cannot be placed refuses the snapshot (SnapshotRefused, thrown before the first facility
//   or while iterating): a malformed ID, an ID whose kind digit is not its file's, an unknown prefecture
//   or municipality, a duplicate ID, a line that is not CSV, a row without a name.
// - An hours file is joined to its facility file by ID as a merge: both are read at once, the facility
//   file only as far as the hours file needs, so sorted files (as the ministry's are) keep only a chunk of
//   facilities in memory; unsorted ones still join (waiting facilities are kept until their hours come).
//   While the facility file is in ascending ID order, an hours ID it has passed is known not to be in it
//   (kept aside anyway, in case the order breaks later); once it is not, the file is read on to its end
//   for a missing ID. What the join does rely on is that one facility's hours rows are consecutive —
//   checked: a facility whose rows come apart refuses the snapshot, naming both lines. Hours rows of an ID
//   the facility file does not have are counted and dropped. Facilities without hours rows come last.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { INSTITUTION_KINDS } from '../db/schema.ts';
import { municipality, prefectureName } from '../institutions/places.ts';
import { normaliseLine, normaliseText } from '../platform/japanese/text.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { CLOSED_DAYS_OTHER_MAX, FREE_TEXT_MAX, isWebAddress, parseNumber, parseTime } from '../reporting/catalogue/form.ts';
import {
  DAYS,
  SINGLE_ROW,
  TIME_PARTS,
  WEEKDAYS,
  WEEKS,
  type ChosenCode,
  type ClosedDays,
  type Day,
  type InstitutionKind,
  type ReportValues,
  type Span,
  type TimePart,
  type Timetable,
  type TimetableBand,
  type Week,
  type Weekday,
} from '../reporting/catalogue/types.ts';
import { canonicalValues } from '../reporting/catalogue/values.ts';
import {
  FACILITY_FILE,
  HOURS_FILE,
  HOURS_FILE_SPANS,
  HOURS_HEAD,
  ID_PATTERN,
  KIND_DIGIT,
  OPEN_DATA_FILES,
  PHARMACY_UNIDENTIFIED_COLUMN,
  closedDayColumns,
  inRowSpanColumns,
  masterColumns,
  stemOfFileName,
  type SpanColumns,
} from './format.ts';
import { kindMapping, type KindMapping } from './mapping.ts';
import { CsvProblem, readCsvRecords, type CsvBatch } from './records.ts';
import { OPEN_DATA_FILE_STEMS, SnapshotRefused, type ImportNote, type OpenDataFileStem, type ReadProgress, type SnapshotFacility } from './types.ts';

export interface ReadSnapshotOptions {
  /** The fiscal year whose catalogue the values are shaped by. */
  fiscalYear: number;
  /** Called after each chunk (64 KB) read. */
  onProgress?: (progress: ReadProgress) => void;
  /** The catalogue files (tests); the shipped ones by default. */
  catalogueDir?: string;
  /** The bytes read at a time (tests: small chunks make the join's paths run on small files). */
  chunkSize?: number;
}

/** One file of the snapshot being read. */
export interface SnapshotFile {
  stem: OpenDataFileStem;
  name: string;
  path: string;
  bytes: number;
}

/** The notes of one file, column and kind of note: how many, and the first lines. */
export interface NoteCount {
  file: OpenDataFileStem;
  column: string;
  what: string;
  count: number;
  lines: number[];
}

/** How many lines (and notes) are kept for each file, column and kind of note; the count goes on. */
const NOTE_SAMPLES = 20;

/** The notes of a reading: counted by file, column and kind, the first few of each kept whole. */
class NoteBook {
  readonly counts = new Map<string, NoteCount>();
  readonly samples: ImportNote[] = [];

  add(file: OpenDataFileStem, line: number, column: string, what: string, detail?: string): void {
    const key = `${file}\u0000${column}\u0000${what}`;
    let c = this.counts.get(key);
    if (c === undefined) {
      c = { file, column, what, count: 0, lines: [] };
      this.counts.set(key, c);
    }
    c.count++;
    if (c.lines.length < NOTE_SAMPLES) {
      c.lines.push(line);
      this.samples.push(detail === undefined ? { file, line, column, what } : { file, line, column, what, detail });
    }
  }
}

const refuse = (file: OpenDataFileStem | undefined, message: string, line?: number, column?: string): never => {
  throw new SnapshotRefused({
    ...(file === undefined ? {} : { file }),
    ...(line === undefined ? {} : { line }),
    ...(column === undefined ? {} : { column }),
    message,
  });
};

/**
 * Opens a snapshot directory: finds its files, checks every header row, and returns the reader whose
 * iteration hands out the facilities. Throws SnapshotRefused when the files cannot make a snapshot.
 */
export async function readSnapshot(dir: string, options: ReadSnapshotOptions): Promise<SnapshotReader> {
  const found = new Map<OpenDataFileStem, SnapshotFile>();
  for (const name of (await readdir(dir)).sort()) {
    const stem = stemOfFileName(name);
    if (stem === undefined) continue;
    const earlier = found.get(stem);
    if (earlier !== undefined) refuse(stem, MESSAGES['opendata.refusal.two_files'](earlier.name, name));
    const p = path.join(dir, name);
    found.set(stem, { stem, name, path: p, bytes: (await stat(p)).size });
  }
  if (found.size === 0) refuse(undefined, MESSAGES['opendata.refusal.no_files'](dir));
  for (const kind of INSTITUTION_KINDS) {
    const hours = HOURS_FILE[kind];
    if (hours !== undefined && found.has(hours) && !found.has(FACILITY_FILE[kind]))
      refuse(hours, MESSAGES['opendata.refusal.hours_without_facility'](FACILITY_FILE[kind]));
  }
  const files = OPEN_DATA_FILE_STEMS.flatMap((s) => (found.has(s) ? [found.get(s)!] : []));
  for (const f of files) columnIndex(f.stem, await headerRow(f));
  return new SnapshotReader(files, options);
}

/** Reads a whole snapshot into memory (tests, small snapshots); a national one should be iterated instead. */
export async function readWholeSnapshot(dir: string, options: ReadSnapshotOptions): Promise<{ facilities: SnapshotFacility[]; reader: SnapshotReader }> {
  const reader = await readSnapshot(dir, options);
  const facilities: SnapshotFacility[] = [];
  for await (const f of reader) facilities.push(f);
  return { facilities, reader };
}

/** Groups an iterable of facilities into arrays of `size` (for multi-row inserts). */
export async function* inBatches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function headerRow(f: SnapshotFile): Promise<string[]> {
  try {
    for await (const batch of readCsvRecords(f.path, () => {}, 64 * 1024)) return batch.records[0]!;
  } catch (e) {
    throw refusalOfCsv(f.stem, e);
  }
  return refuse(f.stem, MESSAGES['opendata.refusal.empty'], 1);
}

function refusalOfCsv(stem: OpenDataFileStem, e: unknown): unknown {
  if (!(e instanceof CsvProblem)) return e;
  const message =
    e.problem === 'not_utf8'
      ? MESSAGES['opendata.refusal.encoding']
      : e.problem === 'quote_unclosed'
        ? MESSAGES['opendata.refusal.quote_unclosed']
        : MESSAGES['opendata.refusal.unreadable'](e.detail);
  return new SnapshotRefused({ file: stem, line: e.line, message });
}

/** A file's header row checked against format.ts (each header once, no other; by name): the index of each header. */
function columnIndex(stem: OpenDataFileStem, header: readonly string[]): Map<string, number> {
  const file = OPEN_DATA_FILES[stem];
  const expected = new Set(file.headers);
  const pharmacy = file.kind === '薬局' && file.role === 'facility';
  if (pharmacy) expected.delete(file.headers[PHARMACY_UNIDENTIFIED_COLUMN]!);
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (index.has(h)) refuse(stem, MESSAGES['opendata.refusal.header_repeated'](h), 1, h);
    if (expected.has(h)) index.set(h, i);
    else if (!(pharmacy && i === PHARMACY_UNIDENTIFIED_COLUMN)) refuse(stem, MESSAGES['opendata.refusal.header_unknown'](h), 1, h);
  });
  for (const h of file.headers) if (expected.has(h) && !index.has(h)) refuse(stem, MESSAGES['opendata.refusal.header_missing'](h), 1, h);
  return index;
}

// ---------------------------------------------------------------------------------------------------------
// Column layouts: a file's columns as indices, worked out once per file from its header row

/** One closed-day flag column: what it says (`open`: 薬局's 営業日, `weekly_hol`: its 定期閉店毎週（祝）). */
type FlagMeaning =
  { type: 'weekly'; day: Weekday } | { type: 'nth'; week: Week; day: Weekday } | { type: 'holiday' } | { type: 'open'; day: Day } | { type: 'weekly_hol' };

/** The slots of a kind's flags (an index into a facility's flag array) and their columns. */
interface FlagSlots {
  readonly columns: readonly string[];
  readonly meanings: readonly FlagMeaning[];
  readonly weekly: Readonly<Record<Weekday, number>>;
  readonly nth: Readonly<Record<Week, Readonly<Record<Weekday, number>>>>;
  readonly holiday: number;
  readonly open?: Readonly<Record<Day, number>>;
  readonly weeklyHoliday?: number;
}

const flagSlotsCache = new Map<InstitutionKind, FlagSlots>();
function flagSlots(kind: InstitutionKind): FlagSlots {
  const cached = flagSlotsCache.get(kind);
  if (cached !== undefined) return cached;
  const c = closedDayColumns(kind);
  const columns: string[] = [];
  const meanings: FlagMeaning[] = [];
  const slot = (column: string, meaning: FlagMeaning) => {
    columns.push(column);
    meanings.push(meaning);
    return columns.length - 1;
  };
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, slot(c.weekly[d], { type: 'weekly', day: d })])) as Record<Weekday, number>;
  const nth = Object.fromEntries(
    WEEKS.map((w) => [w, Object.fromEntries(WEEKDAYS.map((d) => [d, slot(c.nth[w][d], { type: 'nth', week: w, day: d })]))]),
  ) as Record<Week, Record<Weekday, number>>;
  const holiday = slot(c.holiday, { type: 'holiday' });
  const openDays = c.openDays;
  const open =
    openDays === undefined ? undefined : (Object.fromEntries(DAYS.map((d) => [d, slot(openDays[d], { type: 'open', day: d })])) as Record<Day, number>);
  const weeklyHoliday = c.weeklyHoliday === undefined ? undefined : slot(c.weeklyHoliday, { type: 'weekly_hol' });
  const slots: FlagSlots = { columns, meanings, weekly, nth, holiday, open, weeklyHoliday };
  flagSlotsCache.set(kind, slots);
  return slots;
}

interface IndexedColumn {
  readonly index: number;
  readonly column: string;
  readonly path: string;
}
interface IndexedSpan {
  readonly start: number;
  readonly end: number;
  readonly span: SpanColumns;
  /** Where its start goes in a band's slots (its end follows). */
  readonly slot: number;
}

/** A facility file's columns as indices. */
interface FacilityLayout {
  readonly width: number;
  readonly id: number;
  readonly kindDigit?: number;
  readonly prefecture: number;
  readonly municipality: number;
  readonly name: number;
  readonly nameKana: number;
  readonly nameEn: number;
  readonly address: number;
  readonly texts: readonly IndexedColumn[];
  readonly websites: readonly IndexedColumn[];
  readonly counts: ReadonlyArray<IndexedColumn & { min?: number; max?: number }>;
  readonly latitude?: IndexedColumn & { min: number; max: number; scale: number };
  readonly longitude?: IndexedColumn & { min: number; max: number; scale: number };
  /** The flag columns by slot (see FlagSlots), and その他の休診日. */
  readonly flags: readonly number[];
  readonly other: number;
  /** The hours in the row (助産所, 薬局). */
  readonly spans: readonly IndexedSpan[];
}

function facilityLayout(m: KindMapping, index: Map<string, number>, width: number): FacilityLayout {
  const at = (column: string): number => index.get(column)!;
  const master = masterColumns(m.kind);
  const indexed = <C extends { column: string; path: string }>(c: C) => ({ ...c, index: at(c.column) });
  return {
    width,
    id: at(master.id),
    kindDigit: index.get(master.kindDigit),
    prefecture: at(master.prefecture),
    municipality: at(master.municipality),
    name: at(master.name),
    nameKana: at(master.nameKana),
    nameEn: at(master.nameEn),
    address: at(master.address),
    texts: m.texts.map(indexed),
    websites: m.websites.map(indexed),
    counts: m.counts.map(indexed),
    latitude: m.latitude && indexed(m.latitude),
    longitude: m.longitude && indexed(m.longitude),
    flags: flagSlots(m.kind).columns.map(at),
    other: at(closedDayColumns(m.kind).other),
    spans:
      m.hours?.role === 'facility'
        ? inRowSpanColumns(m.kind).map((span) => ({ start: at(span.start), end: at(span.end), span, slot: SLOT(span.part, span.day) }))
        : [],
  };
}

/** An hours file's columns as indices. */
interface HoursLayout {
  readonly width: number;
  readonly id: number;
  readonly department: number;
  readonly departmentName: number;
  readonly band: number;
  readonly spans: readonly IndexedSpan[];
}

function hoursLayout(index: Map<string, number>, width: number): HoursLayout {
  const at = (column: string): number => index.get(column)!;
  return {
    width,
    id: at(HOURS_HEAD.id),
    department: at(HOURS_HEAD.department),
    departmentName: at(HOURS_HEAD.departmentName),
    band: at(HOURS_HEAD.band),
    spans: HOURS_FILE_SPANS.map((span) => ({ start: at(span.start), end: at(span.end), span, slot: SLOT(span.part, span.day) })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// A facility being read

/** A flag as read: blank (not reported), 1 = open, 0 = closed. */
const BLANK = 0;
const OPEN = 1;
const CLOSED = 2;

/** The hours of one facility as read so far (its hours-file rows, or its row's in-row hours). */
interface Hours {
  readonly id: string;
  /** The first line of its rows. */
  readonly line: number;
  /** Per row code (a department, or SINGLE_ROW), per band (index 0 = 時間帯1): the times by slot (see SLOT). */
  readonly rows: Map<string, Array<string[] | undefined>>;
  readonly departments: Map<string, string | undefined>;
  /** Days (bit per DAYS index) with at least one span. */
  dayMask: number;
  /** `code.band` seen (a repeated one is dropped). */
  readonly seen: Set<string>;
}

/** A band's times as a flat array while reading (start, end per part × day): objects are made once, at the end, already canonical. */
const SLOTS_PER_BAND = TIME_PARTS.length * DAYS.length * 2;
const PART_INDEX: Readonly<Record<TimePart, number>> = Object.fromEntries(TIME_PARTS.map((p, i) => [p, i])) as Record<TimePart, number>;
const DAY_INDEX: Readonly<Record<Day, number>> = Object.fromEntries(DAYS.map((d, i) => [d, i])) as Record<Day, number>;
const SLOT = (part: TimePart, day: Day): number => (PART_INDEX[part] * DAYS.length + DAY_INDEX[day]) * 2;

/** A band's times as our timetable's band: days in DAYS order, parts in TIME_PARTS order (the canonical form). */
function bandOf(slots: readonly string[] | undefined): TimetableBand {
  const band: TimetableBand = {};
  if (slots === undefined) return band;
  for (let d = 0; d < DAYS.length; d++) {
    let cell: Partial<Record<TimePart, Span>> | undefined;
    for (let p = 0; p < TIME_PARTS.length; p++) {
      const i = (p * DAYS.length + d) * 2;
      const start = slots[i];
      if (start === undefined || start === '') continue;
      (cell ??= {})[TIME_PARTS[p]!] = [start, slots[i + 1]!];
    }
    if (cell !== undefined) band[DAYS[d]!] = cell;
  }
  return band;
}

/** The hours as a canonical timetable (rows by code, trailing empty bands and empty rows dropped; free-text rows carry their department's name). */
function timetableOf(hours: Hours): Timetable {
  const rows: Timetable['rows'] = [];
  for (const code of [...hours.rows.keys()].sort()) {
    const bands = hours.rows.get(code)!.map(bandOf);
    while (bands.length > 0 && Object.keys(bands.at(-1)!).length === 0) bands.pop();
    if (bands.length === 0) continue;
    const text = hours.departments.get(code);
    rows.push(text === undefined ? { code, bands } : { code, text, bands });
  }
  return { rows };
}

/** `HH:MM` from 00:00 to 23:59, checked without allocating (nearly every time of the files); anything else goes through parseTime. */
function isPlainTime(s: string): boolean {
  if (s.length !== 5 || s.charCodeAt(2) !== 58) return false;
  const h1 = s.charCodeAt(0) - 48;
  const h2 = s.charCodeAt(1) - 48;
  const m1 = s.charCodeAt(3) - 48;
  const m2 = s.charCodeAt(4) - 48;
  return h1 >= 0 && h1 <= 2 && h2 >= 0 && h2 <= 9 && (h1 < 2 || h2 <= 3) && m1 >= 0 && m1 <= 5 && m2 >= 0 && m2 <= 9;
}

interface Pending {
  readonly facility: SnapshotFacility;
  readonly flags: Uint8Array;
  readonly other: string;
  hours?: Hours;
}

const newHours = (id: string, line: number): Hours => ({ id, line, rows: new Map(), departments: new Map(), dayMask: 0, seen: new Set() });
const DAY_BIT: Readonly<Record<Day, number>> = Object.fromEntries(DAYS.map((d, i) => [d, 1 << i])) as Record<Day, number>;

/** Text as published: trimmed, control characters (a newline inside quotes) as one space. */
function published(raw: string | undefined): string {
  if (raw === undefined) return '';
  const s = raw.trim();
  return /[\u0000-\u001f\u007f]/.test(s) ? s.replace(/[\u0000-\u001f\u007f]+/g, ' ') : s;
}

/** A home page as the form takes it, or mended when only the scheme (or its colon) is missing. */
function website(raw: string): { value?: string; what?: string } {
  const s = normaliseLine(raw).replace(/\s/g, '');
  if (s === '') return {};
  if (isWebAddress(s)) return { value: s };
  const mended = /^https?\/\//i.test(s) ? s.replace(/^(https?)\/\//i, '$1://') : /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(s) ? `http://${s}` : undefined;
  return mended !== undefined && isWebAddress(mended) ? { value: mended, what: 'opendata.note.website_fixed' } : { what: 'opendata.note.website_not_url' };
}

const roundTo = (n: number, scale: number) => Number(n.toFixed(scale));

/**
 * An ID as a string of its own, for the maps that outlive its row: cut from a line, a 13-character string is
 * a slice that keeps the whole line alive (V8 slices substrings of 13 characters or more; shorter ones are copied).
 */
const own = (id: string): string => id.slice(0, 6) + id.slice(6);

/** The facility files of a snapshot read one kind at a time, and joined to their hours. */
export class SnapshotReader implements AsyncIterable<SnapshotFacility> {
  /** The files found, in the order of OPEN_DATA_FILE_STEMS. */
  readonly files: readonly SnapshotFile[];
  /** The kinds whose facility file is in the snapshot (a newer snapshot unpublishes only among these). */
  readonly kinds: readonly InstitutionKind[];
  readonly totalBytes: number;
  private bytesRead = 0;
  private handedOut = 0;
  private started = false;
  private readonly notebook = new NoteBook();
  private readonly municipalities = new Map<string, boolean>();

  constructor(
    files: readonly SnapshotFile[],
    private readonly options: ReadSnapshotOptions,
  ) {
    this.files = files;
    this.kinds = INSTITUTION_KINDS.filter((k) => files.some((f) => f.stem === FACILITY_FILE[k]));
    this.totalBytes = files.reduce((n, f) => n + f.bytes, 0);
  }

  /** Bytes read of the total, and facilities handed out. */
  progress(): ReadProgress {
    return { bytesRead: this.bytesRead, totalBytes: this.totalBytes, facilities: this.handedOut };
  }

  /** The notes so far (complete once the iteration has ended): by file, column and kind, with a count and the first lines. */
  noteCounts(): NoteCount[] {
    return [...this.notebook.counts.values()];
  }

  /** The first notes of each file, column and kind, whole (NOTE_SAMPLES of each). */
  get notes(): readonly ImportNote[] {
    return this.notebook.samples;
  }

  /**
   * The facilities in batches (those completed by one chunk of the files): for a writer that inserts many
   * rows at a time. A reader is read once, by this or by iterating it.
   */
  async *batches(): AsyncGenerator<SnapshotFacility[]> {
    if (this.started) throw new Error('A snapshot reader is read once.');
    this.started = true;
    for (const kind of this.kinds) {
      const m = kindMapping(this.options.fiscalYear, kind, this.options.catalogueDir);
      const facilityFile = this.file(FACILITY_FILE[kind])!;
      const hoursStem = HOURS_FILE[kind];
      const hoursFile = hoursStem === undefined ? undefined : this.file(hoursStem);
      const source = hoursFile === undefined ? this.alone(m, facilityFile) : this.joined(m, facilityFile, hoursFile);
      for await (const batch of source) {
        if (batch.length === 0) continue;
        this.handedOut += batch.length;
        yield batch;
      }
    }
    this.reportProgress();
  }

  /**
   * The facilities one by one. Written by hand over `batches()` rather than as a generator: a generator's
   * yield per facility keeps each one alive through its promise machinery long enough to leave the young
   * generation of the heap (measured: most of a national read's time went to the garbage collector).
   */
  [Symbol.asyncIterator](): AsyncIterator<SnapshotFacility> {
    return oneByOne(this.batches());
  }

  private file(stem: OpenDataFileStem): SnapshotFile | undefined {
    return this.files.find((f) => f.stem === stem);
  }

  private reportProgress(): void {
    this.options.onProgress?.(this.progress());
  }

  /** The records of a file after its header, in batches, with the header's column index. */
  private async *records(f: SnapshotFile): AsyncGenerator<{ batch: CsvBatch; index: Map<string, number>; width: number }> {
    let index: Map<string, number> | undefined;
    let width = 0;
    try {
      for await (const batch of readCsvRecords(f.path, (n) => (this.bytesRead += n), this.options.chunkSize)) {
        if (index === undefined) {
          const header = batch.records.shift()!;
          batch.lines.shift();
          index = columnIndex(f.stem, header);
          width = header.length;
        }
        for (let i = 0; i < batch.records.length; i++) {
          const n = batch.records[i]!.length;
          if (n !== width) refuse(f.stem, MESSAGES['opendata.refusal.column_count'](n, width), batch.lines[i]);
        }
        yield { batch, index, width };
        this.reportProgress();
      }
    } catch (e) {
      throw refusalOfCsv(f.stem, e);
    }
    if (index === undefined) refuse(f.stem, MESSAGES['opendata.refusal.empty'], 1);
  }

  /** The facility file's rows as facilities being read, a batch at a time; a repeated ID refuses. */
  private async *facilityRows(m: KindMapping, f: SnapshotFile, seen: Map<string, number>): AsyncGenerator<Pending[]> {
    let layout: FacilityLayout | undefined;
    for await (const { batch, index, width } of this.records(f)) {
      layout ??= facilityLayout(m, index, width);
      const out: Pending[] = [];
      for (let i = 0; i < batch.records.length; i++) {
        const line = batch.lines[i]!;
        const p = this.facilityRow(m, f.stem, layout, batch.records[i]!, line);
        const earlier = seen.get(p.facility.id);
        if (earlier !== undefined) refuse(f.stem, MESSAGES['opendata.refusal.duplicate_id'](earlier), line, 'ID');
        seen.set(own(p.facility.id), line);
        out.push(p);
      }
      yield out;
    }
  }

  /** A kind without an hours file (助産所, 薬局, or a snapshot without it): each row is a facility. */
  private async *alone(m: KindMapping, f: SnapshotFile): AsyncGenerator<SnapshotFacility[]> {
    for await (const rows of this.facilityRows(m, f, new Map())) yield rows.map((p) => this.finish(m, p, p.hours));
  }

  /** A kind with its hours file: the two read together, joined by ID (see the module's comment). */
  private async *joined(m: KindMapping, f: SnapshotFile, h: SnapshotFile): AsyncGenerator<SnapshotFacility[]> {
    const seen = new Map<string, number>();
    const facilities = this.facilityRows(m, f, seen);
    /** Facilities read, their hours not yet come. */
    const waiting = new Map<string, Pending>();
    /** Hours whose facility the facility file has not given (yet): joined if it comes, counted at the end if not. */
    const orphans = new Map<string, Hours>();
    /** The first hours line of each facility already joined (to name it when its rows come apart). */
    const joinedAt = new Map<string, number>();
    /** Facilities complete, to hand out with the chunk. */
    let ready: SnapshotFacility[] = [];
    let facilitiesDone = false;
    /** The last ID read from the facility file, while that file is in ascending order (undefined once it is not). */
    let ascendingUpTo: string | undefined = '';
    const complete = (p: Pending, hours: Hours) => {
      joinedAt.set(own(hours.id), hours.line);
      ready.push(this.finish(m, p, hours));
    };
    /** A batch of the facility file into `waiting` (or joined to its orphaned hours), emptied: the generator still holds the array, which would keep finished facilities alive. */
    const take = (batch: Pending[]) => {
      for (const p of batch) {
        const id = p.facility.id;
        if (ascendingUpTo !== undefined) ascendingUpTo = id > ascendingUpTo ? id : undefined;
        const hours = orphans.get(id);
        if (hours === undefined) waiting.set(id, p);
        else {
          orphans.delete(id);
          complete(p, hours);
        }
      }
      batch.length = 0;
    };
    /** Joins the hours to their facility, reading the facility file on as far as it must: to the end, unless both files are in ascending order. */
    const join = async (hours: Hours): Promise<void> => {
      const id = hours.id;
      const earlier = joinedAt.get(id) ?? orphans.get(id)?.line;
      if (earlier !== undefined) refuse(h.stem, MESSAGES['opendata.refusal.hours_apart'](earlier), hours.line, HOURS_HEAD.id);
      while (!waiting.has(id) && !facilitiesDone && (ascendingUpTo === undefined || ascendingUpTo < id)) {
        const next = await facilities.next();
        if (next.done === true) facilitiesDone = true;
        else take(next.value);
      }
      const p = waiting.get(id);
      if (p === undefined) orphans.set(own(id), hours);
      else {
        waiting.delete(id);
        complete(p, hours);
      }
    };

    let layout: HoursLayout | undefined;
    let current: Hours | undefined;
    for await (const { batch, index, width } of this.records(h)) {
      layout ??= hoursLayout(index, width);
      const { records, lines } = batch;
      for (let i = 0; i < records.length; i++) {
        const record = records[i]!;
        const line = lines[i]!;
        const id = record[layout.id]!.trim();
        if (current === undefined || current.id !== id) {
          this.checkId(m.kind, h.stem, id, line);
          if (current !== undefined) await join(current);
          current = newHours(id, line);
        }
        this.hoursRow(m, h.stem, layout, current, record, line);
      }
      yield ready;
      ready = [];
    }
    if (current !== undefined) await join(current);
    for (;;) {
      const next = await facilities.next();
      if (next.done === true) break;
      take(next.value);
    }
    for (const hours of orphans.values()) this.notebook.add(h.stem, hours.line, HOURS_HEAD.id, 'opendata.note.hours_orphan', hours.id);
    yield [...ready, ...[...waiting.values()].map((p) => this.finish(m, p, undefined))];
  }

  /** Refuses an ID that is not 13 characters of the file's kind in a known prefecture; returns its parts. */
  private checkId(kind: InstitutionKind, stem: OpenDataFileStem, id: string, line: number): RegExpExecArray {
    const m = ID_PATTERN.exec(id);
    if (m === null) return refuse(stem, MESSAGES['opendata.refusal.id_shape'](id), line, 'ID');
    if (m[2] !== KIND_DIGIT[kind]) refuse(stem, MESSAGES['opendata.refusal.id_kind'](m[2]!, kind), line, 'ID');
    if (prefectureName(m[1]!) === undefined) refuse(stem, MESSAGES['opendata.refusal.prefecture_unknown'](m[1]!), line, 'ID');
    return m;
  }

  private knownMunicipality(code: string): boolean {
    let known = this.municipalities.get(code);
    if (known === undefined) {
      known = municipality(code) !== undefined;
      this.municipalities.set(code, known);
    }
    return known;
  }

  /** One facility row: the master columns checked, the values read (flags kept raw until the hours are known). */
  private facilityRow(m: KindMapping, stem: OpenDataFileStem, layout: FacilityLayout, r: string[], line: number): Pending {
    const master = masterColumns(m.kind);
    const id = r[layout.id]!.trim();
    const parts = this.checkId(m.kind, stem, id, line);
    const prefectureCode = parts[1]!;
    const prefectureText = r[layout.prefecture]!.trim();
    if ((/^\d$/.test(prefectureText) ? `0${prefectureText}` : prefectureText) !== prefectureCode)
      refuse(stem, MESSAGES['opendata.refusal.prefecture_mismatch'](prefectureText, prefectureCode), line, master.prefecture);
    const cityText = r[layout.municipality]!.trim();
    const municipalityCode = /^\d{1,3}$/.test(cityText)
      ? prefectureCode + cityText.padStart(3, '0')
      : /^\d{5}$/.test(cityText) && cityText.startsWith(prefectureCode)
        ? cityText
        : '';
    if (municipalityCode === '' || !this.knownMunicipality(municipalityCode))
      refuse(stem, MESSAGES['opendata.refusal.municipality_unknown'](cityText), line, master.municipality);
    if (layout.kindDigit !== undefined) {
      const k = r[layout.kindDigit]!.trim();
      if (k !== '' && k !== KIND_DIGIT[m.kind] && k !== m.kind) this.notebook.add(stem, line, master.kindDigit, 'opendata.note.kind_column', k);
    }
    const name = published(r[layout.name]);
    if (name === '') refuse(stem, MESSAGES['opendata.refusal.name_missing'](master.name), line, master.name);

    const values: ReportValues = {};
    for (const t of layout.texts) {
      const v = published(r[t.index]);
      if (v !== '') values[t.path] = v;
    }
    for (const w of layout.websites) {
      const raw = r[w.index]!;
      if (raw === '') continue;
      const site = website(raw);
      if (site.value !== undefined) values[w.path] = site.value;
      if (site.what !== undefined) this.notebook.add(stem, line, w.column, site.what, raw);
    }
    for (const c of layout.counts) {
      const raw = r[c.index]!;
      if (raw === '') continue;
      let n: number | undefined = /^\d+$/.test(raw) ? Number(raw) : undefined;
      if (n === undefined) {
        const parsed = parseNumber(raw, c.column, 0, c.min, c.max);
        n = parsed.ok ? parsed.value : undefined;
      }
      if (n !== undefined && (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max)) values[c.path] = n;
      else if (raw.trim() !== '') this.notebook.add(stem, line, c.column, 'opendata.note.number_invalid', raw);
    }
    const lat = layout.latitude && this.coordinate(stem, layout.latitude, r, line);
    const lon = layout.longitude && this.coordinate(stem, layout.longitude, r, line);
    let coordinates: { lat: number; lon: number } | undefined;
    if (lat !== undefined && lon !== undefined) coordinates = { lat, lon };
    else if (lat !== undefined || lon !== undefined) {
      const c = (lat !== undefined ? layout.latitude : layout.longitude)!;
      this.notebook.add(stem, line, c.column, 'opendata.note.coordinates_half', r[c.index]);
    }
    if (coordinates !== undefined) {
      values[layout.latitude!.path] = coordinates.lat;
      values[layout.longitude!.path] = coordinates.lon;
    }

    const flags = new Uint8Array(layout.flags.length);
    if (m.closedDays !== undefined) {
      const slots = flagSlots(m.kind);
      for (let i = 0; i < layout.flags.length; i++) {
        const raw = r[layout.flags[i]!]!;
        const v = raw === '' ? '' : raw.trim();
        if (v === '0') flags[i] = CLOSED;
        else if (v === '1') flags[i] = OPEN;
        else if (v !== '') this.notebook.add(stem, line, slots.columns[i]!, 'opendata.note.flag_invalid', raw);
      }
    }
    const facility: SnapshotFacility = {
      id,
      kind: m.kind,
      prefectureCode,
      municipalityCode,
      institutionCode: parts[3]!,
      name,
      nameKana: published(r[layout.nameKana]),
      address: published(r[layout.address]),
      values,
      source: { file: stem, line },
    };
    const nameEn = published(r[layout.nameEn]);
    if (nameEn !== '') facility.nameEn = nameEn;
    if (coordinates !== undefined) {
      facility.lat = coordinates.lat;
      facility.lon = coordinates.lon;
    }
    const pending: Pending = { facility, flags, other: m.closedDays === undefined ? '' : normaliseText(r[layout.other]!).slice(0, CLOSED_DAYS_OTHER_MAX) };
    if (layout.spans.length > 0 && m.hours !== undefined) {
      const hours = newHours(id, line);
      for (const s of layout.spans) {
        if (m.hours.parts.has(s.span.part)) this.span(stem, hours, SINGLE_ROW, s.span.band, s, r, line);
      }
      pending.hours = hours;
    }
    return pending;
  }

  private coordinate(stem: OpenDataFileStem, c: IndexedColumn & { min: number; max: number; scale: number }, r: string[], line: number): number | undefined {
    const raw = r[c.index]!.trim();
    if (raw === '') return undefined;
    const n = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number(normaliseLine(raw));
    if (n === 0) this.notebook.add(stem, line, c.column, 'opendata.note.coordinates_zero', raw);
    else if (!Number.isFinite(n) || n < c.min || n > c.max) this.notebook.add(stem, line, c.column, 'opendata.note.coordinates_invalid', raw);
    else return roundTo(n, c.scale);
    return undefined;
  }

  /** One row of an hours file into its facility's hours. */
  private hoursRow(m: KindMapping, stem: OpenDataFileStem, layout: HoursLayout, hours: Hours, r: string[], line: number): void {
    const dept = m.departments;
    const code = r[layout.department]!.trim();
    if (dept === undefined) return;
    if (!dept.labels.has(code)) {
      this.notebook.add(stem, line, HOURS_HEAD.department, 'opendata.note.department_unknown', code);
      return;
    }
    if (!hours.departments.has(code)) {
      let text: string | undefined;
      if (dept.freeText.some((suffix) => code.endsWith(suffix))) {
        text = published(r[layout.departmentName]);
        if ([...text].length > FREE_TEXT_MAX) {
          this.notebook.add(stem, line, HOURS_HEAD.departmentName, 'opendata.note.department_name_too_long', text);
          text = [...text].slice(0, FREE_TEXT_MAX).join('');
        }
        if (text === '') text = undefined;
      }
      hours.departments.set(code, text);
    }
    if (m.hours === undefined) return;
    const bandText = r[layout.band]!.trim();
    const band = bandText.length === 1 ? bandText.charCodeAt(0) - 48 : NaN;
    if (!(band >= 1 && band <= m.hours.bands)) {
      this.notebook.add(stem, line, HOURS_HEAD.band, 'opendata.note.band_invalid', bandText);
      return;
    }
    const key = `${code}.${band}`;
    if (hours.seen.has(key)) {
      this.notebook.add(stem, line, HOURS_HEAD.band, 'opendata.note.hours_duplicate', key);
      return;
    }
    hours.seen.add(key);
    for (const s of layout.spans) if (m.hours.parts.has(s.span.part)) this.span(stem, hours, code, band, s, r, line);
  }

  /** One span (a start and an end column) into a facility's hours, or a note on why not. */
  private span(stem: OpenDataFileStem, hours: Hours, code: string, band: number, s: IndexedSpan, r: string[], line: number): void {
    const startText = r[s.start]!;
    const endText = r[s.end]!;
    if (startText === '' && endText === '') return;
    let start: string | undefined = startText;
    let end: string | undefined = endText;
    if (!isPlainTime(startText)) {
      const t = parseTime(startText, false);
      if (!t.ok) return this.notebook.add(stem, line, s.span.start, 'opendata.note.time_invalid', startText);
      start = t.value;
    }
    if (!isPlainTime(endText)) {
      const t = parseTime(endText, true);
      if (!t.ok) return this.notebook.add(stem, line, s.span.end, 'opendata.note.time_invalid', endText);
      end = t.value;
    }
    if (start === undefined || end === undefined) {
      const missing = start === undefined ? s.span.start : s.span.end;
      return this.notebook.add(stem, line, missing, 'opendata.note.span_incomplete', `${startText}-${endText}`);
    }
    if (start === '00:00' && end === '00:00') return this.notebook.add(stem, line, s.span.start, 'opendata.note.span_zero');
    let bands = hours.rows.get(code);
    if (bands === undefined) {
      bands = [];
      hours.rows.set(code, bands);
    }
    while (bands.length < band) bands.push(undefined);
    const slots = (bands[band - 1] ??= new Array<string>(SLOTS_PER_BAND));
    const i = s.slot;
    slots[i] = start;
    slots[i + 1] = end;
    hours.dayMask |= DAY_BIT[s.span.day];
  }

  /**
   * A facility complete: departments and hours into its values, closed days against the hours, sums,
   * canonical. A new object (its values too): writing new objects into one read a while ago would keep
   * them alive as long as that one, which the garbage collector may already have moved to the old heap.
   */
  private finish(m: KindMapping, p: Pending, hours: Hours | undefined): SnapshotFacility {
    const f = p.facility;
    const values: ReportValues = { ...f.values };
    if (hours !== undefined && m.departments !== undefined && hours.departments.size > 0)
      values[m.departments.path] = [...hours.departments].map(([code, text]): ChosenCode => (text === undefined ? { code } : { code, text }));
    if (m.closedDays !== undefined) {
      const closed = this.closedDays(m.kind, p, hours);
      if (closed !== undefined) values[m.closedDays] = closed;
    }
    for (const s of m.sums) {
      const parts = s.parts.map((path) => values[path]).filter((v): v is number => typeof v === 'number');
      const published = values[s.path];
      const sum = parts.length === 0 ? undefined : parts.reduce((a, b) => a + b, 0);
      if (published !== undefined && published !== sum)
        this.notebook.add(f.source.file, f.source.line, s.column, 'opendata.note.beds_total', String(published));
      if (sum === undefined) delete values[s.path];
      else values[s.path] = sum;
    }
    // The timetable is built canonical (timetableOf); canonicalValues puts the rest in its form.
    const canonical = canonicalValues(values);
    const timetable = hours === undefined || m.hours === undefined ? undefined : timetableOf(hours);
    if (timetable === undefined || timetable.rows.length === 0) return { ...f, values: canonical };
    canonical[m.hours!.path] = timetable;
    const sorted: ReportValues = {};
    for (const k of Object.keys(canonical).sort()) sorted[k] = canonical[k]!;
    return { ...f, values: sorted };
  }

  /** The closed days of a facility: the flags (1 = open, 0 = closed), and the hours where it has any (they win). */
  private closedDays(kind: InstitutionKind, p: Pending, hours: Hours | undefined): ClosedDays | undefined {
    const slots = flagSlots(kind);
    const flags = p.flags;
    const mask = hours?.dayMask ?? 0;
    const hasHours = mask !== 0;
    if (!hasHours && p.other === '' && flags.every((v) => v === BLANK)) return undefined;
    const { file, line } = p.facility.source;
    /** Whether the day is closed: by the hours when there are any (counting every flag that disagrees), else by any flag saying so. */
    const closedOn = (day: Day, flagSlotsOfDay: number[]): boolean => {
      if (!hasHours) return flagSlotsOfDay.some((s) => flags[s] === CLOSED);
      const closed = (mask & DAY_BIT[day]) === 0;
      for (const s of flagSlotsOfDay)
        if (flags[s] !== BLANK && (flags[s] === CLOSED) !== closed)
          this.notebook.add(file, line, slots.columns[s]!, 'opendata.note.flag_disagrees_hours', flags[s] === CLOSED ? '0' : '1');
      return closed;
    };
    const weekly = WEEKDAYS.filter((d) => closedOn(d, slots.open === undefined ? [slots.weekly[d]] : [slots.weekly[d], slots.open[d]]));
    const holidaySlots = [
      slots.holiday,
      ...(slots.open === undefined ? [] : [slots.open.hol]),
      ...(slots.weeklyHoliday === undefined ? [] : [slots.weeklyHoliday]),
    ];
    const holidays = closedOn('hol', holidaySlots);
    const nth = WEEKS.flatMap((week) =>
      WEEKDAYS.filter((day) => flags[slots.nth[week][day]] === CLOSED && !weekly.includes(day)).map((day) => ({ week, day })),
    );
    return { weekly, nth, holidays, other: p.other };
  }
}

/** Items one by one from batches, each let go of once handed out (SnapshotReader's iterator says why not a generator). */
export function oneByOne<T>(batches: AsyncGenerator<T[]>): AsyncIterator<T> {
  let batch: Array<T | undefined> = [];
  let i = 0;
  return {
    next: async (): Promise<IteratorResult<T>> => {
      while (i >= batch.length) {
        const n = await batches.next();
        if (n.done === true) return { done: true, value: undefined };
        batch = n.value;
        i = 0;
      }
      const f = batch[i]!;
      batch[i++] = undefined;
      return { done: false, value: f };
    },
    return: async (): Promise<IteratorResult<T>> => {
      await batches.return(undefined);
      return { done: true, value: undefined };
    },
  };
}
