// The 報告状況 CSVs: the summary (the board's tables, one row per part) and the institutions behind a
// count, streamed a chunk at a time through csv-stringify and iconv-lite — UTF-8 with a BOM (Excel
// reads it), or Shift_JIS (cp932).
import { PassThrough, Readable, pipeline } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify';
import iconv from 'iconv-lite';
import { municipality, prefectureName } from '../../../institutions/places.ts';
import { formatJstDate } from '../../../platform/japanese/time.ts';
import { BOARD_STATUSES, LIST_STATUS_LABELS, type BoardListRow, type StatusBoard, type StatusCounts } from '../../../reporting/status-board.ts';
import { percent } from './chart.tsx';

export type Encoding = 'utf-8' | 'shift_jis';

const COUNT_HEADERS = ['対象', ...BOARD_STATUSES.map((s) => LIST_STATUS_LABELS[s]), '報告率', '公表停止'];
const countCells = (c: StatusCounts) => [String(c.total), ...BOARD_STATUSES.map((s) => String(c[s])), percent(c.rate), String(c.stopped)];

/** The board as rows: 集計 (全体, 都道府県別, 機関区分別, 市区町村別), コード, 名称, then the counts. */
export function* summaryRecords(b: StatusBoard): Generator<string[]> {
  yield ['集計', 'コード', '名称', ...COUNT_HEADERS];
  yield ['全体', '', '', ...countCells(b.total)];
  if (b.byPrefecture.length > 1)
    for (const r of b.byPrefecture) yield ['都道府県別', r.prefectureCode, prefectureName(r.prefectureCode) ?? '', ...countCells(r.counts)];
  for (const k of b.byKind) yield ['機関区分別', '', k.kind, ...countCells(k.counts)];
  for (const m of b.byMunicipality) yield ['市区町村別', m.municipalityCode, municipality(m.municipalityCode)?.name ?? '', ...countCells(m.counts)];
}

const LIST_HEADERS = ['都道府県名', '機関コード', '機関名', '機関区分', '市区町村コード', '市区町村', '状況', '報告日', '確認日', '公表停止'];

/** The institutions as rows, a chunk at a time. */
export async function* listRecords(chunks: AsyncIterable<BoardListRow[]>): AsyncGenerator<string[]> {
  yield LIST_HEADERS;
  for await (const rows of chunks)
    for (const r of rows)
      yield [
        prefectureName(r.prefectureCode) ?? r.prefectureCode,
        r.institutionCode,
        r.name,
        r.kind,
        r.municipalityCode,
        municipality(r.municipalityCode)?.name ?? '',
        LIST_STATUS_LABELS[r.status],
        r.submittedAt === null ? '' : formatJstDate(r.submittedAt),
        r.acceptedAt === null ? '' : formatJstDate(r.acceptedAt),
        r.stopped ? '公表停止中' : '',
      ];
}

/** Sends the records as a CSV download named `name` (ASCII `ascii` for browsers that do not read filename*). */
export function sendCsvRecords(
  req: FastifyRequest,
  reply: FastifyReply,
  records: Iterable<string[]> | AsyncIterable<string[]>,
  name: { ja: string; ascii: string },
  encoding: Encoding,
): FastifyReply {
  const sjis = encoding === 'shift_jis';
  const file = (stem: string) => `${stem}${sjis ? '-sjis' : ''}.csv`;
  const body = new PassThrough();
  // Text out of the CSV writer (iconv-lite's stream takes strings), bytes in the encoding asked for.
  const csv = stringify({ record_delimiter: '\r\n' }).setEncoding('utf8');
  pipeline(Readable.from(records), csv, iconv.encodeStream(sjis ? 'cp932' : 'utf8', { addBOM: !sjis }), body, (err) => {
    if (err) req.log.error({ err }, '報告状況 CSV failed part way');
  });
  return reply
    .code(200)
    .type(`text/csv; charset=${sjis ? 'Shift_JIS' : 'utf-8'}`)
    .header('content-disposition', `attachment; filename="${file(name.ascii)}"; filename*=UTF-8''${encodeURIComponent(file(name.ja))}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(body);
}
