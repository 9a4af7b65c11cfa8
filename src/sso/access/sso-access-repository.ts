// SQL for SSO-use applications, consent-refusal blocks and the 医療情報ネット account check. The only
// module of the SSO access domain that talks to the database.
import type { Db } from '../../db/dialect.ts';
import type { Account, AccountCategory, SsoApplication, SsoApplicationStatus, SsoBlock } from '../../db/schema.ts';

export async function accountById(db: Db, id: string): Promise<Account> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

// ── 医療情報ネット staff accounts (migration 0004) ──────────────────────────

/**
 * Whether a 医療情報ネット account with the same e-mail (any case) existed before this G-MIS account
 * and is not the one linked to it: such a user must apply before single sign-on.
 */
export async function hasEarlierNaviAccount(db: Db, account: Pick<Account, 'id' | 'email' | 'created_at'>): Promise<boolean> {
  const row = await db
    .selectFrom('navi_accounts')
    .select('id')
    .where((eb) =>
      eb.and([
        // Written as the index expression (navi_accounts_email) so both engines use it.
        eb(eb.fn('lower', ['email']), '=', account.email.trim().toLowerCase()),
        eb('created_at', '<', account.created_at),
        eb.or([eb('gmis_account_id', 'is', null), eb('gmis_account_id', '<>', account.id)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ── Applications ─────────────────────────────────────────────────────────

export function latestApplication(db: Db, accountId: string): Promise<SsoApplication | undefined> {
  return db
    .selectFrom('sso_applications')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findApplication(db: Db, id: string): Promise<SsoApplication | undefined> {
  return db.selectFrom('sso_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertApplication(db: Db, application: SsoApplication): Promise<void> {
  await db.insertInto('sso_applications').values(application).execute();
}

/** Decides a pending application; false when it was no longer pending (decided by someone else). */
export async function decidePendingApplication(
  db: Db,
  id: string,
  d: { status: Exclude<SsoApplicationStatus, 'pending'>; decidedBy: string; reason: string | null; at: number },
): Promise<boolean> {
  const result = await db
    .updateTable('sso_applications')
    .set({ status: d.status, decided_by: d.decidedBy, decision_reason: d.reason, decided_at: d.at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ── Blocks after 「却下」 on the consent screen ───────────────────────────────

export function findOpenBlock(db: Db, accountId: string, clientId: string): Promise<SsoBlock | undefined> {
  return db
    .selectFrom('sso_blocks')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('client_id', '=', clientId)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
}

export function findBlock(db: Db, id: string): Promise<SsoBlock | undefined> {
  return db.selectFrom('sso_blocks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertBlock(db: Db, block: SsoBlock): Promise<void> {
  await db.insertInto('sso_blocks').values(block).execute();
}

/** Lifts an open block; false when it had already been lifted. */
export async function liftOpenBlock(db: Db, id: string, l: { liftedBy: string; note: string; at: number }): Promise<boolean> {
  const result = await db
    .updateTable('sso_blocks')
    .set({ lifted_at: l.at, lifted_by: l.liftedBy, office_note: l.note })
    .where('id', '=', id)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ── The office's lists ──────────────────────────────────────────────────

/** Who an item is about, as the office needs to see them (and phone or mail them). */
export interface PersonSummary {
  id: string;
  username: string;
  displayName: string;
  category: AccountCategory;
  email: string;
}

export type ApplicationListItem = SsoApplication & { applicant: PersonSummary; deciderName: string | null };
export type BlockListItem = SsoBlock & { person: PersonSummary; lifterName: string | null };

const HISTORY_LIMIT = 50;

/** The person's columns, from the accounts table joined as `a`. */
const PERSON_COLUMNS = ['a.username', 'a.display_name', 'a.category', 'a.email'] as const;
export const personFromRow = (accountId: string, r: { username: string; display_name: string; category: AccountCategory; email: string }): PersonSummary => ({
  id: accountId,
  username: r.username,
  displayName: r.display_name,
  category: r.category,
  email: r.email,
});

export async function listApplications(db: Db, which: 'pending' | 'decided'): Promise<ApplicationListItem[]> {
  let q = db
    .selectFrom('sso_applications')
    .innerJoin('accounts as a', 'a.id', 'sso_applications.account_id')
    .leftJoin('accounts as d', 'd.id', 'sso_applications.decided_by')
    .selectAll('sso_applications')
    .select([...PERSON_COLUMNS, 'd.display_name as decider_name']);
  q =
    which === 'pending'
      ? q.where('sso_applications.status', '=', 'pending').orderBy('sso_applications.created_at', 'asc')
      : q.where('sso_applications.status', '<>', 'pending').orderBy('sso_applications.decided_at', 'desc').limit(HISTORY_LIMIT);
  const rows = await q.orderBy('sso_applications.id', which === 'pending' ? 'asc' : 'desc').execute();
  return rows.map(({ username, display_name, category, email, decider_name, ...application }) => ({
    ...application,
    applicant: personFromRow(application.account_id, { username, display_name, category, email }),
    deciderName: decider_name,
  }));
}

export async function listBlocks(db: Db, which: 'open' | 'lifted'): Promise<BlockListItem[]> {
  let q = db
    .selectFrom('sso_blocks')
    .innerJoin('accounts as a', 'a.id', 'sso_blocks.account_id')
    .leftJoin('accounts as l', 'l.id', 'sso_blocks.lifted_by')
    .selectAll('sso_blocks')
    .select([...PERSON_COLUMNS, 'l.display_name as lifter_name']);
  q =
    which === 'open'
      ? q.where('sso_blocks.lifted_at', 'is', null).orderBy('sso_blocks.refused_at', 'asc')
      : q.where('sso_blocks.lifted_at', 'is not', null).orderBy('sso_blocks.lifted_at', 'desc').limit(HISTORY_LIMIT);
  const rows = await q.orderBy('sso_blocks.id', which === 'open' ? 'asc' : 'desc').execute();
  return rows.map(({ username, display_name, category, email, lifter_name, ...block }) => ({
    ...block,
    person: personFromRow(block.account_id, { username, display_name, category, email }),
    lifterName: lifter_name,
  }));
}
