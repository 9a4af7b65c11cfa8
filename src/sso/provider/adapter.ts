// oidc-provider's persistence, on our database (both engines), so any instance serves any step of a
// flow. One table holds every model the provider stores (sessions, interactions, codes, tokens,
// grants …); registered clients come from oidc_clients, with the secret derived from SECRET_KEY.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../../db/dialect.ts';
import { prepared } from '../../db/prepared.ts';
import { loadClientMetadata, secretOf } from './clients.ts';
import type { Secrets } from '../../platform/secrets.ts';

const now = () => Date.now();

/** How long an instance keeps a client's registration before reading it again. oidc-provider asks
 * for the client four or five times per sign-in; a removal or a secret rotation made by another
 * process reaches this one within this time. */
export const CLIENT_CACHE_MS = 5_000;

/** Models whose rows are looked up by grant id when a grant is revoked. */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

export function databaseAdapter(db: Db, secrets: Secrets): new (model: string) => Adapter {
  const clients = new Map<string, { payload: AdapterPayload | undefined; until: number }>();
  // The provider's hot path: built and compiled once (see db/prepared.ts).
  type Row = { payload: string; grant_id: string | null; user_code: string | null; uid: string | null; expires_at: number | null };
  const upsert = prepared(db, (p: { model: string; id: string } & Row) => {
    const row = { payload: p.payload, grant_id: p.grant_id, user_code: p.user_code, uid: p.uid, expires_at: p.expires_at };
    return db
      .insertInto('oidc_payloads')
      .values({ model: p.model, id: p.id, consumed_at: null, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row));
  });
  const findOn = (column: 'id' | 'uid' | 'user_code') =>
    prepared(db, (p: { model: string; value: string }) =>
      db.selectFrom('oidc_payloads').select(['payload', 'expires_at', 'consumed_at']).where('model', '=', p.model).where(column, '=', p.value),
    );
  const findBy = { id: findOn('id'), uid: findOn('uid'), user_code: findOn('user_code') };
  const consume = prepared(db, (p: { model: string; id: string; at: number }) =>
    db.updateTable('oidc_payloads').set({ consumed_at: p.at }).where('model', '=', p.model).where('id', '=', p.id).where('consumed_at', 'is', null),
  );
  const destroy = prepared(db, (p: { model: string; id: string }) => db.deleteFrom('oidc_payloads').where('model', '=', p.model).where('id', '=', p.id));

  return class DatabaseAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await upsert({
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grant_id: GRANTABLE.has(this.model) ? (payload.grantId ?? null) : null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expires_at: expiresIn ? now() + expiresIn * 1000 : null,
      });
    }

    private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return column === 'id' ? this.findClient(value) : undefined;
      const row = (await findBy[column]({ model: this.model, value })).rows[0];
      if (!row || (row.expires_at !== null && row.expires_at <= now())) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(row.consumed_at / 1000) };
    }

    private async findClient(clientId: string): Promise<AdapterPayload | undefined> {
      const cached = clients.get(clientId);
      if (cached && cached.until > now()) return cached.payload && { ...cached.payload };
      const metadata = await loadClientMetadata(db, clientId);
      const payload = metadata && { ...metadata.metadata, client_id: clientId, client_secret: secretOf(secrets, metadata.secret) };
      if (clients.size > 1000) clients.clear(); // unknown ids sent by anyone must not grow it without bound
      clients.set(clientId, { payload, until: now() + CLIENT_CACHE_MS });
      return payload;
    }

    find(id: string) {
      return this.findWhere('id', id);
    }

    findByUid(uid: string) {
      return this.findWhere('uid', uid);
    }

    findByUserCode(userCode: string) {
      return this.findWhere('user_code', userCode);
    }

    async consume(id: string): Promise<void> {
      await consume({ model: this.model, id, at: now() });
    }

    async destroy(id: string): Promise<void> {
      await destroy({ model: this.model, id });
    }

    revokeByGrantId(grantId: string): Promise<void> {
      return revokeGrantTokens(db, grantId);
    }
  };
}

/** Removes every code and token issued under a grant (of any model: one table holds them all). */
export async function revokeGrantTokens(db: Db, grantId: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
}

/** Removes rows that expired more than a day ago (the worker calls it now and then). */
export async function sweepExpiredPayloads(db: Db, at = now()): Promise<number> {
  const res = await db.deleteFrom('oidc_payloads').where('expires_at', '<', at - 86_400_000).executeTakeFirst();
  return Number(res.numDeletedRows);
}
