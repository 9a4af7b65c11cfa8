// The facility master as CSV, the format prefectures and the office exchange it in: one header row
// of Japanese column names, then one institution per row. Files from Excel arrive in Shift_JIS
// (Windows-31J) and others in UTF-8, with or without a BOM; the encoding is detected, never asked.
//
// Import checks every row before it writes anything, reports every problem with its line and
// column, and then applies the whole file in one transaction — or nothing.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { Db } from '../db/dialect.ts';
import type { Institution } from '../db/schema.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import type { RandomSource } from '../platform/secrets.ts';
import { checkInstitution, fromRow, STATUS_LABELS, toRow, type InstitutionField, type InstitutionInput } from './institution.ts';
import { allInstitutions, institutionKey, releaseInsuranceCodes, upsertInstitutions } from './repository.ts';

/** Column headers in file order, and the field each fills. */
export const CSV_COLUMNS: ReadonlyArray<readonly [header: string, field: InstitutionField]> = [
  ['機関区分', 'kind'],
  ['都道府県コード', 'prefectureCode'],
  ['機関コード', 'institutionCode'],
  ['保険機関コード', 'insuranceCode'],
  ['機関名', 'name'],
  ['フリガナ', 'nameKana'],
  ['市区町村コード', 'municipalityCode'],
  ['郵便番号', 'postcode'],
  ['住所', 'address'],
  ['建物名', 'building'],
  ['電話番号', 'phone'],
  ['状態', 'status'],
];
const HEADER_OF = Object.fromEntries(CSV_COLUMNS.map(([h, f]) => [f, h])) as Record<InstitutionField, string>;

export type CsvEncoding = 'utf-8' | 'shift_jis';

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), otherwise Windows-31J (Excel's Shift_JIS). */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'cp932'), encoding: 'shift_jis' };
  }
}

export interface RowProblem {
  /** Line in the file (1 = the header). */
  line: number;
  /** The column's header, when the problem is in one column. */
  column?: string;
  message: string;
}

export type ParseResult =
  { ok: true; rows: Array<{ line: number; value: InstitutionInput }>; encoding: CsvEncoding } | { ok: false; problems: RowProblem[]; encoding: CsvEncoding };

/** Decodes, parses and checks every row; no database involved. */
export function parseInstitutionsCsv(bytes: Uint8Array): ParseResult {
  const { text, encoding } = decodeCsv(bytes);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { ok: false, encoding, problems: [{ line: line ?? 1, message: MESSAGES['institution_csv.unreadable']((err as Error).message) }] };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, encoding, problems: [{ line: 1, message: MESSAGES['institution_csv.empty'] }] };

  const headers = header.record.map((h) => h.trim());
  const index = new Map<InstitutionField, number>();
  const problems: RowProblem[] = [];
  headers.forEach((h, i) => {
    const column = CSV_COLUMNS.find(([name]) => name === h);
    if (!column) problems.push({ line: 1, column: h, message: MESSAGES['institution_csv.header.unknown'](h, CSV_COLUMNS.map(([n]) => n).join(', ')) });
    else if (index.has(column[1])) problems.push({ line: 1, column: h, message: MESSAGES['institution_csv.header.repeated'](h) });
    else index.set(column[1], i);
  });
  for (const [name, field] of CSV_COLUMNS) {
    if (!index.has(field) && field !== 'building' && field !== 'insuranceCode' && field !== 'status')
      problems.push({ line: 1, column: name, message: MESSAGES['institution_csv.header.missing'](name) });
  }
  if (problems.length > 0) return { ok: false, encoding, problems };

  const rows: Array<{ line: number; value: InstitutionInput }> = [];
  const seenKeys = new Map<string, number>();
  const seenInsurance = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== headers.length) {
      problems.push({ line, message: MESSAGES['institution_csv.row.column_count'](record.length, headers.length) });
      continue;
    }
    const raw = Object.fromEntries([...index].map(([field, i]) => [field, record[i]]));
    const checked = checkInstitution(raw);
    if (!checked.ok) {
      for (const [field, message] of Object.entries(checked.errors)) problems.push({ line, column: HEADER_OF[field as InstitutionField], message });
      continue;
    }
    const key = institutionKey(checked.value);
    const earlier = seenKeys.get(key);
    if (earlier) problems.push({ line, column: '機関コード', message: MESSAGES['institution_csv.row.same_code'](earlier) });
    else seenKeys.set(key, line);
    const insurance = checked.value.insuranceCode;
    if (insurance) {
      const before = seenInsurance.get(insurance);
      if (before) problems.push({ line, column: '保険機関コード', message: MESSAGES['institution_csv.row.same_insurance_code'](before) });
      else seenInsurance.set(insurance, line);
    }
    rows.push({ line, value: checked.value });
  }
  return problems.length > 0 ? { ok: false, encoding, problems } : { ok: true, rows, encoding };
}

export type ImportResult =
  { ok: true; encoding: CsvEncoding; inserted: number; updated: number; unchanged: number } | { ok: false; encoding: CsvEncoding; problems: RowProblem[] };

const CHUNK = 500;
const same = (a: InstitutionInput, b: InstitutionInput) => (Object.keys(a) as InstitutionField[]).every((k) => a[k] === b[k]);

