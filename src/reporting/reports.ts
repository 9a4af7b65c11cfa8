// The institution's commands on its reports: start (as the home allows, prefilled), save (a new
// version each time; a stale base version is a conflict showing both sides, never an overwrite),
// 報告 (complete, compared with what is published now), 引き戻し and 破棄. Each is authorized by the
// policies and writes its audit event in the same transaction; state changes are conditional
// UPDATEs, so of two racing requests one wins and the other is told it was processed already.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import { isUniqueViolation, type Db } from '../db/dialect.ts';
import type { Institution, Report, ReportVersion, ReportVersionSource } from '../db/schema.ts';
import { municipality, prefectureName } from '../institutions/places.ts';
import { findInstitution } from '../institutions/repository.ts';
import { sortableId } from '../platform/secrets.ts';
import { authorize, type Actor } from '../policies.ts';
import type { Ports } from '../ports.ts';
import { catalogueById, catalogueFor, kindCatalogue, loadCatalogue } from './catalogue/load.ts';
import type { InvalidInput, KindCatalogue, ReportValues } from './catalogue/types.ts';
import { canonicalJson, carryOver, changedItemCount, checkComplete, diffValues, parseForm, valuesJson, type PostedForm } from './engine.ts';
import { fiscalYearOf, jstDateOf } from './fiscal-year.ts';
import { homeOf, type StartReason } from './home.ts';
import { parseValues, publishReport } from './publication.ts';
import { findPublication, findPublishedFacility, publishOnOf } from './publication-repository.ts';
import { EDITABLE_STATES, isEditable, nextState, STATUS_KINDS, type ReportKind, type ReportState } from './report.ts';
import { advanceVersion, findReport, findVersion, insertReport, insertVersion, lastAcceptedReport, moveReport } from './report-repository.ts';
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

/**
 * Starts a report of `kind` if the home allows it now: version 1 is the prefill — 定期・随時 the last
 * accepted values carried over to this fiscal year's catalogue, 新規 the facility master's 基本情報.
 */
export async function startReport(deps: ReportingDeps, actor: Actor, kind: ReportKind, origin: RequestOrigin): Promise<StartResult> {
  const institutionId = ownInstitution(actor);
  authorize(actor, 'report.create', { institutionId });
  const now = deps.clock.now();
  const home = await homeOf(deps.db, institutionId, now);
  const action = home.actions[kind];
  if (!action.enabled) return { ok: false, problem: action.reason };
  const institution = home.institution;
  const fiscalYear = fiscalYearOf(now);
  const status = isStatusKind(kind);
  let cat: KindCatalogue;
  try {
    cat = status
      ? statusCatalogue(kindCatalogue(loadCatalogue(fiscalYear, 'status', deps.catalogueDir), institution.kind), kind)
      : catalogueFor(fiscalYear, institution.kind, deps.catalogueDir);
  } catch {
    return { ok: false, problem: 'no_catalogue' };
  }

  let values: ReportValues = {};
  let baseline: string | null = null;
  if (kind === 'new') values = valuesFromMaster(cat, institution);
  else if (status) values = statusPrefill(cat, actor, institution);
  else {
    const last = await lastAcceptedReport(deps.db, institutionId, ['new', 'periodic', 'change']);
    if (last) {
      values = carryOver(catalogueOf(deps, last.report), cat, parseValues(last.version.values));
      baseline = last.report.id;
    }
  }
  const reportId = sortableId(now, deps.random);
  try {
    await deps.db.transaction().execute(async (trx) => {
      await insertReport(trx, {
        id: reportId,
        institution_id: institutionId,
        institution_kind: institution.kind,
        prefecture_code: institution.prefecture_code,
        municipality_code: institution.municipality_code,
        fiscal_year: fiscalYear,
        kind,
        state: 'draft',
        catalogue: cat.id,
        current_version: 1,
        reference_date: home.window?.referenceDate ?? null,
        baseline_report_id: baseline,
        started_by: actor.id,
        started_at: now,
        updated_at: now,
      });
      await insertVersion(trx, {
        report_id: reportId,
        version: 1,
        values: canonicalJson(values),
        invalid: null,
        saved_by: actor.id,
        saved_at: now,
        source: 'prefill',
      });
      await recordAudit(trx, deps.clock, {
        type: 'report.started',
        accountId: actor.id,
        username: actor.username,
        origin,
        details: { reportId, institutionId, fiscalYear, kind },
      });
    });
  } catch (err) {
    // Another start won the race for the one open report.
    if (isUniqueViolation(err)) return { ok: false, problem: 'open_report' };
    throw err;
  }
  return { ok: true, reportId };
}

