// 「却下」 on the consent screen: single sign-on to that client stays blocked, the office is told, phones
// the user, records what it learned and lifts the block. A second 「却下」 while blocked changes nothing.
import { recordAudit, type RequestOrigin } from '../../audit/audit-log.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { Account, SsoBlock } from '../../db/schema.ts';
import { mailContext } from '../../ports.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { sortableId } from '../../platform/secrets.ts';
import { authorize } from '../../policies.ts';
import { officeQueueUrl, type SsoAccessDeps } from './access.ts';
import { blockLiftedMail, consentRefusedMail, personOf, recipientOf } from './mails.ts';
import { accountById, findBlock, findOpenBlock, insertBlock, liftOpenBlock } from './sso-access-repository.ts';

/** Records a consent refusal: the block, an audit event and a mail to the office, in one transaction. */
export async function recordConsentRefusal(deps: SsoAccessDeps, p: { accountId: string; clientId: string; ip: string; userAgent: string }): Promise<void> {
  try {
    const created = await deps.db.transaction().execute(async (trx) => {
      if (await findOpenBlock(trx, p.accountId, p.clientId)) return false;
      const account = await accountById(trx, p.accountId);
      const now = deps.clock.now();
      const block: SsoBlock = {
        id: sortableId(now, deps.random),
        account_id: account.id,
        client_id: p.clientId,
        refused_at: now,
        ip: p.ip.slice(0, 100),
        user_agent: p.userAgent.slice(0, 500),
        office_note: null,
        lifted_at: null,
        lifted_by: null,
      };
      await insertBlock(trx, block);
      await enqueueMail(trx, deps, consentRefusedMail(mailContext(deps.config), { person: personOf(account), refusedAt: now, queueUrl: officeQueueUrl(deps) }));
      await recordAudit(trx, deps.clock, {
        type: 'sso.consent.refused',
        accountId: account.id,
        username: account.username,
        origin: { ip: p.ip, userAgent: p.userAgent },
        details: { blockId: block.id, clientId: p.clientId },
      });
      return true;
    });
    if (created) deps.workQueued?.();
  } catch (err) {
    // A concurrent refusal opened the block first: the outcome is the same.
    if (!isUniqueViolation(err)) throw err;
  }
}

/**
 * The office lifts a block, recording the reason the user gave; the user is mailed that single
 * sign-on works again. Throws Forbidden unless the actor may lift it (office, not their own).
 */
export async function liftSsoBlock(
  deps: SsoAccessDeps,
  actor: Account,
  blockId: string,
  officeNote: string,
  origin?: RequestOrigin,
): Promise<{ ok: true; block: SsoBlock } | { ok: false; problem: 'not_found' | 'already_lifted' }> {
  const found = await findBlock(deps.db, blockId);
  if (!found) return { ok: false, problem: 'not_found' };
  authorize(actor, 'sso_block.lift', { accountId: found.account_id });
  const note = officeNote.trim();
  if (!note) throw new Error('lifting a block needs the reason the user gave');

  const now = deps.clock.now();
  const lifted = await deps.db.transaction().execute(async (trx) => {
    if (!(await liftOpenBlock(trx, found.id, { liftedBy: actor.id, note, at: now }))) return false;
    const account = await accountById(trx, found.account_id);
    await enqueueMail(trx, deps, blockLiftedMail(mailContext(deps.config), recipientOf(account)));
    await recordAudit(trx, deps.clock, {
      type: 'sso.block.lifted',
      accountId: account.id,
      username: account.username,
      origin,
      details: { blockId: found.id, clientId: found.client_id, liftedBy: actor.username, note },
    });
    return true;
  });
  if (!lifted) return { ok: false, problem: 'already_lifted' };
  deps.workQueued?.();
  return { ok: true, block: { ...found, lifted_at: now, lifted_by: actor.id, office_note: note } };
}
