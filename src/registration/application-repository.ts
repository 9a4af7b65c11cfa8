// 新規ユーザ登録申請 as stored (registration_applications): the applicant's writes, the review
// queue and the decisions. Who may see which applications is the policies' question; the queue
// receives the answer as places.
import { sql, type Insertable, type Updateable } from 'kysely';
import { containsText, type Db } from '../db/dialect.ts';
import type { InstitutionKind, RegistrationApplication, RegistrationApplicationsTable, RegistrationOutcome, RegistrationStatus } from '../db/schema.ts';

export async function insertApplication(db: Db, row: Insertable<RegistrationApplicationsTable>): Promise<void> {
  await db.insertInto('registration_applications').values(row).execute();
}

/** Writes a returned (差し戻し) application sent again; undefined when it is no longer returned. */
export function updateReturnedApplication(
  db: Db,
  id: string,
  fields: Updateable<RegistrationApplicationsTable>,
): Promise<{ id: string; number: string; submitted_by: string | null } | undefined> {
  return db
    .updateTable('registration_applications')
    .set(fields)
    .where('id', '=', id)
    .where('status', '=', 'returned')
    .returning(['id', 'number', 'submitted_by'])
    .executeTakeFirst();
}

export function findApplication(db: Db, id: string): Promise<RegistrationApplication | undefined> {
  return db.selectFrom('registration_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The applications with these ids (each once, in no particular order). */
export function findApplications(db: Db, ids: readonly string[]): Promise<RegistrationApplication[]> {
  return db
    .selectFrom('registration_applications')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/** Where applications may come from: the institution's prefecture, or its prefecture and municipality. */
export interface ApplicationPlaces {
  prefectures: readonly string[];
  municipalities: ReadonlyArray<{ prefectureCode: string; municipalityCode: string }>;
}

export interface ApplicationFilter {
  status?: RegistrationStatus;
  kind?: InstitutionKind;
  municipalityCode?: string;
  /** Part of the 機関名, フリガナ, 機関コード or 申請番号. */
  q?: string;
}

/**
 * Applications from `places` (every place when 'all'; none when it names none) matching the filter,
 * newest first: a page of them and how many there are in all.
 */
export async function listApplications(
  db: Db,
  places: ApplicationPlaces | 'all',
  filter: ApplicationFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: RegistrationApplication[]; total: number }> {
  let q = db.selectFrom('registration_applications');
  if (places !== 'all') {
    const { prefectures, municipalities } = places;
    if (prefectures.length === 0 && municipalities.length === 0) return { rows: [], total: 0 };
    q = q.where((eb) =>
      eb.or([
        ...(prefectures.length ? [eb('prefecture_code', 'in', prefectures)] : []),
        ...municipalities.map((m) => eb.and([eb('prefecture_code', '=', m.prefectureCode), eb('municipality_code', '=', m.municipalityCode)])),
      ]),
    );
  }
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.municipalityCode) q = q.where('municipality_code', '=', filter.municipalityCode);
  if (filter.q) {
    const text = filter.q;
    q = q.where((eb) => eb.or(['name', 'name_kana', 'institution_code', 'number'].map((c) => containsText(sql.ref(c), text))));
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('submitted_at', 'desc').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** 差し戻し or 却下 with its reason, if the application still waits (so two reviewers cannot both decide): true if this call did. */
export async function settleApplication(
  db: Db,
  id: string,
  decision: { status: 'returned' | 'rejected'; decidedBy: string; decidedAt: number; reason: string },
): Promise<boolean> {
  const r = await db
    .updateTable('registration_applications')
    .set({ status: decision.status, decided_by: decision.decidedBy, decided_at: decision.decidedAt, decision_reason: decision.reason })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Approves those of the applications that still wait; the ids of the ones this call approved. */
export async function claimForApproval(db: Db, ids: readonly string[], decidedBy: string, decidedAt: number): Promise<Set<string>> {
  const rows = await db
    .updateTable('registration_applications')
    .set({ status: 'approved', decided_by: decidedBy, decided_at: decidedAt, decision_reason: null })
    .where('id', 'in', ids)
    .where('status', '=', 'submitted')
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** What an approval came to: the account issued or found, and the institution it belongs to. */
export async function recordApprovalOutcome(
  db: Db,
  id: string,
  outcome: { outcome: RegistrationOutcome; accountId: string; institutionId: string },
): Promise<void> {
  await db
    .updateTable('registration_applications')
    .set({ outcome: outcome.outcome, account_id: outcome.accountId, institution_id: outcome.institutionId })
    .where('id', '=', id)
    .execute();
}

/** The applicant's address corrected after a refused mail (the failure is cleared with it). */
export async function correctApplicantEmail(db: Db, id: string, email: string): Promise<void> {
  await db.updateTable('registration_applications').set({ email, mail_failed_at: null, mail_failure: null }).where('id', '=', id).execute();
}
