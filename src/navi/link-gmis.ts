// Single sign-on from G-MIS: the 医療情報ネット account a G-MIS account signs in as. The first time
// (after the user agreed on the consent screen) one is registered from the G-MIS account's name and
// e-mail address, with no password of its own, and linked; afterwards the same one is found.
import { recordAudit } from '../audit/audit-log.ts';
import { isUniqueViolation } from '../db/dialect.ts';
import type { Account, NaviAccount } from '../db/schema.ts';
import { findNaviAccountByGmisAccount, insertNaviAccount, newNaviAccount, userIdTakenIgnoringCase } from './accounts.ts';
import type { NaviSessionDeps } from './deps.ts';

/** `gmis-<ユーザ名>` reads well in support calls; a random suffix only if that is taken. */
const candidateUserId = (gmis: Account, attempt: number, suffix: string) => (attempt === 0 ? `gmis-${gmis.username}` : `gmis-${gmis.username}-${suffix}`);

export async function linkNaviAccountForGmis(deps: Pick<NaviSessionDeps, 'db' | 'clock' | 'random'>, gmis: Account): Promise<NaviAccount> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const linked = await findNaviAccountByGmisAccount(deps.db, gmis.id);
    if (linked) return linked;
    const userId = candidateUserId(
      gmis,
      attempt,
      deps.random
        .token()
        .slice(0, 6)
        .replace(/[^A-Za-z0-9]/g, 'x'),
    );
    if (await userIdTakenIgnoringCase(deps.db, userId)) continue;
    const account = newNaviAccount(deps, {
      user_id: userId,
      display_name: gmis.display_name,
      email: gmis.email,
      password_hash: null,
      must_change_password: 0,
      gmis_account_id: gmis.id,
    });
    try {
      await deps.db.transaction().execute(async (trx) => {
        await insertNaviAccount(trx, account);
        await recordAudit(trx, deps.clock, {
          type: 'navi.account.linked',
          accountId: account.id,
          username: userId,
          details: { gmisAccountId: gmis.id, gmisUsername: gmis.username, registered: true },
        });
      });
      return account;
    } catch (err) {
      // Either a concurrent request linked this G-MIS account first (found on the next round) or
      // the ユーザーID was taken meanwhile (the next round draws another).
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error(`could not register a 医療情報ネット account for G-MIS account ${gmis.id}`);
}
