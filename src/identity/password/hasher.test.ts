import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argon2idHasher, testHasher } from './hasher.ts';

test('argon2id hashes verify on the hashing threads, many at once, and a wrong password or a broken hash is false', async () => {
  const hasher = testHasher();
  const passwords = Array.from({ length: 12 }, (_, i) => `Pass-word-${i}`);
  const hashes = await Promise.all(passwords.map((p) => hasher.hash(p)));
  for (const h of hashes) assert.match(h, /^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
  assert.equal(new Set(hashes).size, hashes.length, 'each hash has its own salt');
  assert.deepEqual(
    await Promise.all(hashes.map((h, i) => hasher.verify(h, passwords[i]!))),
    passwords.map(() => true),
  );
  assert.equal(await hasher.verify(hashes[0]!, passwords[1]!), false);
  assert.equal(await hasher.verify('not a hash', 'x'), false);
});

test('production parameters are OWASP’s argon2id (m=19 MiB, t=2, p=1)', async () => {
  const h = await argon2idHasher().hash('Sora-Kumo-2026');
  assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
});
