// Fixtures for reporting tests: institutions in the master, their accounts and the prefecture's,
// a reporting window, a report's values written as one full save, and a report published as if accepted.
import type { DatabaseHandle } from '../db/database.ts';
import type { Account, AccountCategory, Institution, InstitutionKind, ReportingScheme } from '../db/schema.ts';
import { issueAccount } from '../identity/accounts/issue-account.ts';
import { findInstitutionByCode } from '../institutions/repository.ts';
import type { Clock } from '../platform/clock.ts';
import type { Ports } from '../ports.ts';
import { catalogueFor } from '../reporting/catalogue/load.ts';
import type { ReportValues } from '../reporting/catalogue/types.ts';
import { valuesJson } from '../reporting/engine.ts';
import { actorOf } from '../policies.ts';
import { EDITABLE_STATES, type ReportKind } from '../reporting/report.ts';
import { startReport, submitReport, type ReportingDeps } from '../reporting/reports.ts';
import { facilityIdOf, publishReport } from '../reporting/publication.ts';
import { advanceVersion, findReport, insertReport, insertVersion } from '../reporting/report-repository.ts';
import { testDeps } from './db.ts';

export const ORIGIN = { ip: '192.0.2.10', userAgent: 'test' };

/** Empties every table the reporting tests write. */
export async function clearReporting(h: DatabaseHandle): Promise<void> {
  for (const t of [
    'published_facilities',
    'publication_stops',
    'publications',
    'report_versions',
    'reports',
    'reporting_periods',
    'prefecture_reporting_settings',
    'reporting_lapse_runs',
    'account_municipalities',
    'prefecture_delegations',
    'account_permissions',
    'account_tokens',
    'mail_outbox',
    'audit_events',
  ] as const)
    await h.db.deleteFrom(t).execute();
  await h.db.deleteFrom('accounts').execute();
  await h.db.deleteFrom('institutions').execute();
}

let serial = 0;

/** An institution in the master (東京都中央区 unless told otherwise). */
export async function addInstitution(h: DatabaseHandle, clock: Clock, o: Partial<Institution> & { kind?: InstitutionKind } = {}): Promise<Institution> {
  serial++;
  const row: Institution = {
    id: `inst-${serial}-${Math.random().toString(36).slice(2, 8)}`,
    kind: '診療所',
    prefecture_code: '13',
    institution_code: `C${String(serial).padStart(4, '0')}`,
    insurance_code: null,
    name: `銀座テストクリニック${serial}`,
    name_kana: 'ギンザテストクリニック',
    municipality_code: '13102',
    postcode: '1040061',
    address: '銀座1-2-3',
    building: null,
    phone: '03-1234-5678',
    status: 'open',
    created_at: clock.now(),
    updated_at: clock.now(),
    ...o,
  };
  await h.db.insertInto('institutions').values(row).execute();
  return row;
}

/** An active account (an institution's, with `institutionId`; a health centre's with municipalities; an association delegated actions). */
export async function addAccount(
  h: DatabaseHandle,
  clock: Clock,
  category: AccountCategory,
  o: { prefectureCode?: string | null; institutionId?: string; municipalities?: string[]; delegated?: Array<{ prefectureCode: string; action: string }> } = {},
): Promise<Account> {
  serial++;
  const { accountId } = await issueAccount(testDeps(h, clock), {
    category,
    displayName: `${category} 担当${serial}`,
    email: `user${serial}@example.jp`,
    prefectureCode: o.prefectureCode ?? null,
    issuedBy: 'test',
  });
  await h.db
    .updateTable('accounts')
    .set({ state: 'active', institution_id: o.institutionId ?? null })
    .where('id', '=', accountId)
    .execute();
  for (const m of o.municipalities ?? []) await h.db.insertInto('account_municipalities').values({ account_id: accountId, municipality_code: m }).execute();
  for (const d of o.delegated ?? [])
    await h.db
      .insertInto('prefecture_delegations')
      .values({ account_id: accountId, prefecture_code: d.prefectureCode, action: d.action as never, granted_by: null, granted_at: 0 })
      .execute();
  return h.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
}

