// The institution's commands on its reports: start (as the home allows, prefilled), save (a new
// version each time; a stale base version is a conflict showing both sides, never an overwrite),
// 報告 (complete, compared with what is published now), 引き戻し and 破棄. Each is authorized by the
// policies and writes its audit event in the same transaction; state changes are conditional
// UPDATEs, so of two racing requests one wins and the other is told it was processed already.
import { recordAudit, type AuditEntry, type RequestOrigin } from '../audit/audit-log.ts';
import { isUniqueViolation, type Db } from '../db/dialect.ts';
import type { Institution, Publication, PublishOn, Report, ReportVersion, ReportVersionSource } from '../db/schema.ts';
import { municipality, prefectureName } from '../institutions/places.ts';
import { sortableId } from '../platform/secrets.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Ports } from '../ports.ts';
import { catalogueById, catalogueFor, kindCatalogue, loadCatalogue } from './catalogue/load.ts';
import type { InvalidInput, KindCatalogue, ReportValues } from './catalogue/types.ts';
import { canonicalJson, carryOver, changedItemCount, checkComplete, diffValues, parseForm, valuesJson, type PostedForm } from './engine.ts';
import { jstDateOf } from './fiscal-year.ts';
import { ACCEPTED_DATA_KINDS, homeOf, type StartReason } from './home.ts';
import { parseValues, publishReport, type PublishProblem } from './publication.ts';
import { findPublication, findPublishedFacility, publishOnOf } from './publication-repository.ts';
import { EDITABLE_STATES, INITIAL_STATE, isEditable, nextState, STATUS_KINDS, type ReportKind, type ReportState } from './report.ts';
import {
  advanceVersion,
  findReport,
  findVersion,
  insertReport,
  insertVersion,
  moveReport,
  reportsOfInstitution,
  type NewReportVersion,
} from './report-repository.ts';
import { isStatusKind, keepStatusProblems, statusCatalogue, statusPrefill, statusProblems } from './status.ts';

/** The ports, and where the catalogue files are (tests use fixtures; default: the shipped data). */
export type ReportingDeps = Ports & { catalogueDir?: string };

/** The catalogue a report's values follow (a 休止・廃止・再開 sees its own part of the status catalogue). */
export function catalogueOf(deps: Pick<ReportingDeps, 'catalogueDir'>, report: Pick<Report, 'catalogue' | 'institution_kind' | 'kind'>): KindCatalogue {
  const cat = catalogueById(report.catalogue, report.institution_kind, deps.catalogueDir);
  return isStatusKind(report.kind) ? statusCatalogue(cat, report.kind) : cat;
}

/** A stored version as the pages show it. */
export interface VersionView {
  version: number;
  values: ReportValues;
  invalid: InvalidInput;
  savedAt: number;
  savedBy: string | null;
  source: ReportVersionSource;
}

export const versionView = (v: ReportVersion): VersionView => ({
  version: v.version,
  values: parseValues(v.values),
  invalid: v.invalid ? (JSON.parse(v.invalid) as InvalidInput) : {},
  savedAt: v.saved_at,
  savedBy: v.saved_by,
  source: v.source,
});

/** The facility master's 基本情報 a 新規報告 starts with (field path ← master). */
const FROM_MASTER: ReadonlyArray<[path: string, value: (i: Institution) => string | null]> = [
  ['basic.name.official', (i) => i.name],
  ['basic.name.official_kana', (i) => i.name_kana],
  ['basic.location.postcode', (i) => i.postcode],
  [
    'basic.location.address',
    (i) => `${prefectureName(i.prefecture_code) ?? ''}${municipality(i.municipality_code)?.name ?? ''}${i.address}${i.building ? ` ${i.building}` : ''}`,
  ],
  ['basic.phone.phone', (i) => i.phone],
];

export function valuesFromMaster(cat: KindCatalogue, i: Institution): ReportValues {
  const values: ReportValues = {};
  for (const [path, value] of FROM_MASTER) {
    const v = value(i);
    if (cat.fields.has(path) && v) values[path] = v;
  }
  return values;
}

export type StartProblem = StartReason | 'no_catalogue';
export type StartResult = { ok: true; reportId: string } | { ok: false; problem: StartProblem };

