// Reporting demo data for a first start (seed.ts): デモ総合病院 has last fiscal year's 定期報告
// accepted and published on 医療情報ネット, and 東京都 has this fiscal year's windows open, so a
// newcomer can start this year's 定期報告 at once and the prefecture account can review it.
import { recordAudit } from '../audit/audit-log.ts';
import { findAccountById } from '../identity/accounts/account-repository.ts';
import { findInstitution } from '../institutions/repository.ts';
import { sortableId } from '../platform/secrets.ts';
import { actorOf, type Actor } from '../policies.ts';
import type { Clock } from '../platform/clock.ts';
import { catalogueFor } from './catalogue/load.ts';
import { demoValues } from './demo-values.ts';
import { valuesJson } from './engine.ts';
import { fiscalYearOf, fyEnd, jstMidnight } from './fiscal-year.ts';
import { defaultReferenceDate, setReportingPeriodFromCli } from './periods.ts';
import { facilityIdOf, publishReport } from './publication.ts';
import { findReport, insertReport, insertVersion } from './report-repository.ts';
import type { ReportingDeps } from './reports.ts';

const HOUR = 3_600_000;
const ORIGIN = { ip: '127.0.0.1', userAgent: 'seed' };

/** A clock stopped at `ms`: the demo's past events happen at their own time. */
const at = (ms: number): Clock => ({ now: () => ms });

async function actorById(deps: ReportingDeps, id: string): Promise<Actor> {
  const account = await findAccountById(deps.db, id);
  if (!account) throw new Error(`demo reporting: account ${id} is missing`);
  return actorOf(deps.db, account);
}

/**
 * When the demo's window of this fiscal year opens: at the start of the seeding day when that is
 * before 1/7 (before 1/1 this is outside the usual window, which setReportingPeriod allows with a
 * warning), else on 1/7 as real prefectures open it. Either way it is open on the seeding day.
 */
export function demoWindowOpensAt(now: number): number {
  const fy = fiscalYearOf(now);
  const day = jstMidnight(...jstDayOf(now));
  return Math.min(day, jstMidnight(fy + 1, 1, 7));
}

const jstDayOf = (ms: number): [number, number, number] => {
  const d = new Date(ms + 9 * HOUR);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
};

export interface DemoReporting {
  /** The demo hospital's page on 医療情報ネット: /facilities/<facilityId>. */
  facilityId: string;
  fiscalYear: number;
}

/**
 * Seeds the reporting demo: `hospitalInstitutionId` is デモ総合病院 (東京都), whose account is
 * `hospitalAccountId`; `prefectureAccountId` is 東京都's reviewer.
 */
export async function seedDemoReporting(
  deps: ReportingDeps,
  ids: { hospitalInstitutionId: string; hospitalAccountId: string; prefectureAccountId: string },
): Promise<DemoReporting> {
  const now = deps.clock.now();
  const fy = fiscalYearOf(now);
  const prefecture = await actorById(deps, ids.prefectureAccountId);
  const hospital = await findInstitution(deps.db, ids.hospitalInstitutionId);
  if (!hospital) throw new Error('demo reporting: デモ総合病院 is missing');
  const facilityId = facilityIdOf(hospital);
  if (!facilityId) throw new Error('demo reporting: デモ総合病院 has no facility id');

  // This fiscal year's windows of 東京都 (医療機能 and 薬局機能), open now. Set as the operator sets
  // them from the command line (audited so): 東京都's demo account cannot act before its password is
  // set. 東京都 publishes on 確認, the default, so nothing is set for that.
  const opensAt = demoWindowOpensAt(now);
  for (const scheme of ['medical', 'pharmacy'] as const) {
    const set = await setReportingPeriodFromCli(deps, {
      prefectureCode: hospital.prefecture_code,
      fiscalYear: fy,
      scheme,
      opensAt,
      closesAt: fyEnd(fy),
      referenceDate: defaultReferenceDate(fy, scheme),
    });
    if (!set.ok) throw new Error(`demo reporting: window ${scheme}: ${set.problem}`);
  }

  // Last fiscal year's 定期報告, made 2/10–2/16 and accepted 2/20 (10:00 Japan time). The commands
  // cannot make it: startReport starts reports of the fiscal year of now only, and a 定期報告 needs
  // earlier accepted data, which a fresh database does not have. So the rows are written here through
  // the reporting repositories, in one transaction, as the commands would have left them (one version
  // from demo-values, 報告 by the hospital's account, 確認 by 東京都's), and published by the same
  // publishReport that 確認 calls; its events carry the times of that history.
  const last = fy - 1;
  const day = (d: number) => jstMidnight(last + 1, 2, d) + 10 * HOUR;
  const [startedAt, submittedAt, acceptedAt] = [day(10), day(16), day(20)];
  const cat = catalogueFor(last, hospital.kind, deps.catalogueDir);
  const reportId = sortableId(startedAt, deps.random);
  await deps.db.transaction().execute(async (trx) => {
    await insertReport(trx, {
      id: reportId,
      institution_id: hospital.id,
      institution_kind: hospital.kind,
      prefecture_code: hospital.prefecture_code,
      municipality_code: hospital.municipality_code,
      fiscal_year: last,
      kind: 'periodic',
      state: 'accepted',
      catalogue: cat.id,
      current_version: 1,
      reference_date: defaultReferenceDate(last, 'medical'),
      baseline_report_id: null,
      compared_publication_id: null,
      changed_items: null,
      started_by: ids.hospitalAccountId,
      started_at: startedAt,
      submitted_at: submittedAt,
      submitted_by: ids.hospitalAccountId,
      decided_at: acceptedAt,
      decided_by: prefecture.id,
      decision_comment: null,
      updated_at: acceptedAt,
    });
    await insertVersion(trx, {
      report_id: reportId,
      version: 1,
      values: valuesJson(demoValues(hospital.kind, last)),
      invalid: null,
      saved_by: ids.hospitalAccountId,
      saved_at: startedAt,
      source: 'form',
    });
    const details = { reportId, institutionId: hospital.id, fiscalYear: last, kind: 'periodic', version: 1, by: 'seed' };
    await recordAudit(trx, at(startedAt), { type: 'report.started', accountId: ids.hospitalAccountId, origin: ORIGIN, details });
    await recordAudit(trx, at(submittedAt), { type: 'report.submitted', accountId: ids.hospitalAccountId, origin: ORIGIN, details });
    const report = (await findReport(trx, reportId))!;
    const published = await publishReport(trx, { clock: at(acceptedAt), random: deps.random }, report, prefecture, ORIGIN);
    if (!published.ok) throw new Error(`demo reporting: publish: ${published.problem}`);
    await recordAudit(trx, at(acceptedAt), { type: 'report.accepted', accountId: prefecture.id, username: prefecture.username, origin: ORIGIN, details });
  });
  return { facilityId, fiscalYear: fy };
}
