// A CSV file read as batches of records, streaming, with each record's line number. The open data's
// files are large (an hours file is hundreds of MB), so a file is never held whole: it is read in 64 KB
// chunks and each chunk's records are handed out before the next is read. Small chunks on purpose: what
// is alive when the garbage collector's young generation fills is copied, and a chunk's records stay
// alive until the chunk is done (measured on 641,000 hours rows: 1 MB chunks 2.5 s, 64 KB 1.0 s).
//
// Record boundaries are found here (a newline outside double quotes, RFC 4180), and a record with no
// double quote at all — nearly every record of the real files — is split on its commas directly; only a
// record with quotes goes through csv-parse (one parser for the file, fed record by record). csv-parse
// alone parses at about a fifth of that speed, which at 1.28 million hours rows is several seconds of a
// national import (measured: 200,000 hours rows in 1.7 s with csv-parse's stream, 0.36 s split).
import { createReadStream } from 'node:fs';
import { parse, type Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/** Records of one chunk of a file and the line (from 1) each starts on. */
export interface CsvBatch {
  records: string[][];
  lines: number[];
}

/** Why a file cannot be read as CSV, and on which line. */
export class CsvProblem extends Error {
  constructor(
    readonly line: number,
    readonly problem: 'not_utf8' | 'unreadable' | 'quote_unclosed',
    readonly detail: string = '',
  ) {
    super(`line ${line}: ${problem}${detail === '' ? '' : ` (${detail})`}`);
    this.name = 'CsvProblem';
  }
}

/** A quoted record longer than this (or spanning more lines) is an unclosed quote, not a record. */
const MAX_QUOTED_CHARS = 64 * 1024;
const MAX_QUOTED_LINES = 200;
/** Blank lines written after a quoted record: more than csv-parse looks ahead before it ends a record. */
const LOOKAHEAD = '\n'.repeat(8);

const countQuotes = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
};

/**
 * The records of a UTF-8 CSV file (a BOM is dropped, none is needed), in batches of one chunk; blank lines
 * are skipped. `onBytes` is told how many bytes each chunk had (for a progress bar). Throws a CsvProblem on
 * bytes that are not UTF-8, a quote that never closes, or a record csv-parse refuses.
 */
export async function* readCsvRecords(path: string, onBytes: (bytes: number) => void = () => {}, chunkSize = 1 << 16): AsyncGenerator<CsvBatch> {
  let quoted: Parser | undefined;
  let parsed: string[] | undefined;
  let first = true;
  let line = 0;
  // A record inside quotes that goes on over the next lines.
  let open: { text: string; line: number; lines: number } | undefined;
  let batch: CsvBatch = { records: [], lines: [] };

  const emitQuoted = (text: string, at: number) => {
    if (quoted === undefined) {
      // on_record hands the record over at once (returning null: nothing is queued on the stream); the
      // blank lines after each record give the parser the lookahead it needs to finish the record now.
      quoted = parse({
        relax_column_count: true,
        skip_empty_lines: true,
        record_delimiter: '\n',
        on_record: (r: string[]) => {
          parsed = r;
          return null;
        },
      });
      quoted.on('error', () => {}); // read again below with csv-parse/sync for its message
    }
    parsed = undefined;
    quoted.write(`${text}${LOOKAHEAD}`);
    const record = parsed as string[] | undefined;
    if (record === undefined) {
      let detail = '';
      try {
        parseSync(text, { relax_column_count: true });
      } catch (e) {
        detail = e instanceof Error ? e.message.replace(/\s*at line \d+.*$/s, '') : String(e);
      }
      throw new CsvProblem(at, 'unreadable', detail);
    }
    batch.records.push(record);
    batch.lines.push(at);
  };

  const take = (physical: string) => {
    line++;
    if (open !== undefined) {
      open.text += `\n${physical}`;
      open.lines++;
      if (countQuotes(physical) % 2 === 1) {
        const { text, line: at } = open;
        open = undefined;
        emitQuoted(text, at);
      } else if (open.text.length > MAX_QUOTED_CHARS || open.lines > MAX_QUOTED_LINES) throw new CsvProblem(open.line, 'quote_unclosed');
      return;
    }
    if (physical === '') return;
    if (physical.indexOf('"') === -1) {
      batch.records.push(physical.split(','));
      batch.lines.push(line);
    } else if (countQuotes(physical) % 2 === 0) emitQuoted(physical, line);
    else open = { text: physical, line, lines: 1 };
  };

  /**
   * The complete lines of `bytes` from `from` (all of them when `final`); returns where the unfinished last
   * line starts. The lines are decoded together, as one string: fields cut from it are slices of it (V8
   * slices substrings of 13 characters or more), so what outlives its chunk — an ID in a map — is copied
   * by its keeper (read.ts `own`); names and addresses live only as long as their facility.
   */
  const takeLines = (bytes: Buffer, from: number, final: boolean): number => {
    const last = final ? bytes.length : bytes.lastIndexOf(10) + 1;
    if (last <= from) return from;
    const text = bytes.toString('utf8', from, last);
    const bad = text.indexOf('\uFFFD');
    if (bad !== -1) throw new CsvProblem(line + text.slice(0, bad).split('\n').length, 'not_utf8');
    const lines = text.split('\n');
    if (!final || lines.at(-1) === '') lines.pop(); // after the last newline
    if (open === undefined && !text.includes('"')) {
      // No quote in the chunk (the usual case): a line is a record.
      for (let physical of lines) {
        line++;
        if (physical.charCodeAt(physical.length - 1) === 13) physical = physical.slice(0, -1);
        if (physical === '') continue;
        batch.records.push(physical.split(','));
        batch.lines.push(line);
      }
    } else for (const physical of lines) take(physical.charCodeAt(physical.length - 1) === 13 ? physical.slice(0, -1) : physical);
    return last;
  };

  const stream = createReadStream(path, { highWaterMark: chunkSize });
  try {
    // A newline byte never occurs inside a UTF-8 sequence, so a chunk can be cut after its last newline
    // and decoded; the unfinished last line is carried over to the next chunk.
    let carry: Buffer | undefined;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      const bytes = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
      let from = 0;
      if (first && bytes.length >= 3) {
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) from = 3;
        first = false;
      }
      const rest = takeLines(bytes, from, false);
      carry = rest < bytes.length ? bytes.subarray(rest) : undefined;
      if (batch.records.length > 0) {
        yield batch;
        batch = { records: [], lines: [] };
      }
    }
    if (carry !== undefined) {
      let from = 0;
      if (first && carry.length >= 3 && carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf) from = 3;
      takeLines(carry, from, true);
    }
    if (open !== undefined) throw new CsvProblem(open.line, 'quote_unclosed');
    if (batch.records.length > 0) yield batch;
  } finally {
    stream.destroy();
    quoted?.destroy();
  }
}
