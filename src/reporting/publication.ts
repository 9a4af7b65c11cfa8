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
import { createHash } from 'node:crypto';
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { Institution, InstitutionKind, Publication, PublishedFacility, Report } from '../db/schema.ts';
import { municipality, prefectureName } from '../institutions/places.ts';
import {
  findInstitution,
  findInstitutionsByCodePairs,
  institutionKey,
  updateFromReport,
  upsertInstitutions,
  type ReportedInstitutionChanges,
} from '../institutions/repository.ts';
import { SnapshotRefused, type PreparedFacility, type SnapshotFacility } from '../opendata/types.ts';
import { isKatakana, normaliseFullWidth, normaliseKana } from '../platform/japanese/text.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatJst } from '../platform/japanese/time.ts';
import { fiscalYearOf, jstDateOf, jstMidnight } from './fiscal-year.ts';
import { sortableId } from '../platform/secrets.ts';
import { authorize, type Actor } from '../policies.ts';
import { mailContext, type Ports } from '../ports.ts';
import { carryOver } from './catalogue/carry-over.ts';
import { catalogueById, catalogueFor, kindCatalogue, loadCatalogue } from './catalogue/load.ts';
import type { KindCatalogue, ReportValues } from './catalogue/types.ts';
import { publicationStoppedMail, publicationStopLiftedMail } from './mails.ts';
import {
  clearStopped,
  facilityIdHolders,
  findPublication,
  findPublishedFacility,
  findPublishedFacilityById,
  insertPublication,
  insertPublications,
  insertSnapshot,
  insertStop,
  liftOpenStop,
  listedOpenDataRecords,
  markClosed,
  markDelisted,
  markStopped,
  publishedStatesOf,
  setSnapshotCounts,
  setSuspendedSince,
  upsertPublishedFacilities,
  upsertPublishedFacility,
  visibleRecordsPage,
  type NewPublication,
  type PublishedRecord,
  type RecordProjection,
} from './publication-repository.ts';
import { masterUpdateFrom, splitAddress } from './master.ts';
import { activeAccountsOf, findVersion } from './report-repository.ts';
import { effectiveDateOf, isStatusKind, statusCatalogue, type StatusKind } from './status.ts';
import { indexFacilities, indexWrittenRecords, type WrittenRecord } from '../search/indexer.ts';

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

/**
 * What the projection shows of published values: the record's names (the master's, or the open data's,
 * where the values have none) and whether 外来区分 9 withholds it. One rule for reports and snapshots.
 */
export function projectionOf(values: ReportValues, fallback: { name: string; name_kana: string; name_en?: string | null | undefined }): RecordProjection {
  return {
    name: text(values, PUBLISHED_PATHS.name) ?? fallback.name,
    name_kana: text(values, PUBLISHED_PATHS.nameKana) ?? fallback.name_kana,
    name_en: text(values, PUBLISHED_PATHS.nameEn) ?? fallback.name_en ?? null,
    withheld: text(values, PUBLISHED_PATHS.outpatient) === OUTPATIENT_NOT_PUBLISHED ? 'outpatient_9' : null,
  };
}

/** A snapshot's facility published for the first time, as the search indexer reads its record (not 休止中). */
export function newRecordForIndex(
  f: Pick<SnapshotFacility, 'id' | 'kind' | 'prefectureCode' | 'municipalityCode'>,
  shown: RecordProjection,
  catalogue: string,
  publishedAt: number,
): WrittenRecord['record'] {
  return {
    facility_id: f.id,
    kind: f.kind,
    prefecture_code: f.prefectureCode,
    municipality_code: f.municipalityCode,
    name: shown.name,
    name_kana: shown.name_kana,
    name_en: shown.name_en ?? null,
    published_at: publishedAt,
    suspended_since: null,
    catalogue,
  };
}

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
  const shown = projectionOf(values, institution);
  const withheld = shown.withheld;
  const facility = await upsertPublishedFacility(trx, {
    institution_id: report.institution_id,
    facility_id: facilityId,
    kind: institution.kind,
    prefecture_code: report.prefecture_code,
    municipality_code: municipalityCode,
    ...shown,
    publication_id: publicationId,
    published_at: now,
    updated_at: now,
  });
  const details = { ...base, facilityId, publicationId, version: version.version };
  await recordAudit(trx, deps.clock, { type: 'publication.published', ...audit, details });
  if (withheld) await recordAudit(trx, deps.clock, { type: 'publication.withheld', ...audit, details: { ...details, withheld } });
  await indexFacilities(trx, [facilityId]);
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
  const after = await findPublishedFacility(trx, report.institution_id);
  if (after) await indexFacilities(trx, [after.facility_id]);
  return { ok: true, facility: after, published: false };
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
    await indexFacilities(trx, [after.facility_id]);
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

