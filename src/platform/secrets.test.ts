import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { cryptoRandom, Secrets } from './secrets.ts';

test('digest is HMAC-SHA256 of purpose and value under the key (stored session ids and links depend on it)', () => {
  const key = 'k'.repeat(20) + '鍵';
  const expected = createHmac('sha256', key).update('session\0abc').digest('base64url');
  assert.equal(new Secrets(key).digest('abc', 'session'), expected);
});

test('sign and unsign: a changed value or signature, or another purpose, is refused', () => {
  const s = new Secrets('x'.repeat(40));
  const signed = s.sign('ex000001:nonce', 'device');
  assert.equal(s.unsign(signed, 'device'), 'ex000001:nonce');
  assert.equal(s.unsign(signed, 'recovery'), undefined);
  assert.equal(s.unsign(signed.replace('ex000001', 'ex000002'), 'device'), undefined);
  assert.equal(s.unsign(`${signed.slice(0, -1)}A`, 'device'), undefined);
  assert.equal(new Secrets('y'.repeat(40)).unsign(signed, 'device'), undefined);
});

test('tokens are 256-bit, base64url, and do not repeat', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    const t = cryptoRandom.token();
    assert.match(t, /^[A-Za-z0-9_-]{43}$/);
    seen.add(t);
  }
  assert.equal(seen.size, 10_000);
});
