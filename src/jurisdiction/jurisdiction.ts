// How far a health centre's or an association's authority reaches: the municipalities a 保健所
// covers (within its prefecture), and what a prefecture delegates to a 関係団体. The office sets
// both for any prefecture; a prefecture for its own health centres and its own delegations.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { DelegableAction } from '../db/schema.ts';
import { findAccountById } from '../identity/accounts/account-repository.ts';
import type { Ports } from '../ports.ts';
import { municipality, prefectureName } from '../institutions/places.ts';
import type { MessageId } from '../platform/messages/index.ts';
import { authorize, reachOf, type Actor } from '../policies.ts';
import { grantDelegation, replaceMunicipalities, withdrawDelegation } from './jurisdiction-repository.ts';

export type JurisdictionProblem = 'not_found' | 'wrong_category' | 'outside_prefecture';
export type JurisdictionResult = { ok: true } | { ok: false; problem: JurisdictionProblem };

/** What each refusal says, by the catalogue's id (the page a refused change returns to shows it). */
export const JURISDICTION_PROBLEM_MESSAGES = {
  not_found: 'jurisdiction.account.not_found',
  wrong_category: 'jurisdiction.account.wrong_category',
  outside_prefecture: 'jurisdiction.municipalities.outside_prefecture',
} as const satisfies Record<JurisdictionProblem, MessageId>;

/** Replaces a health centre's municipalities; each must be in the health centre's prefecture. */
export async function setMunicipalities(
  deps: Ports,
  actor: Actor,
  accountId: string,
  codes: readonly string[],
  origin: RequestOrigin,
): Promise<JurisdictionResult> {
  const account = await findAccountById(deps.db, accountId);
  if (!account) return { ok: false, problem: 'not_found' };
  // The rule itself refuses any account that is not a health centre or an association.
  authorize(actor, 'jurisdiction.manage', { accountId: account.id, category: account.category, prefectureCode: account.prefecture_code ?? '' });
  if (reachOf(account.category) !== 'municipalities' || !account.prefecture_code) return { ok: false, problem: 'wrong_category' };
  const unique = [...new Set(codes)];
  if (unique.some((c) => municipality(c)?.prefectureCode !== account.prefecture_code)) return { ok: false, problem: 'outside_prefecture' };
  await deps.db.transaction().execute(async (trx) => {
    await replaceMunicipalities(trx, account.id, unique);
    await recordAudit(trx, deps.clock, {
      type: 'jurisdiction.municipalities_set',
      accountId: account.id,
      username: account.username,
      origin,
      details: { by: actor.username, municipalities: unique },
    });
  });
  return { ok: true };
}

/** Grants or withdraws what a prefecture lets an association (関係団体) do for it. */
export async function setDelegation(
  deps: Ports,
  actor: Actor,
  accountId: string,
  delegation: { prefectureCode: string; action: DelegableAction },
  granted: boolean,
  origin: RequestOrigin,
): Promise<JurisdictionResult> {
  const account = await findAccountById(deps.db, accountId);
  if (!account) return { ok: false, problem: 'not_found' };
  authorize(actor, 'jurisdiction.manage', { accountId: account.id, category: account.category, prefectureCode: delegation.prefectureCode });
  if (reachOf(account.category) !== 'delegations' || !prefectureName(delegation.prefectureCode)) return { ok: false, problem: 'wrong_category' };
  await deps.db.transaction().execute(async (trx) => {
    const row = { accountId: account.id, ...delegation };
    if (granted) await grantDelegation(trx, { ...row, grantedBy: actor.id, grantedAt: deps.clock.now() });
    else await withdrawDelegation(trx, row);
    await recordAudit(trx, deps.clock, {
      type: granted ? 'jurisdiction.delegated' : 'jurisdiction.delegation_withdrawn',
      accountId: account.id,
      username: account.username,
      origin,
      details: { by: actor.username, ...delegation },
    });
  });
  return { ok: true };
}
