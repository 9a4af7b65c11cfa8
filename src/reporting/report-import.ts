// Reports filled from CSV (catalogue/csv.ts's format), for groups that report for many institutions:
// the prefecture's staff or an association it delegated report.fill to (each row decided by the
// policies' report.fill_on_behalf), or the operator from the command line (the system). Also one
// institution filling its own open report from a file, and the files of one report to download.
//
// Which report a row fills — as the institution's home would let it (home.ts startActions):
//   - its open report, when it is one it may edit (報告中 or 差戻し); a report handed in and not yet
//     processed (報告済・再報告済) is refused (引き戻し first), and so is an open 休止・廃止・再開;
//   - otherwise a report is started, prefilled by startReport's own steps (reports.ts planStart,
//     startedReport): 定期報告 when the window is open and last year's data exists, else 新規報告 when
//     it has no accepted report, else 随時報告 — whose form has only the 基本情報 section, so a row that
//     changes anything else is refused for it;
//   - a closed institution is refused (the home's reason).
// All rows or none: every row is read and checked first (nothing is written when one has a problem),
// then everything is written in one transaction. Each save is a new version (source 'csv') moved from
// the version the row was read over by the same conditional UPDATE saveReport uses, so of two imports
// (or an import and the institution's own save) racing on a report, the later one finds the version
// moved, writes nothing at all and says so; a start racing a start meets the one-open-report index.
// 報告 is reports.ts handIn, as for submitReport. Audit: report.started and report.submitted for each
// report as reports.ts makes them (with by: csv), and one report.imported per import with its counts.
import { isDeepStrictEqual } from 'node:util';
import { recordAudit, recordAudits, type AuditEntry, type RequestOrigin } from '../audit/audit-log.ts';
import { isUniqueViolation, type Db } from '../db/dialect.ts';
import type { Institution, InstitutionKind, PublishOn, Report, ReportVersion } from '../db/schema.ts';
import { findInstitution, findInstitutionsByCodes, institutionKey, listInstitutions } from '../institutions/repository.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { sortableId } from '../platform/secrets.ts';
import { authorize, can, type Actor } from '../policies.ts';
import {
  INSTITUTION_COLUMN,
  parseReportCsv,
  readReportCsv,
  reportCsv,
  sortProblems,
  type CsvEncoding,
  type CsvProblem,
  type CsvReadRow,
  type CsvTarget,
  type ParsedReportCsv,
  type ReportCsvFiles,
} from './catalogue/csv.ts';
import { catalogueFor } from './catalogue/load.ts';
import { schemeOf, type CatalogueField, type FieldOf, type KindCatalogue, type ReportValues } from './catalogue/types.ts';
import { canonicalValues, fieldLabel, isClosedDays, isTimetable, stableJson, timetableCells, timetableOwner } from './catalogue/values.ts';
import { carryOver } from './engine.ts';
import { fiscalYearOf } from './fiscal-year.ts';
import { standingOf, startActions, type StartReason } from './home.ts';
import { windowFor } from './periods.ts';
import { parseValues } from './publication.ts';
import { publishOnOf } from './publication-repository.ts';
import { EDITABLE_STATES, isEditable, isOpen, STATUS_KINDS, type ReportKind, type ReportState } from './report.ts';
import { insertReports, insertVersions, publishedStatusOf, reportsOfInstitutions, shownPublicationsOf, versionsOf } from './report-import-repository.ts';
import { advanceVersion, findReport, findVersion, type NewReportVersion } from './report-repository.ts';
import {
  carriedOverFrom,
  catalogueOf,
  handIn,
  HandInRefused,
  ownReport,
  planStart,
  saveVersion,
  startedReport,
  valuesFromMaster,
  versionRow,
  versionView,
  type ReportingDeps,
  type StartPlan,
} from './reports.ts';

export type { CsvEncoding, CsvProblem, ReportCsvFiles };

export interface ImportOptions {
  /** 報告 each report after saving it (every row must then be complete). */
  submit: boolean;
  /** Check and count only; write nothing. */
  dryRun?: boolean;
  /** Called as the reports are written. */
  onProgress?: (done: number, total: number) => void;
}

/** A report an import filled (or, in a dry run, would fill). */
export interface ImportedReport {
  /** `13:H00001` (institutionKey). */
  key: string;
  institutionId: string;
  name: string;
  /** Empty in a dry run for a report that would be started. */
  reportId: string;
  kind: ReportKind;
  started: boolean;
  /** A new version was written (false: the file held what the report already had). */
  changed: boolean;
  version: number;
  state: ReportState;
}