// ---------------------------------------------------------------------------------------------------------
// A snapshot of the ministry's open data, published in bulk

/** What publishing a snapshot did (or, in a dry run, would do). */
export interface SnapshotResult {
  snapshotId: string;
  takenOn: string;
  fiscalYear: number;
  /** Facilities the snapshot listed. */
  facilities: number;
  /** Records published for the first time. */
  created: number;
  /** Records that came from open data and now show what this snapshot says (changed, or listed again). */
  updated: number;
  /** Records that already showed exactly this: not written. */
  unchanged: number;
  /** Records that came from open data and this snapshot no longer lists: hidden. */
  unpublished: number;
  /** Listed facilities whose record shows an accepted report: left as they are. */
  keptReported: number;
  /** Of those written, the ones 外来区分 9 withholds. */
  withheld: number;
  masterCreated: number;
  masterUpdated: number;
  /** The facility IDs whose record was written or hidden (for the search index). */
  changedFacilityIds: string[];
  dryRun: boolean;
}

export interface SnapshotOptions {
  /** The day the ministry took the snapshot (YYYY-MM-DD); today in Japan when not given. */
  takenOn?: string;
  /** Whose catalogue the values are in: the fiscal year of `takenOn` when not given. */
  fiscalYear?: number;
  /** Hide the open-data records of the snapshot's kinds that it does not list. */
  unpublishMissing: boolean;
  /** The kinds the snapshot covers (the kinds whose facility file it had): only their records may be hidden. Default: the kinds it lists. */
  kinds?: readonly InstitutionKind[];
  /** Do everything in the transaction, then roll it back: the counts without a change. */
  dryRun?: boolean;
  /** Facilities handled so far. */
  onProgress?: (facilities: number) => void;
  /** Who imported it, for the audit event when no account did (`cli`, `seed`). */
  by?: string;
}

/** Facilities handled per round of statements. */
const SNAPSHOT_CHUNK = 1000;

class DryRunDone extends Error {
  constructor(readonly result: SnapshotResult) {
    super('dry run');
  }
}

/**
 * Publishes a snapshot of the ministry's open data in ONE transaction, all or nothing (a refusal the
 * reader throws while the facilities are read undoes everything): the facility master gets the
 * facility (created, or the institution of the same 都道府県 and 機関コード updated: kind, names,
 * municipality, address); each facility that changed gets a publication (source 'opendata', no
 * report) and its record shows it, visible unless something hides it — a 公表停止 the prefecture
 * placed stays in force, 外来区分 9 withholds as for a report (projectionOf); a facility whose record
 * already shows the same (its digest) is not written again. With `unpublishMissing`, the records of
 * the covered kinds that came from open data and the snapshot does not list are delisted (hidden
 * until a snapshot lists them again).
 *
 * A record that shows an accepted report is the institution's own word and richer than the open
 * data: a snapshot never replaces it, never hides it and leaves its master row alone (keptReported).
 * One audit event for the snapshot, with its counts.
 */
