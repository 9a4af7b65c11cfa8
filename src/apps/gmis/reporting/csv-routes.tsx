// 「CSVで入力」 for the institution's own report: the page, the two files of its current values to
// download (UTF-8 with a BOM, or ?encoding=shift_jis), and the upload that fills the draft through the
// report form's own checks (src/reporting/report-import.ts). All or nothing: a problem anywhere is
// listed by file, line and column and nothing is saved; the upload carries the version the page showed,
// so a report saved meanwhile is answered with a message, not overwritten. Another institution's report
// is answered as if there were none (404).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Account } from '../../../db/schema.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { actorOf, type Actor } from '../../../policies.ts';
import type { CsvFile, CsvProblem } from '../../../reporting/catalogue/csv.ts';
import { fillReportFromCsv, reportCsvOf } from '../../../reporting/report-import.ts';
import { isEditable, STATUS_KINDS } from '../../../reporting/report.ts';
import { reportView, type ReportView } from '../../../reporting/report-view.ts';
import type { ReportingDeps } from '../../../reporting/reports.ts';
import { acceptUploads, checkUploadCsrf } from '../../../web/upload.ts';
import { originOf, sendHtml } from '../../../web/request.ts';
import { encodingOf, readCsvUpload, sendCsv } from '../csv-upload.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { ReportCsvPage } from './csv-page.tsx';
import { reportParams } from './schema.ts';

const fileParams = reportParams.extend({ file: z.enum(['items', 'hours']) });
const uploadFields = z.object({ base_version: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined) });

/** How many fields the upload filled or changed (the notice's count; computed totals are not counted, nobody typed them). */
function filledCount(before: ReportView, after: ReportView): number {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const computed = (path: string) => {
    const field = after.cat.fields.get(path)?.field;
    return field !== undefined && 'sumOf' in field && field.sumOf !== undefined;
  };
  return Object.keys(after.version.values).filter((p) => !computed(p) && !same(before.version.values[p], after.version.values[p])).length;
}

export async function gmisReportCsvRoutes(app: FastifyInstance, o: { deps: ReportingDeps }): Promise<void> {
  const { deps } = o;
  await acceptUploads(app);
  const signedIn = { preHandler: requireGmisViewer };
  const upload = { config: { skipCsrf: true }, preHandler: [requireGmisViewer, checkUploadCsrf(app)] };

  const who = async (req: FastifyRequest): Promise<{ account: Account; actor: Actor }> => {
    const account = viewerOf(req).account;
    return { account, actor: await actorOf(deps.db, account) };
  };

  const page = (
    reply: FastifyReply,
    status: number,
    account: Account,
    view: ReportView,
    extra: { problem?: string; fileError?: string; problems?: readonly CsvProblem[]; names?: Partial<Record<CsvFile, string>> } = {},
  ) => sendHtml(reply, status, ReportCsvPage({ viewer: account, csrf: reply.generateCsrf(), view, ...extra }));

  app.get('/reporting/reports/:id/csv', signedIn, async (req, reply) => {
    const params = reportParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const view = await reportView(deps, actor, params.data.id);
    if (!view || STATUS_KINDS.includes(view.report.kind)) return reply.callNotFound();
    return page(reply, 200, account, view);
  });

  app.get('/reporting/reports/:id/csv/:file', signedIn, async (req, reply) => {
    const params = fileParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { actor } = await who(req);
    // Only the institution's own reports here (report-import.ts would also answer a reviewer).
    if (!(await reportView(deps, actor, params.data.id))) return reply.callNotFound();
    const encoding = encodingOf((req.query as Record<string, unknown> | undefined)?.encoding);
    const files = await reportCsvOf(deps, actor, params.data.id, encoding);
    if (!files.ok) return reply.callNotFound();
    return sendCsv(reply, files[params.data.file], files.fileStem, params.data.file, encoding);
  });

  app.post('/reporting/reports/:id/csv', upload, async (req, reply) => {
    const params = reportParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const before = await reportView(deps, actor, params.data.id);
    if (!before) return reply.callNotFound();
    // Handed in, accepted or discarded: said before anything is read.
    if (!isEditable(before.report.state)) return page(reply, 409, account, before, { problem: MESSAGES['report_csv_pages.not_editable'] });
    const read = await readCsvUpload(req, ['base_version']);
    if (!read.ok) {
      const beside = read.status === 422;
      return page(reply, read.status, account, before, beside ? { fileError: read.message } : { problem: read.message });
    }
    const expected = uploadFields.parse(read.fields).base_version;
    // No version from the page (a form from elsewhere): as a save without one, it is not taken.
    if (expected === undefined) return page(reply, 409, account, before, { problem: MESSAGES['report_csv_pages.stale'] });
    const result = await fillReportFromCsv(deps, actor, before.report.id, read.files, originOf(req), expected);
    if (!result.ok) {
      if ('problems' in result)
        return page(reply, 422, account, before, {
          problem: MESSAGES['report_csv_pages.problems'](result.problems.length),
          problems: result.problems,
          names: read.names,
        });
      if (result.problem === 'not_found') return reply.callNotFound();
      const fresh = (await reportView(deps, actor, before.report.id)) ?? before;
      const problem = result.problem === 'stale' ? MESSAGES['report_csv_pages.stale'] : MESSAGES['report_csv_pages.not_editable'];
      return page(reply, 409, account, fresh, { problem });
    }
    if (!result.changed) return reply.redirect(`/reporting/reports/${encodeURIComponent(before.report.id)}?done=csv_unchanged`, 303);
    const after = await reportView(deps, actor, before.report.id);
    const filled = after ? filledCount(before, after) : 0;
    return reply.redirect(`/reporting/reports/${encodeURIComponent(before.report.id)}?done=csv&filled=${filled}`, 303);
  });
}