const ownInstitution = (actor: Actor): string => actor.institution_id ?? '';

const carriesOver = (kind: ReportKind): boolean => kind === 'periodic' || kind === 'change';

/**
 * The report whose accepted values a report of `kind` starts from: for 定期・随時 the institution's
 * latest accepted 新規・定期・随時 (by time of 確認); none for 新規 and 休止・廃止・再開.
 */
export function carriedOverFrom(kind: ReportKind, reports: readonly Report[]): Report | undefined {
  if (!carriesOver(kind)) return undefined;
  let last: Report | undefined;
  for (const r of reports) {
    if (r.state !== 'accepted' || !ACCEPTED_DATA_KINDS.includes(r.kind)) continue;
    const d = r.decided_at ?? 0;
    const l = last?.decided_at ?? 0;
    if (!last || d > l || (d === l && r.id > last.id)) last = r;
  }
  return last;
}

/** A report about to be started: its kind, the catalogue its values follow, and its version 1. */
export interface StartPlan {
  kind: ReportKind;
  fiscalYear: number;
  cat: KindCatalogue;
  prefill: ReportValues;
  baselineReportId: string | null;
  referenceDate: string | null;
}

/**
 * What a report of `kind` starts as: 新規 the facility master's 基本情報, 休止・廃止・再開 the status
 * prefill (the system, `actor` null, fills in no contact), 定期・随時 `last` (carriedOverFrom's report
 * and its accepted values) carried over to the fiscal year's catalogue. Undefined: that year has no catalogue.
 */
export function planStart(
  deps: Pick<ReportingDeps, 'catalogueDir'>,
  actor: Actor | null,
  institution: Institution,
  kind: ReportKind,
  at: { fiscalYear: number; referenceDate: string | null },
  last: { report: Report; values: ReportValues } | undefined,
): StartPlan | undefined {
  const status = isStatusKind(kind);
  let cat: KindCatalogue;
  try {
    cat = status
      ? statusCatalogue(kindCatalogue(loadCatalogue(at.fiscalYear, 'status', deps.catalogueDir), institution.kind), kind)
      : catalogueFor(at.fiscalYear, institution.kind, deps.catalogueDir);
  } catch {
    return undefined;
  }
  const from = carriesOver(kind) ? last : undefined;
  const prefill =
    kind === 'new'
      ? valuesFromMaster(cat, institution)
      : status
        ? actor
          ? statusPrefill(cat, actor, institution)
          : {}
        : from
          ? carryOver(catalogueOf(deps, from.report), cat, from.values)
          : {};
  return { kind, fiscalYear: at.fiscalYear, cat, prefill, baselineReportId: from?.report.id ?? null, referenceDate: at.referenceDate };
}

/** A started report as stored: its row (報告中 at version 1), version 1 (the prefill), and its report.started event. */
export function startedReport(
  plan: StartPlan,
  institution: Institution,
  actor: Actor | null,
  id: string,
  now: number,
  origin?: RequestOrigin,
  by?: 'csv',
): { report: Report; version: NewReportVersion; audit: AuditEntry } {
  const report: Report = {
    id,
    institution_id: institution.id,
    institution_kind: institution.kind,
    prefecture_code: institution.prefecture_code,
    municipality_code: institution.municipality_code,
    fiscal_year: plan.fiscalYear,
    kind: plan.kind,
    state: INITIAL_STATE,
    catalogue: plan.cat.id,
    current_version: 1,
    reference_date: plan.referenceDate,
    baseline_report_id: plan.baselineReportId,
    compared_publication_id: null,
    changed_items: null,
    started_by: actor?.id ?? null,
    started_at: now,
    submitted_at: null,
    submitted_by: null,
    decided_at: null,
    decided_by: null,
    decision_comment: null,
    returned_count: 0,
    updated_at: now,
  };
  return {
    report,
    version: { report_id: id, version: 1, values: canonicalJson(plan.prefill), invalid: null, saved_by: actor?.id ?? null, saved_at: now, source: 'prefill' },
    audit: {
      type: 'report.started',
      accountId: actor?.id ?? null,
      username: actor?.username ?? null,
      origin,
      details: { reportId: id, institutionId: institution.id, fiscalYear: plan.fiscalYear, kind: plan.kind, ...(by ? { by } : {}) },
    },
  };
}