export type ReportImportResult =
  | {
      ok: true;
      dryRun: boolean;
      encoding: ParsedReportCsv['encoding'];
      /** Reports started, reports given a new version (started ones included), rows that changed nothing, reports handed in. */
      started: number;
      saved: number;
      unchanged: number;
      submitted: number;
      reports: ImportedReport[];
    }
  | { ok: false; problems: CsvProblem[] };

/** One row, read and checked, and what writing it will do. */
interface PlannedRow {
  key: string;
  line: number;
  institution: Institution;
  cat: KindCatalogue;
  /** The report it continues (read at `report.current_version`), or the one it starts. */
  report?: Report;
  start?: StartPlan;
  values: ReportValues;
  invalid: Record<string, string>;
  changed: boolean;
}

/** An import read and checked: what importReports writes, unless it was a dry run. */
export type ImportPlan = { ok: true; encoding: ParsedReportCsv['encoding']; rows: PlannedRow[] } | { ok: false; problems: CsvProblem[] };

/**
 * Imports the files for many institutions (an actor within report.fill_on_behalf's scope; null: the
 * system, from the command line): all rows or none.
 */
export async function importReports(
  deps: ReportingDeps,
  actor: Actor | null,
  files: ReportCsvFiles,
  options: ImportOptions,
  origin?: RequestOrigin,
): Promise<ReportImportResult> {
  if (actor) authorize(actor, 'report_import.use');
  const plan = await planImport(deps, actor, files, { submit: options.submit });
  if (!plan.ok) return plan;
  if (options.dryRun) return summary(plan, [], true, options.submit);
  return commitImport(deps, actor, plan, options, origin);
}

// ---------------------------------------------------------------------------------------------------------
// Reading and checking

/** The report a row fills and the values it is read over, or why there is none. */
type Baseline =
  | { ok: true; cat: KindCatalogue; values: ReportValues; invalid: Record<string, string>; report?: Report; start?: PlannedRow['start'] }
  /** `values`: what the institution's latest report holds, for the export (a report waiting for 確認, say). */
  | { ok: false; message: string; values?: ReportValues; cat?: KindCatalogue };

/**
 * The values each institution's row starts from, as the import would fill it now: its open report's
 * current version, or the prefill of the report it would start (see the module comment).
 */
