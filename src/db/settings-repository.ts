// Settings kept in the database (app_settings): one JSON or text value per key, e.g. the
// registration form's window and, in development, the generated SECRET_KEY.
import type { Db } from './dialect.ts';

export async function readSetting(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function writeSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('app_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Stores the value unless the key has one already (concurrent first starts keep one). */
export async function insertSettingIfAbsent(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('app_settings')
    .values({ key, value })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
