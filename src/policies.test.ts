// Every action tried as every account category, on someone else's subject and on one's own, plus the
// rules that hold for all actions (no actor, inactive accounts) and the Forbidden error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT_CATEGORIES, INSTITUTION_KINDS, type Account, type AccountCategory, type AccountState } from './db/schema.ts';
import { abilities, ACTIONS, authorize, can, Forbidden, placeScope, reachableStaff, type Action, type ActionSubjects, type Actor } from './policies.ts';

/** Prefecture 27's staff, its health centre for 27127, and an association 27 delegated review to. */
function accountOf(category: AccountCategory, state: AccountState = 'active'): Actor {
  // Only what the rules read; the profile columns stay unset.
  const account: Partial<Actor> = {
    id: `id-${category}`,
    username: 'ab123456',
    category,
    display_name: `${category} 担当者`,
    email: 'someone@example.jp',
    prefecture_code: category === '都道府県' || category === '保健所' ? '27' : null,
    jurisdiction: {
      municipalities: category === '保健所' ? ['27127'] : [],
      delegations: category === '関係団体' ? [{ prefectureCode: '27', action: 'registration.review' }] : [],
    },
    state,
    password_hash: null,
    password_changed_at: null,
    untrusted_locked_at: null,
    created_at: 0,
    updated_at: 0,
  };
  return account as Actor;
}

const HOME = { prefectureCode: '27', municipalityCode: '27127' };
const AWAY = { prefectureCode: '13', municipalityCode: '13102' };

/** A subject that belongs to someone else, and one that belongs to the actor. */
const SUBJECTS: { [A in Action]: { others: ActionSubjects[A]; own: (actor: Account) => ActionSubjects[A] } } = {
  'sso_application.submit': { others: undefined, own: () => undefined },
  'sso_application.decide': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
  'sso_office_queue.view': { others: undefined, own: () => undefined },
  'sso_block.lift': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
  // "others": 医療情報ネット with nothing applied for; "own": with an approved application.
  'sso.use': {
    others: { restrictedClient: true, blocked: false, earlierNaviAccount: false, application: undefined },
    own: () => ({ restrictedClient: true, blocked: false, earlierNaviAccount: false, application: 'approved' }),
  },
  'inquiry.submit': { others: undefined, own: () => undefined },
  'inquiry.view': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
  // "own" is the actor's jurisdiction, "others" another prefecture's.
  'office_console.view': { others: undefined, own: () => undefined },
  'registration_window.set': { others: undefined, own: () => undefined },
  'account.disable': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
  'account.enable': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
  'account.reset_password': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
  'account.unlock': { others: { accountId: 'someone-else' }, own: (a) => ({ accountId: a.id }) },
  'official_account.issue': { others: undefined, own: () => undefined },
  'prefecture_staff.view': { others: undefined, own: () => undefined },
  'jurisdiction.manage': {
    others: { accountId: 'a-centre', category: '保健所', prefectureCode: '13' },
    own: () => ({ accountId: 'a-centre', category: '保健所', prefectureCode: '27' }),
  },
  'registration_queue.view': { others: undefined, own: () => undefined },
  'registration.review': { others: AWAY, own: () => HOME },
  'registration.submit_on_behalf': { others: { prefectureCode: '13' }, own: () => ({ prefectureCode: '27' }) },
};

