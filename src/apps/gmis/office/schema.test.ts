// The office console's schemas: the 受付期間 form refuses what the console refused before it had a
// schema, with the same message beside the same field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { fieldErrors } from '../portal/schema.ts';
import { accountSearchQuery, auditQuery, windowForm } from './schema.ts';

const now = Date.UTC(2026, 10, 13, 0); // 2026-11-13 09:00 Japan time
const form = (v: Partial<Record<'action' | 'from' | 'until' | 'reopen', string>>) =>
  windowForm(now).safeParse({ action: '', from: '', until: '', reopen: '', ...v });
const errorsOf = (v: Parameters<typeof form>[0]) => {
  const r = form(v);
  assert.equal(r.success, false);
  return fieldErrors(r.error!);
};

describe('office schemas', () => {
  test('受付を止める: an optional reopening time, readable and in the future', () => {
    assert.deepEqual(form({ action: 'close' }).data, { action: 'close', reopen: null });
    assert.deepEqual(form({ action: 'close', reopen: '2026-12-01 09:00', from: 'ignored' }).data, { action: 'close', reopen: Date.UTC(2026, 11, 1, 0) });
    assert.deepEqual(errorsOf({ action: 'close', reopen: '来週の月曜' }), { reopen: MESSAGES['office.window.time_unreadable'] });
    assert.deepEqual(errorsOf({ action: 'close', reopen: '2026-11-13 09:00' }), { reopen: MESSAGES['office.window.reopen_past'] });
  });

  test('受付期間: start and end optional, the end after the start and in the future; one message a field', () => {
    assert.deepEqual(form({ action: 'open' }).data, { action: 'open', from: null, until: null });
    assert.deepEqual(form({ action: 'open', from: '2026-11-01', until: '２０２６－１２－３１　１７：００' }).data, {
      action: 'open',
      from: Date.UTC(2026, 9, 31, 15),
      until: Date.UTC(2026, 11, 31, 8),
    });
    assert.deepEqual(errorsOf({ action: 'open', from: 'x', until: 'y' }), {
      from: MESSAGES['office.window.time_unreadable'],
      until: MESSAGES['office.window.time_unreadable'],
    });
    // Before its start and already past: the start is named, as before.
    assert.deepEqual(errorsOf({ action: 'open', from: '2026-11-10', until: '2026-11-01' }), { until: MESSAGES['office.window.until_before_from'] });
    assert.deepEqual(errorsOf({ action: 'open', from: 'x', until: '2026-11-01' }), {
      from: MESSAGES['office.window.time_unreadable'],
      until: MESSAGES['office.window.until_past'],
    });
  });

  test('the search word and the audit filter never refuse: unreadable is nothing', () => {
    assert.equal(accountSearchQuery.parse({}).q, '');
    assert.equal(accountSearchQuery.parse({ q: ['a', 'b'] }).q, '');
    assert.equal(accountSearchQuery.parse({ q: `　ＡＢ${'x'.repeat(200)}` }).q.length <= 100, true);
    assert.deepEqual(auditQuery.parse({ type: 'x'.repeat(65), username: ' ab123456 ', before: '-5' }), { type: '', username: 'ab123456', before: undefined });
  });
});