export async function publishSnapshot(
  db: Db,
  deps: Pick<Ports, 'clock' | 'random'> & { catalogueDir?: string | undefined },
  facilities: AsyncIterable<SnapshotFacility | PreparedFacility> | Iterable<SnapshotFacility | PreparedFacility>,
  o: SnapshotOptions,
): Promise<SnapshotResult> {
  const now = deps.clock.now();
  const takenOn = o.takenOn ?? jstDateOf(now);
  const fiscalYear = o.fiscalYear ?? fiscalYearOf(jstMidnight(Number(takenOn.slice(0, 4)), Number(takenOn.slice(5, 7)), Number(takenOn.slice(8, 10))));
  const catalogueIds = new Map<InstitutionKind, string>();
  const catalogueOf = (kind: InstitutionKind): string => {
    let id = catalogueIds.get(kind);
    if (id === undefined) catalogueIds.set(kind, (id = catalogueFor(fiscalYear, kind, deps.catalogueDir).id));
    return id;
  };
  const result: SnapshotResult = {
    snapshotId: sortableId(now, deps.random),
    takenOn,
    fiscalYear,
    facilities: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    unpublished: 0,
    keptReported: 0,
    withheld: 0,
    masterCreated: 0,
    masterUpdated: 0,
    changedFacilityIds: [],
    dryRun: o.dryRun === true,
  };
  try {
    return await db.transaction().execute(async (trx) => {
      await insertSnapshot(trx, { ...snapshotCounts(result), id: result.snapshotId, taken_on: takenOn, fiscal_year: fiscalYear, imported_at: now });
      // The snapshot's institutions (listed: not to be delisted) and who holds each master key.
      const listed = new Set<string>();
      const byKey = new Map<string, string>();
      // New records are indexed with their chunk, from the values in hand; the rest (records replaced,
      // or hidden below) at the end, read back as every other change is.
      const index = { later: [] as string[], written: 0 };
      const kinds = new Set<InstitutionKind>();
      // A chunk is written while the next one is read: reading is this process's work, writing (on
      // PostgreSQL) the server's, so on two cores they overlap. One chunk's statements at a time.
      let chunk: Array<SnapshotFacility | PreparedFacility> = [];
      let writing: Promise<void> = Promise.resolve();
      const flush = async () => {
        const ready = chunk;
        chunk = [];
        await writing;
        writing = publishChunk(trx, deps, ready, { now, catalogueOf, result, listed, index }).then(() => o.onProgress?.(result.facilities));
        writing.catch(() => {}); // awaited at the next flush, or below
      };
      try {
        for await (const f of facilities) {
          const key = institutionKey(f);
          const other = byKey.get(key);
          if (other) throw new SnapshotRefused({ ...f.source, message: MESSAGES['opendata_import.code_taken'](f.id, other) });
          byKey.set(key, f.id);
          kinds.add(f.kind);
          result.facilities++;
          chunk.push(f);
          if (chunk.length >= SNAPSHOT_CHUNK) await flush();
        }
        if (chunk.length > 0) await flush();
        await writing;
      } finally {
        // Whatever happened, nothing runs on the transaction once it ends.
        await writing.catch(() => {});
      }

      if (o.unpublishMissing) {
        const missing = (await listedOpenDataRecords(trx, [...(o.kinds ?? kinds)])).filter((r) => !listed.has(r.institutionId));
        result.unpublished = await markDelisted(
          trx,
          missing.map((r) => r.institutionId),
          now,
        );
        for (const r of missing) {
          result.changedFacilityIds.push(r.facilityId);
          index.later.push(r.facilityId);
        }
      }
      await indexFacilities(trx, index.later, { alsoIndexed: index.written > 0 });
      await setSnapshotCounts(trx, result.snapshotId, snapshotCounts(result));
      await recordAudit(trx, deps.clock, {
        type: 'opendata.imported',
        accountId: null,
        username: null,
        details: {
          snapshotId: result.snapshotId,
          takenOn,
          fiscalYear,
          listed: result.facilities,
          newlyPublished: result.created,
          republished: result.updated,
          unchangedRecords: result.unchanged,
          delisted: result.unpublished,
          keptReported: result.keptReported,
          withheldRecords: result.withheld,
          masterAdded: result.masterCreated,
          masterUpdated: result.masterUpdated,
          ...(o.by === undefined ? {} : { by: o.by }),
        },
      });
      if (o.dryRun) throw new DryRunDone(result);
      return result;
    });
  } catch (err) {
    if (err instanceof DryRunDone) return err.result;
    throw err;
  }
}

const snapshotCounts = (r: SnapshotResult) => ({
  facilities: r.facilities,
  created: r.created,
  updated: r.updated,
  unchanged: r.unchanged,
  unpublished: r.unpublished,
  kept_reported: r.keptReported,
});

/** Of what a snapshot says of a facility, what its record shows: the same digest, the same record. */
function snapshotDigest(f: SnapshotFacility | PreparedFacility, catalogue: string, valuesJson: string): string {
  const shown = [f.id, f.kind, f.municipalityCode, f.name, f.nameKana, f.nameEn ?? null, f.address, f.lat ?? null, f.lon ?? null, catalogue];
  return createHash('sha256').update(JSON.stringify(shown)).update(valuesJson).digest('base64url');
}

