// G-MIS routes of 報告状況: the board, the institutions behind a count (a page at a time), and both as
// CSV. Thin: who is signed in → actor → report_status.view → the reporting domain (which counts only
// what placeScope lets the actor see) → render. Read-only; nothing here changes state.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ports } from '../../../ports.ts';
import { prefectureName } from '../../../institutions/places.ts';
import { actorOf, authorize, can, type Actor } from '../../../policies.ts';
import { schemeOf } from '../../../reporting/catalogue/types.ts';
import { fiscalYearOf } from '../../../reporting/fiscal-year.ts';
import { prefecturesInReach, statusBoard, statusBoardAll, statusBoardList } from '../../../reporting/status-board.ts';
import { sendHtml } from '../../../web/request.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { listRecords, sendCsvRecords, summaryRecords } from './csv.ts';
import { STATUS_CSV_PATH, STATUS_LIST_CSV_PATH, STATUS_LIST_PATH, STATUS_PATH, StatusBoardPage, StatusListPage, type Narrowing } from './pages.tsx';
import { boardQuery } from './schema.ts';

const PAGE_SIZE = 50;

export async function gmisReportStatusRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const signedIn = { preHandler: requireGmisViewer };

  /** The actor, the query read (a prefecture out of reach, or the only one, is no choice), and the prefectures in reach. */
  const read = async (req: FastifyRequest) => {
    const actor: Actor = await actorOf(db, viewerOf(req).account);
    authorize(actor, 'report_status.view');
    const q = boardQuery.parse(req.query ?? {});
    const prefectures = prefecturesInReach(actor);
    const narrowing: Narrowing = {
      fy: q.fy ?? fiscalYearOf(deps.clock.now()),
      scheme: q.kind ? schemeOf(q.kind) : q.scheme,
      prefecture: q.prefecture && prefectures.length > 1 && prefectures.includes(q.prefecture) ? q.prefecture : undefined,
      kind: q.kind,
      municipality: q.municipality,
      status: q.status,
    };
    return { actor, q, narrowing, prefectures };
  };
  const boardQueryOf = (n: Narrowing) => ({
    fiscalYear: n.fy,
    scheme: n.scheme,
    prefectureCode: n.prefecture,
    institutionKind: n.kind,
    municipalityCode: n.municipality,
  });
  const fileName = (n: Narrowing, prefectures: string[], what: { ja: string; ascii: string }) => {
    const only = n.prefecture ?? (prefectures.length === 1 ? prefectures[0] : undefined);
    const place = only ? (prefectureName(only) ?? only) : prefectures.length === 47 ? '全国' : '管轄';
    return { ja: `${what.ja}_${place}_${n.fy}_${n.scheme}`, ascii: `${what.ascii}_${only ?? 'all'}_${n.fy}_${n.scheme}` };
  };

  app.get(STATUS_PATH, signedIn, async (req, reply) => {
    const { actor, narrowing, prefectures } = await read(req);
    const board = await statusBoard(db, actor, { ...boardQueryOf(narrowing), institutionKind: undefined, municipalityCode: undefined }, deps.clock.now());
    const fy = fiscalYearOf(deps.clock.now());
    const years = [...new Set([fy - 2, fy - 1, fy, narrowing.fy])].sort((a, b) => a - b);
    return sendHtml(
      reply,
      200,
      StatusBoardPage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        board,
        narrowing: { fy: narrowing.fy, scheme: narrowing.scheme, prefecture: narrowing.prefecture },
        years,
        prefectures,
        canSeeQueue: can(actor, 'report_queue.view'),
      }),
    );
  });

  app.get(STATUS_LIST_PATH, signedIn, async (req, reply) => {
    const { actor, q, narrowing, prefectures } = await read(req);
    const page = { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE };
    const list = await statusBoardList(db, actor, { ...boardQueryOf(narrowing), status: narrowing.status }, page);
    return sendHtml(
      reply,
      200,
      StatusListPage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        narrowing,
        rows: list.rows,
        total: list.total,
        page: q.page,
        pageSize: PAGE_SIZE,
        showPrefecture: prefectures.length > 1 && !narrowing.prefecture,
      }),
    );
  });

  app.get(STATUS_CSV_PATH, signedIn, async (req, reply) => {
    const { actor, q, narrowing, prefectures } = await read(req);
    const board = await statusBoard(db, actor, { ...boardQueryOf(narrowing), institutionKind: undefined, municipalityCode: undefined }, deps.clock.now());
    return sendCsvRecords(req, reply, summaryRecords(board), fileName(narrowing, prefectures, { ja: '報告状況', ascii: 'report-status' }), q.encoding);
  });

  app.get(STATUS_LIST_CSV_PATH, signedIn, async (req, reply) => {
    const { actor, q, narrowing, prefectures } = await read(req);
    const rows = statusBoardAll(db, actor, { ...boardQueryOf(narrowing), status: narrowing.status });
    return sendCsvRecords(req, reply, listRecords(rows), fileName(narrowing, prefectures, { ja: '報告状況一覧', ascii: 'report-status-list' }), q.encoding);
  });
}
