// What both report CSV screens share (the institution's 「CSVで入力」 and the prefecture's import): the
// upload's two files read and checked at the edge — size, how many, that each is a text CSV and not an
// Excel book — each refusal a Japanese message for the page; and a CSV sent as a download.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CsvEncoding, CsvFile, ReportCsvFiles } from '../../reporting/catalogue/csv.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { readUpload, UPLOAD_FILE_LIMIT, type UploadedFile } from '../../web/upload.ts';

export const CSV_FILES = ['items', 'hours'] as const satisfies readonly CsvFile[];

/** 項目ファイル, 時間ファイル. */
export const csvFileLabel = (file: CsvFile): string => MESSAGES[`report_csv.file.${file}`];

export type CsvUpload =
  | { ok: true; fields: Record<string, string>; files: ReportCsvFiles; names: Partial<Record<CsvFile, string>> }
  | { ok: false; status: 400 | 413 | 422; message: string; fields: Record<string, string> };

/** A zip (an .xlsx or .ods book) or an OLE compound file (an .xls book). */
const EXCEL = [Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])];
const TEXT_NAME = /\.(csv|txt)$/i;

/** Why this file (named `label` in the message) is not a CSV we can read (undefined: it may be one). */
function notCsv(label: string, f: UploadedFile): string | undefined {
  const name = f.filename.slice(0, 200);
  if (EXCEL.some((magic) => f.bytes.subarray(0, magic.length).equals(magic))) return MESSAGES['report_csv_pages.excel'](label, name);
  if (f.bytes.subarray(0, 64 * 1024).includes(0)) return MESSAGES['report_csv_pages.binary'](label, name);
  if (!TEXT_NAME.test(f.filename)) return MESSAGES['report_csv_pages.not_csv'](label, name);
  return undefined;
}

/** An upload that could not be read, as the page's refusal. */
const refusalOf = (problem: 'too_large' | 'too_many_parts' | 'unreadable', tooMany: string) =>
  ({
    too_large: { status: 413, message: MESSAGES['report_csv_pages.too_large'](UPLOAD_FILE_LIMIT / 1024 / 1024) },
    too_many_parts: { status: 413, message: tooMany },
    unreadable: { status: 400, message: MESSAGES['report_csv_pages.unreadable'] },
  }) as const satisfies Record<string, { status: 400 | 413; message: string }>;

/** The items file (required) and the hours file (optional) of the upload, with the named option fields. */
export async function readCsvUpload(req: FastifyRequest, fields: readonly string[]): Promise<CsvUpload> {
  const upload = await readUpload(req, { files: CSV_FILES, fields });
  if (!upload.ok) return { ok: false, ...refusalOf(upload.problem, MESSAGES['report_csv_pages.too_many_parts'])[upload.problem], fields: {} };
  const { items, hours } = upload.files;
  if (!items) return { ok: false, status: 422, message: MESSAGES['report_csv_pages.items_required'], fields: upload.fields };
  for (const file of CSV_FILES) {
    const f = upload.files[file];
    const problem = f && notCsv(csvFileLabel(file), f);
    if (problem) return { ok: false, status: 422, message: problem, fields: upload.fields };
  }
  return {
    ok: true,
    fields: upload.fields,
    files: { items: items.bytes, hours: hours?.bytes },
    names: { items: items.filename, ...(hours ? { hours: hours.filename } : {}) },
  };
}

export type OneCsvUpload =
  | { ok: true; fields: Record<string, string>; bytes: Buffer; name: string }
  | { ok: false; status: 400 | 413 | 422; message: string; fields: Record<string, string> };

/** One CSV file (field `file`, called `label` in messages; required) with the named option fields: the same checks as the report files. */
export async function readOneCsvUpload(req: FastifyRequest, o: { file: string; label: string; fields: readonly string[] }): Promise<OneCsvUpload> {
  const upload = await readUpload(req, { files: [o.file], fields: o.fields });
  if (!upload.ok) return { ok: false, ...refusalOf(upload.problem, MESSAGES['csv_upload.one_file'](o.label))[upload.problem], fields: {} };
  const f = upload.files[o.file];
  if (!f) return { ok: false, status: 422, message: MESSAGES['csv_upload.file_required'](o.label), fields: upload.fields };
  const problem = notCsv(o.label, f);
  if (problem) return { ok: false, status: 422, message: problem, fields: upload.fields };
  return { ok: true, fields: upload.fields, bytes: f.bytes, name: f.filename };
}

/** ?encoding=shift_jis (Excel's own) or UTF-8 with a BOM, the default. */
export const encodingOf = (v: unknown): CsvEncoding => (v === 'shift_jis' ? 'shift_jis' : 'utf-8');

/** The file as a download, named `<stem>-<file>.csv` (a name in Japanese kept for the browsers that read filename*). */
export function sendCsv(reply: FastifyReply, bytes: Buffer, stem: string, file: CsvFile, encoding: CsvEncoding): FastifyReply {
  return sendCsvNamed(reply, bytes, `${stem}-${file}`, encoding);
}

/** The bytes as a download named `<stem>.csv` (`<stem>-sjis.csv` in Shift_JIS). */
export function sendCsvNamed(reply: FastifyReply, bytes: Buffer, stem: string, encoding: CsvEncoding): FastifyReply {
  const name = `${stem}${encoding === 'shift_jis' ? '-sjis' : ''}.csv`;
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .code(200)
    .type(`text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'utf-8'}`)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(bytes);
}
