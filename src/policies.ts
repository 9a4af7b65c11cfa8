// Who may do what, in one place. Routes, domain commands and pages ask `can` / `authorize` (pages:
// `abilities`), lists ask the scopes below; nothing else decides by looking at an account's category
// (the lint step refuses a category compared anywhere else).
//
// To add an action: name it in `ActionSubjects` with the subject it is decided on (`undefined` when
// it needs none), and give it one rule in `RULES`. The compiler then insists both are present.
// Writes have their own actions: a page that may be seen does not make its form's POST allowed.
import type { Db } from './db/dialect.ts';
import { INSTITUTION_KINDS, type Account, type AccountCategory, type DelegableAction, type NaviAccount, type SsoApplicationStatus } from './db/schema.ts';
import { loadJurisdiction, type AccountFilter, type Jurisdiction } from './jurisdiction/jurisdiction-repository.ts';

export type { Jurisdiction };

/** The G-MIS 事務局 (the operator's office). */
export const OFFICE_CATEGORY: AccountCategory = '事務局';

/** The categories the office issues from its console (institutions' accounts come from approved applications). */
export const OFFICIAL_CATEGORIES: readonly AccountCategory[] = ['都道府県', '保健所', '関係団体', '事務局'];

/** Categories whose accounts act for one prefecture (issued with its code). */
export const isPrefectureBound = (category: string): boolean => category === '都道府県' || category === '保健所';

/** What sets how far an account's authority reaches: a health centre's municipalities, an association's delegations. */
export const reachOf = (category: AccountCategory): 'municipalities' | 'delegations' | undefined =>
  category === '保健所' ? 'municipalities' : category === '関係団体' ? 'delegations' : undefined;

/** The categories that may use single sign-on to 医療情報ネット without applying (the 報告機関). */
export const FREE_SSO_CATEGORIES: readonly AccountCategory[] = INSTITUTION_KINDS;

/** Why an account needs an approved application before single sign-on to 医療情報ネット (undefined: it does not). */
export type SsoApplicationNeed = 'category' | 'earlier_navi_account';
export function ssoApplicationNeed(account: Account, facts: { earlierNaviAccount: boolean }): SsoApplicationNeed | undefined {
  if (!FREE_SSO_CATEGORIES.includes(account.category)) return 'category';
  return facts.earlierNaviAccount ? 'earlier_navi_account' : undefined;
}

/** Who acts: an account, with its jurisdiction when the action needs one (none means none). */
export type Actor = Account & { jurisdiction?: Jurisdiction };

/** The account as an actor: with its jurisdiction loaded when its category has one. */
export async function actorOf(db: Db, account: Account): Promise<Actor> {
  if (!reachOf(account.category)) return account;
  return { ...account, jurisdiction: await loadJurisdiction(db, account.id) };
}

/** Where a registration application belongs. */
export interface PlaceSubject {
  prefectureCode: string;
  municipalityCode: string;
}

