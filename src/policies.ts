// Who may do what, in one place. Routes, domain commands and pages ask `can` / `authorize`; nothing
// else decides by looking at an account's category.
//
// To add an action: name it in `ActionSubjects` with the subject it is decided on (`undefined` when
// it needs none), and give it one rule in `RULES`. The compiler then insists both are present.
import type { Account, AccountCategory, DelegableAction } from './db/schema.ts';

/** The G-MIS 事務局 (the operator's office). */
export const OFFICE_CATEGORY: AccountCategory = '事務局';

/** Where an account's authority reaches beyond its category (loaded with the account when needed). */
export interface Jurisdiction {
  /** 保健所: the municipalities it covers. */
  municipalities: readonly string[];
  /** 関係団体: what prefectures delegated to it. */
  delegations: ReadonlyArray<{ prefectureCode: string; action: DelegableAction }>;
}

/** Who acts: an account, with its jurisdiction when the action needs one (none means none). */
export type Actor = Account & { jurisdiction?: Jurisdiction };

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
  /** Change ユーザ基礎情報 (names, contact details, e-mail) of an account. */
  'profile.update': { accountId: string };
  /** Send お問合せ to the office. */
  'inquiry.submit': undefined;
  /** Read an お問合せ (its confirmation page), by whoever sent it. */
  'inquiry.view': { accountId: string | null };
  /** Open the office console (form schedule, accounts, audit log). */
  'office_console.view': undefined;
  /** Disable, enable, start a reset for or unlock someone's account. */
  'account.manage': { accountId: string };
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
}

export type Action = keyof ActionSubjects;

type Rule<S> = (actor: Actor, subject: S) => boolean;

const isOffice = (actor: Account) => actor.category === OFFICE_CATEGORY;
/** Nobody decides about themselves: an office member's own application or block needs a colleague. */
const notOneself = (actor: Account, subject: { accountId: string }) => subject.accountId !== actor.id;

/** The prefecture's own staff, its health centres for their municipalities, and accounts it delegated the action to. */
const coversPlace = (actor: Actor, place: PlaceSubject, action: DelegableAction): boolean => {
  if (actor.category === '都道府県') return actor.prefecture_code === place.prefectureCode;
  if (actor.category === '保健所') return actor.prefecture_code === place.prefectureCode && (actor.jurisdiction?.municipalities.includes(place.municipalityCode) ?? false);
  if (actor.category === '関係団体') return actor.jurisdiction?.delegations.some((d) => d.prefectureCode === place.prefectureCode && d.action === action) ?? false;
  return false;
};

const RULES: { [A in Action]: Rule<ActionSubjects[A]> } = {
  // Any signed-in account may apply; whether it needs to is the SSO domain's question.
  'sso_application.submit': () => true,
  'sso_application.decide': (actor, subject) => isOffice(actor) && notOneself(actor, subject),
  'sso_office_queue.view': (actor) => isOffice(actor),
  'sso_block.lift': (actor, subject) => isOffice(actor) && notOneself(actor, subject),
  // Each account keeps its own ユーザ基礎情報; nobody edits another's from the portal.
  'profile.update': (actor, subject) => subject.accountId === actor.id,
  'inquiry.submit': () => true,
  'inquiry.view': (actor, subject) => subject.accountId === actor.id || isOffice(actor),
  'office_console.view': (actor) => isOffice(actor),
  // Nobody locks themselves out, or resets their own password from the console.
  'account.manage': (actor, subject) => isOffice(actor) && notOneself(actor, subject),
  'official_account.issue': (actor) => isOffice(actor),
  'prefecture_staff.view': (actor) => actor.category === '都道府県' && actor.prefecture_code !== null,
  // The office for every prefecture; a prefecture for its own health centres and its own delegations.
  'jurisdiction.manage': (actor, subject) =>
    (subject.category === '保健所' || subject.category === '関係団体') &&
    (isOffice(actor) || (actor.category === '都道府県' && actor.prefecture_code !== null && actor.prefecture_code === subject.prefectureCode)),
  'registration_queue.view': (actor) => {
    const scope = placeScope(actor, 'registration.review');
    return scope.all || scope.prefectures.length > 0 || scope.municipalities.length > 0;
  },
  'registration.review': (actor, subject) => isOffice(actor) || coversPlace(actor, subject, 'registration.review'),
  'registration.submit_on_behalf': (actor, subject) => isOffice(actor) || (actor.category === '都道府県' && actor.prefecture_code === subject.prefectureCode),
};

/**
 * The same rule as a filter for lists (turned into SQL by the repositories): every row, the rows of
 * some prefectures or municipalities, or none. For every row, "in scope" ⇔ `can(actor, action, row)`.
 */
export type PlaceScope = { all: true } | { all: false; prefectures: readonly string[]; municipalities: ReadonlyArray<{ prefectureCode: string; municipalityCode: string }> };

export function placeScope(actor: Actor | null | undefined, action: 'registration.review'): PlaceScope {
  const none: PlaceScope = { all: false, prefectures: [], municipalities: [] };
  if (!actor || actor.state !== 'active') return none;
  if (isOffice(actor)) return { all: true };
  if (actor.category === '都道府県') return actor.prefecture_code ? { all: false, prefectures: [actor.prefecture_code], municipalities: [] } : none;
  if (actor.category === '保健所') {
    const prefectureCode = actor.prefecture_code;
    return prefectureCode ? { all: false, prefectures: [], municipalities: (actor.jurisdiction?.municipalities ?? []).map((municipalityCode) => ({ prefectureCode, municipalityCode })) } : none;
  }
  if (actor.category === '関係団体') return { all: false, prefectures: (actor.jurisdiction?.delegations ?? []).filter((d) => d.action === action).map((d) => d.prefectureCode), municipalities: [] };
  return none;
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
  constructor(readonly action: Action) {
    super(`forbidden: ${action}`);
    this.name = 'Forbidden';
  }
}

/** Throws Forbidden unless `actor` may do `action`. */
export function authorize<A extends Action>(actor: Actor | null | undefined, action: A, ...subject: SubjectArgument<A>): void {
  if (!can(actor, action, ...subject)) throw new Forbidden(action);
}