/** Starts a report of `kind` if the home allows it now, prefilled (planStart). */
export async function startReport(deps: ReportingDeps, actor: Actor, kind: ReportKind, origin: RequestOrigin): Promise<StartResult> {
  const institutionId = ownInstitution(actor);
  authorize(actor, 'report.create', { institutionId });
  const now = deps.clock.now();
  const home = await homeOf(deps.db, institutionId, now);
  const action = home.actions[kind];
  if (!action.enabled) return { ok: false, problem: action.reason };
  const last = carriedOverFrom(kind, await reportsOfInstitution(deps.db, institutionId));
  const lastVersion = last && (await findVersion(deps.db, last.id, last.current_version));
  if (last && !lastVersion) throw new Error(`report ${last.id}: its version ${last.current_version} is missing`);
  const plan = planStart(
    deps,
    actor,
    home.institution,
    kind,
    { fiscalYear: home.fiscalYear, referenceDate: home.window?.referenceDate ?? null },
    last && lastVersion && { report: last, values: parseValues(lastVersion.values) },
  );
  if (!plan) return { ok: false, problem: 'no_catalogue' };
  const started = startedReport(plan, home.institution, actor, sortableId(now, deps.random), now, origin);
  try {
    await deps.db.transaction().execute(async (trx) => {
      await insertReport(trx, started.report);
      await insertVersion(trx, started.version);
      await recordAudit(trx, deps.clock, started.audit);
    });
  } catch (err) {
    // Another start won the race for the one open report.
    if (isUniqueViolation(err)) return { ok: false, problem: 'open_report' };
    throw err;
  }
  return { ok: true, reportId: started.report.id };
}

/** The institution's own report (another's looks like none). */
export async function ownReport(db: Db, actor: Actor, id: string): Promise<Report | undefined> {
  const report = await findReport(db, id);
  return report && report.institution_id === actor.institution_id ? report : undefined;
}

export interface SaveInput {
  /** The version the form was filled on. */
  baseVersion: number;
  /** A section (group id) of the catalogue, or `all`. */
  section: string;
  form: PostedForm;
  /** `override`: 「自分の入力で保存する」 after a conflict; `csv`: filled from a file. */
  source?: ReportVersionSource;
}

export type SaveResult =
  | { ok: true; version: number; problems: Record<string, string> }
  | { ok: false; problem: 'not_found' | 'not_editable' }
  | { ok: false; problem: 'conflict'; theirs: VersionView; mine: ReportValues; mineInvalid: InvalidInput };

/**
 * Stores `values` as the version after `base`, if the report is still at `base` and editable (one
 * conditional UPDATE): false when it had moved, and nothing is written.
 */
export async function saveVersion(
  trx: Db,
  reportId: string,
  base: number,
  v: { values: ReportValues; invalid: InvalidInput; savedBy: string | null; source: ReportVersionSource },
  now: number,
): Promise<boolean> {
  if (!(await advanceVersion(trx, reportId, base, EDITABLE_STATES, now))) return false;
  await insertVersion(trx, versionRow(reportId, base + 1, v, now));
  return true;
}

/** A saved version as stored (the entries kept as typed that did not parse: null when none). */
export function versionRow(
  reportId: string,
  version: number,
  v: { values: ReportValues; invalid: InvalidInput; savedBy: string | null; source: ReportVersionSource },
  now: number,
): NewReportVersion {
  return {
    report_id: reportId,
    version,
    values: valuesJson(v.values),
    invalid: Object.keys(v.invalid).length ? canonicalJson(v.invalid) : null,
    saved_by: v.savedBy,
    saved_at: now,
    source: v.source,
  };
}