/** The institution's own report (another's looks like none). */
async function ownReport(db: Db, actor: Actor, id: string): Promise<Report | undefined> {
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

/** Saves the form over the version it was filled on as the next version (報告中: not reported). */
export async function saveReport(deps: ReportingDeps, actor: Actor, id: string, input: SaveInput, _origin?: RequestOrigin): Promise<SaveResult> {
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

  const saved = await deps.db.transaction().execute(async (trx) => {
    if (!(await advanceVersion(trx, id, input.baseVersion, EDITABLE_STATES, now))) return false;
    await insertVersion(trx, {
      report_id: id,
      version: input.baseVersion + 1,
      values: valuesJson(parsed.values),
      invalid: Object.keys(invalid).length ? canonicalJson(invalid) : null,
      saved_by: actor.id,
      saved_at: now,
      source: input.source ?? 'form',
    });
    return true;
  });
  if (saved) return { ok: true, version: input.baseVersion + 1, problems: parsed.problems };

  const after = await findReport(deps.db, id);
  if (!after || !isEditable(after.state)) return { ok: false, problem: 'not_editable' };
  const theirs = await findVersion(deps.db, id, after.current_version);
  return { ok: false, problem: 'conflict', theirs: versionView(theirs!), mine: parsed.values, mineInvalid: invalid };
}

export type SubmitProblem = 'not_found' | 'already_processed' | 'stale' | 'incomplete' | 'facility_code_too_long';
export type SubmitResult =
  | { ok: true; state: ReportState; changedItems: number; published: boolean }
  | { ok: false; problem: Exclude<SubmitProblem, 'incomplete'> }
  | { ok: false; problem: 'incomplete'; problems: Record<string, string> };

class Undo extends Error {
  constructor(readonly result: SubmitResult) {
    super('undone');
  }
}

/**
 * 報告: the current version, complete, is handed to the prefecture (報告済, or 再報告済 after a
 * 差戻し) with how it compares with what is published now; published at once where the prefecture
 * publishes on submit.
 */
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
  const to = nextState(report.state, 'submit');
  if (!to) return { ok: false, problem: 'already_processed' };
  if (baseVersion !== undefined && baseVersion !== report.current_version) return { ok: false, problem: 'stale' };
  const version = versionView((await findVersion(deps.db, id, report.current_version))!);
  const cat = catalogueOf(deps, report);
  const problems = {
    ...(isStatusKind(report.kind) ? statusProblems(cat, report.kind, version.values, jstDateOf(deps.clock.now())) : {}),
    ...checkComplete(cat, version.values, version.invalid),
  };
  if (Object.keys(problems).length) return { ok: false, problem: 'incomplete', problems };

  try {
    const result = await deps.db.transaction().execute(async (trx): Promise<SubmitResult> => {
      const now = deps.clock.now();
      const shown = await findPublishedFacility(trx, report.institution_id);
      const compared = shown ? await findPublication(trx, shown.publication_id) : undefined;
      const before = compared && {
        catalogue: catalogueById(compared.catalogue, report.institution_kind, deps.catalogueDir),
        values: parseValues(compared.values),
      };
      const changedItems = STATUS_KINDS.includes(report.kind) ? 0 : changedItemCount(diffValues(cat, before, version.values));
      const moved = await moveReport(trx, id, {
        from: [report.state],
        to,
        version: version.version,
        now,
        set: { submitted_at: now, submitted_by: actor.id, compared_publication_id: compared?.id ?? null, changed_items: changedItems },
      });
      if (!moved) return { ok: false, problem: 'already_processed' };
      let published = false;
      if ((await publishOnOf(trx, report.prefecture_code)) === 'submit') {
        const p = await publishReport(trx, deps, { ...report, state: to, current_version: version.version }, actor, origin);
        if (!p.ok) throw new Undo({ ok: false, problem: p.problem });
        published = p.published;
      }
      await recordAudit(trx, deps.clock, {
        type: 'report.submitted',
        accountId: actor.id,
        username: actor.username,
        origin,
        details: {
          reportId: id,
          institutionId: report.institution_id,
          fiscalYear: report.fiscal_year,
          kind: report.kind,
          version: version.version,
          changedItems,
        },
      });
      return { ok: true, state: to, changedItems, published };
    });
    return result;
  } catch (err) {
    if (err instanceof Undo) return err.result;
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
