// SQL for the lock for browsers that never signed in, set after LOCKOUT_THRESHOLD failures, on either
// account table (Med-Login's accounts, 医療情報ネット's navi_accounts).
import type { Db } from '../../db/dialect.ts';

export type LockableTable = 'accounts' | 'navi_accounts';

/** Sets the lock in one conditional UPDATE, so concurrent failures set it (and audit it) once. */
export async function setUntrustedLock(db: Db, table: LockableTable, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set({ untrusted_locked_at: now, updated_at: now })
    .where('id', '=', id)
    .where('untrusted_locked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function liftUntrustedLock(db: Db, table: LockableTable, id: string, now: number): Promise<void> {
  await db.updateTable(table).set({ untrusted_locked_at: null, updated_at: now }).where('id', '=', id).execute();
}
