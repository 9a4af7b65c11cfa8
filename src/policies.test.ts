// Every action tried as every account category, on someone else's subject and on one's own, plus the
// rules that hold for all actions (no actor, inactive accounts) and the Forbidden error.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT_CATEGORIES, INSTITUTION_KINDS, type Account, type AccountCategory, type AccountState, type NaviAccount } from './db/schema.ts';
import {
  abilities,
  ACTIONS,
  authorize,
  authorizeNavi,
  can,
  canNavi,
  NAVI_ACTIONS,
  Forbidden,
  placeScope,
  reachableStaff,
  type Action,
  type ActionSubjects,
  type Actor,
  type PlaceAction,
} from './policies.ts';

/**
 * Prefecture 27's staff, its health centre for 27127, an association 27 delegated review (of
 * applications and of reports) and filling reports to, and institutions each reporting for its own.
 */
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
      delegations:
        category === '関係団体'
          ? [
              { prefectureCode: '27', action: 'registration.review' },
              { prefectureCode: '27', action: 'report.review' },
              { prefectureCode: '27', action: 'report.fill' },
            ]
          : [],
    },
    institution_id: (INSTITUTION_KINDS as readonly string[]).includes(category) ? `inst-${category}` : null,
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
  'inquiry.answer': { others: undefined, own: () => undefined },
  'notice.manage': { others: undefined, own: () => undefined },
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
  // "own" is the institution the account reports for (none for the other categories).
  'reporting_home.view': { others: { institutionId: 'someone-else' }, own: (a) => ({ institutionId: a.institution_id }) },
  'report.create': { others: { institutionId: 'someone-else' }, own: (a) => ({ institutionId: a.institution_id ?? 'none' }) },
  'report.edit': { others: { institutionId: 'someone-else' }, own: (a) => ({ institutionId: a.institution_id ?? 'none' }) },
  'report.submit': { others: { institutionId: 'someone-else' }, own: (a) => ({ institutionId: a.institution_id ?? 'none' }) },
  'report.withdraw': { others: { institutionId: 'someone-else' }, own: (a) => ({ institutionId: a.institution_id ?? 'none' }) },
  'report_queue.view': { others: undefined, own: () => undefined },
  'report_status.view': { others: undefined, own: () => undefined },
  'report.review': { others: AWAY, own: () => HOME },
  'report.decide': { others: AWAY, own: () => HOME },
  'report.fill_on_behalf': { others: AWAY, own: () => HOME },
  'report_import.use': { others: undefined, own: () => undefined },
  'publication.stop': { others: AWAY, own: () => HOME },
  'reporting_period.view': { others: undefined, own: () => undefined },
  'reporting_period.set': { others: { prefectureCode: '13' }, own: () => ({ prefectureCode: '27' }) },
  'reporting_settings.set': { others: { prefectureCode: '13' }, own: () => ({ prefectureCode: '27' }) },
  'closure.use': { others: undefined, own: () => undefined },
  'closure.apply': { others: AWAY, own: () => HOME },
  'closure_batch.view': { others: { prefectureCode: '13', createdBy: 'someone-else' }, own: (a) => ({ prefectureCode: '27', createdBy: a.id }) },
  'closure_batch.undo': { others: { prefectureCode: '13', createdBy: 'someone-else' }, own: (a) => ({ prefectureCode: '27', createdBy: a.id }) },
  'bulk_mail.use': { others: undefined, own: () => undefined },
  'bulk_mail.send': { others: AWAY, own: () => HOME },
  'bulk_mail.view': { others: { senderId: 'someone-else' }, own: (a) => ({ senderId: a.id }) },
  // 医療機関マスタ: "own" is a record at the actor's place (an institution: its own record).
  'institution_master.search': { others: undefined, own: () => undefined },
  'institution_master.view': {
    others: { institutionId: 'someone-else', ...AWAY },
    own: (a) => ({ institutionId: a.institution_id ?? 'none', ...HOME }),
  },
  'institution_master.export': { others: undefined, own: () => undefined },
  'institution_import.use': { others: undefined, own: () => undefined },
  'institution_master.import': { others: AWAY, own: () => HOME },
  'reminder_settings.view': { others: undefined, own: () => undefined },
  'reminder_settings.set': { others: { prefectureCode: '13' }, own: () => ({ prefectureCode: '27' }) },
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
  'inquiry.answer': { others: ['事務局'], own: ['事務局'] },
  'notice.manage': { others: ['事務局'], own: ['事務局'] },
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
  'reporting_home.view': { others: [], own: INSTITUTION_KINDS },
  'report.create': { others: [], own: INSTITUTION_KINDS },
  'report.edit': { others: [], own: INSTITUTION_KINDS },
  'report.submit': { others: [], own: INSTITUTION_KINDS },
  'report.withdraw': { others: [], own: INSTITUTION_KINDS },
  'report_queue.view': { others: ['都道府県', '保健所', '関係団体', '事務局'], own: ['都道府県', '保健所', '関係団体', '事務局'] },
  'report_status.view': { others: ['都道府県', '保健所', '関係団体', '事務局'], own: ['都道府県', '保健所', '関係団体', '事務局'] },
  'report.review': { others: ['事務局'], own: ['都道府県', '保健所', '関係団体', '事務局'] },
  'report.decide': { others: [], own: ['都道府県', '保健所', '関係団体'] },
  'report.fill_on_behalf': { others: [], own: ['都道府県', '関係団体'] },
  'report_import.use': { others: ['都道府県', '関係団体'], own: ['都道府県', '関係団体'] },
  'publication.stop': { others: [], own: ['都道府県'] },
  'reporting_period.view': { others: ['都道府県', '事務局'], own: ['都道府県', '事務局'] },
  'reporting_period.set': { others: [], own: ['都道府県'] },
  'reporting_settings.set': { others: [], own: ['都道府県'] },
  'closure.use': { others: ['都道府県', '保健所'], own: ['都道府県', '保健所'] },
  'closure.apply': { others: [], own: ['都道府県', '保健所'] },
  'closure_batch.view': { others: [], own: ['都道府県', '保健所'] },
  'closure_batch.undo': { others: [], own: ['都道府県', '保健所'] },
  'bulk_mail.use': { others: ['都道府県', '保健所', '事務局'], own: ['都道府県', '保健所', '事務局'] },
  'bulk_mail.send': { others: ['事務局'], own: ['都道府県', '保健所', '事務局'] },
  'bulk_mail.view': { others: ['事務局'], own: ['都道府県', '保健所', '事務局'] },
  'institution_master.search': { others: ACCOUNT_CATEGORIES, own: ACCOUNT_CATEGORIES },
  'institution_master.view': { others: ['事務局'], own: ACCOUNT_CATEGORIES },
  'institution_master.export': { others: ['都道府県', '保健所', '関係団体', '事務局'], own: ['都道府県', '保健所', '関係団体', '事務局'] },
  'institution_import.use': { others: ['都道府県', '事務局'], own: ['都道府県', '事務局'] },
  'institution_master.import': { others: ['事務局'], own: ['都道府県', '事務局'] },
  'reminder_settings.view': { others: ['都道府県', '事務局'], own: ['都道府県', '事務局'] },
  'reminder_settings.set': { others: [], own: ['都道府県'] },
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
  const PLACE_ACTIONS: readonly PlaceAction[] = [
    'registration.review',
    'registration.submit_on_behalf',
    'report.review',
    'report.fill_on_behalf',
    'institution_master.import',
    'bulk_mail.send',
    'closure.apply',
  ];
  const places = [HOME, AWAY, { prefectureCode: '27', municipalityCode: '27128' }, { prefectureCode: '13', municipalityCode: '27127' }];
  const inScope = (actor: Actor, action: PlaceAction, place: typeof HOME) => {
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
          for (const action of PLACE_ACTIONS) assert.equal(inScope(actor, action, place), can(actor, action, place), `${action} ${JSON.stringify(place)}`);
          // Someone else's record: the staff's places alone decide (an institution's own record is not a place).
          const record = { ...place, institutionId: 'someone-else' };
          assert.equal(inScope(actor, 'institution_master.view', place), can(actor, 'institution_master.view', record), `master ${JSON.stringify(place)}`);
        }
      });
    }
  }
  test('a health centre or association without a loaded jurisdiction sees nothing', () => {
    for (const category of ['保健所', '関係団体'] as const) {
      const { jurisdiction: _, ...bare } = accountOf(category);
      for (const action of PLACE_ACTIONS) {
        assert.equal(can(bare, action, HOME), false, action);
        assert.deepEqual(placeScope(bare, action), { all: false, prefectures: [], municipalities: [] }, action);
      }
    }
  });
  test('an association acts on reports only where that was delegated, each action by its own delegation', () => {
    const onlyApplications = accountOf('関係団体');
    onlyApplications.jurisdiction = { municipalities: [], delegations: [{ prefectureCode: '27', action: 'registration.review' }] };
    assert.equal(can(onlyApplications, 'registration.review', HOME), true);
    for (const action of ['report.review', 'report.decide', 'report.fill_on_behalf'] as const) assert.equal(can(onlyApplications, action, HOME), false, action);
    assert.equal(can(onlyApplications, 'report_queue.view'), false);
    assert.equal(can(onlyApplications, 'report_status.view'), false, '報告状況 only where report.review was delegated');
    const onlyFill = accountOf('関係団体');
    onlyFill.jurisdiction = { municipalities: [], delegations: [{ prefectureCode: '27', action: 'report.fill' }] };
    assert.equal(can(onlyFill, 'report.fill_on_behalf', HOME), true);
    assert.equal(can(onlyFill, 'report.review', HOME), false);
    assert.equal(can(onlyFill, 'report_queue.view'), false);
    assert.equal(can(onlyFill, 'report_status.view'), false);
    assert.deepEqual(placeScope(onlyFill, 'report.review'), { all: false, prefectures: [], municipalities: [] });
  });
  test('an association reads the master of every prefecture that delegated it anything, and writes none of it', () => {
    const onlyApplications = accountOf('関係団体');
    onlyApplications.jurisdiction = { municipalities: [], delegations: [{ prefectureCode: '27', action: 'registration.review' }] };
    assert.deepEqual(placeScope(onlyApplications, 'institution_master.view'), { all: false, prefectures: ['27'], municipalities: [] });
    assert.equal(can(onlyApplications, 'institution_master.import', HOME), false);
    assert.equal(can(onlyApplications, 'institution_import.use'), false);
    const none = accountOf('関係団体');
    none.jurisdiction = { municipalities: [], delegations: [] };
    assert.equal(can(none, 'institution_master.search'), false);
  });
  test('a health centre sees and decides reports of its municipalities but does not fill them on behalf', () => {
    const centre = accountOf('保健所');
    assert.equal(can(centre, 'report.review', HOME), true);
    assert.equal(can(centre, 'report.decide', HOME), true);
    assert.equal(can(centre, 'report.decide', { prefectureCode: '27', municipalityCode: '27128' }), false);
    assert.equal(can(centre, 'report.fill_on_behalf', HOME), false);
    assert.equal(can(centre, 'publication.stop', HOME), false);
  });
});

