// G-MIS routes of 報告確認 (prefectures, their health centres for their municipalities, delegated
// associations; the office sees but does not decide): the list with the year's counts, one report
// with its 差異表示, 確認 and 差戻し, the reporting windows and the publication setting, and an
// institution's publication with 公表停止 and its lifting. Thin: who is signed in → actor →
// policy → the reporting domain → render or redirect. A report out of reach answers 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReportState } from '../../../db/schema.ts';
import { municipalitiesOf, municipality, prefectureName } from '../../../institutions/places.ts';
import type { Ports } from '../../../ports.ts';
import { actorOf, authorize, can, placeScope, type Actor } from '../../../policies.ts';
import { fiscalYearOf, jstMidnight } from '../../../reporting/fiscal-year.ts';
import { listPeriods, setPublishOn, setReportingPeriod, type PeriodProblem } from '../../../reporting/periods.ts';
import { publishOnOf } from '../../../reporting/publication-repository.ts';
import { liftStop, STOP_REASON_MAX, stopPublication, type StopProblem } from '../../../reporting/publication.ts';
import {
  acceptReport,
  findReportForReview,
  listReportQueue,
  publicationView,
  returnReport,
  reviewView,
  type DecisionProblem,
} from '../../../reporting/review.ts';
import { listUnreported, reportingProgress } from '../../../reporting/review-progress.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { originOf, sendHtml } from '../../../web/request.ts';
import { flashFrom, type FlashTable } from '../flash.ts';
import { fieldErrors, readForm } from '../portal/schema.ts';
import { requireGmisViewer, viewerOf } from '../viewer.ts';
import {
  PERIODS_PATH,
  PeriodsPage,
  PublicationConfirmPage,
  PublicationPage,
  PUBLICATIONS_PATH,
  ReportListPage,
  ReportReviewPage,
  REPORTS_PATH,
  SETTINGS_PATH,
  type PublicationAction,
} from './pages.tsx';
import {
  dateShown,
  listQuery,
  PERIOD_FIELDS,
  periodForm,
  reportQuery,
  RETURN_FIELDS,
  returnForm,
  SETTING_FIELDS,
  settingForm,
  STOP_FIELDS,
  stopForm,
} from './schema.ts';

const PAGE_SIZE = 50;

/** What the pages say after a redirect, by the `done` value it carries. */
const DONE = {
  accepted: { kind: 'success', message: 'report_review.accepted' },
  accepted_hidden: { kind: 'success', message: 'report_review.accepted.hidden' },
  returned: { kind: 'success', message: 'report_review.returned' },
  already_processed: { kind: 'info', message: 'report_review.already_processed' },
  facility_code_too_long: { kind: 'error', message: 'report_review.facility_code_too_long' },
  period: { kind: 'success', message: 'report_review.period.saved' },
  period_unusual: { kind: 'info', message: 'report_review.period.saved_unusual' },
  setting: { kind: 'success', message: 'report_review.setting.saved' },
  stopped: { kind: 'success', message: 'report_review.stopped' },
  lifted: { kind: 'success', message: 'report_review.lifted' },
  already_stopped: { kind: 'info', message: 'report_review.already_stopped' },
  not_stopped: { kind: 'info', message: 'report_review.not_stopped' },
} as const satisfies FlashTable<string>;
type Done = keyof typeof DONE;

const PERIOD_PROBLEMS: Partial<Record<PeriodProblem, { field: string; message: string }>> = {
  closes_before_opens: { field: 'closes_on', message: MESSAGES['report_review.period.closes_before_opens'] },
  outside_fiscal_year: { field: 'opens_on', message: MESSAGES['report_review.period.outside_fiscal_year'] },
  bad_reference_date: { field: 'reference_date', message: MESSAGES['report_review.period.bad_reference_date'] },
  bad_fiscal_year: { field: 'fiscal_year', message: MESSAGES['report_review.period.fiscal_year'] },
};

