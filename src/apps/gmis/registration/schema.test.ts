// The registration steps' schemas: the same buttons as the hand-written reads before (a press that
// names no step is the step's main button) and the done page's number only in its own shape.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { doneQuery, formStep, STEP_READ_MAX, submitStep } from './schema.ts';

describe('registration step schemas', () => {
  test('the form: 住所検索 and 市区町村を表示 by name; anything else checks the form (入力内容を確認する)', () => {
    assert.equal(formStep.parse({ intent: 'lookup' }).intent, 'lookup');
    assert.equal(formStep.parse({ intent: 'municipalities' }).intent, 'municipalities');
    for (const intent of ['confirm', '', 'LOOKUP', 'ｌｏｏｋｕｐ', 'submit', `lookup${'x'.repeat(STEP_READ_MAX)}`.slice(0, STEP_READ_MAX)]) {
      assert.equal(formStep.parse({ intent }).intent, 'confirm', intent);
    }
    assert.equal(formStep.parse({}).intent, 'confirm');
  });

  test('the confirmation: 修正する by name; anything else is 申請する', () => {
    assert.equal(submitStep.parse({ intent: 'back' }).intent, 'back');
    for (const intent of ['submit', '', 'back ', 'ｂａｃｋ']) assert.equal(submitStep.parse({ intent }).intent, 'submit', intent);
  });

  test('the done page shows a 申請番号 only in its shape; anything else (full width, repeated, missing) is none', () => {
    assert.equal(doneQuery.parse({ number: 'A-20261113-7K3QZ' }).number, 'A-20261113-7K3QZ');
    for (const number of ['Ａ-20261113-7K3QZ', 'A-20261113-7K3QI', 'A-20261113-7K3QZ ', ['A-20261113-7K3QZ'], '<script>', undefined]) {
      assert.equal(doneQuery.parse({ number }).number, undefined);
    }
  });
});
