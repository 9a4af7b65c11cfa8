import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { cryptoRandom, Secrets, UnsealError } from './secrets.ts';

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

test('seal and unseal: AES-256-GCM under a key derived per purpose; another key, purpose, context or any change is refused', () => {
  const s = new Secrets('x'.repeat(40));
  const text = 'https://login.example.jp/welcome/abc 山田 様';
  const sealed = s.seal(text, 'mail', 'row-1');
  assert.match(sealed, /^v1\.[A-Za-z0-9_-]+$/);
  assert.ok(!sealed.includes('abc') && !sealed.includes('login'));
  assert.notEqual(s.seal(text, 'mail', 'row-1'), sealed, 'a fresh IV every time');
  assert.equal(s.unseal(sealed, 'mail', 'row-1'), text);
  assert.throws(() => new Secrets('y'.repeat(40)).unseal(sealed, 'mail', 'row-1'), UnsealError);
  assert.throws(() => s.unseal(sealed, 'other', 'row-1'), UnsealError);
  assert.throws(() => s.unseal(sealed, 'mail', 'row-2'), UnsealError);
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  raw[raw.length - 1]! ^= 1;
  assert.throws(() => s.unseal(`v1.${raw.toString('base64url')}`, 'mail', 'row-1'), UnsealError);
  assert.throws(() => s.unseal('plain text', 'mail', 'row-1'), UnsealError);
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