/** What an action is decided on. */
export interface ActionSubjects {
  /** Submit an application to use single sign-on to 医療情報ネット (for oneself). */
  'sso_application.submit': undefined;
  /** Approve or refuse someone's SSO-use application. */
  'sso_application.decide': { accountId: string };
  /** See the office's SSO queues (applications waiting, blocks after a consent refusal, history). */
  'sso_office_queue.view': undefined;
  /** Lift a block left by 「却下」 on the consent screen, recording what the user said. */
  'sso_block.lift': { accountId: string };
  /**
   * Single sign-on to a client, decided on what is known of the account there: 医療情報ネット (the
   * one restricted client) admits reporting institutions, others after an approved application, and
   * nobody while a 「却下」 on its consent screen is not lifted.
   */
  'sso.use': { restrictedClient: boolean; blocked: boolean; earlierNaviAccount: boolean; application: SsoApplicationStatus | undefined };
  /** Send お問合せ to the office. */
  'inquiry.submit': undefined;
  /** Read an お問合せ (its confirmation page), by whoever sent it. */
  'inquiry.view': { accountId: string | null };
  /** The office's お問合せ inbox: read every inquiry, answer it by mail, close and reopen it. */
  'inquiry.answer': undefined;
  /** The office's お知らせ editor: write drafts, publish now or at a time, withdraw. */
  'notice.manage': undefined;
  /** Open the office console (form schedule, accounts, audit log). */
  'office_console.view': undefined;
  /** Open or close the public 新規ユーザ登録申請 form, or set when it does. */
  'registration_window.set': undefined;
  /** Disable someone's account (every session of it ends). */
  'account.disable': { accountId: string };
  /** Enable a disabled account again. */
  'account.enable': { accountId: string };
  /** Send someone the password reset mail from the console. */
  'account.reset_password': { accountId: string };
  /** Lift the lock that refuses someone's sign-in from unknown browsers. */
  'account.unlock': { accountId: string };
  /** Issue an account for a prefecture, a health centre, an association or the office. */
  'official_account.issue': undefined;
  /** See the prefecture's health centres and the associations it may delegate to. */
  'prefecture_staff.view': undefined;
  /** Set a health centre's municipalities, or a prefecture's delegation to an association. */
  'jurisdiction.manage': { accountId: string; category: AccountCategory; prefectureCode: string };
  /** Open the 新規ユーザ登録申請 review queue (what it lists is placeScope's question). */
  'registration_queue.view': undefined;
  /** See a 新規ユーザ登録申請 in the review queue, and approve, return or reject it. */
  'registration.review': PlaceSubject;
  /** Apply for an institution in the prefecture on its behalf (代理申請). */
  'registration.submit_on_behalf': { prefectureCode: string };
  /** Open the 医療機能情報提供制度 / 薬局機能情報提供制度 home of the institution the account reports for (null: none). */
  'reporting_home.view': { institutionId: string | null };
  /** Start a report (新規, 定期, 随時, 休止・廃止・再開) for the institution. */
  'report.create': { institutionId: string };
  /** Save a report's draft (or a returned report), or discard it. */
  'report.edit': { institutionId: string };
  /** 報告: submit a report to the prefecture. */
  'report.submit': { institutionId: string };
  /** 引き戻し: take back a submitted report the prefecture has not processed yet. */
  'report.withdraw': { institutionId: string };
  /** Open the 報告確認 list (what it lists is placeScope's question). */
  'report_queue.view': undefined;
  /** Open the 報告状況 board and the institutions behind its counts, with their CSV (what it counts is placeScope's 'report.review'). */
  'report_status.view': undefined;
  /** See a report of an institution at the place: its values, 差異表示, versions. */
  'report.review': PlaceSubject;
  /** 確認 (accept, which publishes) or 差戻し a report of an institution at the place. */
  'report.decide': PlaceSubject;
  /** Fill reports from a CSV for institutions at the place (groups that report for many). */
  'report.fill_on_behalf': PlaceSubject;
  /** Open the CSV import of reports for many institutions and send files to it (each row is then decided by report.fill_on_behalf). */
  'report_import.use': undefined;
  /** 公表停止 of an institution's published information at the place, and its lifting. */
  'publication.stop': PlaceSubject;
  /** See the prefectures' reporting windows and publication settings. */
  'reporting_period.view': undefined;
  /** Set the prefecture's reporting window for a fiscal year and scheme. */
  'reporting_period.set': { prefectureCode: string };
  /** Set whether the prefecture publishes reports on 確認 or as soon as they are submitted. */
  'reporting_settings.set': { prefectureCode: string };
  /** Open 一括メール配信: compose, and one's own campaigns (whom it may reach is placeScope's 'bulk_mail.send'). */
  'bulk_mail.use': undefined;
  /** Send bulk mail to the institutions at the place (the list form is placeScope's 'bulk_mail.send'). */
  'bulk_mail.send': PlaceSubject;
  /** See a campaign's progress and result: whoever sent it, and the office. */
  'bulk_mail.view': { senderId: string };
  /** Open 臨時休診一括処理 (what it may name is placeScope's question). */
  'closure.use': undefined;
  /** Mark an institution at the place temporarily closed, or open at changed hours (a prefecture its own; a health centre its municipalities). */
  'closure.apply': PlaceSubject;
  /** See a 臨時休診 batch: the prefecture's staff every batch of the prefecture, a health centre its own. */
  'closure_batch.view': { prefectureCode: string; createdBy: string };
  /** Undo a 臨時休診 batch (the same who as seeing it). */
  'closure_batch.undo': { prefectureCode: string; createdBy: string };
  /** See the reporting reminders' settings, next sends and history (a prefecture its own; the office every prefecture's). */
  'reminder_settings.view': undefined;
  /** Turn the prefecture's reporting reminders on or off, set their days and text. */
  'reminder_settings.set': { prefectureCode: string };
  /** Open the 医療機関マスタ search (what it lists is placeScope's question, or the institution's own record). */
  'institution_master.search': undefined;
  /** See one institution's master record. */
  'institution_master.view': PlaceSubject & { institutionId: string };
  /** Download the master rows in reach as CSV. */
  'institution_master.export': undefined;
  /** Open the master's CSV import and send files to it (each row is then decided by institution_master.import). */
  'institution_import.use': undefined;
  /** Add or replace, from a CSV, the master row of an institution at the place. */
  'institution_master.import': PlaceSubject;
}

