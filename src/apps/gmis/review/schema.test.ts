// The review pages' schemas: the same messages beside the same fields as the hand-written checks before.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REASON_MAX } from '../../../registration/review.ts';
import { fieldErrors } from '../portal/schema.ts';
import { queueQuery, reasonForm, resendForm } from './schema.ts';

describe('review schemas', () => {
  test('a reason is required and at most REASON_MAX characters once normalised', () => {
    const form = reasonForm('return_reason', '差し戻しの理由');
    assert.deepEqual(form.parse({ return_reason: '　住所を直してください\r\n' }), { return_reason: '住所を直してください' });
    const empty = form.safeParse({ return_reason: ' \n ' });
    assert.deepEqual(fieldErrors(empty.error!), { return_reason: '差し戻しの理由を入力してください。' });
    const long = form.safeParse({ return_reason: 'あ'.repeat(REASON_MAX + 1) });
    assert.deepEqual(fieldErrors(long.error!), { return_reason: `差し戻しの理由は${REASON_MAX}文字以内で入力してください。` });
    assert.equal(form.safeParse({ return_reason: 'あ'.repeat(REASON_MAX) }).success, true);
  });

  test('the address to send again to is read as every e-mail field reads it; the queue query never refuses', () => {
    assert.equal(resendForm.parse({ resend_email: 'ｔｙｐｏ@example.jp' }).resend_email, 'typo@example.jp');
    assert.ok(fieldErrors(resendForm.safeParse({ resend_email: 'typo@@example' }).error!).resend_email);
    assert.deepEqual(queueQuery.parse({ status: 'x', kind: 'x', municipality: '1', page: '0' }), {
      status: 'submitted',
      kind: undefined,
      municipality: undefined,
      page: 1,
    });
  });
});
