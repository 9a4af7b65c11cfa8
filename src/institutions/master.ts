// The 医療機関マスタ as staff use it on screen: search and one record within the actor's reach, the
// CSV of a search, and the CSV import — the command line's own import (csv.ts), with every row also
// asked whether the actor may write it. Who reaches what is the policies' question only.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { Institution, InstitutionKind, InstitutionStatus } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { isKatakana, normaliseCode, normaliseFullWidth, normaliseKana } from '../platform/japanese/text.ts';
import type { RandomSource } from '../platform/secrets.ts';
import { authorize, can, placeScope, type Actor } from '../policies.ts';
import { importInstitutions, institutionsCsv, type CsvEncoding, type ImportResult } from './csv.ts';
import { findInstitution, searchInstitutions, type InstitutionReach, type InstitutionSearch } from './repository.ts';

/** What a person typed into the search form (already trimmed by the form). */
export interface MasterQuery {
  /** 機関名 or フリガナ, in any width, hiragana or katakana. */
  q?: string | undefined;
  /** 機関コード or 保険機関コード, or a part of one. */
  code?: string | undefined;
  kind?: InstitutionKind | undefined;
  prefectureCode?: string | undefined;
  municipalityCode?: string | undefined;
  status?: InstitutionStatus | undefined;
}

/** The rows the actor may see: its places, and an institution's own account its own record. */
export function masterReach(actor: Actor): InstitutionReach {
  const scope = placeScope(actor, 'institution_master.view');
  if (scope.all) return 'all';
  const own = actor.institution_id && can(actor, 'institution_master.search') ? [actor.institution_id] : [];
  return { prefectures: scope.prefectures, municipalities: scope.municipalities, institutionIds: own };
}

/** The typed words in the forms the master keeps its columns in, so one LIKE finds them. */
export function searchOf(q: MasterQuery): InstitutionSearch {
  const text = q.q?.trim() ?? '';
  const kana = normaliseKana(text);
  const code = normaliseCode(q.code ?? '');
  return {
    ...(text ? { name: normaliseFullWidth(text) } : {}),
    ...(text && isKatakana(kana) ? { nameKana: kana } : {}),
    ...(code ? { code } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.prefectureCode ? { prefectureCode: q.prefectureCode } : {}),
    ...(q.municipalityCode ? { municipalityCodes: [q.municipalityCode] } : {}),
    ...(q.status ? { status: q.status } : {}),
  };
}

export async function searchMaster(db: Db, actor: Actor, q: MasterQuery, page: { limit: number; offset: number }) {
  authorize(actor, 'institution_master.search');
  return searchInstitutions(db, masterReach(actor), searchOf(q), page);
}

/** One record, or undefined when there is none or it is out of the actor's reach (the same answer). */
export async function masterRecord(db: Db, actor: Actor, id: string): Promise<Institution | undefined> {
  const institution = await findInstitution(db, id);
  if (!institution) return undefined;
  const subject = { institutionId: institution.id, prefectureCode: institution.prefecture_code, municipalityCode: institution.municipality_code };
  return can(actor, 'institution_master.view', subject) ? institution : undefined;
}

/** Every row of the search (no paging) as the import's CSV. */
export async function exportMaster(db: Db, actor: Actor, q: MasterQuery, encoding: CsvEncoding) {
  authorize(actor, 'institution_master.export');
  const { rows } = await searchInstitutions(db, masterReach(actor), searchOf(q));
  return { count: rows.length, ...institutionsCsv(rows, encoding) };
}

/**
 * The command line's import, all or nothing, with each row's place (and its old one) asked of
 * institution_master.import; `dryRun` only counts. An import that wrote is audited.
 */
export async function importMaster(
  deps: { db: Db; clock: Clock; random: RandomSource },
  actor: Actor,
  bytes: Uint8Array,
  o: { dryRun: boolean; fileName: string; origin: RequestOrigin },
): Promise<ImportResult> {
  authorize(actor, 'institution_import.use');
  const result = await importInstitutions({ db: deps.db, random: deps.random, now: deps.clock.now() }, bytes, {
    dryRun: o.dryRun,
    mayWrite: (place) => can(actor, 'institution_master.import', place),
  });
  if (result.ok && !o.dryRun)
    await recordAudit(deps.db, deps.clock, {
      type: 'institutions.imported',
      accountId: actor.id,
      username: actor.username,
      origin: o.origin,
      details: { file: o.fileName.slice(0, 200), inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, by: 'screen' },
    });
  return result;
}
