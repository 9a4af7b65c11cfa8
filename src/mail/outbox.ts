// The transactional outbox: mail is written as a row in the same transaction as the change that
// caused it; the worker (delivery.ts) sends it after commit.
import type { Db } from '../db/dialect.ts';
import type { Insertable } from 'kysely';
import type { MailOutboxTable, OutboxMail } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { sortableId, type RandomSource } from '../platform/secrets.ts';

export interface MailMessage {
  /** Stable id of the template, e.g. 'account.welcome'. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  accountId?: string | null;
  /** The 新規ユーザ登録申請 the mail is about; if the receiving server refuses it, that is recorded there. */
  registrationId?: string | null;
}

export async function enqueueMail(
  db: Db,
  deps: { clock: Clock; random: RandomSource },
  message: MailMessage,
): Promise<string> {
  const row = outboxRow(deps, message);
  await db.insertInto('mail_outbox').values(row).execute();
  return row.id;
}

/** The outbox row for `message`, for callers that insert many at once in their own transaction. */
export function outboxRow(deps: { clock: Clock; random: RandomSource }, message: MailMessage): Insertable<MailOutboxTable> & { id: string } {
  const now = deps.clock.now();
  return {
    id: sortableId(now, deps.random),
    kind: message.kind,
    to_address: message.to,
    subject: message.subject,
    body_text: message.text,
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
  };
}

export async function listMail(db: Db, options: { limit?: number; to?: string } = {}): Promise<OutboxMail[]> {
  // Ids sort by creation (see sortableId), so this is newest first even within one millisecond.
  let q = db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc');
  if (options.to) q = q.where('to_address', '=', options.to);
  return q.limit(options.limit ?? 50).execute();
}

export async function findMail(db: Db, id: string): Promise<OutboxMail | undefined> {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
