// The provider's signing keys (RS256). Generated at first start and kept in the database, sealed
// with AES-256-GCM under a key derived from SECRET_KEY. `npx gmis keys rotate` adds a new key that
// signs from then on; the retired one stays in the JWKS (so tokens it signed still verify) until
// tokens it signed have expired.
import { createCipheriv, createDecipheriv, generateKeyPairSync, hkdfSync, randomBytes, type JsonWebKey } from 'node:crypto';
import type { Db } from '../../db/dialect.ts';
import { hasActiveKey, insertKey, publishedKids, publishedSealedKeys, retireKeysExcept } from './key-repository.ts';

/** How long a retired key is still published: longer than any token it signed lives. */
export const RETIRED_KEY_RETENTION_MS = 24 * 3600_000;
const ALG = 'RS256';

function sealingKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'open-gmis', 'oidc-signing-keys', 32));
}

export function sealJwk(secretKey: string, jwk: JsonWebKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secretKey), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function unsealJwk(secretKey: string, sealed: string): JsonWebKey {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !body) throw new Error('sealed key is malformed');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secretKey), iv);
  decipher.setAuthTag(tag);
  return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as JsonWebKey;
}

async function addKey(db: Db, secretKey: string, now: number): Promise<string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `k${now.toString(36)}${randomBytes(4).toString('hex')}`;
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: ALG, use: 'sig' };
  await insertKey(db, { kid, alg: ALG, sealedJwk: sealJwk(secretKey, jwk), now });
  return kid;
}

/** First start: one key. Concurrent first starts may both add one; the newest signs. */
export async function ensureSigningKey(db: Db, secretKey: string, now: number): Promise<void> {
  if (!(await hasActiveKey(db))) await addKey(db, secretKey, now);
}

/** Adds a new signing key and retires the others. Returns the new key id. */
export async function rotateSigningKey(db: Db, secretKey: string, now: number): Promise<string> {
  const kid = await addKey(db, secretKey, now);
  await retireKeysExcept(db, kid, now);
  return kid;
}

/** The published key ids as one string: cheap to compare, to notice a rotation. */
export async function publishedKeyIds(db: Db, now: number): Promise<string> {
  return (await publishedKids(db, now - RETIRED_KEY_RETENTION_MS)).join(',');
}

/** The JWKS the provider uses (private keys, unsealed), and the ids as publishedKeyIds gives them. */
export async function loadJwks(db: Db, secretKey: string, now: number): Promise<{ keys: JsonWebKey[]; fingerprint: string }> {
  const rows = await publishedSealedKeys(db, now - RETIRED_KEY_RETENTION_MS);
  return { keys: rows.map((r) => unsealJwk(secretKey, r.sealed_jwk)), fingerprint: rows.map((r) => r.kid).join(',') };
}
