// SQL of 「ログイン中の端末と連携アプリ」: a signed-in user's own open Med-Login sessions. Every query
// is limited to the one account, so a key of somebody else's session finds nothing.
import type { Selectable } from 'kysely';
import type { Db } from '../../db/dialect.ts';
import type { SessionsTable } from '../../db/schema.ts';

/** The account's sessions still open at `now` (not ended, not expired, not idle longer than `idleMs`), last used first. */
export function openSessionsOfAccount(db: Db, accountId: string, now: number, idleMs: number): Promise<Selectable<SessionsTable>[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', now - idleMs)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** The key of the account's session `key` if it is not ended yet; undefined for another account's. */
export async function ownSessionNotEnded(db: Db, accountId: string, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select('id_hash')
    .where('id_hash', '=', key)
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return row?.id_hash;
}
