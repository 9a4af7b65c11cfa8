// お問合せ: a signed-in user writes to the office. The inquiry is stored under a human-readable
// reference number, and the office's copy and the user's receipt go into the outbox in the same
// transaction.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import { isUniqueViolation } from '../db/dialect.ts';
import type { Account } from '../db/schema.ts';
import { mailContext, type Ports } from '../ports.ts';
import { takeFromBudget } from '../identity/login/throttle.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatJst } from '../platform/japanese/time.ts';
import type { RandomSource } from '../platform/secrets.ts';
import { insertInquiry } from './inquiry-repository.ts';
import { inquiryOfficeMail, inquiryReceiptMail } from './mails.ts';
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
