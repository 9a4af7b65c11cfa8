// What becomes public: an accepted report (or a submitted one, where the prefecture publishes on
// submit) is a publication, and the institution's record in published_facilities shows it; 公表停止
// and its lifting by the prefecture; 休止・廃止・再開. Every change is an audit event written in the
// transaction of its cause. 外来区分 「9: その他一般外来を行わない」 is never published: such a record is
// kept but withheld. A publication also copies the 基本情報 the facility master holds (名称, フリガナ,
// 所在地, 電話番号) into its row, in the same transaction, with an audit event naming the columns.
//
// 休止 keeps the record published, saying 「休止中」 from the reported day: a patient who finds the
// facility learns it is not seeing anyone now (rather than finding nothing, as if it never existed or
// had closed), and 再開 takes the notice away with nothing to publish again. DOMAIN.md has a record
// unpublished only by 公表停止, a missing annual report and 外来区分 9; 休止 is none of them. 廃止
// unpublishes the record for good and marks the master 廃止.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { Institution, InstitutionKind, Publication, PublishedFacility, Report } from '../db/schema.ts';
import { findInstitution, updateFromReport, type ReportedInstitutionChanges } from '../institutions/repository.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatJst } from '../platform/japanese/time.ts';
import { jstDateOf } from './fiscal-year.ts';
import { sortableId } from '../platform/secrets.ts';
import { authorize, type Actor } from '../policies.ts';
import { mailContext, type Ports } from '../ports.ts';
import { catalogueById, kindCatalogue, loadCatalogue } from './catalogue/load.ts';
import type { KindCatalogue, ReportValues } from './catalogue/types.ts';
import { publicationStoppedMail, publicationStopLiftedMail } from './mails.ts';
import {
  clearStopped,
  findPublication,
  findPublishedFacility,
  findPublishedFacilityById,
  insertPublication,
  insertStop,
  liftOpenStop,
  markClosed,
  markStopped,
  setSuspendedSince,
  upsertPublishedFacility,
} from './publication-repository.ts';
import { masterUpdateFrom } from './master.ts';
import { activeAccountsOf, findVersion } from './report-repository.ts';
import { effectiveDateOf, isStatusKind, statusCatalogue, type StatusKind } from './status.ts';

/** The kind digit of the facility ID (OPEN-DATA.md). */
const KIND_DIGIT: Record<InstitutionKind, string> = { 病院: '1', 診療所: '2', 歯科診療所: '3', 助産所: '4', 薬局: '5' };

/** The 機関コード's length in a facility ID (left-padded with 0). */
export const FACILITY_CODE_LENGTH = 10;

/** 都道府県 (2) + 機関区分 (1) + 機関コード (10, left-padded with 0); undefined for a code longer than 10. */
export function facilityIdOf(i: Pick<Institution, 'prefecture_code' | 'kind' | 'institution_code'>): string | undefined {
  if (i.institution_code.length > FACILITY_CODE_LENGTH) return undefined;
  return `${i.prefecture_code}${KIND_DIGIT[i.kind]}${i.institution_code.padStart(FACILITY_CODE_LENGTH, '0')}`;
}

/** The field paths the projection copies (the record's names) and the one that withholds it. */
export const PUBLISHED_PATHS = {
  name: 'basic.name.official',
  nameKana: 'basic.name.official_kana',
  nameEn: 'basic.name.english',
  outpatient: 'basic.departments.outpatient_category',
} as const;
/** 外来区分 「9: その他一般外来を行わない」: such an institution's record is never shown. */
export const OUTPATIENT_NOT_PUBLISHED = '9';