export type Action = keyof ActionSubjects;

type Rule<S> = (actor: Actor, subject: S) => boolean;

const isOffice = (actor: Account) => actor.category === OFFICE_CATEGORY;
/** The staff of this prefecture (都道府県). */
const isPrefectureOf = (actor: Account, prefectureCode: string) =>
  actor.category === '都道府県' && actor.prefecture_code !== null && actor.prefecture_code === prefectureCode;
/** An institution's own account (the institution it reports for). */
const reportsFor = (actor: Account, institutionId: string | null) =>
  INSTITUTION_KINDS.some((kind) => kind === actor.category) && actor.institution_id !== null && actor.institution_id === institutionId;
/** Nobody decides about themselves: an office member's own application or block needs a colleague. */
const notOneself = (actor: Account, subject: { accountId: string }) => subject.accountId !== actor.id;

/** The prefecture's own staff, its health centres for their municipalities, and accounts it delegated the action to. */
const coversPlace = (actor: Actor, place: PlaceSubject, action: DelegableAction): boolean => {
  if (actor.category === '都道府県') return isPrefectureOf(actor, place.prefectureCode);
  if (actor.category === '保健所')
    return actor.prefecture_code === place.prefectureCode && (actor.jurisdiction?.municipalities.includes(place.municipalityCode) ?? false);
  if (actor.category === '関係団体')
    return actor.jurisdiction?.delegations.some((d) => d.prefectureCode === place.prefectureCode && d.action === action) ?? false;
  return false;
};

