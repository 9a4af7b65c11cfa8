// SQL for the three origins' session tables (sessions, gmis_sessions, navi_sessions). The table is
// a parameter here, which Kysely's types cannot follow: the queries are written against the columns
// every session table has (SessionsTable, and its extensions in db/schema.ts) and the origin's own
// columns named in the kind. What a session is (idle, lifetime, the cookie's hash) is in session-store.ts.
import type { Kysely } from 'kysely';
import type { Db } from '../../db/dialect.ts';
import { statement } from '../../db/prepared.ts';
import type { SessionEndReason, SessionsTable } from '../../db/schema.ts';

const COLUMNS = [
  'id_hash',
  'account_id',
  'created_at',
  'last_seen_at',
  'expires_at',
  'ip',
  'user_agent',
  'ended_at',
  'end_reason',
] as const satisfies ReadonlyArray<keyof SessionsTable>;

/** Where an origin keeps its sessions and what else a row of it remembers. */
export interface SessionTable {
  table: 'sessions' | 'gmis_sessions' | 'navi_sessions';
  accounts: 'accounts' | 'navi_accounts';
  /** Columns only this origin's table has. */
  extra: readonly string[];
}

const untyped = (db: Db) => db as unknown as Kysely<any>;

/** The queries on one origin's sessions; built once per origin (the prepared ones compile once per engine). */
export function sessionRows<S extends SessionsTable & Record<string, unknown>>(kind: SessionTable) {
  // Plain strings: for Kysely<any> a union of table names is a union of builders.
  const table: string = kind.table;
  const accounts: string = kind.accounts;

  // Every sign-in and every signed-in request runs these (see db/prepared.ts).
  const insert = statement((db, s: S) =>
    untyped(db)
      .insertInto(table)
      .values(Object.fromEntries([...COLUMNS, ...kind.extra].map((c) => [c, s[c]]))),
  );
  const withAccount = statement((db, p: { key: string }) =>
    untyped(db)
      .selectFrom(table)
      .innerJoin(accounts, `${accounts}.id`, `${table}.account_id`)
      .selectAll(accounts)
      .select([...COLUMNS, ...kind.extra].filter((c) => c !== 'account_id').map((c) => `${table}.${c} as s_${c}`))
      .where(`${table}.id_hash`, '=', p.key),
  );
  const touch = statement((db, p: { key: string; now: number }) => untyped(db).updateTable(table).set({ last_seen_at: p.now }).where('id_hash', '=', p.key));
  const endOne = statement((db, p: { key: string; now: number; reason: string }) =>
    untyped(db).updateTable(table).set({ ended_at: p.now, end_reason: p.reason }).where('id_hash', '=', p.key).where('ended_at', 'is', null),
  );
  /** Ends the open sessions the caller narrows it to. */
  const endOpen = (db: Db, now: number, reason: SessionEndReason) =>
    untyped(db).updateTable(table).set({ ended_at: now, end_reason: reason }).where('ended_at', 'is', null);

  return {
    insert: async (db: Db, row: S): Promise<void> => {
      await insert(db, row);
    },
    /** The session with this key and its account: the account's columns as they are, the session's as s_<column>. */
    withAccount: async (db: Db, key: string): Promise<Record<string, unknown> | undefined> =>
      (await withAccount(db, { key })).rows[0] as Record<string, unknown> | undefined,
    touch: async (db: Db, key: string, now: number): Promise<void> => {
      await touch(db, { key, now });
    },
    /** Ends one session if it is still open; returns whether it was. */
    endOne: async (db: Db, key: string, now: number, reason: SessionEndReason): Promise<boolean> =>
      Number((await endOne(db, { key, now, reason })).numAffectedRows ?? 0) === 1,
    /** Ends every open session of an account, except the one with `exceptKey`; returns how many. */
    async endAllOf(db: Db, accountId: string, now: number, reason: SessionEndReason, exceptKey?: string): Promise<number> {
      let q = endOpen(db, now, reason).where('account_id', '=', accountId);
      if (exceptKey) q = q.where('id_hash', '!=', exceptKey);
      return Number((await q.executeTakeFirst()).numUpdatedRows);
    },
    /** Ends the open sessions begun in provider session `sid`, or all of account `sub`'s; returns their accounts, one per session. */
    async endBySingleSignOn(db: Db, by: { sid: string } | { sub: string }, now: number, reason: SessionEndReason): Promise<string[]> {
      const q = 'sid' in by ? endOpen(db, now, reason).where('oidc_sid', '=', by.sid) : endOpen(db, now, reason).where('account_id', '=', by.sub);
      const rows = (await q.returning('account_id').execute()) as Array<{ account_id: string }>;
      return rows.map((r) => r.account_id);
    },
  };
}