/** The municipalities the actor's list can filter by (empty for the office: too many to list). */
function municipalitiesFor(actor: Actor): Array<{ code: string; name: string }> {
  const scope = placeScope(actor, 'report.review');
  if (scope.all) return [];
  const codes = [...scope.prefectures.flatMap((p) => municipalitiesOf(p).map((m) => m.code)), ...scope.municipalities.map((m) => m.municipalityCode)];
  return [...new Set(codes)].map((code) => ({ code, name: municipality(code)?.name ?? code }));
}

/** What was posted, as the form shows it again: each day that reads as one as the browser's date input takes it. */
const shownAgain = (values: Record<string, string> | undefined) =>
  values && Object.fromEntries(Object.entries(values).map(([k, v]) => [k, DATE_FIELDS.has(k) ? dateShown(v) : v]));
const DATE_FIELDS = new Set(['opens_on', 'closes_on', 'reference_date']);

/** Midnight (Japan time) at the start of a YYYY-MM-DD day. */
const dayStart = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return jstMidnight(y, m, d);
};
const DAY_MS = 86_400_000;

export async function gmisReportReviewRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { deps } = o;
  const { db } = deps;
  const signedIn = { preHandler: requireGmisViewer };
  const actorFor = (req: FastifyRequest) => actorOf(db, viewerOf(req).account);
  const yearsAround = (fy: number) => [fy - 1, fy, fy + 1];

  // ── 報告確認の一覧 ──────────────────────────────────────────────
  app.get(REPORTS_PATH, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'report_queue.view');
    const q = listQuery.parse(req.query ?? {});
    const fiscalYear = q.fy ?? fiscalYearOf(deps.clock.now());
    const narrowing = { fiscalYear, institutionKind: q.institution_kind, municipalityCode: q.municipality, q: q.q || undefined };
    const page = { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE };
    const progress = await reportingProgress(db, actor, narrowing);
    const list =
      q.state === 'unreported'
        ? { reports: [], ...(await listUnreported(db, actor, narrowing, page)) }
        : await listReportQueue(
            db,
            actor,
            { ...narrowing, ...(q.kind ? { kind: q.kind } : {}), ...(q.state ? { state: q.state as ReportState } : {}) },
            page,
          ).then((r) => ({ reports: r.rows, rows: [], total: r.total }));
    return sendHtml(
      reply,
      200,
      ReportListPage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        query: q,
        fiscalYear,
        years: yearsAround(fiscalYearOf(deps.clock.now())),
        progress,
        municipalities: municipalitiesFor(actor),
        reports: list.reports,
        unreported: list.rows,
        total: list.total,
        pageSize: PAGE_SIZE,
        canSeePeriods: can(actor, 'reporting_period.view'),
        flash: flashFrom(DONE, q.done),
      }),
    );
  });

  // ── 報告の確認（差異表示） ──────────────────────────────────────
  const reportPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    id: string,
    status: number,
    extra: { errors?: FieldErrors; values?: { comment?: string } } = {},
  ) => {
    const view = await reviewView(deps, actor, id);
    if (!view) return reply.callNotFound();
    const q = reportQuery.parse(req.query ?? {});
    const place = { prefectureCode: view.report.prefecture_code, municipalityCode: view.report.municipality_code };
    return sendHtml(
      reply,
      status,
      ReportReviewPage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        report: view.report,
        institution: view.institution,
        catalogue: view.catalogue,
        diff: view.diff,
        comparedAt: view.compared?.published_at,
        onlyChanges: q.only === 'changes',
        mayDecide: view.mayDecide,
        publishOn: view.publishOn,
        canSeePublication: can(actor, 'report.review', place),
        reported: view.version.values,
        flash: flashFrom(DONE, q.done),
        ...extra,
      }),
    );
  };

  app.get<{ Params: { id: string } }>(`${REPORTS_PATH}/:id`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'report_queue.view');
    return reportPage(req, reply, actor, req.params.id, 200);
  });

  const afterDecision = (reply: FastifyReply, id: string, r: { ok: true; done: Done } | { ok: false; problem: DecisionProblem }) => {
    if (!r.ok && r.problem === 'not_found') return reply.callNotFound();
    const done: Done = r.ok ? r.done : r.problem === 'facility_code_too_long' ? 'facility_code_too_long' : 'already_processed';
    return reply.redirect(`${REPORTS_PATH}/${encodeURIComponent(id)}?done=${done}`, 303);
  };

  app.post<{ Params: { id: string } }>(`${REPORTS_PATH}/:id/accept`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'report_queue.view');
    const r = await acceptReport(deps, actor, req.params.id, originOf(req));
    if (!r.ok) return afterDecision(reply, req.params.id, r);
    const view = await reviewView(deps, actor, req.params.id);
    return afterDecision(reply, req.params.id, { ok: true, done: view?.facility?.visible === 1 ? 'accepted' : 'accepted_hidden' });
  });

  app.post<{ Params: { id: string } }>(`${REPORTS_PATH}/:id/return`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'report_queue.view');
    // Who may not decide is refused before the comment is read (the office sees the page, it does not decide).
    const found = await findReportForReview(db, actor, req.params.id);
    if (!found) return reply.callNotFound();
    authorize(actor, 'report.decide', { prefectureCode: found.prefecture_code, municipalityCode: found.municipality_code });
    const values = readForm(req, RETURN_FIELDS, 8000);
    const parsed = returnForm.safeParse(values);
    if (!parsed.success) return reportPage(req, reply, actor, req.params.id, 422, { errors: fieldErrors(parsed.error), values });
    const r = await returnReport(deps, actor, req.params.id, parsed.data.comment, originOf(req));
    return afterDecision(reply, req.params.id, r.ok ? { ok: true, done: 'returned' } : r);
  });

  // ── 報告期間と公表のしかた ──────────────────────────────────────
  const periodsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    status: number,
    extra: { errors?: FieldErrors; values?: Record<string, string> } = {},
  ) => {
    const own =
      actor.prefecture_code !== null && can(actor, 'reporting_period.set', { prefectureCode: actor.prefecture_code }) ? actor.prefecture_code : undefined;
    const fy = fiscalYearOf(deps.clock.now());
    return sendHtml(
      reply,
      status,
      PeriodsPage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        windows: await listPeriods(db, own ? { prefectureCode: own } : {}),
        prefectureCode: own,
        prefectureName: own ? prefectureName(own) : undefined,
        publishOn: own ? await publishOnOf(db, own) : undefined,
        years: yearsAround(fy),
        values: { fiscal_year: String(fy), ...shownAgain(extra.values) },
        flash: flashFrom(DONE, (req.query as Record<string, unknown> | undefined)?.done),
        ...(extra.errors ? { errors: extra.errors } : {}),
      }),
    );
  };

  app.get(PERIODS_PATH, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'reporting_period.view');
    return periodsPage(req, reply, actor, 200);
  });

  app.post(PERIODS_PATH, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'reporting_period.set', { prefectureCode: actor.prefecture_code ?? '' });
    const values = readForm(req, PERIOD_FIELDS, 40);
    const parsed = periodForm.safeParse(values);
    if (!parsed.success) return periodsPage(req, reply, actor, 422, { errors: fieldErrors(parsed.error), values });
    const f = parsed.data;
    const r = await setReportingPeriod(
      deps,
      actor,
      {
        prefectureCode: actor.prefecture_code!,
        fiscalYear: f.fiscal_year,
        scheme: f.scheme,
        opensAt: dayStart(f.opens_on),
        closesAt: dayStart(f.closes_on) + DAY_MS,
        referenceDate: f.reference_date,
      },
      originOf(req),
    );
    if (!r.ok) {
      const problem = PERIOD_PROBLEMS[r.problem] ?? { field: 'fiscal_year', message: MESSAGES['report_review.period.fiscal_year'] };
      return periodsPage(req, reply, actor, 422, { errors: { [problem.field]: problem.message }, values });
    }
    return reply.redirect(`${PERIODS_PATH}?done=${r.warning ? 'period_unusual' : 'period'}`, 303);
  });

  app.post(SETTINGS_PATH, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'reporting_settings.set', { prefectureCode: actor.prefecture_code ?? '' });
    const values = readForm(req, SETTING_FIELDS, 20);
    const parsed = settingForm.safeParse(values);
    if (!parsed.success) return periodsPage(req, reply, actor, 422, { errors: fieldErrors(parsed.error), values });
    await setPublishOn(deps, actor, actor.prefecture_code!, parsed.data.publish_on, originOf(req));
    return reply.redirect(`${PERIODS_PATH}?done=setting`, 303);
  });

  // ── 公表の状態、公表停止と解除 ──────────────────────────────────
  const publicationPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    id: string,
    status: number,
    extra: { errors?: FieldErrors; values?: { reason?: string } } = {},
  ) => {
    const view = await publicationView(deps, actor, id);
    if (!view) return reply.callNotFound();
    return sendHtml(
      reply,
      status,
      PublicationPage({
        viewer: actor,
        csrf: reply.generateCsrf(),
        institution: view.institution,
        facility: view.facility,
        stops: view.stops,
        pageUrl: view.facility ? `${deps.config.publicUrl.navi}/facilities/${view.facility.facility_id}` : undefined,
        mayStop: view.mayStop,
        flash: flashFrom(DONE, (req.query as Record<string, unknown> | undefined)?.done),
        ...extra,
      }),
    );
  };

  app.get<{ Params: { institutionId: string } }>(`${PUBLICATIONS_PATH}/:institutionId`, signedIn, async (req, reply) => {
    const actor = await actorFor(req);
    authorize(actor, 'report_queue.view');
    return publicationPage(req, reply, actor, req.params.institutionId, 200);
  });

  const changes = { stop: stopPublication, lift: liftStop } as const;
  const labels = { stop: '公表停止の理由', lift: '解除の理由' } as const;
  for (const action of ['stop', 'lift'] as const satisfies readonly PublicationAction[]) {
    const schema = stopForm(labels[action]);
    app.post<{ Params: { institutionId: string } }>(`${PUBLICATIONS_PATH}/:institutionId/${action}`, signedIn, async (req, reply) => {
      const actor = await actorFor(req);
      authorize(actor, 'report_queue.view');
      const id = req.params.institutionId;
      const view = await publicationView(deps, actor, id);
      if (!view) return reply.callNotFound();
      const { institution } = view;
      authorize(actor, 'publication.stop', { prefectureCode: institution.prefecture_code, municipalityCode: institution.municipality_code });
      const values = readForm(req, STOP_FIELDS, 8000);
      const parsed = schema.safeParse(values);
      if (!parsed.success) return publicationPage(req, reply, actor, id, 422, { errors: fieldErrors(parsed.error), values });
      if (!parsed.data.confirm) {
        return sendHtml(reply, 200, PublicationConfirmPage({ viewer: actor, csrf: reply.generateCsrf(), institution, action, reason: parsed.data.reason }));
      }
      const r = await changes[action](deps, actor, id, parsed.data.reason, originOf(req));
      const done: Done | StopProblem = r.ok ? (action === 'stop' ? 'stopped' : 'lifted') : r.problem;
      if (done === 'not_found') return reply.callNotFound();
      if (done === 'reason_required' || done === 'reason_too_long') {
        const message = done === 'reason_required' ? MESSAGES['text.required'](labels[action]) : MESSAGES['text.too_long'](labels[action], STOP_REASON_MAX);
        return publicationPage(req, reply, actor, id, 422, { errors: { reason: message }, values });
      }
      return reply.redirect(`${PUBLICATIONS_PATH}/${encodeURIComponent(id)}?done=${done}`, 303);
    });
  }
}
