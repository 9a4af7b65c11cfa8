// Everything that differs between SQLite and PostgreSQL lives here, and nowhere else.
import { sql, type ColumnDefinitionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Dialect {
  engine: Engine;
  /** Column type for epoch-millisecond times and other 64-bit integers. */
  bigint: 'bigint' | 'integer';
  /** Auto-incrementing integer primary key. */
  identity(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  identityType: 'integer' | 'bigserial';
  /**
   * Row locking for work queues: PostgreSQL skips rows other workers hold; SQLite has a single
   * writer, so the surrounding transaction already serialises claimers.
   */
  skipLocked<O>(qb: SelectQueryBuilder<Database, keyof Database, O>): SelectQueryBuilder<Database, keyof Database, O>;
}

export function dialectFor(engine: Engine): Dialect {
  if (engine === 'postgres') {
    return {
      engine,
      bigint: 'bigint',
      identityType: 'bigserial',
      identity: (col) => col.primaryKey(),
      skipLocked: (qb) => qb.forUpdate().skipLocked(),
    };
  }
  return {
    engine,
    bigint: 'integer',
    identityType: 'integer',
    identity: (col) => col.primaryKey().autoIncrement(),
    skipLocked: (qb) => qb,
  };
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export type Db = Kysely<Database>;

/** `%`, `_` and the escape character itself stand for themselves in a LIKE pattern. */
const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `expr` contains `text` literally: LIKE with an explicit escape character, the same on both engines. */
export const containsText = (expr: RawBuilder<unknown>, text: string): RawBuilder<boolean> => sql<boolean>`${expr} like ${`%${escapeLike(text)}%`} escape '\\'`;
