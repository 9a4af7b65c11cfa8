// 医療機能情報提供制度 / 薬局機能情報提供制度 for the institution, on the G-MIS origin: the home, starting a
// report, its overview, the form by section (saved with base_version: a save made meanwhile is a 409
// conflict page, never an overwrite), 報告, 引き戻し, 破棄 and the saved versions. Thin: read (schema.ts),
// ask the policies, call the commands (src/reporting/), render or redirect. Another institution's
// report is answered as if there were none (404).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Account, Report } from '../../../db/schema.ts';
import { findInstitution } from '../../../institutions/repository.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { actorOf, can, type Actor } from '../../../policies.ts';
import { checkComplete, diffValues } from '../../../reporting/engine.ts';
import { catalogueById } from '../../../reporting/catalogue/load.ts';
import { parseValues } from '../../../reporting/publication.ts';
import { findPublication, findPublishedFacility } from '../../../reporting/publication-repository.ts';
import { sectionFields } from '../../../reporting/catalogue/form.ts';
import { reportingHome } from '../../../reporting/home.ts';
import { REPORT_KIND_LABELS } from '../../../reporting/report.ts';
import { findReport, findVersion, listVersions } from '../../../reporting/report-repository.ts';
import {
  catalogueOf,
  discardReport,
  type ReportingDeps,
  saveReport,
  startReport,
  submitReport,
  versionView,
  withdrawReport,
} from '../../../reporting/reports.ts';
import { originOf, sendHtml } from '../../../web/request.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import { ConflictPage } from './conflict-page.tsx';
import { applyCopy, inputsOf, type FormInput } from './form-input.ts';
import { ReportingHomePage } from './home-page.tsx';
import { formSections, ReportPage, sectionProgress, type ReportView } from './report-page.tsx';
import { actionForm, DONE, doneQuery, readReportForm, readSaveFields, reportParams, saveForm, sectionParams, startForm, versionParams } from './schema.ts';
import { SectionPage } from './section-page.tsx';
import { VersionPage, VersionsPage, type VersionRow } from './versions-page.tsx';

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

  /** The report if the actor's institution is the one it is of (else undefined: answered 404). */
  const ownReport = async (actor: Actor, id: string): Promise<Report | undefined> => {
    const report = await findReport(db, id);
    return report && can(actor, 'reporting_home.view', { institutionId: report.institution_id }) ? report : undefined;
  };

  const viewOf = async (report: Report): Promise<ReportView> => {
    const [version, institution] = await Promise.all([findVersion(db, report.id, report.current_version), findInstitution(db, report.institution_id)]);
    if (!version) throw new Error(`report ${report.id} has no version ${report.current_version}`);
    return { report, version: versionView(version), cat: catalogueOf(deps, report), institutionName: institution?.name ?? '' };
  };

  const doneOf = (req: FastifyRequest, report?: Report): string | undefined => {
    const done = doneQuery.parse(req.query ?? {}).done;
    if (!done) return undefined;
    const m = MESSAGES[DONE[done]];
    return typeof m === 'function' ? m(report ? REPORT_KIND_LABELS[report.kind] : '') : m;
  };

  const overview = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    account: Account,
    report: Report,
    extra: { problem?: string; problems?: Record<string, string> } = {},
  ) => {
    const view = await viewOf(report);
    const problems = extra.problems ?? checkComplete(view.cat, view.version.values, view.version.invalid);
    const progress = sectionProgress(view, view.version, problems);
    const flash = status === 200 ? doneOf(req, report) : undefined;
    // 前回からの変更: what 報告 would change in what is published now (as the prefecture's 差異表示 will show it).
    const published = await findPublishedFacility(db, report.institution_id);
    const publication = published ? await findPublication(db, published.publication_id) : undefined;
    const changes = publication
      ? diffValues(
          view.cat,
          { catalogue: catalogueById(publication.catalogue, report.institution_kind, deps.catalogueDir), values: parseValues(publication.values) },
          view.version.values,
        ).filter((d) => d.status !== 'same')
      : undefined;
    const page = ReportPage({ viewer: account, csrf: reply.generateCsrf(), view, progress, flash, problem: extra.problem, changes });
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
    const result = await startReport(deps, actor, parsed.data.kind, originOf(req));
    if (!result.ok) return home(req, reply, 409, MESSAGES[`reporting.start.${result.problem}`]);
    return reply.redirect(`/reporting/reports/${result.reportId}?done=started`, 303);
  });

  // ── 報告 ─────────────────────────────────────────────────────────────
  app.get('/reporting/reports/:id', signedIn, async (req, reply) => {
    const params = reportParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const report = await ownReport(actor, params.data.id);
    if (!report) return reply.callNotFound();
    return overview(req, reply, 200, account, report);
  });

  app.get('/reporting/reports/:id/sections/:section', signedIn, async (req, reply) => {
    const params = sectionParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const report = await ownReport(actor, params.data.id);
    if (!report) return reply.callNotFound();
    if (!can(actor, 'report.edit', { institutionId: report.institution_id })) return reply.callNotFound();
    const view = await viewOf(report);
    if (!knownSection(view, params.data.section)) return reply.callNotFound();
    if (!['draft', 'returned'].includes(report.state)) return reply.redirect(`/reporting/reports/${report.id}`, 303);
    const input = inputsOf(sectionFields(view.cat, params.data.section), view.version.values, view.version.invalid);
    return sendHtml(
      reply,
      200,
      SectionPage({ viewer: account, csrf: reply.generateCsrf(), view, section: params.data.section, input, problems: {}, flash: doneOf(req, report) }),
    );
  });

  app.post('/reporting/reports/:id/sections/:section', { ...signedIn, bodyLimit: REPORT_FORM_BODY_LIMIT }, async (req, reply) => {
    const params = sectionParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const report = await ownReport(actor, params.data.id);
    if (!report) return reply.callNotFound();
    const section = params.data.section;
    const before = await viewOf(report);
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
    const result = await saveReport(
      deps,
      actor,
      report.id,
      { baseVersion, section, form: form as Record<string, string | string[]>, source: resolve === 'mine' ? 'override' : 'form' },
      originOf(req),
    );
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
      const fresh = (await findReport(db, report.id)) ?? report;
      if (result.problem !== 'conflict') return overview(req, reply, 409, account, fresh, { problem: MESSAGES['report_form.not_editable'] });
      const view = await viewOf(fresh);
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
    const view = await viewOf((await findReport(db, report.id)) ?? report);
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
    const report = await ownReport(actor, params.data.id);
    if (!report) return reply.callNotFound();
    const form = actionForm.safeParse(req.body ?? {});
    const result = await submitReport(deps, actor, report.id, form.success ? form.data.base_version : 0, originOf(req));
    if (result.ok) return reply.redirect(`/reporting/reports/${report.id}?done=submitted`, 303);
    if (result.problem === 'not_found') return reply.callNotFound();
    const fresh = (await findReport(db, report.id)) ?? report;
    if (result.problem === 'incomplete')
      return overview(req, reply, 422, account, fresh, {
        problem: MESSAGES['report_form.incomplete'](Object.keys(result.problems).length),
        problems: result.problems,
      });
    const problem = {
      stale: MESSAGES['report_form.stale'],
      already_processed: MESSAGES['report_form.already_processed'],
      facility_code_too_long: MESSAGES['report_form.facility_code_too_long'],
    }[result.problem];
    return overview(req, reply, 409, account, fresh, { problem });
  });

  for (const [step, command, done] of [
    ['withdraw', withdrawReport, 'withdrawn'],
    ['discard', discardReport, 'discarded'],
  ] as const) {
    app.post(`/reporting/reports/:id/${step}`, signedIn, async (req, reply) => {
      const params = reportParams.safeParse(req.params);
      if (!params.success) return reply.callNotFound();
      const { account, actor } = await who(req);
      const report = await ownReport(actor, params.data.id);
      if (!report) return reply.callNotFound();
      const result = await command(deps, actor, report.id, originOf(req));
      if (result.ok) return reply.redirect(step === 'discard' ? `/reporting?done=${done}` : `/reporting/reports/${report.id}?done=${done}`, 303);
      if (result.problem === 'not_found') return reply.callNotFound();
      return overview(req, reply, 409, account, (await findReport(db, report.id)) ?? report, { problem: MESSAGES['report_form.already_processed'] });
    });
  }

  // ── 保存した版 ───────────────────────────────────────────────────────
  app.get('/reporting/reports/:id/versions', signedIn, async (req, reply) => {
    const params = reportParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const report = await ownReport(actor, params.data.id);
    if (!report) return reply.callNotFound();
    const [view, versions] = await Promise.all([viewOf(report), listVersions(db, report.id)]);
    const rows = versions
      .map((v): VersionRow => ({
        version: v.version,
        savedAt: v.saved_at,
        savedBy: v.saved_by === account.id ? 'viewer' : v.saved_by === null ? 'system' : 'other',
        source: v.source,
      }))
      .sort((a, b) => b.version - a.version);
    return sendHtml(reply, 200, VersionsPage({ viewer: account, csrf: reply.generateCsrf(), view, versions: rows }));
  });

  app.get('/reporting/reports/:id/versions/:version', signedIn, async (req, reply) => {
    const params = versionParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const { account, actor } = await who(req);
    const report = await ownReport(actor, params.data.id);
    if (!report) return reply.callNotFound();
    const shown = await findVersion(db, report.id, params.data.version);
    if (!shown) return reply.callNotFound();
    return sendHtml(reply, 200, VersionPage({ viewer: account, csrf: reply.generateCsrf(), view: await viewOf(report), shown: versionView(shown) }));
  });
}
