// How far a health centre's or an association's authority reaches: the municipalities a 保健所
// covers (within its prefecture), and what a prefecture delegates to a 関係団体. The office sets
// both for any prefecture; a prefecture for its own health centres and its own delegations.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import type { Account, DelegableAction } from '../db/schema.ts';
import type { IdentityDeps } from '../identity/deps.ts';
import { municipality, prefectureName } from '../institutions/places.ts';
import { authorize, reachOf, type Actor } from '../policies.ts';

export type JurisdictionResult = { ok: true } | { ok: false; problem: 'not_found' | 'wrong_category' | 'outside_prefecture' };

async function target(deps: IdentityDeps, accountId: string): Promise<Account | undefined> {
  return deps.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
}

/** Replaces a health centre's municipalities; each must be in the health centre's prefecture. */
export async function setMunicipalities(deps: IdentityDeps, actor: Actor, accountId: string, codes: readonly string[], origin: RequestOrigin): Promise<JurisdictionResult> {
  const account = await target(deps, accountId);
  if (!account) return { ok: false, problem: 'not_found' };
  // The rule itself refuses any account that is not a health centre or an association.
  authorize(actor, 'jurisdiction.manage', { accountId: account.id, category: account.category, prefectureCode: account.prefecture_code ?? '' });
  if (reachOf(account.category) !== 'municipalities' || !account.prefecture_code) return { ok: false, problem: 'wrong_category' };
  const unique = [...new Set(codes)];
  if (unique.some((c) => municipality(c)?.prefectureCode !== account.prefecture_code)) return { ok: false, problem: 'outside_prefecture' };
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('account_municipalities').where('account_id', '=', account.id).execute();
    if (unique.length) await trx.insertInto('account_municipalities').values(unique.map((c) => ({ account_id: account.id, municipality_code: c }))).execute();
    await recordAudit(trx, deps.clock, { type: 'jurisdiction.municipalities_set', accountId: account.id, username: account.username, origin, details: { by: actor.username, municipalities: unique } });
  });
  return { ok: true };
}

/** Grants or withdraws what a prefecture lets an association (関係団体) do for it. */
export async function setDelegation(
  deps: IdentityDeps,
  actor: Actor,
  accountId: string,
  delegation: { prefectureCode: string; action: DelegableAction },
  granted: boolean,
  origin: RequestOrigin,
): Promise<JurisdictionResult> {
  const account = await target(deps, accountId);
  if (!account) return { ok: false, problem: 'not_found' };
  authorize(actor, 'jurisdiction.manage', { accountId: account.id, category: account.category, prefectureCode: delegation.prefectureCode });
  if (reachOf(account.category) !== 'delegations' || !prefectureName(delegation.prefectureCode)) return { ok: false, problem: 'wrong_category' };
  await deps.db.transaction().execute(async (trx) => {
    if (granted) {
      await trx
        .insertInto('prefecture_delegations')
        .values({ account_id: account.id, prefecture_code: delegation.prefectureCode, action: delegation.action, granted_by: actor.id, granted_at: deps.clock.now() })
        .onConflict((oc) => oc.columns(['account_id', 'prefecture_code', 'action']).doNothing())
        .execute();
    } else {
      await trx.deleteFrom('prefecture_delegations').where('account_id', '=', account.id).where('prefecture_code', '=', delegation.prefectureCode).where('action', '=', delegation.action).execute();
    }
    await recordAudit(trx, deps.clock, { type: granted ? 'jurisdiction.delegated' : 'jurisdiction.delegation_withdrawn', accountId: account.id, username: account.username, origin, details: { by: actor.username, ...delegation } });
  });
  return { ok: true };
}