async function baselinesOf(deps: ReportingDeps, institutions: readonly Institution[], now: number): Promise<Map<string, Baseline>> {
  const fiscalYear = fiscalYearOf(now);
  const ids = institutions.map((i) => i.id);
  const [reports, published] = await Promise.all([reportsOfInstitutions(deps.db, ids), publishedStatusOf(deps.db, ids)]);
  const windows = new Map<string, Awaited<ReturnType<typeof windowFor>>>();
  for (const i of institutions) {
    const w = `${i.prefecture_code}:${schemeOf(i.kind)}`;
    if (!windows.has(w)) windows.set(w, await windowFor(deps.db, i.prefecture_code, fiscalYear, schemeOf(i.kind)));
  }

  // First what each one fills, then the versions those need, in one read.
  type Pending =
    { kind: 'continue'; report: Report } | { kind: 'start'; start: ReportKind; last?: Report } | { kind: 'refused'; message: string; report?: Report };
  const pending = new Map<string, Pending>();
  for (const i of institutions) {
    const own = reports.get(i.id) ?? [];
    const open = own.find((r) => isOpen(r.state));
    if (open) {
      if (STATUS_KINDS.includes(open.kind)) pending.set(i.id, { kind: 'refused', message: MESSAGES['report_csv.report.status_open'] });
      else if (!isEditable(open.state)) pending.set(i.id, { kind: 'refused', message: MESSAGES['report_csv.report.pending'], report: open });
      else pending.set(i.id, { kind: 'continue', report: open });
      continue;
    }
    const window = windows.get(`${i.prefecture_code}:${schemeOf(i.kind)}`);
    const actions = startActions({ now, fiscalYear, reports: own, window, ...standingOf(i, published.get(i.id)) });
    const kind = (['periodic', 'new', 'change'] as const).find((k) => actions[k].enabled);
    if (!kind) {
      const refusal = actions.change as { enabled: false; reason: StartReason };
      pending.set(i.id, { kind: 'refused', message: MESSAGES[`reporting.start.${refusal.reason}`] });
      continue;
    }
    const last = carriedOverFrom(kind, own);
    pending.set(i.id, { kind: 'start', start: kind, ...(last ? { last } : {}) });
  }
  const versions = await versionsOf(
    deps.db,
    [...pending.values()].flatMap((p) =>
      p.kind === 'continue' || (p.kind === 'refused' && p.report)
        ? [{ reportId: p.report!.id, version: p.report!.current_version }]
        : p.kind === 'start' && p.last
          ? [{ reportId: p.last.id, version: p.last.current_version }]
          : [],
    ),
  );
  const versionOf = (r: Report): ReportVersion => {
    const v = versions.get(`${r.id}#${r.current_version}`);
    if (!v) throw new Error(`report ${r.id}: its version ${r.current_version} is missing`);
    return v;
  };

  const out = new Map<string, Baseline>();
  for (const i of institutions) {
    const p = pending.get(i.id)!;
    if (p.kind === 'refused')
      out.set(i.id, {
        ok: false,
        message: p.message,
        ...(p.report ? { values: parseValues(versionOf(p.report).values), cat: catalogueOf(deps, p.report) } : {}),
      });
    else if (p.kind === 'continue') {
      const v = versionView(versionOf(p.report));
      out.set(i.id, { ok: true, cat: catalogueOf(deps, p.report), values: v.values, invalid: v.invalid, report: p.report });
    } else {
      const window = windows.get(`${i.prefecture_code}:${schemeOf(i.kind)}`);
      const start = planStart(
        deps,
        null,
        i,
        p.start,
        { fiscalYear, referenceDate: window?.referenceDate ?? null },
        p.last && { report: p.last, values: parseValues(versionOf(p.last).values) },
      );
      if (!start) out.set(i.id, { ok: false, message: MESSAGES['reporting.start.no_catalogue'] });
      else out.set(i.id, { ok: true, cat: start.cat, values: start.prefill, invalid: {}, start });
    }
  }
  return out;
}

/** Reads and checks the files against the master, the actor's scope and each institution's reports. Writes nothing. */
export async function planImport(deps: ReportingDeps, actor: Actor | null, files: ReportCsvFiles, options: { submit: boolean }): Promise<ImportPlan> {
  const parsed = parseReportCsv(files);
  const problems: CsvProblem[] = [...parsed.problems];
  const csv = parsed.csv;
  if (!csv) return { ok: false, problems: sortProblems(problems) };

  const institutions = await institutionsByKey(
    deps.db,
    csv.items.rows.map((r) => ({ prefectureCode: r.prefectureCode, institutionCode: r.institutionCode })),
  );
  const inScope: Institution[] = [];
  for (const row of csv.items.rows) {
    const i = institutions.get(row.key);
    const problem = (message: string) => problems.push({ file: 'items', line: row.line, column: INSTITUTION_COLUMN, message });
    if (!i) problem(MESSAGES['report_csv.institution.unknown']);
    else if (actor && !can(actor, 'report.fill_on_behalf', { prefectureCode: i.prefecture_code, municipalityCode: i.municipality_code }))
      problem(MESSAGES['report_csv.institution.out_of_scope']);
    else inScope.push(i);
  }

  const baselines = await baselinesOf(deps, inScope, deps.clock.now());
  const targets = new Map<string, CsvTarget>();
  const lineOf = new Map(csv.items.rows.map((r) => [r.key, r.line]));
  for (const i of inScope) {
    const key = keyOf(i);
    const b = baselines.get(i.id)!;
    if (!b.ok) problems.push({ file: 'items', line: lineOf.get(key)!, column: INSTITUTION_COLUMN, message: b.message });
    else targets.set(key, { cat: b.cat, values: b.values, invalid: b.invalid });
  }
  const read = readReportCsv(csv, targets, { complete: options.submit });
  problems.push(...read.problems);

  const rows: PlannedRow[] = [];
  for (const r of read.rows) {
    const i = institutions.get(r.key)!;
    const b = baselines.get(i.id) as Extract<Baseline, { ok: true }>;
    const kind = b.report?.kind ?? b.start!.kind;
    if (kind === 'change') problems.push(...changeOnlyBasic(csv, b.cat, b.values, r));
    rows.push({
      key: r.key,
      line: r.line,
      institution: i,
      cat: b.cat,
      ...(b.report ? { report: b.report } : {}),
      ...(b.start ? { start: b.start } : {}),
      values: r.values,
      invalid: r.invalid,
      changed: !sameValues(b.values, b.invalid, r),
    });
  }
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems, csv) };
  return { ok: true, encoding: csv.encoding, rows };
}

