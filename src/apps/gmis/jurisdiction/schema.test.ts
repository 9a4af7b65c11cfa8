// The jurisdiction pages' schemas: the same messages beside the same fields as the hand-written checks
// before, the same lengths read, and query values that name nothing ignored.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { fieldErrors } from '../portal/schema.ts';
import { delegationFields, DISPLAY_NAME_MAX, healthCentreQuery, issueFields, issueForm, staffQuery } from './schema.ts';

const typed = (v: Partial<Record<'category' | 'display_name' | 'email' | 'prefecture', string>>) =>
  issueFields.parse({ category: '', display_name: '', email: '', prefecture: '', ...v });
const errorsOf = (v: Parameters<typeof typed>[0]) => {
  const r = issueForm.safeParse(typed(v));
  assert.equal(r.success, false);
  return fieldErrors(r.error!);
};

describe('jurisdiction schemas', () => {
  test('アカウントの発行: full-width input normalised, the prefecture optional where the category has none', () => {
    assert.deepEqual(issueForm.parse(typed({ category: '関係団体', display_name: '　日本ＸＸ協会　', email: 'ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ' })), {
      category: '関係団体',
      display_name: '日本XX協会',
      email: 'info@example.jp',
      prefecture: '',
    });
    assert.equal(issueForm.parse(typed({ category: '保健所', display_name: '保健所', email: 'hc@example.jp', prefecture: '27' })).prefecture, '27');
  });

  test('each refusal beside its field, as before; a prefecture or a health centre needs its prefecture alongside the other messages', () => {
    assert.deepEqual(errorsOf({}), {
      category: MESSAGES['office.issue.category.required'],
      display_name: MESSAGES['text.required']('表示名'),
      email: MESSAGES['contact.email.required'],
    });
    assert.deepEqual(errorsOf({ category: '都道府県', email: 'x@example.jp' }), {
      display_name: MESSAGES['text.required']('表示名'),
      prefecture: MESSAGES['office.issue.prefecture.required'],
    });
    assert.deepEqual(errorsOf({ category: '保健所', display_name: '保健所', email: 'x@example.jp', prefecture: '99' }), {
      prefecture: MESSAGES['office.issue.prefecture.unknown'],
    });
    assert.deepEqual(errorsOf({ category: '病院', display_name: '病院', email: 'x@example.jp' }), { category: MESSAGES['office.issue.category.required'] });
  });

  test('the lengths read: a display name up to DISPLAY_NAME_MAX once normalised; each field cut as before, so what is shown again is bounded', () => {
    const ok = { category: '事務局', email: 'x@example.jp' };
    assert.equal(issueForm.safeParse(typed({ ...ok, display_name: 'あ'.repeat(DISPLAY_NAME_MAX) })).success, true);
    assert.deepEqual(errorsOf({ ...ok, display_name: 'あ'.repeat(DISPLAY_NAME_MAX + 1) }), {
      display_name: MESSAGES['text.too_long']('表示名', DISPLAY_NAME_MAX),
    });
    const long = typed({ category: '都道府県'.repeat(10), display_name: 'あ'.repeat(1000), email: 'a'.repeat(1000), prefecture: '27000' });
    assert.deepEqual([long.category.length, long.display_name.length, long.email.length, long.prefecture], [20, 400, 500, '2700']);
    assert.deepEqual(fieldErrors(issueForm.safeParse(long).error!).prefecture, MESSAGES['office.issue.prefecture.unknown']);
  });

  test('a delegation is given by grant=1 alone; the prefecture is cut to what is read', () => {
    assert.deepEqual(delegationFields.parse({ prefecture: '27', grant: '1' }), { prefecture: '27', grant: true });
    for (const grant of ['0', '', '11', 'true']) assert.equal(delegationFields.parse({ prefecture: '', grant }).grant, false);
    assert.equal(delegationFields.parse({ prefecture: '１３ほか', grant: '1' }).prefecture, '１３ほか');
    assert.equal(delegationFields.parse({ prefecture: '131313', grant: '1' }).prefecture, '1313');
  });

  test('the notices a redirect names; anything else is none', () => {
    assert.equal(staffQuery.parse({ done: 'jurisdiction' }).done, 'jurisdiction');
    assert.equal(staffQuery.parse({ done: 'issued' }).done, undefined);
    assert.deepEqual(healthCentreQuery.parse({ done: 'jurisdiction', problem: 'outside_prefecture' }), { done: 'jurisdiction', problem: 'outside_prefecture' });
    for (const problem of ['toString', '__proto__', 'unknown', ['not_found']]) assert.equal(healthCentreQuery.parse({ problem }).problem, undefined);
    assert.deepEqual(healthCentreQuery.parse({}), {});
  });
});
