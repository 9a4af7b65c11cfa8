// 医療機能情報提供制度 / 薬局機能情報提供制度 for the institution, on the G-MIS origin: the home, starting a
// report, its overview, the form by section (saved with base_version: a save made meanwhile is a 409
// conflict page, never an overwrite), 報告, 引き戻し, 破棄 and the saved versions. Thin: read (schema.ts),
// ask the policies, call the commands (src/reporting/), render or redirect. Another institution's
// report is answered as if there were none (404).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Account, Report } from '../../../db/schema.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { actorOf, can, type Actor } from '../../../policies.ts';
import { sectionFields } from '../../../reporting/catalogue/form.ts';
import { reportingHome } from '../../../reporting/home.ts';
import { REPORT_KIND_LABELS } from '../../../reporting/report.ts';
import { changesFromPublished, formSections, reportView, savedVersion, sectionProblems, versionRows, type ReportView } from '../../../reporting/report-view.ts';
import { discardReport, type ReportingDeps, saveReport, startReport, submitReport, withdrawReport } from '../../../reporting/reports.ts';
import { originOf, sendHtml } from '../../../web/request.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { ConflictPage } from './conflict-page.tsx';
import { applyCopy, inputsOf, type FormInput } from './form-input.ts';
import { ClosureConfirmPage, ReportingHomePage } from './home-page.tsx';
import { ReportPage } from './report-page.tsx';
import {
  actionForm,
  DONE,
  doneQuery,
  readReportForm,
  readSaveFields,
  reportParams,
  saveForm,
  sectionParams,
  sectionQuery,
  startForm,
  versionParams,
} from './schema.ts';
import { SectionPage } from './section-page.tsx';
import { VersionPage, VersionsPage } from './versions-page.tsx';

export interface GmisReportingOptions {
  deps: ReportingDeps;
}

/** Asked by report-form.js's saving as the user goes (the page itself takes HTML). */
const wantsJson = (req: FastifyRequest) => /^application\/json\b/.test(String(req.headers.accept ?? ''));

/** A full hospital form is 40–70 KB; the form's routes take up to 1 MiB. */
export const REPORT_FORM_BODY_LIMIT = 1024 * 1024;

