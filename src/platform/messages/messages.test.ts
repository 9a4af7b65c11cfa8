import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATALOGUE_PARTS, MESSAGES } from './index.ts';

test('no message id is defined in two parts of the catalogue', () => {
  const seen = new Map<string, string>();
  for (const [part, messages] of Object.entries(CATALOGUE_PARTS)) {
    for (const id of Object.keys(messages)) {
      assert.equal(seen.get(id), undefined, `${id} is in both ${seen.get(id)} and ${part}`);
      seen.set(id, part);
    }
  }
  assert.equal(Object.keys(MESSAGES).length, seen.size);
});

test('every id has the form context.subject[.what] and every message is Japanese text', () => {
  for (const [id, message] of Object.entries(MESSAGES)) {
    assert.match(id, /^[a-z_]+(\.[a-z_]+)+$/, id);
    const text = typeof message === 'function' ? (message as (...a: string[]) => string)('〇〇', '〇〇') : message;
    assert.match(text, /[\u3040-\u30ff\u4e00-\u9fff]/, `${id} has no Japanese text`);
    assert.doesNotMatch(text, /undefined|\[object/, id);
  }
});
