// Med-Login's schemas: the same lengths, messages and query flags as the hand-written reads before.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { MESSAGES } from '../../platform/messages/index.ts';
import {
  chooserQuery,
  consentForm,
  endSessionFields,
  fieldErrors,
  forgotFields,
  forgotForm,
  ID_MAX,
  loginQueryWith,
  newPasswordFields,
  PASSWORD_MAX,
  readFields,
  resetStepFields,
  revokeConsentFields,
  sentQuery,
  sessionsQuery,
  signInFieldsWith,
  signInForm,
  USERNAME_MAX,
} from './schema.ts';

const ALLOWLIST = ['https://gmis.example.jp/'];
const signInFields = signInFieldsWith(ALLOWLIST);
const loginQuery = loginQueryWith(ALLOWLIST);
const posted = (body: unknown) => ({ body }) as FastifyRequest;

describe('Med-Login schemas', () => {
  test('the sign-in form: the username cut to its length and trimmed, the password as typed, return_to judged', () => {
    const typed = readFields(
      posted({ username: `　${'a'.repeat(USERNAME_MAX - 1)}b-beyond`, password: ' pass ', return_to: '/account/sessions' }),
      signInFields,
    );
    // Cut first, then trimmed: the full-width space counts towards the length, as before.
    assert.deepEqual(typed, { username: 'a'.repeat(USERNAME_MAX - 1), password: ' pass ', return_to: '/account/sessions' });
    assert.equal(readFields(posted({ password: 'x'.repeat(PASSWORD_MAX + 5) }), signInFields).password.length, PASSWORD_MAX);
    // A password is never normalised: full-width stays full-width.
    assert.equal(readFields(posted({ password: 'ｐａｓｓ' }), signInFields).password, 'ｐａｓｓ');
    assert.equal(readFields(posted({ return_to: '//evil.example/' }), signInFields).return_to, undefined);
    assert.equal(readFields(posted({ return_to: 'https://gmis.example.jp/portal' }), signInFields).return_to, 'https://gmis.example.jp/portal');
    assert.equal(readFields(posted({ return_to: 'https://other.example/' }), signInFields).return_to, undefined);
  });

  test('the sign-in form refuses a missing username and password, each beside its field; spaces are a password', () => {
    const both = signInForm.safeParse(readFields(posted({ username: '  ' }), signInFields));
    assert.deepEqual(fieldErrors(both.error!), { username: MESSAGES['login.username.required'], password: MESSAGES['login.password.required'] });
    assert.deepEqual(signInForm.parse(readFields(posted({ username: ' taro ', password: '   ' }), signInFields)), { username: 'taro', password: '   ' });
  });

  test('a form field is read as a string: repeated, the first; anything else, empty', () => {
    assert.equal(readFields(posted({ username: ['first', 'second'] }), forgotFields).username, 'first');
    assert.equal(readFields(posted({ username: { nested: 'x' } }), forgotFields).username, '');
    assert.equal(readFields(posted(undefined), forgotFields).username, '');
  });

  test('password forgot: a username is required (the same message as before)', () => {
    const empty = forgotForm.safeParse(readFields(posted({ username: '　' }), forgotFields));
    assert.deepEqual(fieldErrors(empty.error!), { username: MESSAGES['recovery.username.required'] });
    assert.deepEqual(forgotForm.parse(readFields(posted({ username: ' hanako ' }), forgotFields)), { username: 'hanako' });
  });

  test('a new password and its confirmation are cut to their length and otherwise untouched; the reset step is set or nothing', () => {
    assert.deepEqual(readFields(posted({ password: ' Ｐａｓｓ-1 ', confirmation: 'y'.repeat(PASSWORD_MAX + 1) }), newPasswordFields), {
      password: ' Ｐａｓｓ-1 ',
      confirmation: 'y'.repeat(PASSWORD_MAX),
    });
    assert.equal(readFields(posted({ step: 'set' }), resetStepFields).step, 'set');
    for (const step of ['', 'SET', 'set ', 'confirm']) assert.equal(readFields(posted({ step }), resetStepFields).step, undefined);
  });

  test('the account page: ids cut to their length; its ?done= names one of two notices or none', () => {
    assert.equal(readFields(posted({ session: 'h'.repeat(ID_MAX + 10) }), endSessionFields).session.length, ID_MAX);
    assert.equal(readFields(posted({}), revokeConsentFields).consent, '');
    assert.equal(sessionsQuery.parse({ done: 'ended' }).done, 'ended');
    assert.equal(sessionsQuery.parse({ done: 'revoked' }).done, 'revoked');
    for (const done of ['saved', '', ['ended', 'ended'], undefined]) assert.equal(sessionsQuery.parse({ done }).done, undefined);
  });

  test('the query flags are on when they carry a value, as before; unknown values and other keys are ignored', () => {
    assert.deepEqual(chooserQuery.parse({}), { welcome: false, reset: false });
    assert.deepEqual(chooserQuery.parse({ welcome: '1', other: 'x' }), { welcome: true, reset: false });
    assert.deepEqual(chooserQuery.parse({ welcome: '', reset: 'yes' }), { welcome: false, reset: true });
    assert.equal(sentQuery.parse({ resent: '1' }).resent, true);
    assert.equal(sentQuery.parse({}).resent, false);
    const q = loginQuery.parse({ logged_out: '1', ended: '', prompt: 'none', return_to: '/account/sessions' });
    assert.deepEqual(q, { logged_out: true, ended: false, prompt: undefined, return_to: '/account/sessions' });
    assert.equal(loginQuery.parse({ prompt: 'login' }).prompt, 'login');
    assert.equal(loginQuery.parse({ prompt: ['login', 'login'] }).prompt, undefined);
    for (const return_to of ['https://evil.example/', ['/a', '/b'], `/${'x'.repeat(2000)}`, '/\\\\evil.example'])
      assert.equal(loginQuery.parse({ return_to }).return_to, undefined);
  });

  test('consent: 同意 or 却下 as posted; anything else is neither', () => {
    assert.equal(consentForm.parse({ decision: 'approve' }).decision, 'approve');
    assert.equal(consentForm.parse({ decision: 'reject' }).decision, 'reject');
    for (const body of [{}, { decision: 'refuse' }, { decision: ['reject', 'approve'] }, 'decision=reject', null])
      assert.equal(consentForm.parse(body).decision, undefined);
  });
});