/**
 * Imports a whole file: new institutions are added and known ones (same 都道府県コード and
 * 機関コード) replaced. All or nothing. Institutions the file does not mention are left alone.
 */
export async function importInstitutions(
  deps: { db: Db; random: RandomSource; now: number },
  bytes: Uint8Array,
  options: {
    dryRun?: boolean;
    onProgress?: (done: number, total: number) => void;
    /** Whether the importer may write an institution at this place (asked of the row's place and, when it moves, its old one); absent: anywhere (the command line). */
    mayWrite?: (place: { prefectureCode: string; municipalityCode: string }) => boolean;
  } = {},
): Promise<ImportResult> {
  const parsed = parseInstitutionsCsv(bytes);
  if (!parsed.ok) return parsed;
  const { db } = deps;

  return db.transaction().execute(async (trx): Promise<ImportResult> => {
    const existing = new Map<string, Institution>();
    for (const row of await allInstitutions(trx))
      existing.set(institutionKey({ prefectureCode: row.prefecture_code, institutionCode: row.institution_code }), row);
    const byInsurance = new Map([...existing.values()].filter((r) => r.insurance_code).map((r) => [r.insurance_code!, r]));

    // A 保険機関コード already held by an institution the file does not give it to.
    const problems: RowProblem[] = [];
    const { mayWrite } = options;
    if (mayWrite)
      for (const { line, value } of parsed.rows) {
        const before = existing.get(institutionKey(value));
        const now = { prefectureCode: value.prefectureCode, municipalityCode: value.municipalityCode };
        const moved = before && before.municipality_code !== value.municipalityCode;
        if (!mayWrite(now)) problems.push({ line, column: '市区町村コード', message: MESSAGES['institution_csv.row.out_of_reach'] });
        else if (moved && !mayWrite({ prefectureCode: before.prefecture_code, municipalityCode: before.municipality_code }))
          problems.push({ line, column: '市区町村コード', message: MESSAGES['institution_csv.row.moved_out_of_reach'] });
      }
    const insuranceInFile = new Map(parsed.rows.map((r) => [institutionKey(r.value), r.value.insuranceCode]));
    for (const { line, value } of parsed.rows) {
      const holder = value.insuranceCode ? byInsurance.get(value.insuranceCode) : undefined;
      if (!holder) continue;
      const holderKey = institutionKey({ prefectureCode: holder.prefecture_code, institutionCode: holder.institution_code });
      const movesAway = insuranceInFile.has(holderKey) && insuranceInFile.get(holderKey) !== value.insuranceCode;
      if (holderKey !== institutionKey(value) && !movesAway)
        problems.push({ line, column: '保険機関コード', message: MESSAGES['institution_csv.insurance_code.held'](holder.name, holder.institution_code) });
    }
    if (problems.length > 0) return { ok: false, encoding: parsed.encoding, problems };

    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    const writes: Array<ReturnType<typeof toRow> & { id: string; created_at: number; updated_at: number }> = [];
    for (const { value } of parsed.rows) {
      const before = existing.get(institutionKey(value));
      if (before && same(fromRow(before), value)) unchanged++;
      else {
        if (before) updated++;
        else inserted++;
        writes.push({ ...toRow(value), id: before?.id ?? deps.random.uuid(), created_at: before?.created_at ?? deps.now, updated_at: deps.now });
      }
    }
    if (!options.dryRun) {
      // Codes that move between institutions in this file are released first, so the unique index
      // never sees the same code twice mid-way.
      const releasing = writes
        .filter((w) => existing.has(institutionKey({ prefectureCode: w.prefecture_code, institutionCode: w.institution_code })))
        .map((w) => w.id);
      for (let i = 0; i < releasing.length; i += CHUNK) {
        await releaseInsuranceCodes(trx, releasing.slice(i, i + CHUNK));
      }
      for (let i = 0; i < writes.length; i += CHUNK) {
        await upsertInstitutions(trx, writes.slice(i, i + CHUNK));
        options.onProgress?.(Math.min(i + CHUNK, writes.length), writes.length);
      }
    }
    return { ok: true, encoding: parsed.encoding, inserted, updated, unchanged };
  });
}

/** The rows as CSV bytes in the import's format: UTF-8 with a BOM (Excel reads it), or Shift_JIS. */
export function institutionsCsv(rows: readonly Institution[], encoding: CsvEncoding = 'utf-8'): { bytes: Buffer; unencodable: string[] } {
  const records = rows.map((r) => {
    const v = fromRow(r);
    return CSV_COLUMNS.map(([, field]) => (field === 'status' ? STATUS_LABELS[v.status] : (v[field] ?? '')));
  });
  const text = stringify([CSV_COLUMNS.map(([h]) => h), ...records], { record_delimiter: '\r\n' });
  if (encoding === 'utf-8') return { bytes: Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(text, 'utf8')]), unencodable: [] };
  // Characters Shift_JIS lacks would silently become "?": name the institutions that have any.
  const unencodable = rows
    .filter((_, i) => {
      const line = records[i]!.join('\t');
      return iconv.decode(iconv.encode(line, 'cp932'), 'cp932') !== line;
    })
    .map((r) => `${r.prefecture_code}:${r.institution_code} ${r.name}`);
  return { bytes: iconv.encode(text, 'cp932'), unencodable };
}