/**
 * The master's columns a snapshot gives (名称, フリガナ, 所在地, kind), written as the master writes them:
 * the 所在地 split into municipality, address and building when it names the facility's own
 * municipality, else the line without the prefecture's and municipality's names. A フリガナ that is
 * not katakana is left out (the master keeps its own; a new row has none).
 */
function masterColumnsOf(
  f: SnapshotFacility | PreparedFacility,
): Pick<Institution, 'kind' | 'name' | 'municipality_code' | 'address' | 'building'> & { name_kana?: string } {
  const kana = normaliseKana(f.nameKana);
  const place = splitAddress(f.prefectureCode, f.address);
  let address: Pick<Institution, 'address' | 'building'>;
  if (place && place.municipality_code === f.municipalityCode) address = { address: place.address, building: place.building };
  else {
    let line = normaliseFullWidth(f.address);
    for (const prefix of [prefectureName(f.prefectureCode), municipality(f.municipalityCode)?.name])
      if (prefix && line.startsWith(prefix)) line = line.slice(prefix.length);
    address = { address: line, building: null };
  }
  return {
    kind: f.kind,
    name: normaliseFullWidth(f.name),
    ...(isKatakana(kana) ? { name_kana: kana } : {}),
    municipality_code: f.municipalityCode,
    ...address,
  };
}

/** What a facility prepared ahead (opendata/prepare.ts) made of its values, made for the catalogue it is published in. */
function preparedIn(f: PreparedFacility, catalogue: string): PreparedFacility['prepared'] {
  if (f.prepared.catalogue !== catalogue) throw new Error(`${f.id}: prepared for catalogue ${f.prepared.catalogue}, published in ${catalogue}`);
  return f.prepared;
}

