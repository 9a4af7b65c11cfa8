// What approving 新規ユーザ登録申請 writes besides the applications themselves, many rows at a time
// (「すべて承認」 approves hundreds in one transaction): institutions new to the master, accounts,
// their welcome links, mail, permissions and audit events, each table with multi-row inserts.
import type { Insertable } from 'kysely';
import type { Db } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';

type NewRow<T extends keyof Database> = Insertable<Database[T]>;

/** Rows per multi-row INSERT (SQLite allows 32,766 parameters a statement; the widest row has 14). */
const INSERT_ROWS = 500;

async function insertRows<T extends 'institutions' | 'accounts' | 'account_tokens' | 'mail_outbox' | 'audit_events' | 'account_permissions'>(
  db: Db,
  table: T,
  rows: ReadonlyArray<NewRow<T>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_ROWS) {
    const values = rows.slice(i, i + INSERT_ROWS) as NewRow<T>[];
    if (table === 'account_permissions')
      await db
        .insertInto('account_permissions')
        .values(values as NewRow<'account_permissions'>[])
        .onConflict((oc) => oc.columns(['account_id', 'permission']).doNothing())
        .execute();
    else await (db.insertInto(table) as unknown as { values(v: unknown): { execute(): Promise<unknown> } }).values(values).execute();
  }
}

/** Institutions the approved applications add to the master. */
export function insertNewInstitutions(db: Db, rows: ReadonlyArray<NewRow<'institutions'>>): Promise<void> {
  return insertRows(db, 'institutions', rows);
}

/** The rows approvals write, table by table (a permission the account has already is kept as it is). */
export interface ApprovalRows {
  accounts: Array<NewRow<'accounts'>>;
  links: Array<NewRow<'account_tokens'>>;
  mails: Array<NewRow<'mail_outbox'>>;
  permissions: Array<NewRow<'account_permissions'>>;
  audits: Array<NewRow<'audit_events'>>;
}

/** Writes them in this order: an account before what refers to it. */
export async function insertApprovalRows(db: Db, rows: ApprovalRows): Promise<void> {
  await insertRows(db, 'accounts', rows.accounts);
  await insertRows(db, 'account_tokens', rows.links);
  await insertRows(db, 'mail_outbox', rows.mails);
  await insertRows(db, 'account_permissions', rows.permissions);
  await insertRows(db, 'audit_events', rows.audits);
}
