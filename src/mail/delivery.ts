// Outbox delivery: claims due rows, sends them through the transport after the claim commits, and
// records the outcome, so several workers can share the outbox without sending a row twice. The
// body is unsealed only to be sent; the outcome that ends a row's life keeps it without its links.
import type { Db, Dialect } from '../db/dialect.ts';
import type { OutboxMail } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { Secrets } from '../platform/secrets.ts';
import { MAIL_PRIORITY, redactLinks, unsealBody } from './outbox.ts';
import { claimDueMail, recordBounce, recordMailOutcome, recordRegistrationMailFailure, renewMailClaim } from './outbox-repository.ts';
import type { RateBudget } from './rate-budget.ts';
import { MailDeliveryError, type MailTransport } from './transport.ts';

/** pino-compatible subset. */
export interface DeliveryLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DeliveryDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  /** Opens the sealed bodies (the SECRET_KEY they were sealed under). */
  secrets: Secrets;
  transport: MailTransport;
  logger?: DeliveryLogger;
}

export interface DeliveryOptions {
  /** Rows claimed of each priority per pass. */
  batchSize?: number;
  /** Names this worker in logs. */
  workerId?: string;
  /** Bulk mail (MAIL_PRIORITY.bulk) claimed only as far as this allows; transactional mail is claimed first and never limited. */
  bulkBudget?: RateBudget;
  /** Sends in flight at once (the SMTP transport pools its connections); one unless told. */
  concurrency?: number;
  /** How long a claim keeps other workers off a row (CLAIM_MS unless told; a restarted worker waits this long for rows a killed one held). */
  claimMs?: number;
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

export const MAX_ATTEMPTS = 8;
/** How long a claim keeps other workers off a row; a send must finish well inside it. */
export const CLAIM_MS = 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 1000;

/** Wait before the next try after `attempts` tries: 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);
}

export async function deliverDueMail(deps: DeliveryDeps, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  const workerId = options.workerId ?? 'worker';
  const claimMs = options.claimMs ?? CLAIM_MS;
  const claimed = await claimDue(deps, options.batchSize ?? 20, claimMs, options.bulkBudget);
  let next = 0;
  const lane = async () => {
    while (next < claimed.length) await deliverOne(claimed[next++]!);
  };
  const deliverOne = async (mail: OutboxMail) => {
    const log = { mailId: mail.id, kind: mail.kind, attempts: mail.attempts, workerId };
    // Sends run a few at a time, so the last of a slow batch could outlive the claim taken for all.
    if (!(await renewClaim(deps, mail, claimMs))) {
      deps.logger?.warn(log, 'mail skipped: its claim ran out before its turn');
      return;
    }
    const outcome = await sendOne(deps, mail);
    // Recorded straight after the peer's reply, with nothing awaited in between: a worker killed in
    // that window is the only way a mail goes out twice, and then with the same Message-ID.
    const recorded = await recordOutcome(deps, mail, outcome);
    if (!recorded) {
      // The claim ran out and another worker took the row over; its outcome stands. The shared
      // Message-ID lets the receiving side drop a duplicate.
      deps.logger?.warn(log, 'mail outcome not recorded: claim was taken over');
    } else if (outcome.ok) {
      result.sent += 1;
      deps.logger?.info({ ...log, transport: deps.transport.name }, 'mail sent');
    } else if (outcome.final) {
      result.failed += 1;
      deps.logger?.error({ ...log, error: outcome.error }, 'mail delivery failed for good');
    } else {
      result.retried += 1;
      deps.logger?.warn({ ...log, error: outcome.error }, 'mail delivery will be retried');
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, claimed.length)) }, lane));
  return result;
}

/** Transactional mail first; then bulk mail, as far as its budget allows. */
async function claimDue(deps: DeliveryDeps, batchSize: number, claimMs: number, bulkBudget: RateBudget | undefined): Promise<OutboxMail[]> {
  const now = deps.clock.now();
  const byDue = (rows: OutboxMail[]) => rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id.localeCompare(b.id));
  const urgent = byDue(await claimDueMail(deps.db, deps.dialect, now, now + claimMs, batchSize, MAIL_PRIORITY.transactional));
  const allowed = bulkBudget ? Math.min(batchSize, bulkBudget.available()) : batchSize;
  const bulk = byDue(await claimDueMail(deps.db, deps.dialect, now, now + claimMs, allowed, MAIL_PRIORITY.bulk));
  bulkBudget?.spend(bulk.length);
  return [...urgent, ...bulk];
}

