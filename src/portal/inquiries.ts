// お問合せ: a signed-in user writes to the office. The inquiry is stored under a human-readable
// reference number, and the office's copy and the user's receipt go into the outbox in the same
// transaction. The office's inbox (apps/gmis/office-inquiries/) then reads it (新規 → 対応中),
// answers by mail (→ 回答済; the answer is kept in the thread and mailed through the outbox in the
// same transaction), closes it (完了) and reopens it. Each of those carries the version the office
// member saw: two members answering at once send one answer, and the other is told.
import { z } from 'zod';
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import { isUniqueViolation, type Db } from '../db/dialect.ts';
import type { Account, GmisInquiry, GmisInquiryAnswer, InquiryStatus } from '../db/schema.ts';
import { findAccountById } from '../identity/accounts/account-repository.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { normaliseText, searchKey } from '../platform/japanese/text.ts';
import { searchKeys } from './search.ts';
import { mailContext, type Ports } from '../ports.ts';
import { takeFromBudget } from '../identity/login/throttle.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatJst } from '../platform/japanese/time.ts';
import type { RandomSource } from '../platform/secrets.ts';
import {
  answersOf,
  countInbox,
  countInboxByStatus,
  findInquiryByReference,
  insertInquiry,
  insertInquiryAnswer,
  listInbox,
  updateInquiryAtVersion,
} from './inquiry-repository.ts';
import { inquiryAnswerMail, inquiryOfficeMail, inquiryReceiptMail } from './mails.ts';
import { referenceNumber, referencePattern } from '../platform/reference.ts';

export const INQUIRY_CATEGORIES = [
  'ログイン・パスワード',
  'ユーザ基礎情報・メールアドレス',
  '報告（新規・定期・随時）',
  '医療情報ネット',
  '画面の不具合・エラー',
  'その他',
] as const;
export type InquiryCategory = (typeof INQUIRY_CATEGORIES)[number];

/** Each inquiry mails the office and the given contact address; the budget stops the form being used as a mail cannon. */
export const INQUIRY_BUDGET = { max: 10, windowMs: 3_600_000 };

export interface InquiryInput {
  category: InquiryCategory;
  subject: string;
  body: string;
  contactEmail: string;
  contactPhone: string | null;
}

/** Q-20261121-4K7M: the Japan date of receipt, then four random characters. */
export const REFERENCE_PATTERN = referencePattern('Q', 4);

export type SubmitInquiryResult = { ok: true; reference: string } | { ok: false; problem: 'rate_limited' };

export async function submitInquiry(deps: Ports, account: Account, input: InquiryInput, origin?: RequestOrigin): Promise<SubmitInquiryResult> {
  // A reference drawn twice in one day fails the unique index; the whole transaction runs again
  // (PostgreSQL aborts a transaction at its first error).
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const result = await deps.db.transaction().execute(async (trx): Promise<SubmitInquiryResult> => {
        if (!(await takeFromBudget(trx, deps.clock, `inquiry:${account.id}`, INQUIRY_BUDGET))) return { ok: false, problem: 'rate_limited' };
        const now = deps.clock.now();
        const reference = referenceNumber('Q', now, deps.random, 4);
        await insertInquiry(trx, {
          id: deps.random.uuid(),
          reference,
          account_id: account.id,
          category: input.category,
          subject: input.subject,
          body: input.body,
          contact_email: input.contactEmail,
          contact_phone: input.contactPhone,
          created_at: now,
          search_text: searchKey([reference, input.subject, input.body, input.contactEmail].join(' ')),
        });
        const c = mailContext(deps.config);
        const facts = { reference, ...input, receivedAt: formatJst(now) };
        await enqueueMail(
          trx,
          deps,
          inquiryOfficeMail(c, {
            ...facts,
            to: deps.config.mail.officeAddress,
            account: {
              id: account.id,
              username: account.username,
              displayName: account.display_name,
              category: account.category,
              prefectureCode: account.prefecture_code,
            },
          }),
        );
        await enqueueMail(trx, deps, inquiryReceiptMail(c, { ...facts, accountId: account.id, to: input.contactEmail, displayName: account.display_name }));
        await recordAudit(trx, deps.clock, {
          type: 'inquiry.submitted',
          accountId: account.id,
          username: account.username,
          origin,
          details: { reference, category: input.category },
        });
        return { ok: true, reference };
      });
      if (result.ok) deps.workQueued?.();
      return result;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error('could not draw a free inquiry reference');
}

// ── The office's inbox ───────────────────────────────────────────────────

export const INQUIRY_STATUSES = ['new', 'in_progress', 'answered', 'closed'] as const satisfies readonly InquiryStatus[];
export const INQUIRY_STATUS_LABELS: Record<InquiryStatus, string> = { new: '新規', in_progress: '対応中', answered: '回答済', closed: '完了' };

export const ANSWER_MAX = 8000;

/** The office's answer as typed: line breaks kept, no control characters, not empty. */
export const answerSchema = z
  .string()
  .transform(normaliseText)
  .pipe(z.string().min(1, MESSAGES['inquiry.answer.required']).max(ANSWER_MAX, MESSAGES['text.too_long']('回答', ANSWER_MAX)));

export interface InboxQuery {
  status?: InquiryStatus | undefined;
  category?: string | undefined;
  q: string;
  page: number;
  pageSize: number;
}

export interface InboxPage {
  items: GmisInquiry[];
  total: number;
  counts: Record<InquiryStatus, number>;
  page: number;
  pages: number;
}