const RULES: { [A in Action]: Rule<ActionSubjects[A]> } = {
  // Any signed-in account may apply; whether it needs to is the SSO domain's question.
  'sso_application.submit': () => true,
  'sso_application.decide': (actor, subject) => isOffice(actor) && notOneself(actor, subject),
  'sso_office_queue.view': (actor) => isOffice(actor),
  'sso_block.lift': (actor, subject) => isOffice(actor) && notOneself(actor, subject),
  // A block outranks everything; then an application, where one is needed, must be approved.
  'sso.use': (actor, s) => !s.restrictedClient || (!s.blocked && (ssoApplicationNeed(actor, s) === undefined || s.application === 'approved')),
  'inquiry.submit': () => true,
  'inquiry.view': (actor, subject) => subject.accountId === actor.id || isOffice(actor),
  'inquiry.answer': (actor) => isOffice(actor),
  'notice.manage': (actor) => isOffice(actor),
  'office_console.view': (actor) => isOffice(actor),
  'registration_window.set': (actor) => isOffice(actor),
  // Nobody locks themselves out, or resets their own password from the console.
  'account.disable': (actor, subject) => isOffice(actor) && notOneself(actor, subject),
  'account.enable': (actor, subject) => isOffice(actor) && notOneself(actor, subject),
  'account.reset_password': (actor, subject) => isOffice(actor) && notOneself(actor, subject),
  'account.unlock': (actor, subject) => isOffice(actor) && notOneself(actor, subject),
  'official_account.issue': (actor) => isOffice(actor),
  'prefecture_staff.view': (actor) => actor.category === '都道府県' && actor.prefecture_code !== null,
  // The office for every prefecture; a prefecture for its own health centres and its own delegations.
  'jurisdiction.manage': (actor, subject) => reachOf(subject.category) !== undefined && (isOffice(actor) || isPrefectureOf(actor, subject.prefectureCode)),
  'registration_queue.view': (actor) => {
    const scope = placeScope(actor, 'registration.review');
    return scope.all || scope.prefectures.length > 0 || scope.municipalities.length > 0;
  },
  'registration.review': (actor, subject) => isOffice(actor) || coversPlace(actor, subject, 'registration.review'),
  'registration.submit_on_behalf': (actor, subject) => isOffice(actor) || isPrefectureOf(actor, subject.prefectureCode),
  'reporting_home.view': (actor, subject) => reportsFor(actor, subject.institutionId),
  'report.create': (actor, subject) => reportsFor(actor, subject.institutionId),
  'report.edit': (actor, subject) => reportsFor(actor, subject.institutionId),
  'report.submit': (actor, subject) => reportsFor(actor, subject.institutionId),
  'report.withdraw': (actor, subject) => reportsFor(actor, subject.institutionId),
  'report_queue.view': (actor) => {
    const scope = placeScope(actor, 'report.review');
    return scope.all || scope.prefectures.length > 0 || scope.municipalities.length > 0;
  },
  // Whoever sees reports somewhere sees how far they have come there (an association only where delegated report.review).
  'report_status.view': (actor) => {
    const scope = placeScope(actor, 'report.review');
    return scope.all || scope.prefectures.length > 0 || scope.municipalities.length > 0;
  },
  // The office sees reports (to help by phone) but decides none of them.
  'report.review': (actor, subject) => isOffice(actor) || coversPlace(actor, subject, 'report.review'),
  'report.decide': (actor, subject) => coversPlace(actor, subject, 'report.review'),
  // The prefecture itself, and associations it delegated report.fill to (not its health centres).
  'report.fill_on_behalf': (actor, subject) =>
    isPrefectureOf(actor, subject.prefectureCode) || (actor.category === '関係団体' && coversPlace(actor, subject, 'report.fill')),
  'report_import.use': (actor) => {
    const scope = placeScope(actor, 'report.fill_on_behalf');
    return scope.all || scope.prefectures.length > 0 || scope.municipalities.length > 0;
  },
  'publication.stop': (actor, subject) => isPrefectureOf(actor, subject.prefectureCode),
  'reporting_period.view': (actor) => isOffice(actor) || (actor.category === '都道府県' && actor.prefecture_code !== null),
  'reporting_period.set': (actor, subject) => isPrefectureOf(actor, subject.prefectureCode),
  'reporting_settings.set': (actor, subject) => isPrefectureOf(actor, subject.prefectureCode),
  // The office, a prefecture's staff and its health centres (their municipalities: placeScope); not associations.
  'bulk_mail.use': (actor) => isOffice(actor) || (isPrefectureBound(actor.category) && actor.prefecture_code !== null),
  'bulk_mail.send': (actor, subject) => isOffice(actor) || (isPrefectureBound(actor.category) && coversPlace(actor, subject, 'report.review')),
  'bulk_mail.view': (actor, subject) => isOffice(actor) || (subject.senderId === actor.id && isPrefectureBound(actor.category)),
  'closure.use': (actor) => {
    const scope = placeScope(actor, 'closure.apply');
    return scope.all || scope.prefectures.length > 0 || scope.municipalities.length > 0;
  },
  'closure.apply': (actor, subject) => (actor.category === '都道府県' || actor.category === '保健所') && coversPlace(actor, subject, 'report.review'),
  'closure_batch.view': (actor, subject) => closureBatchRule(actor, subject),
  'closure_batch.undo': (actor, subject) => closureBatchRule(actor, subject),
  'reminder_settings.view': (actor) => isOffice(actor) || (actor.category === '都道府県' && actor.prefecture_code !== null),
  'reminder_settings.set': (actor, subject) => isPrefectureOf(actor, subject.prefectureCode),
  // Staff within their reach; an institution's own account its own record only.
  'institution_master.search': (actor) => hasPlaces(placeScope(actor, 'institution_master.view')) || reportsFor(actor, actor.institution_id),
  'institution_master.view': (actor, subject) => scopeCovers(placeScope(actor, 'institution_master.view'), subject) || reportsFor(actor, subject.institutionId),
  'institution_master.export': (actor) => hasPlaces(placeScope(actor, 'institution_master.view')),
  // The master is the prefecture's register: the prefecture keeps its own, the office every one (health centres and associations read it).
  'institution_import.use': (actor) => hasPlaces(placeScope(actor, 'institution_master.import')),
  'institution_master.import': (actor, subject) => isOffice(actor) || isPrefectureOf(actor, subject.prefectureCode),
};

const hasPlaces = (scope: PlaceScope) => scope.all || scope.prefectures.length > 0 || scope.municipalities.length > 0;
const scopeCovers = (scope: PlaceScope, place: PlaceSubject) =>
  scope.all ||
  scope.prefectures.includes(place.prefectureCode) ||
  scope.municipalities.some((m) => m.prefectureCode === place.prefectureCode && m.municipalityCode === place.municipalityCode);

/**
 * The same rule as a filter for lists (turned into SQL by the repositories): every row, the rows of
 * some prefectures or municipalities, or none. For every row, "in scope" ⇔ `can(actor, action, row)`.
 */
