// The transactional outbox: mail is written as a row in the same transaction as the change that
// caused it; the worker (delivery.ts) sends it after commit. A pending body is stored sealed (it may
// carry a working one-time link); once the mail is delivered or given up, only a copy without its
// links stays. Where the dev mailbox is on, the row also keeps the readable copy it shows.
import type { Db } from '../db/dialect.ts';
import type { Config } from '../config.ts';
import type { OutboxMail } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { sortableId, type RandomSource, type Secrets } from '../platform/secrets.ts';
import { clearDevBodies, insertMail, listStoredMail, type NewMail, plainMail, protectPlainMail } from './outbox-repository.ts';

export { findMail } from './outbox-repository.ts';

/** What writing mail needs: the key that seals bodies, and whether the dev mailbox is on. */
export interface OutboxDeps {
  clock: Clock;
  random: RandomSource;
  secrets: Secrets;
  config: Pick<Config, 'production' | 'smtpUrl'>;
}

/** The dev mailbox (delivered mail kept and shown, nothing sent) is on without SMTP, outside production. */
export const devMailboxOn = (config: Pick<Config, 'production' | 'smtpUrl'>): boolean => !config.production && !config.smtpUrl;

const SEAL_PURPOSE = 'mail_outbox.body_text';

export const sealBody = (secrets: Secrets, id: string, text: string): string => secrets.seal(text, SEAL_PURPOSE, id);

/** The body of a sealed row; throws UnsealError under another SECRET_KEY. */
export const unsealBody = (secrets: Secrets, mail: Pick<OutboxMail, 'id' | 'body_text'>): string => secrets.unseal(mail.body_text, SEAL_PURPOSE, mail.id);

export const LINK_REDACTED = '［リンクは送信後に削除しました］';

/** The body as kept after delivery: every link replaced, so no working link stays at rest. */
export const redactLinks = (text: string): string => text.replace(/https?:\/\/[^\s<>"]+/g, LINK_REDACTED);

/** Shown instead of a body that is still sealed (listing outside the dev mailbox). */
export const SEALED_NOTICE = '［送信前のため本文は暗号化して保管しています］';

export interface MailMessage {
  /** Stable id of the template, e.g. 'account.welcome'. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  accountId?: string | null;
  /** The 新規ユーザ登録申請 the mail is about; if the receiving server refuses it, that is recorded there. */
  registrationId?: string | null;
  /** Claimed in this order, lowest first (MAIL_PRIORITY); transactional mail unless told. */
  priority?: number;
  /** The 一括メール配信 it belongs to: at most one row per campaign and account (a unique index). */
  campaignId?: string | null;
}

/** Transactional mail (welcome, reset, notices of a change) goes before bulk mail, which is also rate-limited. */
export const MAIL_PRIORITY = { transactional: 0, bulk: 1 } as const;

export async function enqueueMail(db: Db, deps: OutboxDeps, message: MailMessage): Promise<string> {
  const row = outboxRow(deps, message);
  await insertMail(db, row);
  return row.id;
}

/** The outbox row for `message`, for callers that insert many at once in their own transaction. */
export function outboxRow(deps: OutboxDeps, message: MailMessage): NewMail & { id: string } {
  const now = deps.clock.now();
  const id = sortableId(now, deps.random);
  return {
    id,
    kind: message.kind,
    to_address: message.to,
    subject: message.subject,
    body_text: sealBody(deps.secrets, id, message.text),
    body_state: 'sealed',
    dev_body_text: devMailboxOn(deps.config) ? message.text : null,
    account_id: message.accountId ?? null,
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    locked_until: null,
    last_error: null,
    created_at: now,
    sent_at: null,
    transport: null,
    registration_id: message.registrationId ?? null,
    priority: message.priority ?? MAIL_PRIORITY.transactional,
    campaign_id: message.campaignId ?? null,
  };
}

/**
 * Mail newest first, each body in the form a reader may see: the dev mailbox's readable copy where
 * the row has one (only where the dev mailbox is on: protectStoredMail removes them elsewhere, and
 * `devMailbox: false` ignores them), else the stored body, links removed, or a notice while sealed.
 */
export async function listMail(db: Db, options: { limit?: number; to?: string; devMailbox?: boolean } = {}): Promise<OutboxMail[]> {
  // Ids sort by creation (see sortableId), so this is newest first even within one millisecond.
  const rows = await listStoredMail(db, { limit: options.limit ?? 50, to: options.to });
  return rows.map((m) => readable(m, options.devMailbox ?? true));
}

function readable(m: OutboxMail, devMailbox: boolean): OutboxMail {
  if (devMailbox && m.dev_body_text !== null) return { ...m, body_text: m.dev_body_text };
  return {
    ...m,
    body_text: m.body_state === 'redacted' ? m.body_text : m.body_state === 'sealed' ? SEALED_NOTICE : redactLinks(m.body_text),
    dev_body_text: null,
  };
}

/**
 * Run at start: rows from before bodies were sealed are sealed (pending) or stripped of their links
 * (delivered, failed); where the dev mailbox is off, its readable copies are removed.
 */
export async function protectStoredMail(db: Db, deps: Pick<OutboxDeps, 'secrets' | 'config'>): Promise<number> {
  const dev = devMailboxOn(deps.config);
  if (!dev) await clearDevBodies(db);
  let changed = 0;
  for (;;) {
    const rows = await plainMail(db, 200);
    if (rows.length === 0) return changed;
    for (const row of rows) {
      const pending = row.status === 'pending';
      await protectPlainMail(db, row.id, {
        body_text: pending ? sealBody(deps.secrets, row.id, row.body_text) : redactLinks(row.body_text),
        body_state: pending ? 'sealed' : 'redacted',
        ...(dev ? { dev_body_text: row.body_text } : {}),
      });
    }
    changed += rows.length;
  }
}
