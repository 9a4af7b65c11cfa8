// The prefecture's side of reports (its health centres for their municipalities, associations it
// delegated review to; the office sees but does not decide): the 報告確認 list, one report with its
// 差異表示 against the publication it was compared with at 報告, and the decisions — 確認 publishes,
// 差戻し mails the comment and the link to every active account of the institution. Each decision is
// one conditional UPDATE on the state, so it loses cleanly to an 引き戻し or another reviewer.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { Institution, Publication, PublicationStop, PublishedFacility, PublishOn, Report } from '../db/schema.ts';
import { findInstitution } from '../institutions/repository.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatJst } from '../platform/japanese/time.ts';
import { authorize, can, placeScope, type Actor } from '../policies.ts';
import { mailContext, type Ports } from '../ports.ts';
import { catalogueById } from './catalogue/load.ts';
import type { ItemDiff, KindCatalogue } from './catalogue/types.ts';
import { diffValues } from './engine.ts';
import { reiwaLabel } from './fiscal-year.ts';
import { reportAcceptedMail, reportReturnedMail, type ReportMailFacts } from './mails.ts';
import { parseValues, publishReport, type PublishProblem } from './publication.ts';
import { findPublication, findPublishedFacility, publishOnOf, stopsOf } from './publication-repository.ts';
import { nextState, REPORT_KIND_LABELS, REPORTED_STATES, STATUS_KINDS } from './report.ts';
import { catalogueOf, versionView, type ReportingDeps, type VersionView } from './reports.ts';
import {
  activeAccountsOf,
  findReport,
  findVersion,
  listReports,
  moveReport,
  returnPendingReport,
  type QueueRow,
  type ReportFilter,
} from './report-repository.ts';

export type QueueFilter = ReportFilter;

/**
 * The reports the actor may review, filtered in SQL by the same rule as `can`; without a state,
 * those handed in (報告済, 再報告済, 差戻し, 確認済) — drafts are the institution's own.
 */
export async function listReportQueue(
  db: Db,
  actor: Actor,
  filter: QueueFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: QueueRow[]; total: number }> {
  authorize(actor, 'report_queue.view');
  const scope = placeScope(actor, 'report.review');
  return listReports(db, scope.all ? 'all' : scope, { ...filter, state: filter.state ?? REPORTED_STATES }, page);
}

const placeOf = (r: Report) => ({ prefectureCode: r.prefecture_code, municipalityCode: r.municipality_code });

/** One report, if the actor may review it (otherwise it looks like one that does not exist). */
export async function findReportForReview(db: Db, actor: Actor, id: string): Promise<Report | undefined> {
  const report = await findReport(db, id);
  return report && report.state !== 'draft' && can(actor, 'report.review', placeOf(report)) ? report : undefined;
}

export interface ReviewView {
  report: Report;
  institution: Institution;
  catalogue: KindCatalogue;
  version: VersionView;
  /** What the report was compared with at 報告 (none: nothing was published). */
  compared: Publication | undefined;
  /** Item by item against `compared`. */
  diff: ItemDiff[];
  /** Whether the actor may 確認 / 差戻し it now. */
  mayDecide: boolean;
  /** Whether its prefecture publishes on 確認 or on 報告. */
  publishOn: PublishOn;
  /** What 医療情報ネット shows of the institution now (none: nothing published yet). */
  facility: PublishedFacility | undefined;
}

/** The report as the reviewer sees it: its current version beside what is published, item by item. */
export async function reviewView(deps: ReportingDeps, actor: Actor, id: string): Promise<ReviewView | undefined> {
  const report = await findReportForReview(deps.db, actor, id);
  if (!report) return undefined;
  const [institution, stored, compared, publishOn, facility] = await Promise.all([
    findInstitution(deps.db, report.institution_id),
    findVersion(deps.db, id, report.current_version),
    report.compared_publication_id ? findPublication(deps.db, report.compared_publication_id) : Promise.resolve(undefined),
    publishOnOf(deps.db, report.prefecture_code),
    findPublishedFacility(deps.db, report.institution_id),
  ]);
  if (!institution || !stored) throw new Error(`report ${id}: its institution or version is gone`);
  const catalogue = catalogueOf(deps, report);
  const version = versionView(stored);
  const diff = STATUS_KINDS.includes(report.kind)
    ? []
    : diffValues(
        catalogue,
        compared && { catalogue: catalogueById(compared.catalogue, report.institution_kind, deps.catalogueDir), values: parseValues(compared.values) },
        version.values,
      );
  const mayDecide = nextState(report.state, 'accept') !== undefined && can(actor, 'report.decide', placeOf(report));
  return { report, institution, catalogue, version, compared, diff, mayDecide, publishOn, facility };
}

export interface PublicationView {
  institution: Institution;
  /** What 医療情報ネット shows of it (none: nothing published yet). */
  facility: PublishedFacility | undefined;
  /** Every 公表停止, with its lifting. */
  stops: PublicationStop[];
  /** Whether the actor may stop its publication or lift a stop. */
  mayStop: boolean;
}