/**
 * Gives this row a full claim period before its send, if the claim is still ours. A claim taken a
 * moment ago (three quarters of its period left) is not written again: one write less per mail.
 */
async function renewClaim(deps: DeliveryDeps, mail: OutboxMail, claimMs: number): Promise<boolean> {
  const now = deps.clock.now();
  if (mail.locked_until !== null && mail.locked_until - now >= (claimMs * 3) / 4) return true;
  return renewMailClaim(deps.db, mail, now, now + claimMs);
}

/** `text`: the body as it was sent or would have been, when it could be read. */
type SendOutcome = { ok: true; text: string } | { ok: false; final: boolean; permanent: boolean; error: string; text?: string };

async function sendOne(deps: DeliveryDeps, mail: OutboxMail): Promise<SendOutcome> {
  let text: string | undefined;
  try {
    // A body sealed under another SECRET_KEY throws here: retried (the right key may come back),
    // then given up like any other failure, with the reason in last_error.
    text = mail.body_state === 'sealed' ? unsealBody(deps.secrets, mail) : mail.body_text;
    await deps.transport.send({ id: mail.id, to: mail.to_address, subject: mail.subject, text });
    return { ok: true, text };
  } catch (err) {
    const permanent = err instanceof MailDeliveryError && err.permanent;
    const error = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);
    return { ok: false, final: permanent || mail.attempts >= MAX_ATTEMPTS, permanent, error, ...(text === undefined ? {} : { text }) };
  }
}

/** One conditional UPDATE: it applies only while this claim (status, attempts) still holds. */
async function recordOutcome(deps: DeliveryDeps, mail: OutboxMail, outcome: SendOutcome): Promise<boolean> {
  const now = deps.clock.now();
  // A row that will not be sent again keeps its body without links (a working link stays only
  // while the mail may still go out, and then sealed).
  const done = outcome.ok || outcome.final;
  const redacted = done && outcome.text !== undefined ? { body_text: redactLinks(outcome.text), body_state: 'redacted' as const } : {};
  const change = outcome.ok
    ? { status: 'sent' as const, sent_at: now, transport: deps.transport.name, last_error: null, ...redacted }
    : outcome.final
      ? { status: 'failed' as const, last_error: outcome.error, ...redacted }
      : { next_attempt_at: now + backoffMs(mail.attempts), last_error: outcome.error };
  const write = (db: Db) => recordMailOutcome(db, mail, change);
  const registrationId = mail.registration_id;
  // An address the peer refused for good (SMTP 5xx) is marked 宛先不明 on the account it belongs to.
  const bounced = !outcome.ok && outcome.final && outcome.permanent && mail.account_id !== null;
  if (outcome.ok || !outcome.final || (!registrationId && !bounced)) return write(deps.db);
  return deps.db.transaction().execute(async (trx) => {
    const recorded = await write(trx);
    // A refused mail about a registration application is shown to the prefecture reviewing it.
    if (recorded && registrationId) {
      await recordRegistrationMailFailure(trx, registrationId, now, `${mail.to_address}: ${outcome.error}`.slice(0, MAX_ERROR_LENGTH));
    }
    if (recorded && bounced && mail.account_id) {
      await recordBounce(trx, { accountId: mail.account_id, address: mail.to_address, at: now, reason: outcome.error, mailId: mail.id });
    }
    return recorded;
  });
}
