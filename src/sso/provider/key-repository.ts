// The provider's signing keys as stored (oidc_keys): sealed JWKs, the newest active one signing.
import { sql } from 'kysely';
import type { Db } from '../../db/dialect.ts';

export interface SigningKeyInfo {
  kid: string;
  alg: string;
  createdAt: number;
  retiredAt: number | null;
}

export async function insertKey(db: Db, key: { kid: string; alg: string; sealedJwk: string; now: number }): Promise<void> {
  await db.insertInto('oidc_keys').values({ kid: key.kid, alg: key.alg, sealed_jwk: key.sealedJwk, created_at: key.now, retired_at: null }).execute();
}

export async function hasActiveKey(db: Db): Promise<boolean> {
  return (await db.selectFrom('oidc_keys').select('kid').where('retired_at', 'is', null).executeTakeFirst()) !== undefined;
}

/** Retires every active key but this one. */
export async function retireKeysExcept(db: Db, kid: string, now: number): Promise<void> {
  await db.updateTable('oidc_keys').set({ retired_at: now }).where('kid', '!=', kid).where('retired_at', 'is', null).execute();
}

export async function listSigningKeys(db: Db): Promise<SigningKeyInfo[]> {
  const rows = await db.selectFrom('oidc_keys').select(['kid', 'alg', 'created_at', 'retired_at']).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ kid: r.kid, alg: r.alg, createdAt: r.created_at, retiredAt: r.retired_at }));
}

/** The keys active or retired after `retiredAfter`, in order: the newest active key first (it
 * signs), then the retired ones still verifying. */
function publishedKeys(db: Db, retiredAfter: number) {
  return db
    .selectFrom('oidc_keys')
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', retiredAfter)]))
    .orderBy(sql`retired_at is not null`)
    .orderBy('created_at', 'desc');
}

export async function publishedKids(db: Db, retiredAfter: number): Promise<string[]> {
  return (await publishedKeys(db, retiredAfter).select('kid').execute()).map((r) => r.kid);
}

export function publishedSealedKeys(db: Db, retiredAfter: number): Promise<{ kid: string; sealed_jwk: string }[]> {
  return publishedKeys(db, retiredAfter).select(['kid', 'sealed_jwk']).execute();
}
