// Server-side sessions of all three origins (Med-Login, G-MIS, 医療情報ネット): one store, one table per
// origin. The cookie carries a random id; the table keeps only its keyed hash, when it was last used
// (idle timeout) and when it must end regardless (absolute lifetime), both from config.session.
import type { Db } from '../../db/dialect.ts';
import type { Account, NaviAccount, NaviSessionMethod, SessionEndReason, SessionsTable } from '../../db/schema.ts';
import type { RequestOrigin } from '../../audit/audit-log.ts';
import type { Ports } from '../../ports.ts';
import { type SessionTable, sessionRows } from './session-repository.ts';

/** Write last_seen_at at most this often, so every request is not a write. */
export const TOUCH_INTERVAL_MS = 60_000;

export type SessionDeps = Pick<Ports, 'clock' | 'random' | 'secrets' | 'config'>;

/** The columns every origin's session table has. */
export type StoredSession = SessionsTable;

/** Where an origin keeps its sessions, what else a row of it remembers, and how its cookie is hashed. */
interface SessionKind<X extends Record<string, unknown>> extends SessionTable {
  /** The keyed hash's purpose: one per origin, so one origin's cookie is nothing on another. */
  digest: string;
  /** Columns only this origin's table has (the single sign-on it began with, how it signed in). */
  extra: ReadonlyArray<keyof X & string>;
}

export interface SessionStore<A, X extends Record<string, unknown>> {
  key(deps: Pick<SessionDeps, 'secrets'>, raw: string): string;
  /** Opens a session (in the caller's transaction, if any); the returned token goes in the cookie. */
  open(db: Db, deps: SessionDeps, accountId: string, origin: RequestOrigin, extra: X): Promise<string>;
  /** The signed-in account for a session cookie, or undefined when it ended, idled out or expired. */
  resolve(db: Db, deps: SessionDeps, raw: string | undefined): Promise<{ session: StoredSession & X; account: A } | undefined>;
  /** Ends one session by its stored id (the keyed hash). Returns whether it was still open. */
  end(db: Db, deps: Pick<SessionDeps, 'clock'>, key: string, reason: SessionEndReason): Promise<boolean>;
  /** Ends every open session of an account, except the one given by its key. Returns how many ended. */
  endAll(db: Db, deps: Pick<SessionDeps, 'clock'>, accountId: string, reason: SessionEndReason, exceptKey?: string): Promise<number>;
  /**
   * Back-channel logout: ends the sessions begun in that provider session (or, without a sid, all of
   * the subject's). Returns the accounts whose sessions ended, one entry per session.
   */
  endBySingleSignOn(
    db: Db,
    deps: Pick<SessionDeps, 'clock'>,
    p: { sid?: string | undefined; sub?: string | undefined },
    reason: SessionEndReason,
  ): Promise<string[]>;
}

