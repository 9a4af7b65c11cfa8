// Mail about a 新規ユーザ登録申請 names the application, so a mail the receiving server refuses is
// recorded against it and the prefecture sees "not delivered" on its review page.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('registration_id', 'text').execute();
}
