// 新規ユーザ登録申請 as stored (registration_applications).
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../db/dialect.ts';
import type { RegistrationApplicationsTable } from '../db/schema.ts';

export async function insertApplication(db: Db, row: Insertable<RegistrationApplicationsTable>): Promise<void> {
  await db.insertInto('registration_applications').values(row).execute();
}

/** Writes a returned (差し戻し) application sent again; undefined when it is no longer returned. */
export function updateReturnedApplication(
  db: Db,
  id: string,
  fields: Updateable<RegistrationApplicationsTable>,
): Promise<{ id: string; number: string; submitted_by: string | null } | undefined> {
  return db.updateTable('registration_applications').set(fields).where('id', '=', id).where('status', '=', 'returned').returning(['id', 'number', 'submitted_by']).executeTakeFirst();
}