const keyOf = (i: Institution) => institutionKey({ prefectureCode: i.prefecture_code, institutionCode: i.institution_code });

/** The master rows of these keys, a few hundred per query (one OR per pair). */
async function institutionsByKey(db: Db, codes: ReadonlyArray<{ prefectureCode: string; institutionCode: string }>): Promise<Map<string, Institution>> {
  const out = new Map<string, Institution>();
  for (let i = 0; i < codes.length; i += 200) for (const [k, v] of await findInstitutionsByCodes(db, codes.slice(i, i + 200))) out.set(k, v);
  return out;
}

/** Whether a row holds what the report had (no closed day ticked counts as none entered: the form always stores one). Both sides are canonical, so a deep comparison is enough. */
const sameValues = (values: ReportValues, invalid: Record<string, string>, r: CsvReadRow): boolean =>
  isDeepStrictEqual(comparable(values), comparable(r.values)) && isDeepStrictEqual(invalid, r.invalid);

const comparable = (values: ReportValues): ReportValues =>
  Object.fromEntries(
    Object.entries(values).filter(([, v]) => !(isClosedDays(v) && v.weekly.length === 0 && v.nth.length === 0 && !v.holidays && v.other === '')),
  );

/**
 * A 随時報告's form has only the sections with 基本情報 items (report-page.tsx): a row may not change a
 * field outside them (a timetable field: the cells of its parts, since 外来受付時間 lives in the 基本情報 grid).
 */
function changeOnlyBasic(csv: ParsedReportCsv, cat: KindCatalogue, before: ReportValues, r: CsvReadRow): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const editable = new Set(cat.sections.filter((s) => s.items.some((i) => i.basic)).flatMap((s) => s.items.map((i) => i.id)));
  for (const cf of cat.fields.values()) {
    if (editable.has(cf.item.id) || !fieldChanged(cf, before, r.values)) continue;
    const column = csv.items.columns.find((c) => c.key === cf.path || c.key.startsWith(`${cf.path}.`))?.text ?? `${fieldLabel(cf)}[${cf.path}]`;
    problems.push({ file: 'items', line: r.line, column, message: MESSAGES['report_csv.report.change_only_basic'](fieldLabel(cf)) });
  }
  return problems;
}

function fieldChanged(cf: CatalogueField, before: ReportValues, after: ReportValues): boolean {
  if (cf.field.kind !== 'timetable') return stableJson(canonicalValues({ v: before[cf.path]! })) !== stableJson(canonicalValues({ v: after[cf.path]! }));
  const parts: readonly string[] = (cf.field as FieldOf<'timetable'>).parts;
  const cells = (v: ReportValues) => {
    const grid = v[timetableOwner(cf)];
    return isTimetable(grid) ? [...timetableCells(grid)].filter(([k]) => parts.includes(k.split('.')[3]!)).sort() : [];
  };
  return stableJson(cells(before)) !== stableJson(cells(after));
}

// ---------------------------------------------------------------------------------------------------------
// Writing

/** Thrown inside the transaction to undo everything and answer with its problems. */
class ImportUndone extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super('import undone');
  }
}

/** A report as written: the row, the report row after it, and its state. */
interface Written {
  row: PlannedRow;
  report: Report;
}

const undoneAt = (row: PlannedRow, message: string) => new ImportUndone([{ file: 'items', line: row.line, column: INSTITUTION_COLUMN, message }]);
const conflictAt = (row: PlannedRow) => undoneAt(row, MESSAGES['report_csv.report.conflict']);

/**
 * Writes a plan in one transaction: the reports the rows continue moved on from the versions they were
 * read at (one conditional UPDATE each), the reports started and every new version (a few statements),
 * 報告 when asked. A report that moved since it was read (another import, the institution's own save)
 * or a start that lost to another undoes all of it, and the rows are named.
 */
