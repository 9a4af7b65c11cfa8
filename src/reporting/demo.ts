// Reporting demo data for a first start (seed.ts): デモ総合病院 has last fiscal year's 定期報告
// accepted and published on 医療情報ネット, and 東京都 has this fiscal year's windows open, so a
// newcomer can start this year's 定期報告 at once; 髙橋ファミリークリニック's 随時報告 (two changes)
// waits in 東京都's 報告確認, so the prefecture account can try 差異表示 and 確認 at once too.
import { recordAudit } from '../audit/audit-log.ts';
import { findAccountById } from '../identity/accounts/account-repository.ts';
import type { Institution } from '../db/schema.ts';
import { findInstitution, findInstitutionByCode } from '../institutions/repository.ts';
import { sortableId } from '../platform/secrets.ts';
import { actorOf, type Actor } from '../policies.ts';
import type { Clock } from '../platform/clock.ts';
import { catalogueById, catalogueFor } from './catalogue/load.ts';
import { demoValues } from './demo-values.ts';
import { changedItemCount, diffValues, valuesJson } from './engine.ts';
import { fiscalYearOf, fyEnd, jstMidnight } from './fiscal-year.ts';
import { defaultReferenceDate, setReportingPeriodFromCli } from './periods.ts';
import { facilityIdOf, parseValues, publishReport } from './publication.ts';
import { findPublication, findPublishedFacility } from './publication-repository.ts';
import { findReport, insertReport, insertVersion } from './report-repository.ts';
import type { ReportingDeps } from './reports.ts';

const HOUR = 3_600_000;
/** 髙橋ファミリークリニック in the demo facility master (demo-institutions.csv). */
const DEMO_CLINIC_CODE = 'C00001';
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

  await seedAcceptedLastYear(deps, hospital, ids.hospitalAccountId, prefecture, fy - 1);

  // 髙橋ファミリークリニック (東京都, no account in the demo): published from last year as well, and
  // a 随時報告 with two changes (電話番号, 交通手段) waiting in 東京都's 報告確認, so the prefecture
  // account has something to compare and decide at once.
  const clinic = await findInstitutionByCode(deps.db, hospital.prefecture_code, DEMO_CLINIC_CODE);
  if (clinic) {
    await seedAcceptedLastYear(deps, clinic, null, prefecture, fy - 1);
    await seedSubmittedChange(deps, clinic, fy);
  }
  return { facilityId, fiscalYear: fy };
}

/**
 * Last fiscal year's 定期報告 of `institution`, made 2/10–2/16 and accepted 2/20 (10:00 Japan time).
 * The commands cannot make it: startReport starts reports of the fiscal year of now only, and a
 * 定期報告 needs earlier accepted data, which a fresh database does not have. So the rows are written
 * here through the reporting repositories, in one transaction, as the commands would have left them
 * (one version from demo-values, 報告 by the institution's account where it has one, 確認 by 東京都's),
 * and published by the same publishReport that 確認 calls; its events carry the times of that history.
 */
async function seedAcceptedLastYear(deps: ReportingDeps, institution: Institution, accountId: string | null, prefecture: Actor, last: number): Promise<void> {
  const day = (d: number) => jstMidnight(last + 1, 2, d) + 10 * HOUR;
  const [startedAt, submittedAt, acceptedAt] = [day(10), day(16), day(20)];
  const cat = catalogueFor(last, institution.kind, deps.catalogueDir);
  const reportId = sortableId(startedAt, deps.random);
  await deps.db.transaction().execute(async (trx) => {
    await insertReport(trx, {
      id: reportId,
      institution_id: institution.id,
      institution_kind: institution.kind,
      prefecture_code: institution.prefecture_code,
      municipality_code: institution.municipality_code,
      fiscal_year: last,
      kind: 'periodic',
      state: 'accepted',
      catalogue: cat.id,
      current_version: 1,
      reference_date: defaultReferenceDate(last, 'medical'),
      baseline_report_id: null,
      compared_publication_id: null,
      changed_items: null,
      started_by: accountId,
      started_at: startedAt,
      submitted_at: submittedAt,
      submitted_by: accountId,
      decided_at: acceptedAt,
      decided_by: prefecture.id,
      decision_comment: null,
      updated_at: acceptedAt,
    });
    await insertVersion(trx, {
      report_id: reportId,
      version: 1,
      values: valuesJson(demoValues(institution.kind, last)),
      invalid: null,
      saved_by: accountId,
      saved_at: startedAt,
      source: 'form',
    });
    const details = { reportId, institutionId: institution.id, fiscalYear: last, kind: 'periodic', version: 1, by: 'seed' };
    await recordAudit(trx, at(startedAt), { type: 'report.started', accountId, origin: ORIGIN, details });
    await recordAudit(trx, at(submittedAt), { type: 'report.submitted', accountId, origin: ORIGIN, details });
    const report = (await findReport(trx, reportId))!;
    const published = await publishReport(trx, { clock: at(acceptedAt), random: deps.random }, report, prefecture, ORIGIN);
    if (!published.ok) throw new Error(`demo reporting: publish: ${published.problem}`);
    await recordAudit(trx, at(acceptedAt), { type: 'report.accepted', accountId: prefecture.id, username: prefecture.username, origin: ORIGIN, details });
  });
}

/** This fiscal year's 随時報告 of `institution`, 報告済 (submitted), with two items changed against its publication. */
async function seedSubmittedChange(deps: ReportingDeps, institution: Institution, fy: number): Promise<void> {
  const published = await findPublishedFacility(deps.db, institution.id);
  const publication = published && (await findPublication(deps.db, published.publication_id));
  if (!publication) throw new Error('demo reporting: the clinic has no publication');
  const cat = catalogueFor(fy, institution.kind, deps.catalogueDir);
  const values = {
    ...demoValues(institution.kind, fy),
    'basic.phone.phone': '03-3000-0030',
    'access.transport.text': '東京メトロ日比谷線 東銀座駅 3番出口から徒歩2分（出口前の新しい通路をご利用ください）。',
  };
  const before = { catalogue: catalogueById(publication.catalogue, institution.kind, deps.catalogueDir), values: parseValues(publication.values) };
  const now = deps.clock.now();
  const id = sortableId(now, deps.random);
  await deps.db.transaction().execute(async (trx) => {
    await insertReport(trx, {
      id,
      institution_id: institution.id,
      institution_kind: institution.kind,
      prefecture_code: institution.prefecture_code,
      municipality_code: institution.municipality_code,
      fiscal_year: fy,
      kind: 'change',
      state: 'submitted',
      catalogue: cat.id,
      current_version: 1,
      reference_date: null,
      baseline_report_id: publication.report_id,
      compared_publication_id: publication.id,
      changed_items: changedItemCount(diffValues(cat, before, values)),
      started_by: null,
      started_at: now,
      submitted_at: now,
      submitted_by: null,
      decided_at: null,
      decided_by: null,
      decision_comment: null,
      updated_at: now,
    });
    await insertVersion(trx, { report_id: id, version: 1, values: valuesJson(values), invalid: null, saved_by: null, saved_at: now, source: 'form' });
    const details = { reportId: id, institutionId: institution.id, fiscalYear: fy, kind: 'change', version: 1, by: 'seed' };
    await recordAudit(trx, deps.clock, { type: 'report.started', origin: ORIGIN, details });
    await recordAudit(trx, deps.clock, { type: 'report.submitted', origin: ORIGIN, details });
  });
}