export type PlaceScope =
  { all: true } | { all: false; prefectures: readonly string[]; municipalities: ReadonlyArray<{ prefectureCode: string; municipalityCode: string }> };

const NO_PLACE: PlaceScope = { all: false, prefectures: [], municipalities: [] };

/** The actions placeScope answers. */
export type PlaceAction =
  | 'registration.review'
  | 'registration.submit_on_behalf'
  | 'report.review'
  | 'report.fill_on_behalf'
  | 'institution_master.view'
  | 'institution_master.import'
  | 'closure.apply'
  | 'bulk_mail.send';

/** What a prefecture delegates for each: an association acts where it was delegated this. */
const DELEGATED_AS: Record<PlaceAction, DelegableAction | undefined> = {
  'registration.review': 'registration.review',
  'registration.submit_on_behalf': undefined,
  'report.review': 'report.review',
  'report.fill_on_behalf': 'report.fill',
  // An association reads the master of every prefecture that delegated it anything (see placeScope).
  'institution_master.view': undefined,
  'institution_master.import': undefined,
  'closure.apply': undefined,
  // 一括メール配信 reaches the places the actor reviews, never by delegation.
  'bulk_mail.send': undefined,
};

/**
 * Where the actor may review applications (registration.review), apply on an institution's behalf
 * (registration.submit_on_behalf), see reports (report.review) or fill them from a CSV for
 * institutions (report.fill_on_behalf), read the facility master (institution_master.view) or write it
 * from a CSV (institution_master.import).
 */
export function placeScope(actor: Actor | null | undefined, action: PlaceAction): PlaceScope {
  const none = NO_PLACE;
  if (!actor || actor.state !== 'active') return none;
  if (action === 'report.fill_on_behalf') {
    if (actor.category === '関係団体') return delegatedScope(actor, 'report.fill');
    return prefectureScope(actor);
  }
  // 臨時休診: the prefecture and its health centres only (not the office, not an association).
  if (action === 'closure.apply' && actor.category !== '保健所') return prefectureScope(actor);
  if (isOffice(actor)) return { all: true };
  if (action === 'registration.submit_on_behalf' || action === 'institution_master.import') return prefectureScope(actor);
  if (actor.category === '都道府県') return prefectureScope(actor);
  if (actor.category === '保健所') {
    const prefectureCode = actor.prefecture_code;
    return prefectureCode
      ? {
          all: false,
          prefectures: [],
          municipalities: (actor.jurisdiction?.municipalities ?? []).map((municipalityCode) => ({ prefectureCode, municipalityCode })),
        }
      : none;
  }
  const delegated = DELEGATED_AS[action];
  if (actor.category === '関係団体' && delegated) return delegatedScope(actor, delegated);
  if (actor.category === '関係団体' && action === 'institution_master.view') {
    // Whatever a prefecture delegated, the association acts on that prefecture's institutions.
    const prefectures = [...new Set((actor.jurisdiction?.delegations ?? []).map((d) => d.prefectureCode))];
    return { all: false, prefectures, municipalities: [] };
  }
  return none;
}

/** 臨時休診 batches: the prefecture's staff every one of the prefecture; a health centre those it made itself. */
const closureBatchRule = (actor: Actor, batch: { prefectureCode: string; createdBy: string }): boolean =>
  isPrefectureOf(actor, batch.prefectureCode) ||
  (actor.category === '保健所' && actor.prefecture_code === batch.prefectureCode && actor.id === batch.createdBy);

/** The list form of closure_batch.view: a prefecture's batches, or one account's; undefined: none. */
export function closureBatchScope(actor: Actor | null | undefined): { prefectureCode: string; createdBy?: string } | undefined {
  if (!actor || actor.state !== 'active' || !actor.prefecture_code) return undefined;
  if (actor.category === '都道府県') return { prefectureCode: actor.prefecture_code };
  if (actor.category === '保健所') return { prefectureCode: actor.prefecture_code, createdBy: actor.id };
  return undefined;
}

/** The prefectures that delegated `action` to the actor (an association). */
const delegatedScope = (actor: Actor, action: DelegableAction): PlaceScope => ({
  all: false,
  prefectures: (actor.jurisdiction?.delegations ?? []).filter((d) => d.action === action).map((d) => d.prefectureCode),
  municipalities: [],
});

