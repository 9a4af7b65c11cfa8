// A handle in a schema of its own lists that schema's tables, as Kysely's introspection would, and a
// schema dropped by another process meanwhile cannot fail the listing (which failed test processes'
// migrations in CI).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PostgresIntrospector, sql, type Kysely, type TableMetadata } from 'kysely';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './database.ts';
import { OneSchemaIntrospector } from './one-schema-introspector.ts';
import { createPostgresSchema, dropPostgresSchema, postgresProblem, TEST_POSTGRES_URL } from '../testing/db.ts';

const problem = await postgresProblem();
/** What a listing answers when a schema it lists is dropped meanwhile: relation, schema or column does not exist. */
const RACED = ['42P01', '3F000', '42703'];
const skip = problem !== undefined && process.env.CI !== 'true' ? `PostgreSQL not reachable: ${problem}` : false;

describe('introspection in one PostgreSQL schema', { skip }, () => {
  let handle: DatabaseHandle;
  let schema: string;
  before(async () => {
    assert.equal(problem, undefined, 'PostgreSQL is required under CI=true');
    schema = await createPostgresSchema();
    handle = openDatabase({ engine: 'postgres', url: TEST_POSTGRES_URL, schema, poolSize: 3 });
    await migrateToLatest(handle);
  });
  after(async () => {
    await handle?.close();
    if (schema) await dropPostgresSchema(schema);
  });

  /** Another test process's schema, with a table in it. */
  async function otherSchema(): Promise<string> {
    const other = await createPostgresSchema();
    await sql.raw(`create table ${other}.notes (id serial primary key, body text not null)`).execute(handle.db);
    return other;
  }

  /** Kysely's listing of every schema's tables, looked at again when other test processes' schemas
   * dropped meanwhile fail it (the race below). */
  async function everySchemasTables(): Promise<TableMetadata[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await new PostgresIntrospector(handle.db).getTables();
      } catch (err) {
        if (!RACED.includes((err as { code?: string }).code ?? '') || attempt === 10) throw err;
      }
    }
  }

  test('lists its own tables with the columns Kysely reads, and no other schema’s', async () => {
    const other = await otherSchema();
    try {
      const ours = await handle.db.introspection.getTables();
      assert.ok(ours.length > 10, `the migrated tables (${ours.length})`);
      assert.ok(
        ours.every((t) => t.schema === schema),
        'only this schema',
      );
      assert.ok(ours.some((t) => t.name === 'accounts'));
      assert.ok(!ours.some((t) => t.name.startsWith('kysely_')), 'Kysely’s bookkeeping only when asked for');
      const withInternal = await handle.db.introspection.getTables({ withInternalKyselyTables: true });
      assert.deepEqual(
        withInternal.map((t) => t.name).filter((n) => n.startsWith('kysely_')),
        ['kysely_migration', 'kysely_migration_lock'],
      );
      // The same metadata as Kysely's own listing of every schema, narrowed to this one.
      const every = await everySchemasTables();
      assert.deepEqual(
        ours,
        every.filter((t) => t.schema === schema),
      );
      assert.ok(
        every.some((t) => t.schema === other),
        'Kysely’s sees the other schema',
      );
    } finally {
      await dropPostgresSchema(other);
    }
  });

  /** Lists in a transaction whose snapshot still has `other`, after `other` was dropped elsewhere. */
  async function listAfterDrop(list: (trx: Kysely<unknown>) => Promise<unknown>): Promise<unknown> {
    const other = await otherSchema();
    return handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await dropPostgresSchema(other);
        return list(trx as unknown as Kysely<unknown>);
      });
  }

  test('another schema dropped during the listing does not fail it', async () => {
    // The race, held open: Kysely's listing reads the catalog as of its snapshot and then looks each
    // schema and table up by name, which fails for the schema dropped meanwhile.
    await assert.rejects(
      listAfterDrop((trx) => new PostgresIntrospector(trx).getTables({ withInternalKyselyTables: true })),
      (err: { code?: string }) => RACED.includes(err.code ?? ''),
    );
    const tables = (await listAfterDrop((trx) => new OneSchemaIntrospector(trx, schema).getTables({ withInternalKyselyTables: true }))) as Array<{
      name: string;
    }>;
    assert.ok(tables.some((t) => t.name === 'kysely_migration'));
    assert.deepEqual(await migrateToLatest(handle), [], 'and migrating again finds nothing to do');
  });
});
