// One report as its institution's pages show it, assembled in one place so the routes read no
// repository: the report (only the actor's institution's — the policies decide; another's is none),
// its current version and catalogue, the sections its form has, how far each is filled by the one
// rule (catalogue/progress.ts, so the overview and the section pages cannot disagree), what 報告
// would change in what is published, and the saved versions.
import type { Report, ReportVersionSource } from '../db/schema.ts';
import { findInstitution } from '../institutions/repository.ts';
import { can, type Actor } from '../policies.ts';
import { catalogueById } from './catalogue/load.ts';
import { progress, type ReportProgress } from './catalogue/progress.ts';
import type { ItemDiff, KindCatalogue, Section } from './catalogue/types.ts';
import { diffValues } from './engine.ts';
import { parseValues } from './publication.ts';
import { findPublication, findPublishedFacility } from './publication-repository.ts';
import { STATUS_KINDS } from './report.ts';
import { findReport, findVersion, listVersions } from './report-repository.ts';
import { catalogueOf, versionView, type ReportingDeps, type VersionView } from './reports.ts';

/** What the pages of one report read. */
export interface ReportView {
  report: Report;
  institutionName: string;
  cat: KindCatalogue;
  version: VersionView;
}

/** The report with its current version, if the actor's institution is the one it is of (else undefined). */
export async function reportView(deps: ReportingDeps, actor: Actor, id: string): Promise<ReportView | undefined> {
  const report = await findReport(deps.db, id);
  if (!report || !can(actor, 'reporting_home.view', { institutionId: report.institution_id })) return undefined;
  const [stored, institution] = await Promise.all([findVersion(deps.db, report.id, report.current_version), findInstitution(deps.db, report.institution_id)]);
  if (!stored) throw new Error(`report ${report.id} has no version ${report.current_version}`);
  return { report, version: versionView(stored), cat: catalogueOf(deps, report), institutionName: institution?.name ?? '' };
}

/** The sections the report's form has: a 随時報告 reports 基本情報 changes, so only the sections with 基本情報 items. */
export const formSections = (view: Pick<ReportView, 'report' | 'cat'>): readonly Section[] =>
  view.report.kind === 'change' ? view.cat.sections.filter((s) => s.items.some((i) => i.basic)) : view.cat.sections;

/**
 * How far the report is, by catalogue/progress.ts: the form's sections with their required fields,
 * how many are filled and what stops 報告 in each; the totals over those sections; and `problems`,
 * everything that stops 報告 (what submitReport checks).
 */
export function formProgress(view: Pick<ReportView, 'report' | 'cat' | 'version'>): ReportProgress {
  const all = progress(view.cat, view.version.values, view.version.invalid);
  const shown = new Set(formSections(view).map((s) => s.id));
  const sections = all.sections.filter((s) => shown.has(s.id));
  return {
    sections,
    required: sections.reduce((n, s) => n + s.required, 0),
    filled: sections.reduce((n, s) => n + s.filled, 0),
    problems: all.problems,
  };
}

/**
 * What a section's page (or `all`) marks on the stored version, by input name, with the overview's
 * messages: what was typed and kept because it did not parse, always; with `check` (the way in from
 * the overview's 「直す必要がある項目を見る」) every problem of the section, empty required fields too.
 */
export function sectionProblems(view: Pick<ReportView, 'report' | 'cat' | 'version'>, section: string, o: { check: boolean }): Record<string, string> {
  const shown = formProgress(view).sections.filter((s) => section === 'all' || s.id === section);
  const all = Object.assign({}, ...shown.map((s) => s.byInput)) as Record<string, string>;
  // A typed problem stands beside an input that is kept (a timetable cell's at one of its two halves).
  return o.check ? all : Object.fromEntries(Object.entries(all).filter(([name]) => name in view.version.invalid));
}

/** The items where the current version differs from what is published now (undefined: nothing is published). */
export async function changesFromPublished(deps: ReportingDeps, view: ReportView): Promise<ItemDiff[] | undefined> {
  if (STATUS_KINDS.includes(view.report.kind)) return undefined; // 休止・廃止・再開 change no published item
  const published = await findPublishedFacility(deps.db, view.report.institution_id);
  const publication = published ? await findPublication(deps.db, published.publication_id) : undefined;
  if (!publication) return undefined;
  const before = { catalogue: catalogueById(publication.catalogue, view.report.institution_kind, deps.catalogueDir), values: parseValues(publication.values) };
  return diffValues(view.cat, before, view.version.values).filter((d) => d.status !== 'same');
}

/** A saved version in the list. */
export interface VersionRow {
  version: number;
  savedAt: number;
  /** Saved by the account viewing the page, another account of the institution, or G-MIS itself (the prefill). */
  savedBy: 'viewer' | 'other' | 'system';
  source: ReportVersionSource;
}

/** Every saved version of the report, newest first. */
export async function versionRows(deps: ReportingDeps, actor: Actor, view: ReportView): Promise<VersionRow[]> {
  const versions = await listVersions(deps.db, view.report.id);
  return versions
    .map((v): VersionRow => ({
      version: v.version,
      savedAt: v.saved_at,
      savedBy: v.saved_by === actor.id ? 'viewer' : v.saved_by === null ? 'system' : 'other',
      source: v.source,
    }))
    .sort((a, b) => b.version - a.version);
}

/** One saved version of the report (undefined: it has none of that number). */
export async function savedVersion(deps: ReportingDeps, view: ReportView, version: number): Promise<VersionView | undefined> {
  const stored = await findVersion(deps.db, view.report.id, version);
  return stored ? versionView(stored) : undefined;
}
