// oidc-provider's persistence, on our database (both engines), so any instance serves any step of a
// flow. One table holds every model the provider stores (sessions, interactions, codes, tokens,
// grants …); registered clients come from oidc_clients, with the secret derived from SECRET_KEY.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../../db/dialect.ts';
import { loadClientMetadata } from './client-repository.ts';
import { secretOf } from './clients.ts';
import { payloadStatements, revokeGrantTokens, type PayloadLookup } from './oidc-repository.ts';
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
  const { upsert, findBy, consume, destroy } = payloadStatements(db);

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

    private async findWhere(column: PayloadLookup, value: string): Promise<AdapterPayload | undefined> {
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