/** Saves the form over the version it was filled on as the next version (報告中: not reported). */
export async function saveReport(deps: ReportingDeps, actor: Actor, id: string, input: SaveInput): Promise<SaveResult> {
  const report = await ownReport(deps.db, actor, id);
  if (!report) return { ok: false, problem: 'not_found' };
  authorize(actor, 'report.edit', { institutionId: report.institution_id });
  if (!isEditable(report.state)) return { ok: false, problem: 'not_editable' };
  const base = await findVersion(deps.db, id, input.baseVersion);
  if (!base) return { ok: false, problem: 'not_found' };
  const previous = versionView(base);
  const cat = catalogueOf(deps, report);
  const parsed = parseForm(cat, input.section, input.form, previous.values, previous.invalid);
  const now = deps.clock.now();
  if (isStatusKind(report.kind)) keepStatusProblems(cat, report.kind, input.form, parsed, jstDateOf(now));
  const invalid = parsed.invalid;

  const saved = await deps.db
    .transaction()
    .execute((trx) => saveVersion(trx, id, input.baseVersion, { values: parsed.values, invalid, savedBy: actor.id, source: input.source ?? 'form' }, now));
  if (saved) return { ok: true, version: input.baseVersion + 1, problems: parsed.problems };

  const after = await findReport(deps.db, id);
  if (!after || !isEditable(after.state)) return { ok: false, problem: 'not_editable' };
  const theirs = await findVersion(deps.db, id, after.current_version);
  return { ok: false, problem: 'conflict', theirs: versionView(theirs!), mine: parsed.values, mineInvalid: invalid };
}

export type SubmitProblem = 'not_found' | 'already_processed' | 'stale' | 'incomplete' | PublishProblem;
export type SubmitResult =
  | { ok: true; state: ReportState; changedItems: number; published: boolean }
  | { ok: false; problem: Exclude<SubmitProblem, 'incomplete'> }
  | { ok: false; problem: 'incomplete'; problems: Record<string, string> };

export type HandInProblem = 'already_processed' | PublishProblem;

/** Thrown by handIn, inside the caller's transaction: undo it (the report may have been moved already). */
export class HandInRefused extends Error {
  constructor(readonly problem: HandInProblem) {
    super(`hand-in refused: ${problem}`);
  }
}

export interface HandInOptions {
  /** What each institution's record shows now, read for many reports at once (an institution not in it shows none). */
  shown?: ReadonlyMap<string, Publication>;
  /** Each prefecture's publish_on, read at once likewise (a prefecture not in it is read). */
  publishOn?: ReadonlyMap<string, PublishOn>;
  /** In the audit event's details: how it was handed in. */
  by?: 'csv';
}

/**
 * 報告 inside the caller's transaction: the report's `version` (its current one, complete: the caller
 * has checked) handed to the prefecture — 報告済, or 再報告済 after a 差戻し — with how many items differ
 * from what is published now, by a conditional UPDATE on its state and version; published at once
 * where the prefecture publishes on 報告. Returns the report as it now is and its report.submitted
 * event for the caller to write. Throws HandInRefused when the report moved since it was read
 * (`already_processed`) or cannot be published.
 */
export async function handIn(
  trx: Db,
  deps: ReportingDeps,
  actor: Actor | null,
  report: Report,
  version: { version: number; values: ReportValues },
  cat: KindCatalogue,
  origin: RequestOrigin | undefined,
  options: HandInOptions = {},
): Promise<{ report: Report; changedItems: number; published: boolean; audit: AuditEntry }> {
  const to = nextState(report.state, 'submit');
  if (!to) throw new HandInRefused('already_processed');
  const now = deps.clock.now();
  const compared = options.shown ? options.shown.get(report.institution_id) : await shownPublicationOf(trx, report.institution_id);
  const before = compared && {
    catalogue: catalogueById(compared.catalogue, report.institution_kind, deps.catalogueDir),
    values: parseValues(compared.values),
  };
  const changedItems = STATUS_KINDS.includes(report.kind) ? 0 : changedItemCount(diffValues(cat, before, version.values));
  const submitted = { submitted_at: now, submitted_by: actor?.id ?? null, compared_publication_id: compared?.id ?? null, changed_items: changedItems };
  if (!(await moveReport(trx, report.id, { from: [report.state], to, version: version.version, now, set: submitted })))
    throw new HandInRefused('already_processed');
  const after: Report = { ...report, ...submitted, state: to, current_version: version.version, updated_at: now };
  let published = false;
  if ((options.publishOn?.get(report.prefecture_code) ?? (await publishOnOf(trx, report.prefecture_code))) === 'submit') {
    const p = await publishReport(trx, deps, after, actor, origin);
    if (!p.ok) throw new HandInRefused(p.problem);
    published = p.published;
  }
  const audit: AuditEntry = {
    type: 'report.submitted',
    accountId: actor?.id ?? null,
    username: actor?.username ?? null,
    origin,
    details: {
      reportId: report.id,
      institutionId: report.institution_id,
      fiscalYear: report.fiscal_year,
      kind: report.kind,
      version: version.version,
      changedItems,
      ...(options.by ? { by: options.by } : {}),
    },
  };
  return { report: after, changedItems, published, audit };
}