function sessionStore<A extends { id: string; state: string }, X extends Record<string, unknown>>(kind: SessionKind<X>): SessionStore<A, X> {
  const key = (deps: Pick<SessionDeps, 'secrets'>, raw: string) => deps.secrets.digest(raw, kind.digest);

  const rows = sessionRows<StoredSession & X>(kind);

  const end = async (db: Db, deps: Pick<SessionDeps, 'clock'>, k: string, reason: SessionEndReason) => rows.endOne(db, k, deps.clock.now(), reason);

  return {
    key,
    end,

    async open(db, deps, accountId, origin, extra) {
      const raw = deps.random.token();
      const now = deps.clock.now();
      await rows.insert(db, {
        id_hash: key(deps, raw),
        account_id: accountId,
        created_at: now,
        last_seen_at: now,
        expires_at: now + deps.config.session.absoluteMs,
        ip: origin.ip,
        user_agent: origin.userAgent.slice(0, 500),
        ended_at: null,
        end_reason: null,
        ...extra,
      });
      return raw;
    },

    async resolve(db, deps, raw) {
      if (!raw || raw.length > 100) return undefined;
      const k = key(deps, raw);
      const row = await rows.withAccount(db, k);
      if (!row || row.s_ended_at !== null) return undefined;
      const session = {} as Record<string, unknown>;
      const account = {} as Record<string, unknown>;
      for (const [column, value] of Object.entries(row)) {
        if (column.startsWith('s_')) session[column.slice(2)] = value;
        else account[column] = value;
      }
      session.account_id = account.id;
      const s = session as StoredSession & X;
      const a = account as A;
      const now = deps.clock.now();
      const problem: SessionEndReason | undefined =
        s.expires_at <= now ? 'expired' : s.last_seen_at + deps.config.session.idleMs <= now ? 'idle' : a.state !== 'active' ? 'account_inactive' : undefined;
      if (problem) {
        await end(db, deps, k, problem);
        return undefined;
      }
      if (now - s.last_seen_at >= TOUCH_INTERVAL_MS) {
        await rows.touch(db, k, now);
        s.last_seen_at = now;
      }
      return { session: s, account: a };
    },

    async endAll(db, deps, accountId, reason, exceptKey) {
      return rows.endAllOf(db, accountId, deps.clock.now(), reason, exceptKey);
    },

    async endBySingleSignOn(db, deps, p, reason) {
      if (!kind.extra.includes('oidc_sid' as keyof X & string)) return [];
      if (!p.sid && !p.sub) return [];
      return rows.endBySingleSignOn(db, p.sid ? { sid: p.sid } : { sub: p.sub! }, deps.clock.now(), reason);
    },
  };
}

/** What a session begun by single sign-on remembers: the provider's sid (back-channel logout) and the ID token (RP-initiated logout). */
export interface SingleSignOnColumns extends Record<string, unknown> {
  oidc_sid: string | null;
  oidc_id_token: string | null;
}

/** Med-Login's own sessions (its sign-in, first password and reset). */
export const loginSessions = sessionStore<Account, Record<never, never>>({ table: 'sessions', accounts: 'accounts', digest: 'session', extra: [] });

/** G-MIS's sessions, begun by single sign-on through Med-Login. */
export const gmisSessions = sessionStore<Account, SingleSignOnColumns>({
  table: 'gmis_sessions',
  accounts: 'accounts',
  digest: 'gmis-session',
  extra: ['oidc_sid', 'oidc_id_token'],
});

/** 医療情報ネット's sessions, signed in locally (ユーザーID + パスワード) or by single sign-on. */
export const naviSessions = sessionStore<NaviAccount, SingleSignOnColumns & { method: NaviSessionMethod }>({
  table: 'navi_sessions',
  accounts: 'navi_accounts',
  digest: 'navi-session',
  extra: ['method', 'oidc_sid', 'oidc_id_token'],
});

// Med-Login's sessions by the names its callers (sign-in, the provider, the account pages) use.

export interface ActiveSession {
  session: StoredSession;
  account: Account;
}

export const sessionKey = (deps: Pick<SessionDeps, 'secrets'>, raw: string) => loginSessions.key(deps, raw);

export const createSession = (db: Db, deps: SessionDeps, accountId: string, origin: RequestOrigin): Promise<string> =>
  loginSessions.open(db, deps, accountId, origin, {});

export const resolveSession = (db: Db, deps: SessionDeps, raw: string | undefined): Promise<ActiveSession | undefined> => loginSessions.resolve(db, deps, raw);

export const endSessionByKey = (db: Db, deps: Pick<SessionDeps, 'clock'>, key: string, reason: SessionEndReason) => loginSessions.end(db, deps, key, reason);

export const endSession = (db: Db, deps: SessionDeps, raw: string, reason: SessionEndReason) => loginSessions.end(db, deps, sessionKey(deps, raw), reason);

export const endAccountSessions = (db: Db, deps: SessionDeps, accountId: string, reason: SessionEndReason, exceptRaw?: string): Promise<number> =>
  loginSessions.endAll(db, deps, accountId, reason, exceptRaw ? sessionKey(deps, exceptRaw) : undefined);
