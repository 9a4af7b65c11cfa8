// G-MIS routes of 医療機関マスタ: the search and one record within the viewer's reach, the CSV of a
// search, and the CSV import (確認のみ, then 取り込む: all or nothing). Thin: who is signed in → actor →
// the master (src/institutions/master.ts, which asks the policies) → render. A record out of reach is 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exportMaster, importMaster, masterRecord, searchMaster, type MasterQuery } from '../../../institutions/master.ts';
import { municipalitiesOf, municipality, PREFECTURE_CODES } from '../../../institutions/places.ts';
import { findPublishedFacility } from '../../../reporting/publication-repository.ts';
import type { Ports } from '../../../ports.ts';
import { actorOf, authorize, can, placeScope, type Actor } from '../../../policies.ts';
import { acceptUploads, checkUploadCsrf } from '../../../web/upload.ts';
import { originOf, sendHtml } from '../../../web/request.ts';
import { readOneCsvUpload, sendCsvNamed } from '../csv-upload.ts';
import { PUBLICATIONS_PATH, REPORTS_PATH } from '../report-review/pages.tsx';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { MASTER_EXPORT_PATH, MASTER_IMPORT_PATH, MASTER_PATH, MasterImportPage, MasterRecordPage, MasterSearchPage, type SearchView } from './pages.tsx';
import { importFields, searchQuery, type SearchQuery } from './schema.ts';

const PAGE_SIZE = 50;
const FILE_LABEL = '医療機関マスタのCSVファイル';

const masterQueryOf = (q: SearchQuery): MasterQuery => ({
  q: q.q,
  code: q.code,
  kind: q.kind,
  prefectureCode: q.prefecture,
  municipalityCode: q.municipality,
  status: q.status,
});

/** The prefectures and municipalities the search form offers: those within the viewer's reach. */
function choicesFor(actor: Actor, q: SearchQuery): Pick<SearchView, 'prefectures' | 'municipalities'> {
  const scope = placeScope(actor, 'institution_master.view');
  const prefectures = scope.all ? PREFECTURE_CODES : [...scope.prefectures];
  const listed = q.prefecture && prefectures.includes(q.prefecture) ? [q.prefecture] : prefectures.length === 1 ? prefectures : [];
  const codes = [...listed.flatMap((p) => municipalitiesOf(p).map((m) => m.code)), ...(scope.all ? [] : scope.municipalities.map((m) => m.municipalityCode))];
  return { prefectures, municipalities: [...new Set(codes)].map((code) => ({ code, name: municipality(code)?.name ?? code })) };
}

export async function gmisInstitutionMasterRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  await acceptUploads(app);
  const signedIn = { preHandler: requireGmisViewer };
  const upload = { config: { skipCsrf: true }, preHandler: [requireGmisViewer, checkUploadCsrf(app)] };
  const actorFor = (req: FastifyRequest) => actorOf(db, viewerOf(req).account);

  const searchPage = async (reply: FastifyReply, status: number, actor: Actor, q: SearchQuery, problem?: string) => {
    const found = await searchMaster(db, actor, masterQueryOf(q), { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
    const view: SearchView = {
      query: q,
      rows: found.rows,
      total: found.total,
      pages: Math.max(1, Math.ceil(found.total / PAGE_SIZE)),
      ...choicesFor(actor, q),
      mayExport: can(actor, 'institution_master.export'),
      mayImport: can(actor, 'institution_import.use'),
    };
    return sendHtml(reply, status, MasterSearchPage({ viewer: actor, csrf: reply.generateCsrf(), view, problem }));
  };

  app.get(MASTER_PATH, signedIn, async (req, reply) => searchPage(reply, 200, await actorFor(req), searchQuery.parse(req.query ?? {})));

  app.get(MASTER_EXPORT_PATH, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    const q = searchQuery.parse(req.query ?? {});
    const encoding = q.encoding ?? 'utf-8';
    const csv = await exportMaster(db, actor, masterQueryOf(q), encoding);
    if (csv.unencodable.length > 0) {
      const names = csv.unencodable.slice(0, 5).join('、');
      const more = csv.unencodable.length > 5 ? `ほか${csv.unencodable.length - 5}件` : '';
      return searchPage(reply, 422, actor, q, `Shift_JISでは書けない文字を含む医療機関があります（${names}${more}）。UTF-8でダウンロードしてください。`);
    }
    return sendCsvNamed(reply, csv.bytes, 'institutions', encoding);
  });

  const importPage = (reply: FastifyReply, status: number, actor: Actor, extra: Omit<Parameters<typeof MasterImportPage>[0], 'viewer' | 'csrf'> = {}) =>
    sendHtml(reply, status, MasterImportPage({ viewer: actor, csrf: reply.generateCsrf(), ...extra }));

  app.get(MASTER_IMPORT_PATH, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'institution_import.use');
    return importPage(reply, 200, actor);
  });

  app.post(MASTER_IMPORT_PATH, upload, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'institution_import.use');
    const read = await readOneCsvUpload(req, { file: 'file', label: FILE_LABEL, fields: ['mode'] });
    const { mode } = importFields.parse(read.fields);
    if (!read.ok) return importPage(reply, read.status, actor, read.status === 422 ? { fileError: read.message } : { problem: read.message });
    const dryRun = mode === 'check';
    const result = await importMaster(deps, actor, read.bytes, { dryRun, fileName: read.name, origin: originOf(req) });
    if (!result.ok)
      return importPage(reply, 422, actor, {
        problem: `ファイルに直す必要のある箇所が${result.problems.length}件あります。何も保存していません。直してから、もう一度読み込んでください。`,
        problems: result.problems,
        fileName: read.name,
      });
    return importPage(reply, 200, actor, {
      counts: { dryRun, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged },
      fileName: read.name,
    });
  });

  app.get<{ Params: { id: string } }>(`${MASTER_PATH}/:id`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'institution_master.search');
    const institution = await masterRecord(db, actor, req.params.id);
    if (!institution) return reply.callNotFound();
    const place = { prefectureCode: institution.prefecture_code, municipalityCode: institution.municipality_code };
    const facility = await findPublishedFacility(db, institution.id);
    const reviews = can(actor, 'report.review', place);
    const links = {
      reporting: can(actor, 'reporting_home.view', { institutionId: institution.id }) ? '/reporting' : undefined,
      reports: reviews && can(actor, 'report_queue.view') ? `${REPORTS_PATH}?${new URLSearchParams({ q: institution.institution_code })}` : undefined,
      publication: reviews ? `${PUBLICATIONS_PATH}/${encodeURIComponent(institution.id)}` : undefined,
      publicPage: facility && facility.visible ? `${deps.config.publicUrl.navi}/facilities/${encodeURIComponent(facility.facility_id)}` : undefined,
    };
    return sendHtml(reply, 200, MasterRecordPage({ viewer: actor, csrf: reply.generateCsrf(), institution, links }));
  });
}