/** The publication the institution's record shows now (handIn compares a 報告 with it). */
async function shownPublicationOf(db: Db, institutionId: string): Promise<Publication | undefined> {
  const shown = await findPublishedFacility(db, institutionId);
  return shown ? findPublication(db, shown.publication_id) : undefined;
}

/** 報告 of the institution's own report (handIn), when its current version is complete. */
export async function submitReport(
  deps: ReportingDeps,
  actor: Actor,
  id: string,
  baseVersion: number | undefined,
  origin: RequestOrigin,
): Promise<SubmitResult> {
  const report = await ownReport(deps.db, actor, id);
  if (!report) return { ok: false, problem: 'not_found' };
  authorize(actor, 'report.submit', { institutionId: report.institution_id });
  if (!nextState(report.state, 'submit')) return { ok: false, problem: 'already_processed' };
  if (baseVersion !== undefined && baseVersion !== report.current_version) return { ok: false, problem: 'stale' };
  const version = versionView((await findVersion(deps.db, id, report.current_version))!);
  const cat = catalogueOf(deps, report);
  const problems = {
    ...(isStatusKind(report.kind) ? statusProblems(cat, report.kind, version.values, jstDateOf(deps.clock.now())) : {}),
    ...checkComplete(cat, version.values, version.invalid),
  };
  if (Object.keys(problems).length) return { ok: false, problem: 'incomplete', problems };

  try {
    return await deps.db.transaction().execute(async (trx): Promise<SubmitResult> => {
      const h = await handIn(trx, deps, actor, report, version, cat, origin);
      await recordAudit(trx, deps.clock, h.audit);
      return { ok: true, state: h.report.state, changedItems: h.changedItems, published: h.published };
    });
  } catch (err) {
    if (err instanceof HandInRefused) return { ok: false, problem: err.problem };
    throw err;
  }
}

export type StepResult = { ok: true; state: ReportState } | { ok: false; problem: 'not_found' | 'already_processed' };

/** 引き戻し: a report handed in and not yet processed comes back (報告中, or 差戻し when it was a resubmission). */
export async function withdrawReport(deps: ReportingDeps, actor: Actor, id: string, origin: RequestOrigin): Promise<StepResult> {
  const report = await ownReport(deps.db, actor, id);
  if (!report) return { ok: false, problem: 'not_found' };
  authorize(actor, 'report.withdraw', { institutionId: report.institution_id });
  return step(deps, actor, report, 'withdraw', 'report.withdrawn', origin);
}

/** 破棄: a report not handed in is given up (every version stays stored). */
export async function discardReport(deps: ReportingDeps, actor: Actor, id: string, origin: RequestOrigin): Promise<StepResult> {
  const report = await ownReport(deps.db, actor, id);
  if (!report) return { ok: false, problem: 'not_found' };
  authorize(actor, 'report.edit', { institutionId: report.institution_id });
  return step(deps, actor, report, 'discard', 'report.discarded', origin);
}

async function step(
  deps: ReportingDeps,
  actor: Actor,
  report: Report,
  event: 'withdraw' | 'discard',
  type: 'report.withdrawn' | 'report.discarded',
  origin: RequestOrigin,
): Promise<StepResult> {
  const to = nextState(report.state, event);
  if (!to) return { ok: false, problem: 'already_processed' };
  return deps.db.transaction().execute(async (trx): Promise<StepResult> => {
    const now = deps.clock.now();
    if (!(await moveReport(trx, report.id, { from: [report.state], to, now }))) return { ok: false, problem: 'already_processed' };
    await recordAudit(trx, deps.clock, {
      type,
      accountId: actor.id,
      username: actor.username,
      origin,
      details: { reportId: report.id, institutionId: report.institution_id, fiscalYear: report.fiscal_year, kind: report.kind },
    });
    return { ok: true, state: to };
  });
}
