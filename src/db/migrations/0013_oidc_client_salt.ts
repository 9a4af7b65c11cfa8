// A client's secret is derived from SECRET_KEY and the client id; a salt drawn at registration is
// mixed in too, so an id removed and registered again does not get its old secret back. Clients
// registered before keep a null salt, and so their secrets.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('oidc_clients').addColumn('secret_salt', 'text').execute();
}
