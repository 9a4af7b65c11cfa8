// The keyword index, the one part of the search the engines do differently. A document's tokens are
// the unigrams and bigrams of its folded fields and its condition tokens (src/search/features.ts);
// a search asks for documents holding a token of every group (AND of ORs).
// - SQLite: the FTS5 table search_fts (rowid = doc_id, detail=none), queried with MATCH
//   '"a" AND ("b" OR "c")'; each token is one word for its unicode61 tokenizer.
// - PostgreSQL: search_facilities.grams (text[]) under GIN, `grams @> {every single token}` and
//   `grams && {any of a group}`.
// Either answers the same: which documents hold the tokens. A term of three characters or more is
// then confirmed on both engines by the same LIKE over the folded fields (search-repository.ts).
import { PostgresAdapter, sql, type Expression, type SqlBool } from 'kysely';
import { bulkStatement } from '../db/bulk.ts';
import type { Db, Engine } from '../db/dialect.ts';

/** Which engine a database (or transaction) runs on, from its Kysely adapter. */
export function engineOf(db: Db): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * The `grams` column's value: PostgreSQL's index reads it; SQLite's is search_fts, written by writeKeywords.
 * On PostgreSQL the array's text form ({"a","b"}), which the server reads into the text[] column: node-pg
 * would otherwise escape every element with two regular expressions (a national snapshot: 40 million).
 */
export function gramsColumn(db: Db, grams: readonly string[]): string | null {
  if (engineOf(db) !== 'postgres') return null;
  const body = grams.join('","');
  // Tokens are letters and digits; a quote or backslash would still be escaped.
  return /[\\"]/.test(body) ? `{${grams.map((g) => `"${g.replace(/[\\"]/g, '\\$&')}"`).join(',')}}` : grams.length ? `{"${body}"}` : '{}';
}

const insertFts = bulkStatement<{ doc_id: number; grams: string }>(['doc_id', 'grams'], (db, rows) => {
  const q = sql`insert into search_fts (rowid, grams) values ${sql.join(rows.map((r) => sql`(${r.doc_id}, ${r.grams})`))}`;
  return { compile: () => q.compile(db) };
});

const deleteFts = bulkStatement<{ doc_id: number }>(['doc_id'], (db, rows) => {
  const q = sql`delete from search_fts where rowid in (${sql.join(rows.map((r) => r.doc_id))})`;
  return { compile: () => q.compile(db) };
});

/** Adds documents' tokens to the keyword index (SQLite; on PostgreSQL the row's grams column is the index). */
export async function writeKeywords(db: Db, docs: ReadonlyArray<{ docId: number; grams: readonly string[] }>): Promise<void> {
  if (engineOf(db) === 'postgres' || docs.length === 0) return;
  await insertFts.run(
    db,
    docs.map((d) => ({ doc_id: d.docId, grams: d.grams.join(' ') })),
  );
}

/** Takes documents out of the keyword index (SQLite; on PostgreSQL deleting the row is enough). */
export async function removeKeywords(db: Db, docIds: readonly number[]): Promise<void> {
  if (engineOf(db) === 'postgres' || docIds.length === 0) return;
  await deleteFts.run(
    db,
    docIds.map((doc_id) => ({ doc_id })),
  );
}

/** Empties the keyword index (SQLite; PostgreSQL's goes with the rows). */
export async function clearKeywords(db: Db): Promise<void> {
  if (engineOf(db) === 'postgres') return;
  await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(db);
}

/** FTS5 query syntax: each token a quoted string (tokens hold letters and digits only). */
const ftsString = (token: string): string => `"${token.replace(/"/g, '""')}"`;

/**
 * How many documents hold a token of each group, from the keyword index alone — on SQLite, where FTS5
 * counts its own matches without reading a row (内科 nationwide: 2 ms, against 34 ms joined). Undefined
 * on PostgreSQL, whose count goes through the table anyway. Every indexed facility has its FTS row.
 */
export async function countHoldingTokens(db: Db, groups: ReadonlyArray<readonly string[]>): Promise<number | undefined> {
  if (engineOf(db) === 'postgres' || groups.length === 0) return undefined;
  const r = await sql<{ n: number }>`select count(*) as n from search_fts where search_fts match ${ftsMatch(groups)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

const ftsMatch = (groups: ReadonlyArray<readonly string[]>): string =>
  groups.map((g) => (g.length === 1 ? ftsString(g[0]!) : `(${g.map(ftsString).join(' OR ')})`)).join(' AND ');

/**
 * The condition "search_facilities holds a token of each group". Groups must not be empty; a group
 * of one token is a plain AND.
 */
export function holdsTokens(db: Db, groups: ReadonlyArray<readonly string[]>): Expression<SqlBool> {
  if (engineOf(db) === 'postgres') {
    const every = groups.filter((g) => g.length === 1).map((g) => g[0]!);
    const parts = [
      ...(every.length ? [sql<SqlBool>`search_facilities.grams @> ${every}::text[]`] : []),
      ...groups.filter((g) => g.length > 1).map((g) => sql<SqlBool>`search_facilities.grams && ${[...g]}::text[]`),
    ];
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  }
  return sql<SqlBool>`search_facilities.doc_id in (select rowid from search_fts where search_fts match ${ftsMatch(groups)})`;
}
