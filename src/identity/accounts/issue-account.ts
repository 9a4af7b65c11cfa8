// issueAccount: creates an account waiting for its first password and queues the アカウント発行通知
// メール with a one-time link, in one transaction.
import { auditRow } from '../../audit/audit-log.ts';
import { insertAuditRow } from '../../audit/audit-repository.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { AccountCategory } from '../../db/schema.ts';
import { outboxRow } from '../../mail/outbox.ts';
import { insertMail } from '../../mail/outbox-repository.ts';
import { welcomeMail } from '../../mail/templates.ts';
import { formatJst } from '../../platform/japanese/time.ts';
import { mailContext, type Ports } from '../../ports.ts';
import { insertLink, newLink } from '../tokens/one-time-link.ts';
import { generateUsername } from './username.ts';
import { insertAccount } from './account-repository.ts';

export interface AccountRequest {
  category: AccountCategory;
  displayName: string;
  email: string;
  prefectureCode?: string | null;
  /** Who issued it (office user, CLI, seed), for the audit trail. */
  issuedBy: string;
  /** The person in charge, when known (from a 新規ユーザ登録申請): ユーザ基礎情報 starts with them. */
  person?: AccountPerson;
}

/** ユーザ基礎情報 an account may start with. */
export interface AccountPerson {
  familyName: string;
  givenName: string | null;
  department: string | null;
  extension: string | null;
}

export interface IssuedAccount {
  accountId: string;
  username: string;
}

export async function issueAccount(deps: Ports, request: AccountRequest): Promise<IssuedAccount> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const issue = accountIssue(deps, request, generateUsername(deps.random));
      await deps.db.transaction().execute(async (trx) => {
        await insertAccount(trx, issue.account);
        await insertLink(trx, 'welcome', issue.link);
        await insertMail(trx, issue.mail);
        await insertAuditRow(trx, issue.audit);
      });
      deps.workQueued?.();
      return { accountId: issue.account.id, username: issue.account.username };
    } catch (err) {
      // A generated username can collide with an existing one; draw again.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error('could not draw a free username');
}

/**
 * The rows that issue one account: the account waiting for its first password, its welcome link,
 * the アカウント発行通知 mail carrying the link, and the audit event — written by issueAccount, or
 * many at once by bulk approval.
 */
export function accountIssue(deps: Ports, request: AccountRequest & { institutionId?: string | null; registrationId?: string }, username: string) {
  const now = deps.clock.now();
  const accountId = deps.random.uuid();
  const { raw, row: link } = newLink(deps, accountId, 'welcome');
  return {
    account: {
      id: accountId,
      username,
      category: request.category,
      display_name: request.displayName,
      email: request.email,
      prefecture_code: request.prefectureCode ?? null,
      institution_id: request.institutionId ?? null,
      family_name: request.person?.familyName ?? null,
      given_name: request.person?.givenName ?? null,
      department: request.person?.department ?? null,
      extension: request.person?.extension ?? null,
      state: 'pending_password' as const,
      password_hash: null,
      password_changed_at: null,
      untrusted_locked_at: null,
      created_at: now,
      updated_at: now,
    },
    link,
    mail: outboxRow(deps, {
      ...welcomeMail(mailContext(deps.config), {
        accountId,
        to: request.email,
        displayName: request.displayName,
        username,
        link: `${deps.config.publicUrl.login}/welcome/${raw}`,
        expiresAt: formatJst(now + deps.config.welcomeLinkMs),
      }),
      registrationId: request.registrationId ?? null,
    }),
    audit: auditRow(deps.clock, { type: 'account.issued', accountId, username, details: { category: request.category, issuedBy: request.issuedBy } }),
  };
}
