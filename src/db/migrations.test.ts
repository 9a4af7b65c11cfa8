// The migrations build the schema the code is typed against: after migrating, each engine's tables
// and columns are exactly those src/db/schema.ts declares (read from its source with the TypeScript
// compiler, since the declarations are types only), both engines have the same indexes, and a second
// run migrates nothing. The migrations have no down steps, so there is no down/up to test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { sql } from 'kysely';
import ts from 'typescript';
import { migrateToLatest, type DatabaseHandle } from './database.ts';
import { forEachEngine, openTestDatabase, postgresProblem } from '../testing/db.ts';

/** table → column names, as the interfaces in schema.ts declare them. */
function declaredSchema(): Map<string, string[]> {
  const file = new URL('./schema.ts', import.meta.url);
  const source = ts.createSourceFile('schema.ts', fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  // Members of the interface and of those it extends.
  const names = (decl: ts.InterfaceDeclaration): string[] => [
    ...(decl.heritageClauses ?? []).flatMap((h) => h.types.flatMap((t) => names(interfaces.get(t.expression.getText(source))!))),
    ...decl.members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier).text),
  ];
  const database = interfaces.get('Database');
  assert.ok(database, 'schema.ts declares interface Database');
  const tables = new Map<string, string[]>();
  for (const member of database.members.filter(ts.isPropertySignature)) {
    const typeName = (member.type as ts.TypeReferenceNode).typeName.getText(source);
    const table = interfaces.get(typeName);
    assert.ok(table, `schema.ts declares ${typeName}`);
    tables.set((member.name as ts.Identifier).text, names(table).sort());
  }
  return tables;
}

/** SQLite's FTS5 tables (the search's keyword index, 0017_search) and the shadow tables FTS5 keeps for each: the engine's own structures, which schema.ts does not declare. */
async function fts5Tables(handle: DatabaseHandle): Promise<Set<string>> {
  if (handle.dialect.engine !== 'sqlite') return new Set();
  const rows = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and lower(sql) like 'create virtual table % using fts5%'`.execute(handle.db);
  return new Set(rows.rows.flatMap((r) => [r.name, ...['data', 'idx', 'config', 'docsize', 'content'].map((s) => `${r.name}_${s}`)]));
}

async function actualSchema(handle: DatabaseHandle): Promise<Map<string, string[]>> {
  const tables = await handle.db.introspection.getTables();
  const fts5 = await fts5Tables(handle);
  return new Map(
    tables
      .filter((t) => (!handle.schema || t.schema === handle.schema) && !fts5.has(t.name))
      .map((t) => [t.name, t.columns.map((c) => c.name).sort()] as const),
  );
}

/** Every index but the primary keys, as "table(columns)" with "unique" where it is (unique
 * constraints are named differently by the engines; expression parts are left out on both). */
async function indexes(handle: DatabaseHandle): Promise<string[]> {
  const describe = (table: string, columns: Array<string | null>, unique: boolean) =>
    `${table}(${columns.filter((c) => c !== null).join(', ')})${unique ? ' unique' : ''}`;
  if (handle.dialect.engine === 'sqlite') {
    const rows = await sql<{ tbl: string; name: string; unique: number }>`
      select m.name as tbl, il.name as name, il."unique" as "unique"
        from sqlite_master m join pragma_index_list(m.name) il
       where m.type = 'table' and m.name not like 'kysely_%' and il.origin != 'pk'`.execute(handle.db);
    const out = [];
    for (const r of rows.rows) {
      const cols = await sql<{ name: string | null }>`select name from pragma_index_info(${r.name}) order by seqno`.execute(handle.db);
      out.push(
        describe(
          r.tbl,
          cols.rows.map((c) => c.name),
          r.unique === 1,
        ),
      );
    }
    return out.sort();
  }
  const rows = await sql<{ table: string; columns: Array<string | null>; unique: boolean }>`
    select t.relname as table, ix.indisunique as unique,
           array(select a.attname::text from unnest(ix.indkey::int2[]) with ordinality k(attnum, n)
                   left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n) as columns
      from pg_index ix
      join pg_class t on t.oid = ix.indrelid
      join pg_namespace ns on ns.oid = t.relnamespace
      join pg_class i on i.oid = ix.indexrelid
      join pg_am am on am.oid = i.relam
     where ns.nspname = ${handle.schema ?? 'public'} and not ix.indisprimary and t.relname not like 'kysely_%'
       -- GIN: PostgreSQL's half of the search's keyword index, whose SQLite half is an FTS5 table (0017_search)
       and am.amname <> 'gin'`.execute(handle.db);
  return rows.rows.map((r) => describe(r.table, r.columns, r.unique)).sort();
}

forEachEngine('migrations', (handle) => {
  test('the migrated tables and columns are exactly those schema.ts declares', async () => {
    const declared = declaredSchema();
    const actual = await actualSchema(handle());
    assert.deepEqual([...actual.keys()].sort(), [...declared.keys()].sort(), 'the same tables');
    for (const [table, columns] of declared) assert.deepEqual(actual.get(table), columns, `the columns of ${table}`);
  });

  test('a second run finds nothing to migrate; every migration file is recorded as run', async () => {
    assert.deepEqual(await migrateToLatest(handle()), []);
    const done = await handle()
      .db.withSchema(handle().schema ?? (handle().dialect.engine === 'postgres' ? 'public' : 'main'))
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    const files = fs.readdirSync(new URL('./migrations/', import.meta.url)).filter((f) => /^\d{4}_.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
    assert.deepEqual(done.map((r) => (r as { name: string }).name).sort(), files.map((f) => f.replace(/\.ts$/, '')).sort());
  });
});

test(
  'both engines have the same indexes, on the same columns',
  { skip: (await postgresProblem()) && process.env.CI !== 'true' ? 'PostgreSQL not reachable' : false },
  async () => {
    const [sqlite, postgres] = [await openTestDatabase('sqlite'), await openTestDatabase('postgres')];
    try {
      const [a, b] = [await indexes(sqlite), await indexes(postgres)];
      assert.ok(a.length > 0, 'the migrations create indexes');
      assert.deepEqual(b, a);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  },
);
