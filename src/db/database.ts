// Opens the database (SQLite file with WAL by default, PostgreSQL when DATABASE_URL says so) and
// applies the one migration set.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type Migration,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import { dialectFor, type Dialect } from './dialect.ts';
import { OneSchemaPostgresDialect } from './one-schema-introspector.ts';
import * as m0001 from './migrations/0001_identity.ts';
import * as m0002 from './migrations/0002_oidc.ts';
import * as m0003 from './migrations/0003_gmis_portal.ts';
import * as m0004 from './migrations/0004_navi_staff.ts';
import * as m0005 from './migrations/0005_sso_access.ts';
import * as m0006 from './migrations/0006_institutions.ts';
import * as m0007 from './migrations/0007_registration.ts';
import * as m0008 from './migrations/0008_roles.ts';
import * as m0009 from './migrations/0009_mail_registration.ts';
import * as m0010 from './migrations/0010_one_identity_stack.ts';
import * as m0011 from './migrations/0011_sign_in_counters.ts';
import * as m0012 from './migrations/0012_mail_at_rest.ts';
import * as m0013 from './migrations/0013_oidc_client_salt.ts';
import * as m0014 from './migrations/0014_registration_drafts.ts';
import * as m0015 from './migrations/0015_reporting.ts';
import * as m0016 from './migrations/0016_opendata.ts';
import * as m0017 from './migrations/0017_search.ts';
import * as m0018 from './migrations/0018_navi_feedback.ts';
import * as m0019 from './migrations/0019_bulk_mail.ts';
import * as m0020 from './migrations/0020_temporary_closures.ts';
import * as m0021 from './migrations/0021_reminders.ts';
import * as m0022 from './migrations/0022_notices_inquiries.ts';
import type { Database } from './schema.ts';

export const MIGRATIONS: Record<string, { up(db: Kysely<unknown>, d: Dialect): Promise<void> }> = {
  '0001_identity': m0001,
  '0002_oidc': m0002,
  '0003_gmis_portal': m0003,
  '0004_navi_staff': m0004,
  '0005_sso_access': m0005,
  '0006_institutions': m0006,
  '0007_registration': m0007,
  '0008_roles': m0008,
  '0009_mail_registration': m0009,
  '0010_one_identity_stack': m0010,
  '0011_sign_in_counters': m0011,
  '0012_mail_at_rest': m0012,
  '0013_oidc_client_salt': m0013,
  '0014_registration_drafts': m0014,
  '0015_reporting': m0015,
  '0016_opendata': m0016,
  '0017_search': m0017,
  '0018_navi_feedback': m0018,
  '0019_bulk_mail': m0019,
  '0020_temporary_closures': m0020,
  '0021_reminders': m0021,
  '0022_notices_inquiries': m0022,
};

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL schema (search_path), when not the default. */
  schema?: string | undefined;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { engine: 'sqlite'; file: string }
  | {
      engine: 'postgres';
      url: string;
      schema?: string;
      poolSize?: number;
      /** Every transaction read-only (a replica's connections: a write there fails instead of diverging). */
      readOnly?: boolean;
    };

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.engine === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: preparedOnce(sqlite) }) });
    return { db, dialect: dialectFor('sqlite'), close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    ...(target.schema || target.readOnly
      ? {
          options: [target.schema ? `-c search_path=${target.schema}` : '', target.readOnly ? '-c default_transaction_read_only=on' : '']
            .filter(Boolean)
            .join(' '),
        }
      : {}),
    // int8 columns hold epoch milliseconds, which fit a JS number.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: target.schema ? new OneSchemaPostgresDialect({ pool }, target.schema) : new PostgresDialect({ pool }) });
  return { db, dialect: dialectFor('postgres'), schema: target.schema, close: () => db.destroy() };
}

/**
 * Kysely's SQLite driver begins transactions DEFERRED: one that reads before it writes takes the
 * write lock only at its first write, and when another process (a `gmis worker` beside `gmis
 * serve`) wrote in between, SQLite answers SQLITE_BUSY at once — the busy timeout cannot help,
 * since waiting could deadlock. BEGIN IMMEDIATE takes the write lock at the start, where the busy
 * timeout waits for it. Within one process transactions already run one at a time (one connection),
 * so nothing is lost by taking the lock early.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/**
 * Kysely's SQLite driver prepares every query anew; the application has a few dozen distinct
 * statements, so each is prepared once. better-sqlite3 runs a statement to completion
 * synchronously, so sharing one is safe (nothing here streams).
 */
function preparedOnce(sqlite: SQLite.Database, max = 1000): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (query) => {
      let statement = statements.get(query);
      if (!statement) {
        statement = sqlite.prepare(query);
        if (statements.size < max) statements.set(query, statement);
      }
      return statement;
    },
  };
}

export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrations: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(MIGRATIONS)) {
    migrations[name] = { up: (db) => m.up(db, handle.dialect) };
  }
  // In a schema of its own, Kysely must look for its bookkeeping tables there: it otherwise sees
  // another schema's tables and skips creating its own.
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    // Kysely looks for its bookkeeping tables by listing tables: in a handle's own schema only that
    // schema's (OneSchemaIntrospector), otherwise every schema's, and a schema being dropped at that
    // moment (an operator's) makes the listing fail with "relation", "schema" or "column does not
    // exist" (42P01, 3F000, 42703, naming the other schema's objects). Nothing was migrated then: look again.
    const code = (error as { code?: string } | undefined)?.code;
    const listingRaced = code === '42P01' || code === '3F000' || code === '42703';
    if (error && handle.dialect.engine === 'postgres' && listingRaced && !results?.length && attempt < 5) continue;
    if (error) throw error;
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}