export async function gmisReportingRoutes(app: FastifyInstance, o: GmisReportingOptions): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const signedIn = { preHandler: requireGmisViewer };

  const who = async (req: FastifyRequest): Promise<{ account: Account; actor: Actor }> => {
    const account = viewerOf(req).account;
    return { account, actor: await actorOf(db, account) };
  };

  const doneOf = (req: FastifyRequest, report?: Report): string | undefined => {
    const { done, filled } = doneQuery.parse(req.query ?? {});
    if (!done) return undefined;
    if (done === 'csv') return MESSAGES['report_csv_pages.filled'](filled ?? 0);
    const m = MESSAGES[DONE[done]];
    return typeof m === 'function' ? m(report ? REPORT_KIND_LABELS[report.kind] : '') : m;
  };

  /** The report's overview as it is stored now (read again after a refused step), or 404. */
  const overview = async (req: FastifyRequest, reply: FastifyReply, status: number, account: Account, actor: Actor, id: string, problem?: string) => {
    const view = await reportView(deps, actor, id);
    if (!view) return reply.callNotFound();
    const flash = status === 200 ? doneOf(req, view.report) : undefined;
    // 前回からの変更: what 報告 would change in what is published now (as the prefecture's 差異表示 will show it).
    const changes = await changesFromPublished(deps, view);
    const page = ReportPage({ viewer: account, csrf: reply.generateCsrf(), view, flash, problem, changes });
    return sendHtml(reply, status, page);
  };

  const knownSection = (view: ReportView, section: string) => section === 'all' || formSections(view).some((s) => s.id === section);

  // ── 制度ホーム ───────────────────────────────────────────────────────
  const home = async (req: FastifyRequest, reply: FastifyReply, status: number, problem?: string) => {
    const { account, actor } = await who(req);
    if (!can(actor, 'reporting_home.view', { institutionId: actor.institution_id })) return reply.callNotFound();
    const h = await reportingHome(deps, actor, deps.clock.now());
    return sendHtml(
      reply,
      status,
      ReportingHomePage({ viewer: account, csrf: reply.generateCsrf(), home: h, flash: problem ? undefined : doneOf(req), problem }),
    );
  };

  app.get('/reporting', signedIn, (req, reply) => home(req, reply, 200));

  app.post('/reporting/reports', signedIn, async (req, reply) => {
    const { actor } = await who(req);
    if (!can(actor, 'reporting_home.view', { institutionId: actor.institution_id })) return reply.callNotFound();
    const parsed = startForm.safeParse(req.body ?? {});
    if (!parsed.success) return reply.redirect('/reporting', 303);
    if (parsed.data.kind === 'closure' && parsed.data.confirm !== 'closure') {
      // 廃止 asks once more (the page says what 確認 will do); a closure that cannot start now says why on the home.
      const h = await reportingHome(deps, actor, deps.clock.now());
      if (!h.actions.closure.enabled) return home(req, reply, 409, MESSAGES[`reporting.start.${h.actions.closure.reason}`]);
      return sendHtml(reply, 200, ClosureConfirmPage({ viewer: viewerOf(req).account, csrf: reply.generateCsrf(), home: h }));
    }
    const result = await startReport(deps, actor, parsed.data.kind, originOf(req));
    if (!result.ok) return home(req, reply, 409, MESSAGES[`reporting.start.${result.problem}`]);
    return reply.redirect(`/reporting/reports/${result.reportId}?done=started`, 303);
  });

  // ── 報告 ─────────────────────────────────────────────────────────────
  app.get('/reporting/reports/:id', signedIn, async (req, reply) => {
    const params = reportParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    return overview(req, reply, 200, account, actor, params.data.id);
  });

  app.get('/reporting/reports/:id/sections/:section', signedIn, async (req, reply) => {
    const params = sectionParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const view = await reportView(deps, actor, params.data.id);
    if (!view || !can(actor, 'report.edit', { institutionId: view.report.institution_id })) return reply.callNotFound();
    const report = view.report;
    if (!knownSection(view, params.data.section)) return reply.callNotFound();
    if (!['draft', 'returned'].includes(report.state)) return reply.redirect(`/reporting/reports/${report.id}`, 303);
    const input = inputsOf(sectionFields(view.cat, params.data.section), view.version.values, view.version.invalid);
    // What the stored version still has wrong, marked as the save marked it (the overview's messages).
    const problems = sectionProblems(view, params.data.section, { check: sectionQuery.parse(req.query ?? {}).check === '1' });
    return sendHtml(
      reply,
      200,
      SectionPage({ viewer: account, csrf: reply.generateCsrf(), view, section: params.data.section, input, problems, flash: doneOf(req, report) }),
    );
  });

  app.post('/reporting/reports/:id/sections/:section', { ...signedIn, bodyLimit: REPORT_FORM_BODY_LIMIT }, async (req, reply) => {
    const params = sectionParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const before = await reportView(deps, actor, params.data.id);
    if (!before) return reply.callNotFound();
    const report = before.report;
    const section = params.data.section;
    if (!knownSection(before, section)) return reply.callNotFound();
    const posted = readReportForm(req);
    const fields = saveForm.safeParse(readSaveFields(req));
    if (!fields.success) {
      // No usable base version (a page from elsewhere): show the latest, keep nothing typed over it.
      const input = { ...inputsOf(sectionFields(before.cat, section), before.version.values, before.version.invalid) };
      const page = SectionPage({
        viewer: account,
        csrf: reply.generateCsrf(),
        view: before,
        section,
        input,
        problems: {},
        notice: MESSAGES['report_form.stale'],
      });
      return sendHtml(reply, 400, page);
    }
    const { base_version: baseVersion, copy, resolve } = fields.data;
    const form: FormInput = copy ? applyCopy(posted, copy) : posted;
    const result = await saveReport(deps, actor, report.id, {
      baseVersion,
      section,
      form: form as Record<string, string | string[]>,
      source: resolve === 'mine' ? 'override' : 'form',
    });
    // report-form.js saves as the user goes and asks for JSON: the new version, or that it cannot (the page then says so).
    if (wantsJson(req) && !copy) {
      const answer = result.ok
        ? { status: 200, body: { saved: true, version: result.version, problems: Object.keys(result.problems).length } }
        : result.problem === 'conflict'
          ? { status: 409, body: { saved: false, conflict: true, version: result.theirs.version } }
          : { status: result.problem === 'not_found' ? 404 : 409, body: { saved: false, conflict: false } };
      return reply.code(answer.status).type('application/json; charset=utf-8').header('cache-control', 'no-store').send(answer.body);
    }
    if (!result.ok) {
      if (result.problem === 'not_found') return reply.callNotFound();
      if (result.problem !== 'conflict') return overview(req, reply, 409, account, actor, report.id, MESSAGES['report_form.not_editable']);
      const view = (await reportView(deps, actor, report.id)) ?? before;
      return sendHtml(
        reply,
        409,
        ConflictPage({ viewer: account, csrf: reply.generateCsrf(), view, section, input: form, mine: result.mine, theirs: result.theirs }),
      );
    }
    const problems = result.problems;
    if (Object.keys(problems).length === 0) {
      if (copy) return reply.redirect(`/reporting/reports/${report.id}/sections/${section}?done=copied`, 303);
      return reply.redirect(`/reporting/reports/${report.id}?done=saved`, 303);
    }
    // Saved, with what did not parse kept: the same form again, what was typed in every input, each message beside its field.
    const view = (await reportView(deps, actor, report.id)) ?? before;
    const input = { ...inputsOf(sectionFields(view.cat, section), view.version.values, view.version.invalid), ...form };
    const page = SectionPage({
      viewer: account,
      csrf: reply.generateCsrf(),
      view,
      section,
      input,
      problems,
      notice: MESSAGES['report_form.saved_with_problems'](Object.keys(problems).length),
    });
    return sendHtml(reply, 422, page);
  });

  app.post('/reporting/reports/:id/submit', signedIn, async (req, reply) => {
    const params = reportParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const id = params.data.id;
    const form = actionForm.safeParse(req.body ?? {});
    const result = await submitReport(deps, actor, id, form.success ? form.data.base_version : 0, originOf(req));
    if (result.ok) return reply.redirect(`/reporting/reports/${id}?done=submitted`, 303);
    if (result.problem === 'not_found') return reply.callNotFound();
    // The overview shows what stops 報告 by the same check submitReport made, on the same stored version.
    if (result.problem === 'incomplete')
      return overview(req, reply, 422, account, actor, id, MESSAGES['report_form.incomplete'](Object.keys(result.problems).length));
    const problem = {
      stale: MESSAGES['report_form.stale'],
      already_processed: MESSAGES['report_form.already_processed'],
      facility_code_too_long: MESSAGES['report_form.facility_code_too_long'],
    }[result.problem];
    return overview(req, reply, 409, account, actor, id, problem);
  });

  for (const [step, command, done] of [
    ['withdraw', withdrawReport, 'withdrawn'],
    ['discard', discardReport, 'discarded'],
  ] as const) {
    app.post(`/reporting/reports/:id/${step}`, signedIn, async (req, reply) => {
      const params = reportParams.safeParse(req.params);
      if (!params.success) return reply.callNotFound();
      const { account, actor } = await who(req);
      const id = params.data.id;
      const result = await command(deps, actor, id, originOf(req));
      if (result.ok) return reply.redirect(step === 'discard' ? `/reporting?done=${done}` : `/reporting/reports/${id}?done=${done}`, 303);
      if (result.problem === 'not_found') return reply.callNotFound();
      return overview(req, reply, 409, account, actor, id, MESSAGES['report_form.already_processed']);
    });
  }

  // ── 保存した版 ───────────────────────────────────────────────────────
  app.get('/reporting/reports/:id/versions', signedIn, async (req, reply) => {
    const params = reportParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const view = await reportView(deps, actor, params.data.id);
    if (!view) return reply.callNotFound();
    return sendHtml(reply, 200, VersionsPage({ viewer: account, csrf: reply.generateCsrf(), view, versions: await versionRows(deps, actor, view) }));
  });

  app.get('/reporting/reports/:id/versions/:version', signedIn, async (req, reply) => {
    const params = versionParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const view = await reportView(deps, actor, params.data.id);
    const shown = view && (await savedVersion(deps, view, params.data.version));
    if (!view || !shown) return reply.callNotFound();
    return sendHtml(reply, 200, VersionPage({ viewer: account, csrf: reply.generateCsrf(), view, shown }));
  });
}