describe('reporting for an institution', () => {
  test('an institution account without an institution reports for none', () => {
    const { institution_id: _, ...unbound } = accountOf('病院');
    const bare = { ...unbound, institution_id: null } as Actor;
    assert.equal(can(bare, 'reporting_home.view', { institutionId: null }), false);
    assert.equal(can(bare, 'report.create', { institutionId: 'inst-病院' }), false);
  });
  test('an official account bound to an institution id still does not report for it', () => {
    const prefecture = { ...accountOf('都道府県'), institution_id: 'inst-x' } as Actor;
    assert.equal(can(prefecture, 'report.edit', { institutionId: 'inst-x' }), false);
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

describe('医療情報ネット staff actions', () => {
  const naviAccount = (changes: Partial<NaviAccount> = {}): NaviAccount => ({
    id: 'navi-1',
    user_id: 'staff-1',
    display_name: '担当者',
    email: 'staff@example.jp',
    password_hash: null,
    must_change_password: 0,
    state: 'active',
    gmis_account_id: null,
    created_at: 0,
    updated_at: 0,
    password_changed_at: null,
    untrusted_locked_at: null,
    ...changes,
  });
  test('navi.staff_search: an active account past its temporary password; nobody else', () => {
    assert.deepEqual(NAVI_ACTIONS, ['navi.staff_search']);
    assert.equal(canNavi(naviAccount(), 'navi.staff_search'), true);
    assert.equal(canNavi(naviAccount({ must_change_password: 1 }), 'navi.staff_search'), false);
    assert.equal(canNavi(naviAccount({ state: 'disabled' }), 'navi.staff_search'), false);
    assert.equal(canNavi(undefined, 'navi.staff_search'), false);
    assert.doesNotThrow(() => authorizeNavi(naviAccount(), 'navi.staff_search'));
    assert.throws(() => authorizeNavi(naviAccount({ state: 'disabled' }), 'navi.staff_search'), Forbidden);
  });
});