/** One chunk of a snapshot: the master, the publications and the records, a few statements each. */
async function publishChunk(
  trx: Db,
  deps: Pick<Ports, 'random'>,
  chunk: ReadonlyArray<SnapshotFacility | PreparedFacility>,
  c: {
    now: number;
    catalogueOf: (kind: InstitutionKind) => string;
    result: SnapshotResult;
    listed: Set<string>;
    index: { later: string[]; written: number };
  },
): Promise<void> {
  const { now, result } = c;
  // The master row of each facility: the same 機関コード, or the same without its leading zeros
  // (a master code the facility ID pads, e.g. C0001 in 13200000C0001).
  const pairs = chunk.flatMap((f) => {
    const short = f.institutionCode.replace(/^0+(?=.)/, '');
    const codes = short === f.institutionCode ? [f.institutionCode] : [f.institutionCode, short];
    return codes.map((institutionCode) => ({ prefectureCode: f.prefectureCode, institutionCode }));
  });
  const masters = await findInstitutionsByCodePairs(trx, pairs);
  const masterOf = (f: SnapshotFacility | PreparedFacility): Institution | undefined => {
    const exact = masters.get(institutionKey(f));
    if (exact) return exact;
    const padded = masters.get(institutionKey({ prefectureCode: f.prefectureCode, institutionCode: f.institutionCode.replace(/^0+(?=.)/, '') }));
    return padded && facilityIdOf({ ...padded, kind: f.kind }) === f.id ? padded : undefined;
  };
  const existing = chunk.map(masterOf);
  const states = await publishedStatesOf(
    trx,
    existing.flatMap((i) => (i ? [i.id] : [])),
  );
  // Who else's record holds a facility ID this chunk gives a record that does not show it yet.
  const holders = await facilityIdHolders(
    trx,
    chunk.flatMap((f, i) => {
      const before = existing[i];
      return before && states.get(before.id)?.facilityId === f.id ? [] : [f.id];
    }),
  );

  const masterRows: Institution[] = [];
  const publications: NewPublication[] = [];
  const records: PublishedRecord[] = [];
  // The records inserted (none before for the institution): what the index reads of each is known here.
  const inserted: WrittenRecord[] = [];
  for (const [i, f] of chunk.entries()) {
    const before = existing[i];
    const state = before ? states.get(before.id) : undefined;
    if (before) c.listed.add(before.id);
    if (state?.source === 'report') {
      result.keptReported++;
      continue;
    }
    const holder = holders.get(f.id);
    if (holder !== undefined && holder !== before?.id) throw new SnapshotRefused({ ...f.source, message: MESSAGES['opendata_import.facility_id_taken'](f.id) });
    const catalogue = c.catalogueOf(f.kind);
    // The reader's values are canonical already (paths sorted, structured values in canonical order):
    // stringified as they are, the same snapshot gives the same text (sorting 200,000 records' keys again
    // would cost more than the writes).
    const values = 'prepared' in f ? preparedIn(f, catalogue).valuesJson : JSON.stringify(f.values);
    const digest = snapshotDigest(f, catalogue, values);
    if (state && state.digest === digest && !state.delisted) {
      result.unchanged++;
      continue;
    }

    const columns = masterColumnsOf(f);
    let institution: Institution;
    if (before) {
      institution = { ...before, ...columns };
      const changed = (Object.keys(columns) as Array<keyof typeof columns>).some((k) => columns[k] !== before[k]);
      if (changed) {
        masterRows.push({ ...institution, updated_at: now });
        result.masterUpdated++;
      }
    } else {
      institution = {
        id: sortableId(now, deps.random),
        prefecture_code: f.prefectureCode,
        institution_code: f.institutionCode,
        insurance_code: null,
        name_kana: '',
        ...columns,
        // Not in the open data (OPEN-DATA.md): the master has none until a report or the office gives them.
        postcode: '',
        phone: '',
        status: 'open',
        created_at: now,
        updated_at: now,
      };
      masterRows.push(institution);
      result.masterCreated++;
      c.listed.add(institution.id);
    }

    const publicationId = sortableId(now, deps.random);
    publications.push({
      id: publicationId,
      institution_id: institution.id,
      report_id: null,
      report_version: null,
      catalogue,
      values,
      published_at: now,
      published_by: null,
      source: 'opendata',
      snapshot_id: result.snapshotId,
      digest,
    });
    const shown = 'prepared' in f ? f.prepared.shown : projectionOf(f.values, { name: f.name, name_kana: f.nameKana, name_en: f.nameEn });
    records.push({
      institution_id: institution.id,
      facility_id: f.id,
      kind: f.kind,
      prefecture_code: f.prefectureCode,
      municipality_code: f.municipalityCode,
      ...shown,
      publication_id: publicationId,
      published_at: now,
      updated_at: now,
    });
    if (shown.withheld) result.withheld++;
    if (state) result.updated++;
    else result.created++;
    result.changedFacilityIds.push(f.id);
    if (state) c.index.later.push(f.id);
    else
      inserted.push({
        // As upsertPublishedFacilities inserts it: hidden only by what it withholds, not 休止中.
        record: newRecordForIndex(f, shown, catalogue, now),
        ...('prepared' in f ? { document: f.prepared.document } : { values: f.values }),
        visible: shown.withheld === null,
      });
  }
  await upsertInstitutions(trx, masterRows);
  await insertPublications(trx, publications);
  await upsertPublishedFacilities(trx, records);
  await indexWrittenRecords(trx, inserted);
  c.index.written += inserted.length;
}

/** A published record as the open-data export writes it (write.ts ExportFacility). */
export interface ExportedRecord {
  id: string;
  kind: InstitutionKind;
  municipalityCode: string;
  /** In the catalogue of the export's fiscal year (a record published under another year's is carried over). */
  values: ReportValues;
}

/**
 * The visible records of these kinds, by facility ID, for the open-data export: what 医療情報ネット
 * shows, read a page at a time (a national export holds 200,000 of them).
 */
export async function* publishedRecords(
  db: Db,
  o: { fiscalYear: number; kinds: readonly InstitutionKind[]; catalogueDir?: string | undefined },
): AsyncGenerator<ExportedRecord> {
  const targets = new Map<InstitutionKind, KindCatalogue>();
  const target = (kind: InstitutionKind): KindCatalogue => {
    let c = targets.get(kind);
    if (!c) targets.set(kind, (c = catalogueFor(o.fiscalYear, kind, o.catalogueDir)));
    return c;
  };
  for (let after: string | null = null; ;) {
    const page = await visibleRecordsPage(db, { afterFacilityId: after, limit: 1000, kinds: o.kinds });
    for (const r of page) {
      const to = target(r.kind);
      const values = parseValues(r.values);
      yield {
        id: r.facility_id,
        kind: r.kind,
        municipalityCode: r.municipality_code,
        values: r.catalogue === to.id ? values : carryOver(catalogueById(r.catalogue, r.kind, o.catalogueDir), to, values),
      };
    }
    if (page.length < 1000) return;
    after = page.at(-1)!.facility_id;
  }
}
