// Mail bodies at rest: pending bodies are sealed (AES-256-GCM under a key derived from SECRET_KEY),
// delivered ones keep no links. body_state says which form body_text is in; rows from before this
// migration are 'plain' until the first start seals or redacts them (the key is not known here).
// dev_body_text is the dev mailbox's readable copy, only where the dev mailbox is on.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('mail_outbox')
    .addColumn('body_state', 'text', (c) => c.notNull().defaultTo('plain'))
    .execute();
  await db.schema.alterTable('mail_outbox').addColumn('dev_body_text', 'text').execute();
}