/** The inbox filtered by state, 分類 and words (in the reference, subject, body or contact address), newest first. */
export async function inbox(db: Db, o: InboxQuery): Promise<InboxPage> {
  const filter = { status: o.status, category: o.category, keys: searchKeys(o.q) };
  const [total, counts] = [await countInbox(db, filter), await countInboxByStatus(db)];
  const pages = Math.max(1, Math.ceil(total / o.pageSize));
  const page = Math.min(Math.max(1, Math.floor(o.page)), pages);
  const items = await listInbox(db, filter, { limit: o.pageSize, offset: (page - 1) * o.pageSize });
  return { items, total, counts, page, pages };
}

export interface InquiryThread {
  inquiry: GmisInquiry;
  answers: GmisInquiryAnswer[];
}

/** One inquiry and its answers (for the sender's page and the office's). */
export async function inquiryThread(db: Db, reference: string): Promise<InquiryThread | undefined> {
  const inquiry = await findInquiryByReference(db, reference);
  return inquiry && { inquiry, answers: await answersOf(db, inquiry.id) };
}

/** The office opens an inquiry: a 新規 one becomes 対応中 (once; a second opening changes nothing). */
export async function openInquiry(deps: Ports, by: Account, reference: string, origin?: RequestOrigin): Promise<InquiryThread | undefined> {
  const thread = await inquiryThread(deps.db, reference);
  if (!thread || thread.inquiry.status !== 'new') return thread;
  const q = thread.inquiry;
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    if (!(await updateInquiryAtVersion(trx, q.id, q.version, { status: 'in_progress', read_at: now, read_by: by.username, updated_at: now }))) return;
    await recordAudit(trx, deps.clock, { type: 'inquiry.read', accountId: by.id, username: by.username, origin, details: { reference } });
  });
  return inquiryThread(deps.db, reference);
}

/** not_found; stale: changed since the version the office member saw; closed: answer a 完了 one only after reopening it. */
export type InquiryProblem = 'not_found' | 'stale' | 'closed';
export type InquiryChange = { ok: true; inquiry: GmisInquiry } | { ok: false; problem: InquiryProblem };

/**
 * Mails the answer to the inquiry's contact address (through the outbox, in the same transaction
 * as the row of the thread and the state 回答済). Written only at `expectedVersion`: of two office
 * members answering from the same page, one answer is sent and the other is refused.
 */
export async function answerInquiry(
  deps: Ports,
  by: Account,
  reference: string,
  expectedVersion: number,
  answer: string,
  origin?: RequestOrigin,
): Promise<InquiryChange> {
  const text = answerSchema.parse(answer);
  const result = await deps.db.transaction().execute(async (trx): Promise<InquiryChange> => {
    const q = await findInquiryByReference(trx, reference);
    if (!q) return { ok: false, problem: 'not_found' };
    if (q.version !== expectedVersion) return { ok: false, problem: 'stale' };
    if (q.status === 'closed') return { ok: false, problem: 'closed' };
    const now = deps.clock.now();
    if (
      !(await updateInquiryAtVersion(trx, q.id, q.version, {
        status: 'answered',
        updated_at: now,
        read_at: q.read_at ?? now,
        read_by: q.read_by ?? by.username,
      }))
    )
      return { ok: false, problem: 'stale' };
    const sender = q.account_id ? await findAccountById(trx, q.account_id) : undefined;
    const mailId = await enqueueMail(
      trx,
      deps,
      inquiryAnswerMail(mailContext(deps.config), {
        reference,
        subject: q.subject,
        body: q.body,
        receivedAt: formatJst(q.created_at),
        answer: text,
        accountId: q.account_id,
        to: q.contact_email,
        displayName: sender?.display_name ?? 'お問合せいただいた方',
      }),
    );
    await insertInquiryAnswer(trx, {
      id: deps.random.uuid(),
      inquiry_id: q.id,
      body: text,
      answered_at: now,
      answered_by: by.id,
      answered_by_name: by.display_name,
      sent_to: q.contact_email,
      mail_id: mailId,
    });
    await recordAudit(trx, deps.clock, {
      type: 'inquiry.answered',
      accountId: by.id,
      username: by.username,
      origin,
      details: { reference, sentTo: q.contact_email },
    });
    return { ok: true, inquiry: (await findInquiryByReference(trx, reference))! };
  });
  if (result.ok) deps.workQueued?.();
  return result;
}

/** 完了 (close) or back to 対応中 (reopen), at the version the office member saw. */
export async function setInquiryClosed(
  deps: Ports,
  by: Account,
  reference: string,
  expectedVersion: number,
  closed: boolean,
  origin?: RequestOrigin,
): Promise<InquiryChange> {
  return deps.db.transaction().execute(async (trx): Promise<InquiryChange> => {
    const q = await findInquiryByReference(trx, reference);
    if (!q) return { ok: false, problem: 'not_found' };
    if (q.version !== expectedVersion) return { ok: false, problem: 'stale' };
    // Already in the state asked for: nothing to do, nothing recorded.
    if ((q.status === 'closed') === closed) return { ok: true, inquiry: q };
    const now = deps.clock.now();
    const changes = closed
      ? { status: 'closed' as const, closed_at: now, closed_by: by.username, updated_at: now }
      : { status: 'in_progress' as const, closed_at: null, closed_by: null, updated_at: now };
    if (!(await updateInquiryAtVersion(trx, q.id, q.version, changes))) return { ok: false, problem: 'stale' };
    await recordAudit(trx, deps.clock, {
      type: closed ? 'inquiry.closed' : 'inquiry.reopened',
      accountId: by.id,
      username: by.username,
      origin,
      details: { reference },
    });
    return { ok: true, inquiry: (await findInquiryByReference(trx, reference))! };
  });
}