/** Which categories may do each action to someone else's subject, and to their own. */
const EXPECTED: Record<Action, { others: readonly AccountCategory[]; own: readonly AccountCategory[] }> = {
  'sso_application.submit': { others: ACCOUNT_CATEGORIES, own: ACCOUNT_CATEGORIES },
  'sso_application.decide': { others: ['事務局'], own: [] },
  'sso_office_queue.view': { others: ['事務局'], own: ['事務局'] },
  'sso_block.lift': { others: ['事務局'], own: [] },
  'sso.use': { others: INSTITUTION_KINDS, own: ACCOUNT_CATEGORIES },
  'inquiry.submit': { others: ACCOUNT_CATEGORIES, own: ACCOUNT_CATEGORIES },
  'inquiry.view': { others: ['事務局'], own: ACCOUNT_CATEGORIES },
  'office_console.view': { others: ['事務局'], own: ['事務局'] },
  'registration_window.set': { others: ['事務局'], own: ['事務局'] },
  'account.disable': { others: ['事務局'], own: [] },
  'account.enable': { others: ['事務局'], own: [] },
  'account.reset_password': { others: ['事務局'], own: [] },
  'account.unlock': { others: ['事務局'], own: [] },
  'official_account.issue': { others: ['事務局'], own: ['事務局'] },
  'prefecture_staff.view': { others: ['都道府県'], own: ['都道府県'] },
  'jurisdiction.manage': { others: ['事務局'], own: ['都道府県', '事務局'] },
  'registration_queue.view': { others: ['都道府県', '保健所', '関係団体', '事務局'], own: ['都道府県', '保健所', '関係団体', '事務局'] },
  'registration.review': { others: ['事務局'], own: ['都道府県', '保健所', '関係団体', '事務局'] },
  'registration.submit_on_behalf': { others: ['事務局'], own: ['都道府県', '事務局'] },
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

describe('place scope (lists) agrees with can', () => {
  const places = [HOME, AWAY, { prefectureCode: '27', municipalityCode: '27128' }, { prefectureCode: '13', municipalityCode: '27127' }];
  const inScope = (actor: Actor, action: 'registration.review' | 'registration.submit_on_behalf', place: typeof HOME) => {
    const scope = placeScope(actor, action);
    return (
      scope.all ||
      scope.prefectures.includes(place.prefectureCode) ||
      scope.municipalities.some((m) => m.prefectureCode === place.prefectureCode && m.municipalityCode === place.municipalityCode)
    );
  };
  for (const category of ACCOUNT_CATEGORIES) {
    for (const state of ['active', 'disabled'] as const) {
      test(`${category} (${state})`, () => {
        const actor = accountOf(category, state);
        for (const place of places) {
          assert.equal(inScope(actor, 'registration.review', place), can(actor, 'registration.review', place), `review ${JSON.stringify(place)}`);
          assert.equal(
            inScope(actor, 'registration.submit_on_behalf', place),
            can(actor, 'registration.submit_on_behalf', place),
            `on behalf ${JSON.stringify(place)}`,
          );
        }
      });
    }
  }
  test('a health centre or association without a loaded jurisdiction sees nothing', () => {
    for (const category of ['保健所', '関係団体'] as const) {
      const { jurisdiction: _, ...bare } = accountOf(category);
      assert.equal(can(bare, 'registration.review', HOME), false);
      assert.deepEqual(placeScope(bare, 'registration.review'), { all: false, prefectures: [], municipalities: [] });
    }
  });
});

test('jurisdiction.manage concerns only health centres and associations', () => {
  for (const category of ['病院', '都道府県', '事務局'] as const) {
    assert.equal(can(accountOf('事務局'), 'jurisdiction.manage', { accountId: 'x', category, prefectureCode: '27' }), false, category);
  }
});

describe('reachable staff (the lists of the prefecture staff page) agree with jurisdiction.manage', () => {
  // Health centres in two prefectures and an association; the association is delegated to from the actor's prefecture.
  const candidates = [
    { category: '保健所', prefecture_code: '27', state: 'active' },
    { category: '保健所', prefecture_code: '13', state: 'active' },
    { category: '関係団体', prefecture_code: null, state: 'active' },
    { category: '病院', prefecture_code: '27', state: 'active' },
    { category: '都道府県', prefecture_code: '27', state: 'active' },
  ] as const;
  for (const category of ACCOUNT_CATEGORIES) {
    test(category, () => {
      const actor = accountOf(category);
      const staff = reachableStaff(actor);
      for (const c of candidates) {
        const filter = c.category === '関係団体' ? staff?.associations : staff?.healthCentres;
        const listed = filter !== undefined && filter.category === c.category && (!filter.prefectures || filter.prefectures.includes(c.prefecture_code ?? ''));
        const delegatingPrefecture = c.category === '関係団体' ? (actor.prefecture_code ?? '27') : (c.prefecture_code ?? '');
        assert.equal(
          listed,
          can(actor, 'jurisdiction.manage', { accountId: 'x', category: c.category, prefectureCode: delegatingPrefecture }),
          JSON.stringify(c),
        );
      }
    });
  }
  test('a disabled prefecture account lists nothing', () => {
    assert.equal(reachableStaff(accountOf('都道府県', 'disabled')), undefined);
  });
});

describe('sso.use', () => {
  const facts = { restrictedClient: true, blocked: false, earlierNaviAccount: false, application: undefined };
  test('any client but 医療情報ネット is open to every account', () => {
    for (const category of ACCOUNT_CATEGORIES)
      assert.equal(can(accountOf(category), 'sso.use', { ...facts, restrictedClient: false, blocked: true }), true, category);
  });
  test('a block outranks an approved application and a reporting institution', () => {
    assert.equal(can(accountOf('病院'), 'sso.use', { ...facts, blocked: true }), false);
    assert.equal(can(accountOf('都道府県'), 'sso.use', { ...facts, blocked: true, application: 'approved' }), false);
  });
  test('an institution with an earlier 医療情報ネット account must apply, like the other categories', () => {
    assert.equal(can(accountOf('病院'), 'sso.use', { ...facts, earlierNaviAccount: true }), false);
    assert.equal(can(accountOf('病院'), 'sso.use', { ...facts, earlierNaviAccount: true, application: 'pending' }), false);
    assert.equal(can(accountOf('病院'), 'sso.use', { ...facts, earlierNaviAccount: true, application: 'refused' }), false);
    assert.equal(can(accountOf('病院'), 'sso.use', { ...facts, earlierNaviAccount: true, application: 'approved' }), true);
  });
});

test('abilities answers each action asked, as can does', () => {
  const subject = { accountId: 'someone-else' };
  const office = accountOf('事務局');
  assert.deepEqual(abilities(office, { 'account.disable': subject, 'account.unlock': { accountId: office.id }, 'office_console.view': null }), {
    'account.disable': true,
    'account.unlock': false,
    'office_console.view': true,
  });
  assert.deepEqual(abilities(accountOf('病院'), { 'account.disable': subject }), { 'account.disable': false });
});
