// One session store and one one-time-link store for the three origins (src/identity/sessions,
// src/identity/tokens): every session and link table names its account `account_id`, and G-MIS's
// sessions can be ended by account (disabling an account ends them) without a scan.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('navi_sessions').renameColumn('navi_account_id', 'account_id').execute();
  await db.schema.alterTable('navi_password_links').renameColumn('navi_account_id', 'account_id').execute();
  await db.schema.createIndex('gmis_sessions_account').on('gmis_sessions').column('account_id').execute();
}
