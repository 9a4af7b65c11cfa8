// Writing published facilities back into the ministry's 8 files (OPEN-DATA.md), so the product can publish
// open data itself: UTF-8 with a BOM, the exact header rows of format.ts, closed-day flags as the files
// hold them (1 = open, 0 = closed), the pharmacy file's full-width week digits (they are in its headers).
// Only the subset of our record that the format has is written, through the same catalogue mapping the
// reader uses; what is not set is left blank (coordinates too, rather than the files' 0.0). One facility's
// hours rows are written together, departments in code order, so the reader's join takes them as they are.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { INSTITUTION_KINDS } from '../db/schema.ts';
import {
  DAYS,
  SINGLE_ROW,
  WEEKDAYS,
  WEEKS,
  type ChosenCode,
  type ClosedDays,
  type FieldValue,
  type InstitutionKind,
  type ReportValues,
  type Timetable,
  type TimetableBand,
} from '../reporting/catalogue/types.ts';
import { isChosenCodes, isClosedDays, isTimetable } from '../reporting/catalogue/values.ts';
import {
  FACILITY_FILE,
  HOURS_FILE,
  HOURS_FILE_SPANS,
  HOURS_HEAD,
  KIND_DIGIT,
  closedDayColumns,
  headersOf,
  inRowSpanColumns,
  masterColumns,
  type SpanColumns,
} from './format.ts';
import { kindMapping, type KindMapping } from './mapping.ts';
import type { OpenDataFileStem, SnapshotFacility } from './types.ts';

/** What the writer needs of a published facility (a SnapshotFacility is one). */
export type ExportFacility = Pick<SnapshotFacility, 'id' | 'kind' | 'municipalityCode' | 'values'>;

export interface WriteSnapshotOptions {
  /** The fiscal year whose catalogue the values are shaped by. */
  fiscalYear: number;
  /** The kinds whose files are written (every kind's by default: the 8 files). */
  kinds?: readonly InstitutionKind[];
  /** A date for the file names as the ministry names them (`20260601` → 05_pharmacy_20260601.csv); `<stem>.csv` without it. */
  date?: string;
  /** The catalogue files (tests); the shipped ones by default. */
  catalogueDir?: string;
}

/** One file written: its stem, where, and how many rows under the header. */
export interface WrittenFile {
  stem: OpenDataFileStem;
  path: string;
  rows: number;
}

/** A CSV field as written: quoted when it holds a comma, a quote or a line break. */
const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One output file, buffered, with the stream's backpressure respected. */
class CsvOut {
  private buffer = '';
  rows = 0;
  readonly index: ReadonlyMap<string, number>;
  readonly width: number;
  private readonly stream: WriteStream;

  constructor(
    readonly stem: OpenDataFileStem,
    readonly path: string,
  ) {
    const headers = headersOf(stem);
    this.index = new Map(headers.map((h, i) => [h, i]));
    this.width = headers.length;
    this.stream = createWriteStream(path);
    this.buffer = `\uFEFF${headers.map(field).join(',')}\r\n`;
  }

  /** An empty row of this file's width. */
  blank(): string[] {
    return new Array<string>(this.width).fill('');
  }

  at(column: string): number {
    const i = this.index.get(column);
    if (i === undefined) throw new Error(`${this.stem}: no column ${column}`);
    return i;
  }