export async function commitImport(
  deps: ReportingDeps,
  actor: Actor | null,
  plan: Extract<ImportPlan, { ok: true }>,
  options: ImportOptions,
  origin?: RequestOrigin,
): Promise<ReportImportResult> {
  const starts = plan.rows.filter((r) => r.start);
  try {
    return await deps.db.transaction().execute(async (trx): Promise<ReportImportResult> => {
      const now = deps.clock.now();
      const savedBy = actor?.id ?? null;
      const written: Written[] = [];
      const versions: Array<NewReportVersion> = [];
      const audits: AuditEntry[] = [];
      for (const row of plan.rows) {
        let report: Report;
        if (row.start) {
          const started = startedReport(row.start, row.institution, actor, sortableId(now, deps.random), now, origin, 'csv');
          // The file's values are version 2, over the prefill.
          report = { ...started.report, current_version: row.changed ? 2 : 1 };
          versions.push(started.version);
          audits.push(started.audit);
        } else {
          report = row.report!;
          if (row.changed && !(await advanceVersion(trx, report.id, report.current_version, EDITABLE_STATES, now))) throw conflictAt(row);
          report = { ...report, current_version: report.current_version + (row.changed ? 1 : 0), updated_at: now };
        }
        if (row.changed)
          versions.push(versionRow(report.id, report.current_version, { values: row.values, invalid: row.invalid, savedBy, source: 'csv' }, now));
        written.push({ row, report });
        options.onProgress?.(written.length, plan.rows.length * (options.submit ? 2 : 1));
      }
      await insertReports(
        trx,
        written.filter((w) => w.row.start).map((w) => w.report),
      );
      await insertVersions(trx, versions);
      if (options.submit) audits.push(...(await submitAll(trx, deps, actor, written, options, origin)));
      const result = summary(
        plan,
        written.map(({ row, report }) => ({
          key: row.key,
          institutionId: row.institution.id,
          name: row.institution.name,
          reportId: report.id,
          kind: report.kind,
          started: row.start !== undefined,
          changed: row.changed,
          version: report.current_version,
          state: report.state,
        })),
        false,
        options.submit,
      );
      audits.push({
        type: 'report.imported',
        accountId: actor?.id ?? null,
        username: actor?.username ?? null,
        origin,
        details: {
          rows: plan.rows.length,
          started: result.started,
          saved: result.saved,
          unchanged: result.unchanged,
          submitted: result.submitted,
          encoding: plan.encoding,
          ...(actor ? {} : { by: 'cli' }),
        },
      });
      for (let i = 0; i < audits.length; i += 500) await recordAudits(trx, deps.clock, audits.slice(i, i + 500));
      return result;
    });
  } catch (err) {
    if (err instanceof ImportUndone) return { ok: false, problems: err.problems };
    // Another start won the race for an institution's one open report (the transaction is gone: look after it).
    if (starts.length > 0 && isUniqueViolation(err)) {
      const reports = await reportsOfInstitutions(
        deps.db,
        starts.map((r) => r.institution.id),
      );
      const lost = starts.filter((r) => (reports.get(r.institution.id) ?? []).some((x) => isOpen(x.state)));
      return { ok: false, problems: (lost.length ? lost : starts.slice(0, 1)).map((r) => conflictAt(r).problems[0]!) };
    }
    throw err;
  }
}

/**
 * 報告 of each report's version just written (handIn), with what the records show and each
 * prefecture's publish_on read once for all of them. Returns the report.submitted events; `written`
 * is updated to the new states. A report that moved, or one that cannot be published, undoes the import.
 */
async function submitAll(
  trx: Db,
  deps: ReportingDeps,
  actor: Actor | null,
  written: Written[],
  options: ImportOptions,
  origin?: RequestOrigin,
): Promise<AuditEntry[]> {
  const shown = await shownPublicationsOf(
    trx,
    written.map((w) => w.report.institution_id),
  );
  const publishOn = new Map<string, PublishOn>();
  for (const p of new Set(written.map((w) => w.report.prefecture_code))) publishOn.set(p, await publishOnOf(trx, p));
  const audits: AuditEntry[] = [];
  for (const [n, w] of written.entries()) {
    try {
      const h = await handIn(trx, deps, actor, w.report, { version: w.report.current_version, values: w.row.values }, w.row.cat, origin, {
        shown,
        publishOn,
        by: 'csv',
      });
      w.report = h.report;
      audits.push(h.audit);
    } catch (err) {
      if (!(err instanceof HandInRefused)) throw err;
      throw err.problem === 'already_processed' ? conflictAt(w.row) : undoneAt(w.row, MESSAGES[`report_form.${err.problem}`]);
    }
    options.onProgress?.(written.length + n + 1, written.length * 2);
  }
  return audits;
}