/** The prefecture's window for a fiscal year and scheme, replacing any it had. */
export async function setWindow(
  h: DatabaseHandle,
  w: { prefectureCode: string; fiscalYear: number; scheme: ReportingScheme; opensAt: number; closesAt: number; referenceDate: string },
): Promise<void> {
  await h.db
    .deleteFrom('reporting_periods')
    .where('prefecture_code', '=', w.prefectureCode)
    .where('fiscal_year', '=', w.fiscalYear)
    .where('scheme', '=', w.scheme)
    .execute();
  await h.db
    .insertInto('reporting_periods')
    .values({
      id: `period-${w.prefectureCode}-${w.fiscalYear}-${w.scheme}`,
      prefecture_code: w.prefectureCode,
      fiscal_year: w.fiscalYear,
      scheme: w.scheme,
      opens_at: w.opensAt,
      closes_at: w.closesAt,
      reference_date: w.referenceDate,
      updated_at: 0,
      updated_by: null,
    })
    .execute();
}

/** Writes `values` as the report's next version, as one full save would (the report must be editable). */
export async function fillReport(h: DatabaseHandle, clock: Clock, reportId: string, values: ReportValues, savedBy: string | null = null): Promise<number> {
  const report = await findReport(h.db, reportId);
  if (!report) throw new Error(`no report ${reportId}`);
  const base = report.current_version;
  if (!(await advanceVersion(h.db, reportId, base, EDITABLE_STATES, clock.now()))) throw new Error(`report ${reportId} is not editable`);
  await insertVersion(h.db, {
    report_id: reportId,
    version: base + 1,
    values: valuesJson(values),
    invalid: null,
    saved_by: savedBy,
    saved_at: clock.now(),
    source: 'form',
  });
  return base + 1;
}

/** Starts a report of `kind` for the account's institution, fills it with `values` and hands it in (報告). */
export async function submittedReport(
  deps: ReportingDeps,
  clock: Clock,
  h: DatabaseHandle,
  staff: Account,
  kind: ReportKind,
  values: (previous: ReportValues) => ReportValues,
): Promise<string> {
  const actor = await actorOf(h.db, staff);
  const started = await startReport(deps, actor, kind, ORIGIN);
  if (!started.ok) throw new Error(`start ${kind}: ${started.problem}`);
  const v1 = await h.db.selectFrom('report_versions').select('values').where('report_id', '=', started.reportId).executeTakeFirstOrThrow();
  await fillReport(h, clock, started.reportId, values(JSON.parse(v1.values) as ReportValues), staff.id);
  const submitted = await submitReport(deps, actor, started.reportId, undefined, ORIGIN);
  if (!submitted.ok) throw new Error(`submit: ${JSON.stringify(submitted)}`);
  return started.reportId;
}

/**
 * Publishes the values as an accepted 新規報告 (FY2025, report id `r-<code>`) of an institution of
 * 東京都 already in the master, as the reviewer's acceptance would: its facility ID and institution ID.
 */
export async function publishAcceptedReport(
  deps: Ports,
  code: string,
  kind: InstitutionKind,
  values: ReportValues,
): Promise<{ facilityId: string; institutionId: string }> {
  const institution = await findInstitutionByCode(deps.db, '13', code);
  if (!institution) throw new Error(`no institution 13 ${code}`);
  const id = `r-${code}`;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await insertReport(trx, {
      id,
      institution_id: institution.id,
      institution_kind: kind,
      prefecture_code: '13',
      municipality_code: institution.municipality_code,
      fiscal_year: 2025,
      kind: 'new',
      state: 'accepted',
      catalogue: catalogueFor(2025, kind).id,
      current_version: 1,
      reference_date: null,
      baseline_report_id: null,
      compared_publication_id: null,
      changed_items: null,
      started_by: null,
      started_at: now,
      submitted_at: now,
      submitted_by: null,
      decided_at: now,
      decided_by: null,
      decision_comment: null,
      updated_at: now,
    });
    await insertVersion(trx, { report_id: id, version: 1, values: JSON.stringify(values), invalid: null, saved_by: null, saved_at: now, source: 'form' });
    const r = await publishReport(trx, deps, await trx.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), null);
    if (!r.ok) throw new Error(`publish ${code}: ${JSON.stringify(r)}`);
  });
  const facilityId = facilityIdOf(institution);
  if (!facilityId) throw new Error(`no facility ID for ${code}`);
  return { facilityId, institutionId: institution.id };
}
