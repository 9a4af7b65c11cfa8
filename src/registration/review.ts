// The review of 新規ユーザ登録申請 by the institution's prefecture (its health centres for their
// municipalities, accounts it delegated review to, and the office): the queue, one application
// beside the facility master, and the decisions. Approval issues the account — or, when the
// institution already has one, tells that account and the applicant and adds the permission —
// in the same transaction as the decision.
import { auditRow, recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import { isUniqueViolation, type Db } from '../db/dialect.ts';
import type { Institution, RegistrationApplication } from '../db/schema.ts';
import { findAccountById, takenUsernames, updateAccount } from '../identity/accounts/account-repository.ts';
import { accountHoldersOf } from '../identity/accounts/holder-repository.ts';
import { accountIssue } from '../identity/accounts/issue-account.ts';
import { generateUsername } from '../identity/accounts/username.ts';
import { mailContext, type Ports } from '../ports.ts';
import { findInstitutionByCode, findInstitutionsByCodes, institutionKey } from '../institutions/repository.ts';
import { enqueueMail, outboxRow } from '../mail/outbox.ts';
import { can, placeScope, type Actor } from '../policies.ts';
import { existingAccountMail, postalAddress, registrationReceiptMail, rejectedMail, returnedMail } from './mails.ts';
import { inputOfRow, personOf } from './application.ts';
import { draftForReturned, RETURN_LINK_MS } from './draft.ts';
import { createLink } from '../identity/tokens/one-time-link.ts';
import { welcomeMail } from '../mail/templates.ts';
import { formatJst } from '../platform/japanese/time.ts';
import {
  claimForApproval,
  correctApplicantEmail,
  findApplication,
  findApplications,
  listApplications,
  recordApprovalOutcome,
  settleApplication,
  type ApplicationFilter,
} from './application-repository.ts';
import { insertApprovalRows, insertNewInstitutions, type ApprovalRows } from './approval-repository.ts';

export type QueueFilter = ApplicationFilter;

/** The applications the actor may review, newest first, filtered in SQL by the same rule as `can`. */
export function listQueue(
  db: Db,
  actor: Actor,
  filter: QueueFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: RegistrationApplication[]; total: number }> {
  const scope = placeScope(actor, 'registration.review');
  return listApplications(db, scope.all ? 'all' : scope, filter, page);
}

/** One application, if the actor may review it (otherwise it looks like one that does not exist). */
export async function findForReview(db: Db, actor: Actor, id: string): Promise<RegistrationApplication | undefined> {
  const row = await findApplication(db, id);
  return row && can(actor, 'registration.review', { prefectureCode: row.prefecture_code, municipalityCode: row.municipality_code }) ? row : undefined;
}

/** What the application says that the master says otherwise (shown highlighted to the reviewer). */
export type Mismatch = 'kind' | 'name' | 'name_kana' | 'insurance_code' | 'municipality_code' | 'postcode' | 'address' | 'building' | 'phone' | 'closed';

export function mismatches(a: RegistrationApplication, i: Institution): Mismatch[] {
  const out: Mismatch[] = [];
  const pairs: Array<[Mismatch, unknown, unknown]> = [
    ['kind', a.kind, i.kind],
    ['name', a.name, i.name],
    ['name_kana', a.name_kana, i.name_kana],
    ['insurance_code', a.insurance_code, i.insurance_code],
    ['municipality_code', a.municipality_code, i.municipality_code],
    ['postcode', a.postcode, i.postcode],
    ['address', a.address, i.address],
    ['building', a.building, i.building],
    ['phone', a.phone, i.phone],
  ];
  for (const [field, mine, master] of pairs) if (mine !== master) out.push(field);
  if (i.status === 'closed') out.push('closed');
  return out;
}

/** The master row the application names (by prefecture and 機関コード), if there is one. */
export function masterOf(db: Db, a: RegistrationApplication): Promise<Institution | undefined> {
  return findInstitutionByCode(db, a.prefecture_code, a.institution_code);
}

const codesOf = (a: RegistrationApplication) => ({ prefectureCode: a.prefecture_code, institutionCode: a.institution_code });

export type DecisionResult =
  | { ok: true; outcome: 'issued' | 'existing'; username: string; accountId: string }
  | { ok: true; outcome: 'returned' | 'rejected' }
  | { ok: false; problem: 'not_found' | 'already_decided' };

const facts = (a: RegistrationApplication) => ({
  number: a.number,
  institutionName: a.name,
  address: postalAddress({
    postcode: a.postcode,
    prefectureCode: a.prefecture_code,
    municipalityCode: a.municipality_code,
    address: a.address,
    building: a.building,
  }),
});

/** Runs `decide` on a submitted application in one transaction, retried when a drawn username collides. */
async function decideOn(
  deps: Ports,
  actor: Actor,
  id: string,
  decide: (trx: Db, a: RegistrationApplication) => Promise<DecisionResult>,
): Promise<DecisionResult> {
  const result = await deps.db.transaction().execute(async (trx): Promise<DecisionResult> => {
    const a = await findForReview(trx, actor, id);
    if (!a) return { ok: false, problem: 'not_found' };
    if (a.status !== 'submitted') return { ok: false, problem: 'already_decided' };
    return decide(trx, a);
  });
  if (result.ok) deps.workQueued?.();
  return result;
}

/** 差し戻し or 却下 with its reason, claimed conditionally so two reviewers cannot both decide. */
function settle(trx: Db, a: RegistrationApplication, actor: Actor, now: number, status: 'returned' | 'rejected', reason: string): Promise<boolean> {
  return settleApplication(trx, a.id, { status, decidedBy: actor.id, decidedAt: now, reason });
}

/**
 * Approves: the institution joins the master if it is not there yet; then either a new account
 * (username, welcome mail with the first-password link) or, when the institution already has an
 * account, the 既存アカウント通知 to that account and to the applicant and the permission added.
 */
export async function approve(deps: Ports, actor: Actor, id: string, origin: RequestOrigin): Promise<DecisionResult> {
  return (await approveMany(deps, actor, [id], origin)).get(id)!;
}

/** Applications approved per transaction: each transaction writes its rows with multi-row inserts. */
const APPROVAL_BATCH = 250;

/**
 * Approves many applications (「すべて承認」): in transactions of a few hundred, each claiming its
 * applications with one conditional update and writing accounts, links, mails, permissions and
 * audit events with multi-row inserts. Applications out of the actor's reach are not_found; ones
 * another reviewer decided first are already_decided.
 */
export async function approveMany(deps: Ports, actor: Actor, ids: readonly string[], origin: RequestOrigin): Promise<Map<string, DecisionResult>> {
  const results = new Map<string, DecisionResult>();
  for (let i = 0; i < ids.length; i += APPROVAL_BATCH) {
    const chunk = ids.slice(i, i + APPROVAL_BATCH);
    for (let attempt = 1; ; attempt++) {
      try {
        const decided = await deps.db.transaction().execute((trx) => approveChunk(trx, deps, actor, chunk, origin));
        for (const [id, r] of decided) results.set(id, r);
        break;
      } catch (err) {
        // A drawn username taken meanwhile by another process: the whole chunk again.
        if (!isUniqueViolation(err) || attempt >= 10) throw err;
      }
    }
  }
  if ([...results.values()].some((r) => r.ok)) deps.workQueued?.();
  return results;
}

/** How many of a bulk approval issued an account, found one, or were skipped (out of reach, decided already). */
export function countApprovals(results: ReadonlyMap<string, DecisionResult>): { issued: number; existing: number; skipped: number } {
  const counts = { issued: 0, existing: 0, skipped: 0 };
  for (const r of results.values()) {
    if (r.ok && (r.outcome === 'issued' || r.outcome === 'existing')) counts[r.outcome]++;
    else counts.skipped++;
  }
  return counts;
}

/** `n` usernames no account has and no two alike. */
async function freeUsernames(trx: Db, random: Ports['random'], n: number): Promise<string[]> {
  const chosen = new Set<string>();
  while (chosen.size < n) {
    const drawn = new Set<string>();
    while (drawn.size < n - chosen.size) {
      const name = generateUsername(random);
      if (!chosen.has(name)) drawn.add(name);
    }
    const taken = await takenUsernames(trx, [...drawn]);
    for (const name of drawn) if (!taken.has(name)) chosen.add(name);
  }
  return [...chosen];
}

/** 「梅田こどもクリニック 梅田 花子 様」: the person in charge when ユーザ基礎情報 names one, else the account's name. */
function greetingOf(holder: { display_name: string; family_name: string | null; given_name: string | null }, institutionName: string): string {
  const person = [holder.family_name, holder.given_name].filter(Boolean).join(' ');
  return person ? `${institutionName} ${person} 様` : `${holder.display_name} 様`;
}

async function approveChunk(trx: Db, deps: Ports, actor: Actor, ids: readonly string[], origin: RequestOrigin): Promise<Map<string, DecisionResult>> {
  const out = new Map<string, DecisionResult>(ids.map((id) => [id, { ok: false, problem: 'not_found' }]));
  const rows = await findApplications(trx, ids);
  const reachable = rows.filter((a) => can(actor, 'registration.review', { prefectureCode: a.prefecture_code, municipalityCode: a.municipality_code }));
  for (const a of reachable) if (a.status !== 'submitted') out.set(a.id, { ok: false, problem: 'already_decided' });
  const pending = reachable.filter((a) => a.status === 'submitted');
  if (pending.length === 0) return out;

  // Claim them: a row another reviewer decided meanwhile is not ours to decide.
  const now = deps.clock.now();
  const claimedIds = await claimForApproval(
    trx,
    pending.map((a) => a.id),
    actor.id,
    now,
  );
  for (const a of pending) if (!claimedIds.has(a.id)) out.set(a.id, { ok: false, problem: 'already_decided' });
  const claimed = pending.filter((a) => claimedIds.has(a.id));
  if (claimed.length === 0) return out;

  // The institutions, from the master, or new to it.
  const masters = await findInstitutionsByCodes(trx, claimed.map(codesOf));
  const newInstitutions: Institution[] = [];
  for (const a of claimed) {
    const k = institutionKey(codesOf(a));
    if (masters.has(k)) continue;
    const institution: Institution = {
      id: deps.random.uuid(),
      kind: a.kind,
      prefecture_code: a.prefecture_code,
      institution_code: a.institution_code,
      insurance_code: a.insurance_code,
      name: a.name,
      name_kana: a.name_kana,
      municipality_code: a.municipality_code,
      postcode: a.postcode,
      address: a.address,
      building: a.building,
      phone: a.phone,
      status: 'open',
      created_at: now,
      updated_at: now,
    };
    masters.set(k, institution);
    newInstitutions.push(institution);
  }
  await insertNewInstitutions(trx, newInstitutions);

  // Who already holds an account for each institution (the oldest that is not disabled).
  const holders = await accountHoldersOf(trx, [...new Set(claimed.map((a) => masters.get(institutionKey(codesOf(a)))!.id))]);
  const needing = new Set(claimed.map((a) => masters.get(institutionKey(codesOf(a)))!.id).filter((id) => !holders.has(id)));
  const usernames = await freeUsernames(trx, deps.random, needing.size);

  const c = mailContext(deps.config);
  const accounts: ApprovalRows['accounts'] = [];
  const links: ApprovalRows['links'] = [];
  const mails: ApprovalRows['mails'] = [];
  const audits: ApprovalRows['audits'] = [];
  const permissions = new Map<string, ApprovalRows['permissions'][number]>();
  const settled: Array<{ id: string; outcome: 'issued' | 'existing'; accountId: string; institutionId: string }> = [];
  for (const a of claimed) {
    const institution = masters.get(institutionKey(codesOf(a)))!;
    let holder = holders.get(institution.id);
    let outcome: 'issued' | 'existing';
    if (!holder) {
      const issue = accountIssue(
        deps,
        {
          category: a.kind,
          // The welcome mail greets them so: 「梅田こどもクリニック 梅田 花子 様」.
          displayName: `${a.name} ${a.contact_name}`,
          email: a.email,
          prefectureCode: a.prefecture_code,
          institutionId: institution.id,
          registrationId: a.id,
          issuedBy: `registration ${a.number} by ${actor.username}`,
          person: { ...personOf(a.contact_name), department: a.department, extension: a.department_number },
        },
        usernames.pop()!,
      );
      accounts.push(issue.account);
      links.push(issue.link);
      mails.push(issue.mail);
      audits.push(issue.audit);
      holder = { ...issue.account };
      holders.set(institution.id, holder);
      outcome = 'issued';
    } else {
      const mail = { ...facts(a), username: holder.username };
      mails.push(
        outboxRow(deps, {
          ...existingAccountMail(c, { ...mail, to: holder.email, accountId: holder.id, greeting: greetingOf(holder, institution.name) }),
          registrationId: a.id,
        }),
      );
      if (holder.email.toLowerCase() !== a.email.toLowerCase())
        mails.push(
          outboxRow(deps, { ...existingAccountMail(c, { ...mail, to: a.email, accountId: null, greeting: `${a.contact_name} 様` }), registrationId: a.id }),
        );
      outcome = 'existing';
    }
    permissions.set(holder.id, { account_id: holder.id, permission: '医療機能情報提供制度', granted_at: now, granted_by: actor.id });
    audits.push(
      auditRow(deps.clock, {
        type: 'registration.approved',
        accountId: actor.id,
        username: actor.username,
        origin,
        details: { number: a.number, outcome, account: holder.username },
      }),
    );
    settled.push({ id: a.id, outcome, accountId: holder.id, institutionId: institution.id });
    out.set(a.id, { ok: true, outcome, username: holder.username, accountId: holder.id });
  }
  await insertApprovalRows(trx, { accounts, links, mails, permissions: [...permissions.values()], audits });
  for (const s of settled) await recordApprovalOutcome(trx, s.id, s);
  return out;
}

export const REASON_MAX = 1000;

/** The link in a 差し戻し mail that opens the form with the application as sent (a newer mail's link replaces it). */
async function returnLink(trx: Db, deps: Ports, a: RegistrationApplication, reason: string): Promise<{ formUrl: string; expiresAt: string }> {
  const token = await draftForReturned(trx, deps, a, reason);
  return { formUrl: `${deps.config.publicUrl.gmis}/register/return/${token}`, expiresAt: formatJst(deps.clock.now() + RETURN_LINK_MS) };
}

/** 差し戻し: the applicant is mailed the reason and a link to the application as sent, to correct and send again. */
export function returnApplication(deps: Ports, actor: Actor, id: string, reason: string, origin: RequestOrigin): Promise<DecisionResult> {
  return decideOn(deps, actor, id, async (trx, a) => {
    if (!(await settle(trx, a, actor, deps.clock.now(), 'returned', reason))) return { ok: false, problem: 'already_decided' };
    await enqueueMail(trx, deps, {
      ...returnedMail(mailContext(deps.config), { ...facts(a), to: a.email, contactName: a.contact_name, reason, ...(await returnLink(trx, deps, a, reason)) }),
      registrationId: a.id,
    });
    await recordAudit(trx, deps.clock, { type: 'registration.returned', accountId: actor.id, username: actor.username, origin, details: { number: a.number } });
    return { ok: true, outcome: 'returned' };
  });
}

/** 却下: no account; the applicant is mailed the reason. */
export function rejectApplication(deps: Ports, actor: Actor, id: string, reason: string, origin: RequestOrigin): Promise<DecisionResult> {
  return decideOn(deps, actor, id, async (trx, a) => {
    if (!(await settle(trx, a, actor, deps.clock.now(), 'rejected', reason))) return { ok: false, problem: 'already_decided' };
    await enqueueMail(trx, deps, {
      ...rejectedMail(mailContext(deps.config), { ...facts(a), to: a.email, contactName: a.contact_name, reason }),
      registrationId: a.id,
    });
    await recordAudit(trx, deps.clock, { type: 'registration.rejected', accountId: actor.id, username: actor.username, origin, details: { number: a.number } });
    return { ok: true, outcome: 'rejected' };
  });
}

/** Every submitted application matching `filter` that the actor may review (for 「すべて承認」). */
export async function pendingIds(db: Db, actor: Actor, filter: Omit<QueueFilter, 'status'>, max: number): Promise<string[]> {
  const { rows } = await listQueue(db, actor, { ...filter, status: 'submitted' }, { limit: max, offset: 0 });
  return rows.map((r) => r.id);
}

/** The master rows for many applications at once: whether each matches, differs or is missing. */
export async function masterComparison(db: Db, rows: readonly RegistrationApplication[]): Promise<Map<string, 'match' | 'differs' | 'missing'>> {
  const masters = await findInstitutionsByCodes(db, rows.map(codesOf));
  return new Map(
    rows.map((r) => {
      const m = masters.get(institutionKey(codesOf(r)));
      return [r.id, !m ? 'missing' : mismatches(r, m).length ? 'differs' : 'match'];
    }),
  );
}

export type ResendResult = { ok: true } | { ok: false; problem: 'not_found' | 'no_failure' | 'account_in_use' };

/**
 * After a refused mail: the reviewer corrects the applicant's address and the mail that matters now
 * goes again — the receipt while it waits; after approval the welcome mail with a fresh link (the
 * old link stops working) while the account still waits for its first password, or the existing-
 * account notice; after 差し戻し or 却下 that decision.
 */
export async function resendAfterBounce(deps: Ports, actor: Actor, id: string, email: string, origin: RequestOrigin): Promise<ResendResult> {
  const result = await deps.db.transaction().execute(async (trx): Promise<ResendResult> => {
    const found = await findForReview(trx, actor, id);
    if (!found) return { ok: false, problem: 'not_found' };
    if (found.mail_failed_at === null) return { ok: false, problem: 'no_failure' };
    const a = { ...found, email };
    const c = mailContext(deps.config);
    if (a.status === 'approved' && a.outcome === 'issued' && a.account_id) {
      const account = await findAccountById(trx, a.account_id);
      if (!account || account.state !== 'pending_password') return { ok: false, problem: 'account_in_use' };
      await updateAccount(trx, account.id, { email, updated_at: deps.clock.now() });
      const { raw: token } = await createLink(trx, deps, account.id, 'welcome');
      await enqueueMail(trx, deps, {
        ...welcomeMail(c, {
          accountId: account.id,
          to: email,
          displayName: account.display_name,
          username: account.username,
          link: `${deps.config.publicUrl.login}/welcome/${token}`,
          expiresAt: formatJst(deps.clock.now() + deps.config.welcomeLinkMs),
        }),
        registrationId: a.id,
      });
    } else if (a.status === 'approved' && a.account_id) {
      const holder = await findAccountById(trx, a.account_id);
      if (!holder) throw new Error(`registration ${a.number}: its account ${a.account_id} is gone`);
      await enqueueMail(trx, deps, {
        ...existingAccountMail(c, { ...facts(a), username: holder.username, to: email, accountId: null, greeting: `${a.contact_name} 様` }),
        registrationId: a.id,
      });
    } else if (a.status === 'returned') {
      await enqueueMail(trx, deps, {
        ...returnedMail(c, {
          ...facts(a),
          to: email,
          contactName: a.contact_name,
          reason: a.decision_reason ?? '',
          ...(await returnLink(trx, deps, a, a.decision_reason ?? '')),
        }),
        registrationId: a.id,
      });
    } else if (a.status === 'rejected') {
      await enqueueMail(trx, deps, {
        ...rejectedMail(c, { ...facts(a), to: email, contactName: a.contact_name, reason: a.decision_reason ?? '' }),
        registrationId: a.id,
      });
    } else {
      await enqueueMail(trx, deps, {
        ...registrationReceiptMail(c, { number: a.number, input: inputOfRow(a), submittedAt: formatJst(a.submitted_at), onBehalf: a.submitted_by !== null }),
        registrationId: a.id,
      });
    }
    await correctApplicantEmail(trx, a.id, email);
    await recordAudit(trx, deps.clock, {
      type: 'registration.mail_resent',
      accountId: actor.id,
      username: actor.username,
      origin,
      details: { number: a.number, from: found.email, to: email },
    });
    return { ok: true };
  });
  if (result.ok) deps.workQueued?.();
  return result;
}