function summary(plan: Extract<ImportPlan, { ok: true }>, done: ImportedReport[], dryRun: boolean, submit: boolean): Extract<ReportImportResult, { ok: true }> {
  const reports: ImportedReport[] = dryRun
    ? plan.rows.map((row) => ({
        key: row.key,
        institutionId: row.institution.id,
        name: row.institution.name,
        reportId: row.report?.id ?? '',
        kind: row.report?.kind ?? row.start!.kind,
        started: row.start !== undefined,
        changed: row.changed,
        version: (row.report?.current_version ?? 1) + (row.changed ? 1 : 0),
        state: row.report?.state ?? 'draft',
      }))
    : done;
  return {
    ok: true,
    dryRun,
    encoding: plan.encoding,
    started: reports.filter((r) => r.started).length,
    saved: reports.filter((r) => r.changed).length,
    unchanged: reports.filter((r) => !r.changed).length,
    submitted: submit ? reports.length : 0,
    reports,
  };
}

// ---------------------------------------------------------------------------------------------------------
// One report

export type FillResult =
  | { ok: true; reportId: string; version: number; changed: boolean }
  | { ok: false; problems: CsvProblem[] }
  | { ok: false; problem: 'not_found' | 'already_processed' | 'stale' };

/**
 * The institution's own open report filled from a file holding exactly its row (a draft's save: not
 * held to 報告's checks). `expectedRevision`: the version the page showed; another is `stale`.
 */
export async function fillReportFromCsv(
  deps: ReportingDeps,
  actor: Actor,
  reportId: string,
  files: ReportCsvFiles,
  origin: RequestOrigin,
  expectedRevision?: number,
): Promise<FillResult> {
  const report = await ownReport(deps.db, actor, reportId);
  if (!report) return { ok: false, problem: 'not_found' };
  authorize(actor, 'report.edit', { institutionId: report.institution_id });
  if (!isEditable(report.state) || STATUS_KINDS.includes(report.kind)) return { ok: false, problem: 'already_processed' };
  if (expectedRevision !== undefined && expectedRevision !== report.current_version) return { ok: false, problem: 'stale' };
  const institution = await findInstitution(deps.db, report.institution_id);
  if (!institution) return { ok: false, problem: 'not_found' };

  const parsed = parseReportCsv(files);
  const problems = [...parsed.problems];
  const csv = parsed.csv;
  if (!csv) return { ok: false, problems: sortProblems(problems) };
  const key = keyOf(institution);
  for (const row of csv.items.rows)
    if (row.key !== key) problems.push({ file: 'items', line: row.line, column: INSTITUTION_COLUMN, message: MESSAGES['report_csv.fill.other_institution'] });
  if (!csv.items.rows.some((r) => r.key === key)) problems.push({ file: 'items', line: 1, message: MESSAGES['report_csv.fill.no_row'] });

  const base = versionView((await findVersion(deps.db, report.id, report.current_version))!);
  const cat = catalogueOf(deps, report);
  const read = readReportCsv(csv, new Map([[key, { cat, values: base.values, invalid: base.invalid }]]));
  problems.push(...read.problems);
  const row = read.rows[0];
  if (row && report.kind === 'change') problems.push(...changeOnlyBasic(csv, cat, base.values, row));
  if (problems.length > 0 || !row) return { ok: false, problems: sortProblems(problems, csv) };
  if (sameValues(base.values, base.invalid, row)) return { ok: true, reportId, version: report.current_version, changed: false };

  const now = deps.clock.now();
  const saved = await deps.db.transaction().execute(async (trx) => {
    if (!(await saveVersion(trx, report.id, report.current_version, { values: row.values, invalid: row.invalid, savedBy: actor.id, source: 'csv' }, now)))
      return false;
    await recordAudit(trx, deps.clock, {
      type: 'report.imported',
      accountId: actor.id,
      username: actor.username,
      origin,
      details: { reportId: report.id, institutionId: report.institution_id, rows: 1, started: 0, saved: 1, unchanged: 0, submitted: 0, encoding: csv.encoding },
    });
    return true;
  });
  if (!saved) {
    const after = await findReport(deps.db, report.id);
    return { ok: false, problem: after && isEditable(after.state) ? 'stale' : 'already_processed' };
  }
  return { ok: true, reportId, version: report.current_version + 1, changed: true };
}