const text = (values: ReportValues, path: string): string | undefined => {
  const v = values[path];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

export const parseValues = (json: string): ReportValues => JSON.parse(json) as ReportValues;

export type PublishProblem = 'facility_code_too_long';
export type PublishResult = { ok: true; facility: PublishedFacility | undefined; published: boolean } | { ok: false; problem: PublishProblem };

/**
 * The effect on what is public of a report being accepted (or submitted under publish_on =
 * 'submit'), inside the caller's transaction: 新規・定期・随時 publish the report's current version
 * (nothing again when that version is already what the record shows); 休止・再開・廃止 change the
 * record's status. `actor` null: the system (no one pressed a button).
 */
export async function publishReport(
  trx: Db,
  deps: Pick<Ports, 'clock' | 'random'> & { catalogueDir?: string | undefined },
  report: Report,
  actor: Actor | null,
  origin?: RequestOrigin,
): Promise<PublishResult> {
  const now = deps.clock.now();
  const audit = { accountId: actor?.id ?? null, username: actor?.username ?? null, origin };
  const current = await findPublishedFacility(trx, report.institution_id);
  const base = { reportId: report.id, institutionId: report.institution_id, fiscalYear: report.fiscal_year };

  if (isStatusKind(report.kind)) return applyStatus(trx, deps, report, report.kind, current, audit, base);

  if (current) {
    const shown = await findPublication(trx, current.publication_id);
    if (shown && shown.report_id === report.id && shown.report_version === report.current_version) return { ok: true, facility: current, published: false };
  }
  const institution = await findInstitution(trx, report.institution_id);
  if (!institution) throw new Error(`report ${report.id}: institution ${report.institution_id} is gone`);
  const facilityId = facilityIdOf(institution);
  if (!facilityId) return { ok: false, problem: 'facility_code_too_long' };
  const version = await findVersion(trx, report.id, report.current_version);
  if (!version) throw new Error(`report ${report.id}: its version ${report.current_version} is missing`);
  const values = parseValues(version.values);

  // The master first: the record's place follows it (a move within the prefecture changes who reviews).
  const master = masterUpdateFrom(institution, values);
  await copyToMaster(trx, deps, institution.id, master.changes, audit, { reportId: report.id, skipped: master.skipped });
  const municipalityCode = master.changes.municipality_code ?? institution.municipality_code;

  const publicationId = sortableId(now, deps.random);
  await insertPublication(trx, {
    id: publicationId,
    institution_id: report.institution_id,
    report_id: report.id,
    report_version: version.version,
    catalogue: report.catalogue,
    values: version.values,
    published_at: now,
    published_by: actor?.id ?? null,
  });
  const withheld = text(values, PUBLISHED_PATHS.outpatient) === OUTPATIENT_NOT_PUBLISHED ? 'outpatient_9' : null;
  const facility = await upsertPublishedFacility(trx, {
    institution_id: report.institution_id,
    facility_id: facilityId,
    kind: institution.kind,
    prefecture_code: report.prefecture_code,
    municipality_code: municipalityCode,
    name: text(values, PUBLISHED_PATHS.name) ?? institution.name,
    name_kana: text(values, PUBLISHED_PATHS.nameKana) ?? institution.name_kana,
    name_en: text(values, PUBLISHED_PATHS.nameEn) ?? null,
    publication_id: publicationId,
    published_at: now,
    withheld,
    updated_at: now,
  });
  const details = { ...base, facilityId, publicationId, version: version.version };
  await recordAudit(trx, deps.clock, { type: 'publication.published', ...audit, details });
  if (withheld) await recordAudit(trx, deps.clock, { type: 'publication.withheld', ...audit, details: { ...details, withheld } });
  return { ok: true, facility, published: true };
}

type AuditWho = { accountId: string | null; username: string | null; origin: RequestOrigin | undefined };

/** Writes the master's changed columns with their audit event (an event also when only what it could not take remains). */
async function copyToMaster(
  trx: Db,
  deps: Pick<Ports, 'clock'>,
  institutionId: string,
  changes: ReportedInstitutionChanges,
  audit: AuditWho,
  o: { reportId: string; skipped?: readonly string[] },
): Promise<void> {
  const fields = Object.keys(changes);
  const skipped = o.skipped ?? [];
  if (fields.length === 0 && skipped.length === 0) return;
  await updateFromReport(trx, institutionId, changes, deps.clock.now());
  await recordAudit(trx, deps.clock, {
    type: 'institution.updated_from_report',
    ...audit,
    details: { reportId: o.reportId, institutionId, fields, ...(skipped.length ? { skipped: [...skipped] } : {}) },
  });
}

/**
 * 休止 (the record says 「休止中」 from the reported day), 再開 (it no longer does), 廃止 (the record is
 * hidden for good and the master marked 廃止). Each change once: a report that takes effect at 報告
 * and again at 確認 changes nothing the second time.
 */
async function applyStatus(
  trx: Db,
  deps: Pick<Ports, 'clock'> & { catalogueDir?: string | undefined },
  report: Report,
  kind: StatusKind,
  current: PublishedFacility | undefined,
  audit: AuditWho,
  base: { reportId: string; institutionId: string; fiscalYear: number },
): Promise<PublishResult> {
  const now = deps.clock.now();
  const version = await findVersion(trx, report.id, report.current_version);
  const cat = statusCatalogue(catalogueById(report.catalogue, report.institution_kind, deps.catalogueDir), kind);
  const date = (version && effectiveDateOf(cat, kind, parseValues(version.values))) ?? jstDateOf(now);
  const details = { ...base, facilityId: current?.facility_id ?? null, date };
  if (kind === 'closure') {
    const institution = await findInstitution(trx, report.institution_id);
    if (institution && institution.status !== 'closed') await copyToMaster(trx, deps, institution.id, { status: 'closed' }, audit, { reportId: report.id });
    if (current && current.closed_at === null) {
      await markClosed(trx, report.institution_id, now);
      await recordAudit(trx, deps.clock, { type: 'publication.closed', ...audit, details });
    }
  } else if (current && current.closed_at === null) {
    const since = kind === 'suspension' ? date : null;
    if (current.suspended_since !== since) {
      await setSuspendedSince(trx, report.institution_id, since, now);
      await recordAudit(trx, deps.clock, { type: kind === 'suspension' ? 'publication.suspended' : 'publication.resumed_operation', ...audit, details });
    }
  }
  return { ok: true, facility: await findPublishedFacility(trx, report.institution_id), published: false };
}

export const STOP_REASON_MAX = 1000;

export type StopProblem = 'not_found' | 'reason_required' | 'reason_too_long' | 'already_stopped' | 'not_stopped';
export type StopResult = { ok: true; facility: PublishedFacility } | { ok: false; problem: StopProblem };

function checkReason(reason: string): { ok: true; reason: string } | { ok: false; problem: StopProblem } {
  const r = reason.trim();
  if (r === '') return { ok: false, problem: 'reason_required' };
  if (r.length > STOP_REASON_MAX) return { ok: false, problem: 'reason_too_long' };
  return { ok: true, reason: r };
}

/** 公表停止 (while a query to the institution is open): the record is hidden, the institution told why. */
export function stopPublication(deps: Ports, actor: Actor, institutionId: string, reason: string, origin: RequestOrigin): Promise<StopResult> {
  return changeStop(deps, actor, institutionId, reason, origin, 'stop');
}

/** 公表停止の解除: the record shows again (unless something else hides it), the institution told why. */
export function liftStop(deps: Ports, actor: Actor, institutionId: string, reason: string, origin: RequestOrigin): Promise<StopResult> {
  return changeStop(deps, actor, institutionId, reason, origin, 'lift');
}

async function changeStop(
  deps: Ports,
  actor: Actor,
  institutionId: string,
  reason: string,
  origin: RequestOrigin,
  change: 'stop' | 'lift',
): Promise<StopResult> {
  const result = await deps.db.transaction().execute(async (trx): Promise<StopResult> => {
    const facility = await findPublishedFacility(trx, institutionId);
    if (!facility) return { ok: false, problem: 'not_found' };
    authorize(actor, 'publication.stop', { prefectureCode: facility.prefecture_code, municipalityCode: facility.municipality_code });
    const checked = checkReason(reason);
    if (!checked.ok) return checked;
    const now = deps.clock.now();
    if (change === 'stop') {
      if (!(await markStopped(trx, institutionId, now, checked.reason))) return { ok: false, problem: 'already_stopped' };
      await insertStop(trx, { id: sortableId(now, deps.random), institution_id: institutionId, stopped_at: now, stopped_by: actor.id, reason: checked.reason });
    } else {
      if (!(await clearStopped(trx, institutionId, now))) return { ok: false, problem: 'not_stopped' };
      await liftOpenStop(trx, institutionId, { at: now, by: actor.id, reason: checked.reason });
    }
    const after = (await findPublishedFacility(trx, institutionId))!;
    await recordAudit(trx, deps.clock, {
      type: change === 'stop' ? 'publication.stopped' : 'publication.stop_lifted',
      accountId: actor.id,
      username: actor.username,
      origin,
      details: { institutionId, facilityId: facility.facility_id, reason: checked.reason },
    });
    const c = mailContext(deps.config);
    for (const account of await activeAccountsOf(trx, institutionId)) {
      const facts = {
        to: account.email,
        accountId: account.id,
        displayName: account.display_name,
        institutionName: facility.name,
        reason: checked.reason,
        at: formatJst(now),
        link: `${deps.config.publicUrl.gmis}/reporting`,
      };
      await enqueueMail(
        trx,
        deps,
        change === 'stop' ? publicationStoppedMail(c, facts) : publicationStopLiftedMail(c, { ...facts, visible: after.visible === 1 }),
      );
    }
    return { ok: true, facility: after };
  });
  if (result.ok) deps.workQueued?.();
  return result;
}

/** What 医療情報ネット shows of a facility: its record, the publication and its catalogue. */
export interface PublishedView {
  facility: PublishedFacility;
  publication: Publication;
  values: ReportValues;
  catalogue: KindCatalogue;
}

/** The facility's published record, or undefined when there is none or it is not visible. */
export async function publishedFacility(db: Db, facilityId: string, catalogueDir?: string): Promise<PublishedView | undefined> {
  const facility = await findPublishedFacilityById(db, facilityId);
  if (!facility || facility.visible !== 1) return undefined;
  const publication = await findPublication(db, facility.publication_id);
  if (!publication) return undefined;
  return { facility, publication, values: parseValues(publication.values), catalogue: catalogueById(publication.catalogue, facility.kind, catalogueDir) };
}
