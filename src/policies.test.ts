// Every action tried as every account category, on someone else's subject and on one's own, plus the
// rules that hold for all actions (no actor, inactive accounts) and the Forbidden error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT_CATEGORIES, type Account, type AccountCategory, type AccountState } from './db/schema.ts';
import { ACTIONS, authorize, can, Forbidden, type Action, type ActionSubjects } from './policies.ts';

function accountOf(category: AccountCategory, state: AccountState = 'active'): Account {
  // Only what the rules read; the profile columns stay unset.
  const account: Partial<Account> = {
    id: `id-${category}`,
    username: 'ab123456',
    category,
    display_name: `${category} 担当者`,
    email: 'someone@example.jp',
    prefecture_code: null,
    state,
    password_hash: null,
    password_changed_at: null,
    untrusted_locked_at: null,
    created_at: 0,
    updated_at: 0,
  };
  return account as Account;
}

/** A subject that belongs to someone else, and one that belongs to the actor. */
const SUBJECTS: { [A in Action]: { others: ActionSubjects[A]; own: (actor: Account) => ActionSubjects[A] } } = {
  'sso_application.submit': { others: undefined, own: () => undefined },
  'sso_application.decide': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
  'sso_office_queue.view': { others: undefined, own: () => undefined },
  'sso_block.lift': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
  'profile.update': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
  'inquiry.submit': { others: undefined, own: () => undefined },
  'inquiry.view': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
};

/** Which categories may do each action to someone else's subject, and to their own. */
const EXPECTED: Record<Action, { others: readonly AccountCategory[]; own: readonly AccountCategory[] }> = {
  'sso_application.submit': { others: ACCOUNT_CATEGORIES, own: ACCOUNT_CATEGORIES },
  'sso_application.decide': { others: ['事務局'], own: [] },
  'sso_office_queue.view': { others: ['事務局'], own: ['事務局'] },
  'sso_block.lift': { others: ['事務局'], own: [] },
  'profile.update': { others: [], own: ACCOUNT_CATEGORIES },
  'inquiry.submit': { others: ACCOUNT_CATEGORIES, own: ACCOUNT_CATEGORIES },
  'inquiry.view': { others: ['事務局'], own: ACCOUNT_CATEGORIES },
};

// Loose calls for the table-driven loop; typed callers get the per-action subject checks.
const canLoose = can as (actor: Account | undefined, action: Action, subject?: unknown) => boolean;
const authorizeLoose = authorize as (actor: Account | undefined, action: Action, subject?: unknown) => void;

describe('policies', () => {
  test('the expectations cover every action there is', () => {
    assert.deepEqual([...ACTIONS].sort(), Object.keys(EXPECTED).sort());
  });

  for (const action of ACTIONS) {
    describe(action, () => {
      for (const category of ACCOUNT_CATEGORIES) {
        test(`as ${category}`, () => {
          const actor = accountOf(category);
          const { others, own } = SUBJECTS[action] as { others: unknown; own: (a: Account) => unknown };
          assert.equal(canLoose(actor, action, others), EXPECTED[action].others.includes(category), "someone else's");
          assert.equal(canLoose(actor, action, own(actor)), EXPECTED[action].own.includes(category), 'own');
          if (EXPECTED[action].others.includes(category)) assert.doesNotThrow(() => authorizeLoose(actor, action, others));
          else assert.throws(() => authorizeLoose(actor, action, others), Forbidden);
        });
      }

      test('nobody signed in, or an account that is not active, may not', () => {
        const { others } = SUBJECTS[action] as { others: unknown };
        assert.equal(canLoose(undefined, action, others), false);
        for (const state of ['pending_password', 'disabled'] as const) {
          for (const category of ACCOUNT_CATEGORIES) assert.equal(canLoose(accountOf(category, state), action, others), false, `${category} ${state}`);
        }
      });
    });
  }

  test('Forbidden carries the action and a 403 status for the web layer', () => {
    try {
      authorize(accountOf('病院'), 'sso_office_queue.view');
      assert.fail('should have thrown');
    } catch (err) {
      assert.ok(err instanceof Forbidden);
      assert.equal(err.statusCode, 403);
      assert.equal(err.action, 'sso_office_queue.view');
    }
  });
});