  async write(row: readonly string[]): Promise<void> {
    this.buffer += `${row.map(field).join(',')}\r\n`;
    this.rows++;
    if (this.buffer.length > 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer === '') return;
    const ok = this.stream.write(this.buffer);
    this.buffer = '';
    if (!ok) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

const text = (v: FieldValue | undefined): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/**
 * Writes the facilities into `dir` (created if missing) as the snapshot files of `options.kinds`, and
 * returns the files written. A facility of a kind not written is an error.
 */
export async function writeSnapshot(
  dir: string,
  facilities: Iterable<ExportFacility> | AsyncIterable<ExportFacility>,
  options: WriteSnapshotOptions,
): Promise<WrittenFile[]> {
  await mkdir(dir, { recursive: true });
  const kinds = INSTITUTION_KINDS.filter((k) => (options.kinds ?? INSTITUTION_KINDS).includes(k));
  const name = (stem: OpenDataFileStem) => path.join(dir, `${stem}${options.date === undefined ? '' : `_${options.date}`}.csv`);
  const outs = new Map<InstitutionKind, { facility: CsvOut; hours?: CsvOut; mapping: KindMapping }>();
  for (const kind of kinds) {
    const hours = HOURS_FILE[kind];
    outs.set(kind, {
      facility: new CsvOut(FACILITY_FILE[kind], name(FACILITY_FILE[kind])),
      hours: hours === undefined ? undefined : new CsvOut(hours, name(hours)),
      mapping: kindMapping(options.fiscalYear, kind, options.catalogueDir),
    });
  }
  try {
    for await (const f of facilities) {
      const out = outs.get(f.kind);
      if (out === undefined) throw new Error(`${f.id}: the files of ${f.kind} are not being written`);
      await out.facility.write(facilityRow(out.mapping, out.facility, f));
      if (out.hours !== undefined) for (const row of hoursRows(out.mapping, out.hours, f)) await out.hours.write(row);
    }
  } finally {
    for (const out of outs.values()) {
      await out.facility.close();
      await out.hours?.close();
    }
  }
  return [...outs.values()]
    .flatMap((o) => [o.facility, ...(o.hours === undefined ? [] : [o.hours])])
    .map((o) => ({ stem: o.stem, path: o.path, rows: o.rows }));
}

function facilityRow(m: KindMapping, out: CsvOut, f: ExportFacility): string[] {
  const row = out.blank();
  const master = masterColumns(m.kind);
  const v = f.values;
  row[out.at(master.id)] = f.id;
  row[out.at(master.kindDigit)] = KIND_DIGIT[m.kind];
  row[out.at(master.prefecture)] = f.id.slice(0, 2);
  row[out.at(master.municipality)] = f.municipalityCode.slice(2);
  for (const c of [...m.texts, ...m.websites, ...m.counts]) row[out.at(c.column)] = text(v[c.path]);
  if (m.latitude !== undefined && m.longitude !== undefined && typeof v[m.latitude.path] === 'number' && typeof v[m.longitude.path] === 'number') {
    row[out.at(m.latitude.column)] = text(v[m.latitude.path]);
    row[out.at(m.longitude.column)] = text(v[m.longitude.path]);
  }
  const closed = m.closedDays === undefined ? undefined : v[m.closedDays];
  if (isClosedDays(closed)) writeClosedDays(m.kind, out, row, closed);
  if (m.hours?.role === 'facility') {
    const tt = v[m.hours.path];
    const bands = isTimetable(tt) ? (tt.rows.find((r) => r.code === SINGLE_ROW)?.bands ?? []) : [];
    for (const span of inRowSpanColumns(m.kind)) writeSpan(out, row, span, bands[span.band - 1]);
  }
  return row;
}

/** The closed-day block: 0 = closed, 1 = open for every flag (a weekday closed every week is closed in each week of the grid too). */
function writeClosedDays(kind: InstitutionKind, out: CsvOut, row: string[], c: ClosedDays): void {
  const cols = closedDayColumns(kind);
  const flag = (closed: boolean) => (closed ? '0' : '1');
  for (const d of WEEKDAYS) row[out.at(cols.weekly[d])] = flag(c.weekly.includes(d));
  for (const w of WEEKS) for (const d of WEEKDAYS) row[out.at(cols.nth[w][d])] = flag(c.weekly.includes(d) || c.nth.some((n) => n.week === w && n.day === d));
  row[out.at(cols.holiday)] = flag(c.holidays);
  row[out.at(cols.other)] = c.other;
  if (cols.openDays !== undefined) for (const d of DAYS) row[out.at(cols.openDays[d])] = flag(d === 'hol' ? c.holidays : c.weekly.includes(d));
  if (cols.weeklyHoliday !== undefined) row[out.at(cols.weeklyHoliday)] = flag(c.holidays);
}

function writeSpan(out: CsvOut, row: string[], span: SpanColumns, band: TimetableBand | undefined): void {
  const s = band?.[span.day]?.[span.part];
  if (s === undefined) return;
  row[out.at(span.start)] = s[0];
  row[out.at(span.end)] = s[1];
}

/** A facility's hours-file rows: per department (code order) and band; a department without hours gets one blank band-1 row, so it stays listed. */
function hoursRows(m: KindMapping, out: CsvOut, f: ExportFacility): string[][] {
  const v: ReportValues = f.values;
  const depts = m.departments === undefined ? undefined : v[m.departments.path];
  const tt = m.hours === undefined ? undefined : v[m.hours.path];
  const chosen = new Map<string, ChosenCode>((isChosenCodes(depts) ? depts : []).map((c) => [c.code, c]));
  const timetable: Timetable = isTimetable(tt) ? tt : { rows: [] };
  for (const r of timetable.rows) if (!chosen.has(r.code)) chosen.set(r.code, { code: r.code, ...(r.text === undefined ? {} : { text: r.text }) });
  const rows: string[][] = [];
  for (const code of [...chosen.keys()].sort()) {
    const name = chosen.get(code)?.text ?? m.departments?.labels.get(code) ?? '';
    const bands = timetable.rows.find((r) => r.code === code)?.bands ?? [];
    const start = (band: number) => {
      const row = out.blank();
      row[out.at(HOURS_HEAD.id)] = f.id;
      row[out.at(HOURS_HEAD.department)] = code;
      row[out.at(HOURS_HEAD.departmentName)] = name;
      row[out.at(HOURS_HEAD.band)] = String(band);
      return row;
    };
    bands.forEach((band, i) => {
      if (Object.keys(band).length === 0) return;
      const row = start(i + 1);
      for (const span of HOURS_FILE_SPANS) writeSpan(out, row, span, band);
      rows.push(row);
    });
    if (!rows.some((r) => r[out.at(HOURS_HEAD.department)] === code)) rows.push(start(1));
  }
  return rows;
}
