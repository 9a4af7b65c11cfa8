// Server-side sessions. The cookie carries a random id; the database keeps only its keyed hash, when
// it was last used (idle timeout) and when it must end regardless (absolute lifetime).
import type { Db } from '../../db/dialect.ts';
import { statement } from '../../db/prepared.ts';
import type { Account, Session } from '../../db/schema.ts';
import type { RequestOrigin } from '../../audit/audit-log.ts';
import type { IdentityDeps } from '../deps.ts';

/** Write last_seen_at at most this often, so every request is not a write. */
const TOUCH_INTERVAL_MS = 60_000;

export type SessionDeps = Pick<IdentityDeps, 'clock' | 'random' | 'secrets' | 'config'>;

export interface ActiveSession {
  session: Session;
  account: Account;
}

export const sessionKey = (deps: SessionDeps, raw: string) => deps.secrets.digest(raw, 'session');

// Every sign-in and every signed-in request runs these (see db/prepared.ts).
const insertSession = statement((db, s: Pick<Session, 'id_hash' | 'account_id' | 'created_at' | 'expires_at' | 'ip' | 'user_agent'>) =>
  db.insertInto('sessions').values({
    id_hash: s.id_hash,
    account_id: s.account_id,
    created_at: s.created_at,
    last_seen_at: s.created_at,
    expires_at: s.expires_at,
    ip: s.ip,
    user_agent: s.user_agent,
    ended_at: null,
    end_reason: null,
  }),
);

const sessionWithAccount = statement((db, p: { key: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .selectAll('accounts')
    .select([
      'sessions.id_hash',
      'sessions.created_at as s_created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.ip',
      'sessions.user_agent',
      'sessions.ended_at',
      'sessions.end_reason',
    ])
    .where('sessions.id_hash', '=', p.key),
);

export async function createSession(db: Db, deps: SessionDeps, accountId: string, origin: RequestOrigin): Promise<string> {
  const raw = deps.random.token();
  const now = deps.clock.now();
  await insertSession(db, {
    id_hash: sessionKey(deps, raw),
    account_id: accountId,
    created_at: now,
    expires_at: now + deps.config.session.absoluteMs,
    ip: origin.ip,
    user_agent: origin.userAgent.slice(0, 500),
  });
  return raw;
}

/** The signed-in account for a session cookie, or undefined when it ended, idled out or expired. */
export async function resolveSession(db: Db, deps: SessionDeps, raw: string | undefined): Promise<ActiveSession | undefined> {
  if (!raw || raw.length > 100) return undefined;
  const key = sessionKey(deps, raw);
  const row = (await sessionWithAccount(db, { key })).rows[0];
  if (!row || row.ended_at !== null) return undefined;
  const now = deps.clock.now();
  if (row.expires_at <= now || row.last_seen_at + deps.config.session.idleMs <= now || row.state !== 'active') {
    await endSessionByKey(db, deps, key, row.expires_at <= now ? 'expired' : row.state !== 'active' ? 'account_inactive' : 'idle');
    return undefined;
  }
  if (now - row.last_seen_at >= TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', key).execute();
  }
  const { id_hash, s_created_at, last_seen_at, expires_at, ip, user_agent, ended_at, end_reason, ...account } = row;
  return {
    account,
    session: { id_hash, account_id: account.id, created_at: s_created_at, last_seen_at, expires_at, ip, user_agent, ended_at, end_reason },
  };
}

/** Ends a session by its stored id (the keyed hash), e.g. one chosen on 「ログイン中の端末と連携アプリ」. */
export async function endSessionByKey(db: Db, deps: Pick<SessionDeps, 'clock'>, key: string, reason: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ ended_at: deps.clock.now(), end_reason: reason })
    .where('id_hash', '=', key)
    .where('ended_at', 'is', null)
    .execute();
}

export async function endSession(db: Db, deps: SessionDeps, raw: string, reason: string): Promise<void> {
  await endSessionByKey(db, deps, sessionKey(deps, raw), reason);
}

/** Ends every open session of an account, except the one given (if any). Returns how many ended. */
export async function endAccountSessions(
  db: Db,
  deps: SessionDeps,
  accountId: string,
  reason: string,
  exceptRaw?: string,
): Promise<number> {
  let q = db
    .updateTable('sessions')
    .set({ ended_at: deps.clock.now(), end_reason: reason })
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null);
  if (exceptRaw) q = q.where('id_hash', '!=', sessionKey(deps, exceptRaw));
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