/** The two files of one report's current values (its institution's own accounts, or whoever may review it), named `<pref>-<code>-<FY>`. */
export async function reportCsvOf(
  deps: ReportingDeps,
  actor: Actor,
  reportId: string,
  encoding: CsvEncoding = 'utf-8',
): Promise<{ ok: true; items: Buffer; hours: Buffer; fileStem: string; unencodable: string[] } | { ok: false; problem: 'not_found' }> {
  const report = await findReport(deps.db, reportId);
  if (!report || STATUS_KINDS.includes(report.kind)) return { ok: false, problem: 'not_found' };
  const place = { prefectureCode: report.prefecture_code, municipalityCode: report.municipality_code };
  if (
    !can(actor, 'report.edit', { institutionId: report.institution_id }) &&
    !can(actor, 'report.review', place) &&
    !can(actor, 'report.fill_on_behalf', place)
  )
    return { ok: false, problem: 'not_found' };
  const institution = await findInstitution(deps.db, report.institution_id);
  const version = await findVersion(deps.db, report.id, report.current_version);
  if (!institution || !version) return { ok: false, problem: 'not_found' };
  const files = reportCsv(
    catalogueOf(deps, report),
    [{ prefectureCode: institution.prefecture_code, institutionCode: institution.institution_code, values: parseValues(version.values) }],
    encoding,
  );
  return { ok: true, ...files, fileStem: `${institution.prefecture_code}-${institution.institution_code}-${report.fiscal_year}` };
}

// ---------------------------------------------------------------------------------------------------------
// Many institutions' files

/** The English stem of a kind's files (the open data's words). */
export const KIND_FILE_STEMS: Readonly<Record<InstitutionKind, string>> = {
  病院: 'hospital',
  診療所: 'clinic',
  歯科診療所: 'dental',
  助産所: 'maternity',
  薬局: 'pharmacy',
};

export interface ExportedFiles {
  kind: InstitutionKind;
  /** `13_hospital`: the files are `<stem>_items.csv` and `<stem>_hours.csv`. */
  fileStem: string;
  institutions: number;
  items: Buffer;
  hours: Buffer;
  unencodable: string[];
}

/**
 * The files of a prefecture's open institutions, one pair per kind: for each, the values an import
 * would start from now (its open report's latest version, else the last accepted values, else the
 * master's 基本情報), in the catalogue of `fiscalYear` (default: this one) — a template to fill and
 * import. An actor sees only the institutions within report.fill_on_behalf; null: the system.
 */
export async function exportReportCsv(
  deps: ReportingDeps,
  actor: Actor | null,
  o: { prefectureCode: string; fiscalYear?: number; kind?: InstitutionKind; encoding?: CsvEncoding },
): Promise<ExportedFiles[]> {
  if (actor) authorize(actor, 'report_import.use');
  const now = deps.clock.now();
  const fiscalYear = o.fiscalYear ?? fiscalYearOf(now);
  const all = await listInstitutions(deps.db, { prefectureCode: o.prefectureCode, ...(o.kind ? { kind: o.kind } : {}) });
  const institutions = all.filter(
    (i) =>
      i.status !== 'closed' && (!actor || can(actor, 'report.fill_on_behalf', { prefectureCode: i.prefecture_code, municipalityCode: i.municipality_code })),
  );
  const baselines = await baselinesOf(deps, institutions, now);
  const out: ExportedFiles[] = [];
  for (const kind of Object.keys(KIND_FILE_STEMS) as InstitutionKind[]) {
    const ofKind = institutions.filter((i) => i.kind === kind);
    if (ofKind.length === 0) continue;
    const cat = catalogueFor(fiscalYear, kind, deps.catalogueDir);
    const rows = ofKind.map((i) => {
      const b = baselines.get(i.id)!;
      const from = b.ok ? b : b.values && b.cat ? { values: b.values, cat: b.cat } : { values: valuesFromMaster(cat, i), cat };
      const values = from.cat.id === cat.id ? from.values : carryOver(from.cat, cat, from.values);
      return { prefectureCode: i.prefecture_code, institutionCode: i.institution_code, values };
    });
    out.push({ kind, fileStem: `${o.prefectureCode}_${KIND_FILE_STEMS[kind]}`, institutions: rows.length, ...reportCsv(cat, rows, o.encoding) });
  }
  return out;
}
