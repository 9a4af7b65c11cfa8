// Signing keys on both engines: first start, rotation (the new key signs, the old one still
// verifies until tokens it signed have expired), sealing at rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../testing/db.ts';
import { ensureSigningKey, loadJwks, publishedKeyIds, RETIRED_KEY_RETENTION_MS, rotateSigningKey } from './keys.ts';

const SECRET = 'keys-test-secret-keys-test-secret-0123456789';

forEachEngine('OIDC signing keys', (handle) => {
  test('one key at first start; rotation puts the new key first and keeps the old one for the retention time', async () => {
    const { db } = handle();
    const t0 = 1_800_000_000_000;
    await ensureSigningKey(db, SECRET, t0);
    await ensureSigningKey(db, SECRET, t0 + 1);
    const first = await publishedKeyIds(db, t0 + 2);
    assert.equal(first.split(',').length, 1);

    const kid = await rotateSigningKey(db, SECRET, t0 + 1000);
    const ids = await publishedKeyIds(db, t0 + 2000);
    assert.deepEqual(ids.split(','), [kid, first]);
    const jwks = await loadJwks(db, SECRET, t0 + 2000);
    assert.equal(jwks.fingerprint, ids);
    assert.deepEqual(
      jwks.keys.map((k) => k.kid),
      [kid, first],
    );
    assert.ok(jwks.keys[0]!.d, 'the private key is unsealed for the provider');

    assert.equal(await publishedKeyIds(db, t0 + 1000 + RETIRED_KEY_RETENTION_MS + 1), kid);
    const row = await db.selectFrom('oidc_keys').select('sealed_jwk').where('kid', '=', kid).executeTakeFirstOrThrow();
    assert.doesNotMatch(row.sealed_jwk, /"d"/, 'sealed at rest');
    await assert.rejects(loadJwks(db, 'another-secret-another-secret-0123456789', t0 + 2000));
  });
});