/** A prefecture's own staff: its prefecture; anyone else: nothing (the office is answered before). */
const prefectureScope = (actor: Account): PlaceScope =>
  actor.category === '都道府県' && actor.prefecture_code ? { all: false, prefectures: [actor.prefecture_code], municipalities: [] } : NO_PLACE;

/**
 * The list form of jurisdiction.manage, as filters the account repository runs: the health centres
 * whose municipalities the actor sets (any prefecture's for the office, its own for a prefecture) and
 * the associations it may delegate to (those not disabled). Undefined: none.
 */
export function reachableStaff(actor: Actor | null | undefined): { healthCentres: AccountFilter; associations: AccountFilter } | undefined {
  if (!actor || actor.state !== 'active') return undefined;
  const scope = isOffice(actor) ? { all: true as const } : prefectureScope(actor);
  if (!scope.all && scope.prefectures.length === 0) return undefined;
  return {
    healthCentres: { category: '保健所', ...(scope.all ? {} : { prefectures: scope.prefectures }) },
    associations: { category: '関係団体', notDisabled: true },
  };
}

export const ACTIONS = Object.keys(RULES) as Action[];

/** The subject argument: required when the action is decided on something, absent otherwise. */
export type SubjectArgument<A extends Action> = ActionSubjects[A] extends undefined ? [subject?: undefined] : [subject: ActionSubjects[A]];

/** Whether `actor` may do `action` (to `subject`). No actor, or an account that is not active, may do nothing. */
export function can<A extends Action>(actor: Actor | null | undefined, action: A, ...subject: SubjectArgument<A>): boolean {
  if (!actor || actor.state !== 'active') return false;
  const rule = RULES[action] as Rule<ActionSubjects[A]>;
  return rule(actor, subject[0] as ActionSubjects[A]);
}

/** Refusal by policy. The web layer answers it with the 403 page. */
export class Forbidden extends Error {
  readonly statusCode = 403;
  constructor(readonly action: Action | NaviAction) {
    super(`forbidden: ${action}`);
    this.name = 'Forbidden';
  }
}

/** Throws Forbidden unless `actor` may do `action`. */
export function authorize<A extends Action>(actor: Actor | null | undefined, action: A, ...subject: SubjectArgument<A>): void {
  if (!can(actor, action, ...subject)) throw new Forbidden(action);
}

/** What a page needs: the actions asked (each with its subject), answered; the page shows only the buttons that are true. */
export type AbilityQuery = { [A in Action]?: ActionSubjects[A] | null };
export type Abilities<Q extends AbilityQuery> = { readonly [A in keyof Q]: boolean };

export function abilities<Q extends AbilityQuery>(actor: Actor | null | undefined, query: Q): Abilities<Q> {
  const canLoose = can as (actor: Actor | null | undefined, action: Action, subject?: unknown) => boolean;
  return Object.fromEntries(
    Object.entries(query).map(([action, subject]) => [action, canLoose(actor, action as Action, subject ?? undefined)]),
  ) as Abilities<Q>;
}

// ---------------------------------------------------------------------------------------------------------
// 医療情報ネット's 関係者メニュー: its own accounts (navi_accounts), not G-MIS's, so its own small table.

/** What a signed-in 医療情報ネット staff account may do. */
export interface NaviActionSubjects {
  /** 施設の検索 in the 関係者メニュー: every condition, the items the public page does not show, and the CSV of the result. */
  'navi.staff_search': undefined;
}
export type NaviAction = keyof NaviActionSubjects;

const NAVI_RULES: { [A in NaviAction]: (actor: NaviAccount, subject: NaviActionSubjects[A]) => boolean } = {
  // Every 関係者 account, once its temporary password is replaced.
  'navi.staff_search': (actor) => actor.must_change_password === 0,
};
export const NAVI_ACTIONS = Object.keys(NAVI_RULES) as NaviAction[];

/** Whether a 医療情報ネット staff account may do `action`. No account, or one that is not active, may do nothing. */
export function canNavi<A extends NaviAction>(actor: NaviAccount | null | undefined, action: A, subject?: NaviActionSubjects[A]): boolean {
  if (!actor || actor.state !== 'active') return false;
  return NAVI_RULES[action](actor, subject as NaviActionSubjects[A]);
}

/** Throws Forbidden unless the 医療情報ネット staff account may do `action`. */
export function authorizeNavi<A extends NaviAction>(actor: NaviAccount | null | undefined, action: A, subject?: NaviActionSubjects[A]): void {
  if (!canNavi(actor, action, subject)) throw new Forbidden(action);
}
