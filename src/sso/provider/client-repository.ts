// The registered OIDC clients as stored (oidc_clients): the provider's metadata as JSON, the
// secret's version and salt (never the secret).
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/dialect.ts';
import { statement } from '../../db/prepared.ts';
import type { OidcClientsTable } from '../../db/schema.ts';

export type ClientRow = Selectable<OidcClientsTable>;

/** What the provider's adapter needs of a client: its metadata and what its secret is derived from. */
export async function loadClientMetadata(
  db: Db,
  clientId: string,
): Promise<{ metadata: Record<string, unknown>; secret: { clientId: string; secretVersion: number; secretSalt: string | null } } | undefined> {
  const row = await db.selectFrom('oidc_clients').select(['metadata', 'secret_version', 'secret_salt']).where('client_id', '=', clientId).executeTakeFirst();
  return (
    row && {
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
      secret: { clientId, secretVersion: row.secret_version, secretSalt: row.secret_salt },
    }
  );
}

export function clientRows(db: Db): Promise<ClientRow[]> {
  return db.selectFrom('oidc_clients').selectAll().orderBy('sort_order').orderBy('client_id').execute();
}

/** Read at every authorization (whether the client needs a consent): prepared once. */
const byClientId = statement((db, p: { clientId: string }) => db.selectFrom('oidc_clients').selectAll().where('client_id', '=', p.clientId));

export async function clientRow(db: Db, clientId: string): Promise<ClientRow | undefined> {
  return (await byClientId(db, { clientId })).rows[0];
}

export async function updateClientRow(db: Db, clientId: string, row: Updateable<OidcClientsTable>): Promise<void> {
  await db.updateTable('oidc_clients').set(row).where('client_id', '=', clientId).execute();
}

export async function insertClientRow(db: Db, row: Insertable<OidcClientsTable>): Promise<void> {
  await db.insertInto('oidc_clients').values(row).execute();
}

export async function clientMetadataRows(db: Db): Promise<string[]> {
  return (await db.selectFrom('oidc_clients').select('metadata').execute()).map((r) => r.metadata);
}

/** Removes the client's row; false when there was none. */
export async function deleteClientRow(db: Db, clientId: string): Promise<boolean> {
  const res = await db.deleteFrom('oidc_clients').where('client_id', '=', clientId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
