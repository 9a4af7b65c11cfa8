// oidc-provider's storage: one table (oidc_payloads) holds every model the provider stores
// (sessions, interactions, codes, tokens, grants …), keyed by model and id.
import type { Db } from '../../db/dialect.ts';
import { prepared } from '../../db/prepared.ts';

/** A stored model's columns besides its key. */
export type PayloadRow = { payload: string; grant_id: string | null; user_code: string | null; uid: string | null; expires_at: number | null };
export type PayloadLookup = 'id' | 'uid' | 'user_code';

/** The adapter's statements on one database: the provider's hot path, built and compiled once (see db/prepared.ts). */
export function payloadStatements(db: Db) {
  const upsert = prepared(db, (p: { model: string; id: string } & PayloadRow) => {
    const row = { payload: p.payload, grant_id: p.grant_id, user_code: p.user_code, uid: p.uid, expires_at: p.expires_at };
    return db
      .insertInto('oidc_payloads')
      .values({ model: p.model, id: p.id, consumed_at: null, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row));
  });
  const findOn = (column: PayloadLookup) =>
    prepared(db, (p: { model: string; value: string }) =>
      db.selectFrom('oidc_payloads').select(['payload', 'expires_at', 'consumed_at']).where('model', '=', p.model).where(column, '=', p.value),
    );
  const findBy: Record<PayloadLookup, ReturnType<typeof findOn>> = { id: findOn('id'), uid: findOn('uid'), user_code: findOn('user_code') };
  const consume = prepared(db, (p: { model: string; id: string; at: number }) =>
    db.updateTable('oidc_payloads').set({ consumed_at: p.at }).where('model', '=', p.model).where('id', '=', p.id).where('consumed_at', 'is', null),
  );
  const destroy = prepared(db, (p: { model: string; id: string }) => db.deleteFrom('oidc_payloads').where('model', '=', p.model).where('id', '=', p.id));
  return { upsert, findBy, consume, destroy };
}

/** Removes every code and token issued under a grant (of any model: one table holds them all). */
export async function revokeGrantTokens(db: Db, grantId: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
}

/** Removes rows that expired more than a day ago (the worker calls it now and then). */
export async function sweepExpiredPayloads(db: Db, at = Date.now()): Promise<number> {
  const res = await db
    .deleteFrom('oidc_payloads')
    .where('expires_at', '<', at - 86_400_000)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The stored provider sessions of these ids, as JSON. */
export async function sessionPayloads(db: Db, sessionIds: string[]): Promise<string[]> {
  const rows = await db.selectFrom('oidc_payloads').select('payload').where('model', '=', 'Session').where('id', 'in', sessionIds).execute();
  return rows.map((r) => r.payload);
}

/** Removes these grants and every code and token issued under them. */
export async function deleteGrants(db: Db, grantIds: string[]): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('grant_id', 'in', grantIds).execute();
  await db.deleteFrom('oidc_payloads').where('model', '=', 'Grant').where('id', 'in', grantIds).execute();
}

export async function deleteSessions(db: Db, sessionIds: string[]): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('model', '=', 'Session').where('id', 'in', sessionIds).execute();
}

/** Removes the grants, codes and tokens issued to a client: they name it in the payload oidc-provider
 * stores (client ids are lower-case letters, digits and hyphens: nothing LIKE would read as a pattern). */
export async function deletePayloadsOfClient(db: Db, clientId: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('payload', 'like', `%"clientId":"${clientId}"%`).execute();
}
