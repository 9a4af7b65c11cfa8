// 「CSVで報告を入力」 on the prefecture's side: the page, the template of its institutions by 機関区分
// (GET /review/reports/export), and the upload that fills many institutions' reports at once — all
// rows or none — through src/reporting/report-import.ts, with 「確認のみ」 (a dry run) and
// 「入力後に報告済にする」. Who may is the policies' report_import.use; each row is then decided by
// report.fill_on_behalf inside the import (an institution out of reach is a problem of its line).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { actorOf, authorize, placeScope, type Actor } from '../../../policies.ts';
import { reportCsv } from '../../../reporting/catalogue/csv.ts';
import { catalogueFor } from '../../../reporting/catalogue/load.ts';
import { fiscalYearOf } from '../../../reporting/fiscal-year.ts';
import { exportReportCsv, importReports, KIND_FILE_STEMS } from '../../../reporting/report-import.ts';
import type { ReportingDeps } from '../../../reporting/reports.ts';
import { acceptUploads, checkUploadCsrf } from '../../../web/upload.ts';
import { originOf, sendHtml } from '../../../web/request.ts';
import { encodingOf, readCsvUpload, sendCsv } from '../csv-upload.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { EXPORT_PATH, IMPORT_PATH, ReportImportPage, ReportImportResultPage, type ExportChoice } from './csv-import-page.tsx';

const exportQuery = z.object({
  prefecture: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .catch(undefined),
  kind: z.enum(INSTITUTION_KINDS).optional().catch(undefined),
  encoding: z.string().max(20).optional().catch(undefined),
  file: z.enum(['items', 'hours']).catch('items'),
});

const importFields = z.object({
  submit: z
    .string()
    .optional()
    .transform((v) => v === '1'),
  mode: z
    .string()
    .optional()
    .transform((v) => (v === 'save' ? 'save' : 'check')),
});

export async function gmisReportImportRoutes(app: FastifyInstance, o: { deps: ReportingDeps }): Promise<void> {
  const { deps } = o;
  await acceptUploads(app);
  const signedIn = { preHandler: requireGmisViewer };
  const upload = { config: { skipCsrf: true }, preHandler: [requireGmisViewer, checkUploadCsrf(app)] };

  const importer = async (req: FastifyRequest): Promise<Actor> => {
    const actor = await actorOf(deps.db, viewerOf(req).account);
    authorize(actor, 'report_import.use');
    return actor;
  };
  /** The prefectures the actor fills reports in (a prefecture its own; an association those that delegated it). */
  const prefecturesOf = (actor: Actor): string[] => {
    const scope = placeScope(actor, 'report.fill_on_behalf');
    return scope.all ? [] : [...scope.prefectures];
  };

  const page = (
    reply: FastifyReply,
    status: number,
    actor: Actor,
    extra: Omit<Parameters<typeof ReportImportPage>[0], 'viewer' | 'csrf' | 'prefectures'> = {},
  ) => sendHtml(reply, status, ReportImportPage({ viewer: actor, csrf: reply.generateCsrf(), prefectures: prefecturesOf(actor), ...extra }));

  app.get(IMPORT_PATH, signedIn, async (req, reply) => page(reply, 200, await importer(req)));

  app.get(EXPORT_PATH, signedIn, async (req, reply) => {
    const actor = await importer(req);
    const q = exportQuery.parse(req.query ?? {});
    const prefectures = prefecturesOf(actor);
    const choice: ExportChoice = { prefecture: q.prefecture, kind: q.kind, encoding: q.encoding };
    if (!q.kind) return page(reply, 422, actor, { choice, exportErrors: { kind: MESSAGES['report_csv_pages.kind_required'] } });
    const prefectureCode = q.prefecture && prefectures.includes(q.prefecture) ? q.prefecture : prefectures[0];
    if (!prefectureCode) return reply.callNotFound();
    const encoding = encodingOf(q.encoding);
    const [files] = await exportReportCsv(deps, actor, { prefectureCode, kind: q.kind, encoding });
    // None of that kind within reach: the empty template (its header row) of this year's catalogue.
    const sent = files ?? {
      ...reportCsv(catalogueFor(fiscalYearOf(deps.clock.now()), q.kind, deps.catalogueDir), [], encoding),
      fileStem: `${prefectureCode}_${KIND_FILE_STEMS[q.kind]}`,
    };
    return sendCsv(reply, sent[q.file], sent.fileStem, q.file, encoding);
  });

  app.post(IMPORT_PATH, upload, async (req, reply) => {
    const actor = await importer(req);
    const read = await readCsvUpload(req, ['submit', 'mode']);
    const fields = importFields.parse(read.fields);
    if (!read.ok) return page(reply, read.status, actor, read.status === 422 ? { fileError: read.message, submit: fields.submit } : { problem: read.message });
    const result = await importReports(deps, actor, read.files, { submit: fields.submit, dryRun: fields.mode === 'check' }, originOf(req));
    if (!result.ok)
      return page(reply, 422, actor, {
        problem: MESSAGES['report_csv_pages.problems'](result.problems.length),
        problems: result.problems,
        names: read.names,
        submit: fields.submit,
      });
    const outcome = { ...result, submit: fields.submit };
    return sendHtml(reply, 200, ReportImportResultPage({ viewer: actor, csrf: reply.generateCsrf(), outcome }));
  });
}
