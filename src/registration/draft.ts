// A 新規ユーザ登録申請 between its steps, kept on the server so that every POST of the form answers
// 303 to a GET (POST-redirect-GET): back and reload never resend the form, and the page after a step
// is drawn from the draft. A draft belongs to the browser holding its cookie (a 256-bit token; only
// its keyed hash is stored) and, for a 代理申請, to the signed-in account too. It expires three hours
// after its last step.
//
//   (none) ──any step──▶ form ◀──修正する── confirm ──申請する──▶ submitted
//                          └──入力内容を確認する (no errors)──▶ confirm
//
// 差し戻し makes a draft of the returned application, waiting for the link in the mail (its own
// token, hashed, used once): pressing 「申請の内容を開く」 on the link's page hands the draft to that
// browser, prefilled with what was sent and the prefecture's reason, and 申請する then updates the same application (same 申請番号).
import type { RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { RegistrationApplication, RegistrationDraft } from '../db/schema.ts';
import type { Ports } from '../ports.ts';
import { takeFromBudget } from '../identity/login/throttle.ts';
import {
  inputOfRow,
  submitApplication,
  valuesOf,
  type ApplicationErrors,
  type ApplicationField,
  type ApplicationInput,
  type ApplicationValues,
  type SubmitResult,
} from './application.ts';
import {
  claimDraft,
  deleteExpiredDrafts,
  deleteLinkDrafts,
  findDraftById,
  findDraftByLink,
  findDraftByToken,
  insertDraft,
  recordSubmission,
  takeDraftLink,
  updateDraft,
} from './draft-repository.ts';

export const DRAFT_MS = 3 * 3_600_000;
/** How long the link in a 差し戻し mail opens the returned application. */
export const RETURN_LINK_MS = 30 * 24 * 3_600_000;
/** New drafts one address may start per hour on the public form (each form filled starts one). */
export const DRAFT_BUDGET = { max: 60, windowMs: 3_600_000 };

const TOKEN_DIGEST = 'registration-draft';
const LINK_DIGEST = 'link:registration_return';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface DraftNotice {
  kind: 'info' | 'warning' | 'error';
  title: string;
  text?: string;
}

/** What the next GET of the form shows, besides the values. */
export interface DraftData {
  values: ApplicationValues;
  notice?: DraftNotice;
  errors?: ApplicationErrors;
  /** The field to give the focus to: the one being filled. */
  focus?: ApplicationField;
  /** The town the last 住所検索 put at the start of 住所, so the next one may replace it. */
  autoTown?: string;
  /** A returned application: its 申請番号 and the prefecture's reason. */
  returned?: { number: string; reason: string };
}

export interface Draft {
  id: string;
  step: RegistrationDraft['step'];
  data: DraftData;
  applicationId: string | null;
  submitted: { number: string; id: string } | undefined;
}

/** Who fills the form the draft belongs to. */
export interface DraftOwner {
  base: string;
  ownerId: string | null;
}

const draftOf = (row: RegistrationDraft): Draft => ({
  id: row.id,
  step: row.step,
  data: JSON.parse(row.data) as DraftData,
  applicationId: row.application_id,
  submitted: row.submitted_number && row.submitted_id ? { number: row.submitted_number, id: row.submitted_id } : undefined,
});

/** The draft of the browser's cookie, if it is this form's, this account's, and not expired. */
export async function loadDraft(deps: Ports, token: string | undefined, owner: DraftOwner): Promise<Draft | undefined> {
  if (!token || !TOKEN_SHAPE.test(token)) return undefined;
  const row = await findDraftByToken(deps.db, deps.secrets.digest(token, TOKEN_DIGEST));
  if (!row || row.base !== owner.base || row.owner_id !== owner.ownerId || row.expires_at <= deps.clock.now()) return undefined;
  return draftOf(row);
}

export type SaveResult = { ok: true; draft: Draft; token?: string } | { ok: false; problem: 'rate_limited' };

/**
 * Writes the next step into the draft, or starts a new draft (a new cookie token) when there is
 * none yet or the one there was sent already.
 */
export async function saveDraft(
  deps: Ports,
  current: Draft | undefined,
  owner: DraftOwner,
  step: 'form' | 'confirm',
  data: DraftData,
  origin: RequestOrigin,
): Promise<SaveResult> {
  const now = deps.clock.now();
  const row = { step, data: JSON.stringify(data), updated_at: now, expires_at: now + DRAFT_MS };
  if (current && current.step !== 'submitted') {
    await updateDraft(deps.db, current.id, row);
    return { ok: true, draft: { ...current, step, data } };
  }
  return deps.db.transaction().execute(async (trx): Promise<SaveResult> => {
    if (!owner.ownerId && !(await takeFromBudget(trx, deps.clock, `registration-draft:${origin.ip}`, DRAFT_BUDGET)))
      return { ok: false, problem: 'rate_limited' };
    await deleteExpiredDrafts(trx, now);
    const token = deps.random.token();
    const id = deps.random.uuid();
    await insertDraft(trx, {
      id,
      token_hash: deps.secrets.digest(token, TOKEN_DIGEST),
      link_hash: null,
      link_used_at: null,
      base: owner.base,
      owner_id: owner.ownerId,
      application_id: null,
      submitted_number: null,
      submitted_id: null,
      created_at: now,
      ...row,
    });
    return { ok: true, draft: { id, step, data, applicationId: null, submitted: undefined }, token };
  });
}

export type DraftSubmitResult =
  | Extract<SubmitResult, { ok: true }>
  | { ok: false; problem: 'rate_limited' | 'not_returned' }
  | { ok: false; problem: 'already_submitted'; submitted: { number: string; id: string } | undefined };

/**
 * 申請する: the application is stored (or, for a returned one, updated) in the same transaction
 * that marks the draft sent, so a second press — a double click, or the form sent again — stores
 * nothing and is answered with the first one's result.
 */
export async function submitDraft(
  deps: Ports,
  draft: Draft,
  input: ApplicationInput,
  origin: RequestOrigin,
  submittedBy: string | null,
): Promise<DraftSubmitResult> {
  const result = await submitApplication(deps, input, origin, submittedBy, {
    correcting: draft.applicationId ?? undefined,
    claim: (trx) => claimDraft(trx, draft.id, deps.clock.now()),
    stored: (trx, stored) => recordSubmission(trx, draft.id, stored),
  });
  if (result.ok || result.problem !== 'already_submitted') return result as DraftSubmitResult;
  const row = await findDraftById(deps.db, draft.id);
  return { ok: false, problem: 'already_submitted', submitted: row ? draftOf(row).submitted : undefined };
}

/**
 * 差し戻し: a draft of the application as it was sent, with the reason, for the link in the mail
 * (replacing the link of an earlier mail about it). Returns the link's token.
 */
export async function draftForReturned(trx: Db, deps: Ports, a: RegistrationApplication, reason: string): Promise<string> {
  const now = deps.clock.now();
  await deleteLinkDrafts(trx, a.id);
  const raw = deps.random.token();
  const data: DraftData = { values: valuesOf(inputOfRow(a)), returned: { number: a.number, reason } };
  await insertDraft(trx, {
    id: deps.random.uuid(),
    token_hash: null,
    link_hash: deps.secrets.digest(raw, LINK_DIGEST),
    link_used_at: null,
    base: '/register',
    owner_id: null,
    application_id: a.id,
    step: 'form',
    data: JSON.stringify(data),
    submitted_number: null,
    submitted_id: null,
    created_at: now,
    updated_at: now,
    expires_at: now + RETURN_LINK_MS,
  });
  return raw;
}

export type ReturnLinkResult = { ok: true; token: string } | { ok: false; problem: ReturnLinkProblem };
export type ReturnLinkProblem = 'unknown' | 'used' | 'expired';

/**
 * Whether the link in a 差し戻し mail still opens its application, without using it: the page it
 * leads to asks for a press first, so a mail scanner that follows links does not use it up.
 */
export async function checkReturnLink(deps: Ports, raw: string): Promise<{ ok: true; number: string } | { ok: false; problem: ReturnLinkProblem }> {
  if (!TOKEN_SHAPE.test(raw)) return { ok: false, problem: 'unknown' };
  const row = await findDraftByLink(deps.db, deps.secrets.digest(raw, LINK_DIGEST));
  if (!row) return { ok: false, problem: 'unknown' };
  if (row.link_used_at !== null) return { ok: false, problem: 'used' };
  if (row.expires_at <= deps.clock.now()) return { ok: false, problem: 'expired' };
  return { ok: true, number: draftOf(row).data.returned?.number ?? '' };
}

/** Uses the link in a 差し戻し mail (the press on its page): once, and only while it has not expired. */
export async function openReturnLink(deps: Ports, raw: string): Promise<ReturnLinkResult> {
  if (!TOKEN_SHAPE.test(raw)) return { ok: false, problem: 'unknown' };
  const linkHash = deps.secrets.digest(raw, LINK_DIGEST);
  const token = deps.random.token();
  const now = deps.clock.now();
  if (await takeDraftLink(deps.db, linkHash, deps.secrets.digest(token, TOKEN_DIGEST), now, now + DRAFT_MS)) return { ok: true, token };
  const row = await findDraftByLink(deps.db, linkHash);
  if (!row) return { ok: false, problem: 'unknown' };
  return { ok: false, problem: row.link_used_at !== null ? 'used' : 'expired' };
}
