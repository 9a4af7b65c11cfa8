// SQL for one-time links. Each purpose keeps its links in a table of its own (one-time-link.ts says
// which), so the table is a parameter, which Kysely's types cannot follow: the queries use the
// columns every link table has (id, account_id, token_hash, created_at, expires_at, consumed_at,
// superseded_at; see db/schema.ts) and the purpose's own ones.
import type { Kysely } from 'kysely';
import type { Db } from '../../db/dialect.ts';

/** Where a purpose's links are kept. */
export interface LinkStore {
  table: 'account_tokens' | 'navi_password_links' | 'account_email_changes';
  /** The value of account_tokens.purpose, for the purposes kept in that table. */
  purposeColumn?: 'welcome' | 'recovery';
  accounts: 'accounts' | 'navi_accounts';
  /** Columns the link carries besides the common ones. */
  data: readonly string[];
}

const untyped = (db: Db) => db as unknown as Kysely<any>;

export async function insertLinkRow(db: Db, store: Pick<LinkStore, 'table'>, row: object): Promise<void> {
  await untyped(db).insertInto(store.table).values(row).execute();
}

/** Supersedes the open (not consumed, not superseded) links of the store and account at `now`. Returns how many. */
export async function supersedeOpenLinks(db: Db, store: LinkStore, accountId: string, now: number): Promise<number> {
  let q = untyped(db)
    .updateTable(store.table as string)
    .where('account_id', '=', accountId)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null);
  if (store.purposeColumn) q = q.where('purpose', '=', store.purposeColumn);
  const result = await q.set({ superseded_at: now }).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The link with this token hash and its account: the account's columns as they are, the link's as
 * link_id, link_expires_at, link_consumed_at, link_superseded_at and link_<data column>.
 */
export async function findLinkWithAccount(db: Db, store: LinkStore, tokenHash: string): Promise<Record<string, unknown> | undefined> {
  const link = store.table as string;
  let q = untyped(db)
    .selectFrom(link)
    .innerJoin(store.accounts, `${store.accounts}.id`, `${link}.account_id`)
    .selectAll(store.accounts)
    .select([
      `${link}.id as link_id`,
      `${link}.expires_at as link_expires_at`,
      `${link}.consumed_at as link_consumed_at`,
      `${link}.superseded_at as link_superseded_at`,
      ...store.data.map((c) => `${link}.${c} as link_${c}`),
    ])
    .where(`${link}.token_hash`, '=', tokenHash);
  if (store.purposeColumn) q = q.where(`${link}.purpose`, '=', store.purposeColumn);
  return (await q.executeTakeFirst()) as Record<string, unknown> | undefined;
}

/** Marks the link used at `now` in one conditional UPDATE: false if it was used, superseded or expired meanwhile. */
export async function consumeLinkRow(db: Db, store: Pick<LinkStore, 'table'>, linkId: string, now: number): Promise<boolean> {
  const result = await untyped(db)
    .updateTable(store.table)
    .set({ consumed_at: now })
    .where('id', '=', linkId)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The account's newest open link unexpired at `now`: created_at, expires_at and the data columns. */
export async function newestOpenLink(db: Db, store: LinkStore, accountId: string, now: number): Promise<Record<string, unknown> | undefined> {
  let q = untyped(db)
    .selectFrom(store.table)
    .select(['created_at', 'expires_at', ...store.data])
    .where('account_id', '=', accountId)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', now);
  if (store.purposeColumn) q = q.where('purpose', '=', store.purposeColumn);
  return (await q.orderBy('created_at', 'desc').executeTakeFirst()) as Record<string, unknown> | undefined;
}