/** An institution's publication as the reviewer sees it, if the actor may see its reports (otherwise none). */
export async function publicationView(deps: Ports, actor: Actor, institutionId: string): Promise<PublicationView | undefined> {
  const institution = await findInstitution(deps.db, institutionId);
  if (!institution) return undefined;
  const place = { prefectureCode: institution.prefecture_code, municipalityCode: institution.municipality_code };
  if (!can(actor, 'report.review', place)) return undefined;
  const [facility, stops] = await Promise.all([findPublishedFacility(deps.db, institutionId), stopsOf(deps.db, institutionId)]);
  return { institution, facility, stops, mayStop: can(actor, 'publication.stop', place) };
}

export type DecisionProblem = 'not_found' | 'already_processed' | 'comment_required' | 'comment_too_long' | PublishProblem;
export type DecisionResult = { ok: true } | { ok: false; problem: DecisionProblem };

export const COMMENT_MAX = 1000;

class Undo extends Error {
  constructor(readonly problem: DecisionProblem) {
    super(problem);
  }
}

/** The mail facts for each active account of the institution. */
async function recipients(trx: Db, deps: Ports, report: Report): Promise<ReportMailFacts[]> {
  const institution = await findInstitution(trx, report.institution_id);
  const reportTitle = `${reiwaLabel(report.fiscal_year)} ${REPORT_KIND_LABELS[report.kind]}`;
  const link = `${deps.config.publicUrl.gmis}/reporting/reports/${report.id}`;
  return (await activeAccountsOf(trx, report.institution_id)).map((a) => ({
    to: a.email,
    accountId: a.id,
    displayName: a.display_name,
    institutionName: institution?.name ?? '',
    reportTitle,
    link,
  }));
}

/** Runs a decision on a report handed in: found for the actor, decided by policy, in one transaction. */
async function decide(deps: ReportingDeps, actor: Actor, id: string, run: (trx: Db, report: Report) => Promise<void>): Promise<DecisionResult> {
  const report = await findReportForReview(deps.db, actor, id);
  if (!report) return { ok: false, problem: 'not_found' };
  authorize(actor, 'report.decide', placeOf(report));
  if (nextState(report.state, 'accept') === undefined) return { ok: false, problem: 'already_processed' };
  try {
    await deps.db.transaction().execute((trx) => run(trx, report));
  } catch (err) {
    if (err instanceof Undo) return { ok: false, problem: err.problem };
    throw err;
  }
  deps.workQueued?.();
  return { ok: true };
}

const detailsOf = (r: Report) => ({ reportId: r.id, institutionId: r.institution_id, fiscalYear: r.fiscal_year, kind: r.kind, version: r.current_version });

/** 確認: the report is accepted and published (or its 休止・廃止・再開 takes effect); the institution is told. */
export function acceptReport(deps: ReportingDeps, actor: Actor, id: string, origin: RequestOrigin): Promise<DecisionResult> {
  return decide(deps, actor, id, async (trx, report) => {
    const now = deps.clock.now();
    const moved = await moveReport(trx, id, {
      from: [report.state],
      to: 'accepted',
      version: report.current_version,
      now,
      set: { decided_at: now, decided_by: actor.id, decision_comment: null },
    });
    if (!moved) throw new Undo('already_processed');
    const published = await publishReport(trx, deps, { ...report, state: 'accepted' }, actor, origin);
    if (!published.ok) throw new Undo(published.problem);
    const c = mailContext(deps.config);
    const visible = published.facility?.visible === 1;
    for (const r of await recipients(trx, deps, report))
      await enqueueMail(trx, deps, reportAcceptedMail(c, { ...r, acceptedAt: formatJst(now), published: visible }));
    await recordAudit(trx, deps.clock, { type: 'report.accepted', accountId: actor.id, username: actor.username, origin, details: detailsOf(report) });
  });
}

/** 差戻し with a comment (1–1000 characters): mailed with the report's link to every active account of the institution. */
export function returnReport(deps: ReportingDeps, actor: Actor, id: string, comment: string, origin: RequestOrigin): Promise<DecisionResult> {
  const text = comment.trim();
  if (text === '') return Promise.resolve({ ok: false, problem: 'comment_required' });
  if (text.length > COMMENT_MAX) return Promise.resolve({ ok: false, problem: 'comment_too_long' });
  return decide(deps, actor, id, async (trx, report) => {
    const now = deps.clock.now();
    if (!(await returnPendingReport(trx, id, { from: [report.state], decidedBy: actor.id, now, comment: text }))) throw new Undo('already_processed');
    const c = mailContext(deps.config);
    for (const r of await recipients(trx, deps, report))
      await enqueueMail(trx, deps, reportReturnedMail(c, { ...r, comment: text, returnedAt: formatJst(now) }));
    await recordAudit(trx, deps.clock, {
      type: 'report.returned',
      accountId: actor.id,
      username: actor.username,
      origin,
      details: { ...detailsOf(report), comment: text },
    });
  });
}
