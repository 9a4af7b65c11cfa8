// oidc-provider's persistence, on our database (both engines), so any instance serves any step of a
// flow. One table holds every model the provider stores (sessions, interactions, codes, tokens,
// grants …); registered clients come from oidc_clients, with the secret derived from SECRET_KEY.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../../db/dialect.ts';
import { clientSecret, loadClientMetadata } from './clients.ts';
import type { Secrets } from '../../platform/secrets.ts';

const now = () => Date.now();

/** Models whose rows are looked up by grant id when a grant is revoked. */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

export function databaseAdapter(db: Db, secrets: Secrets): new (model: string) => Adapter {
  return class DatabaseAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        payload: JSON.stringify(payload),
        grant_id: GRANTABLE.has(this.model) ? (payload.grantId ?? null) : null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expires_at: expiresIn ? now() + expiresIn * 1000 : null,
      };
      await db
        .insertInto('oidc_payloads')
        .values({ model: this.model, id, consumed_at: null, ...row })
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
        .execute();
    }

    private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return column === 'id' ? this.findClient(value) : undefined;
      const row = await db
        .selectFrom('oidc_payloads')
        .select(['payload', 'expires_at', 'consumed_at'])
        .where('model', '=', this.model)
        .where(column, '=', value)
        .executeTakeFirst();
      if (!row || (row.expires_at !== null && row.expires_at <= now())) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(row.consumed_at / 1000) };
    }

    private async findClient(clientId: string): Promise<AdapterPayload | undefined> {
      const metadata = await loadClientMetadata(db, clientId);
      if (!metadata) return undefined;
      return { ...metadata.metadata, client_id: clientId, client_secret: clientSecret(secrets, clientId, metadata.secretVersion) };
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
      await db
        .updateTable('oidc_payloads')
        .set({ consumed_at: now() })
        .where('model', '=', this.model)
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', id).execute();
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
