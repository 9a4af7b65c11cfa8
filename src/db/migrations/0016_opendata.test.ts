// 0016_opendata over a database that already holds publications (migrated to 0015 and filled first):
// the rows are kept as report publications, report_id may now be null only for open data, and the
// foreign keys and their cascades still hold — on SQLite after the table rebuild, with foreign keys
// enforced again afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Migrator, sql, type Migration } from 'kysely';
import { MIGRATIONS, migrateToLatest, openDatabase, type DatabaseHandle } from '../database.ts';
import { createPostgresSchema, describeEachEngine, dropPostgresSchema, TEST_POSTGRES_URL } from '../../testing/db.ts';

async function openAt(engine: 'sqlite' | 'postgres', last: string): Promise<{ handle: DatabaseHandle; close(): Promise<void> }> {
  const schema = engine === 'postgres' ? await createPostgresSchema() : undefined;
  const handle =
    engine === 'sqlite'
      ? openDatabase({ engine: 'sqlite', file: ':memory:' })
      : openDatabase({ engine: 'postgres', url: TEST_POSTGRES_URL, schema: schema!, poolSize: 2 });
  const migrations: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(MIGRATIONS)) migrations[name] = { up: (db) => m.up(db, handle.dialect) };
  const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateTo(last);
  if (error) throw error;
  return {
    handle,
    close: async () => {
      await handle.close();
      if (schema) await dropPostgresSchema(schema);
    },
  };
}

describeEachEngine('0016_opendata', (engine) => {
  let db: { handle: DatabaseHandle; close(): Promise<void> };
  const h = () => db.handle.db;
  before(async () => {
    db = await openAt(engine, '0015_reporting');
    const inst = (id: string, code: string) => ({
      id,
      kind: '診療所' as const,
      prefecture_code: '13',
      institution_code: code,
      insurance_code: null,
      name: `テスト${code}`,
      name_kana: 'テスト',
      municipality_code: '13102',
      postcode: '1040061',
      address: '銀座1-1',
      building: null,
      phone: '03-0000-0000',
      status: 'open' as const,
      created_at: 1,
      updated_at: 1,
    });
    await h()
      .insertInto('institutions')
      .values([inst('i-1', '0000000001'), inst('i-2', '0000000002')])
      .execute();
    const report = (id: string, institution: string) => ({
      id,
      institution_id: institution,
      institution_kind: '診療所' as const,
      prefecture_code: '13',
      municipality_code: '13102',
      fiscal_year: 2025,
      kind: 'new' as const,
      state: 'accepted' as const,
      catalogue: '2025:medical',
      current_version: 1,
      reference_date: null,
      baseline_report_id: null,
      compared_publication_id: null,
      changed_items: null,
      started_by: null,
      started_at: 1,
      submitted_at: 1,
      submitted_by: null,
      decided_at: 1,
      decided_by: null,
      decision_comment: null,
      updated_at: 1,
    });
    await h()
      .insertInto('reports')
      .values([report('r-1', 'i-1'), report('r-2', 'i-2')])
      .execute();
    // Inserted as 0015 knew them (no source column yet).
    await sql`insert into publications (id, institution_id, report_id, report_version, catalogue, "values", published_at, published_by)
              values ('p-1', 'i-1', 'r-1', 1, '2025:medical', '{"a":1}', 5, null), ('p-2', 'i-2', 'r-2', 1, '2025:medical', '{}', 6, null)`.execute(h());
    await h()
      .insertInto('published_facilities')
      .values({
        institution_id: 'i-1',
        facility_id: '1320000000001',
        kind: '診療所',
        prefecture_code: '13',
        municipality_code: '13102',
        name: 'テスト',
        name_kana: 'テスト',
        name_en: null,
        publication_id: 'p-1',
        published_at: 5,
        stopped_at: null,
        stop_reason: null,
        lapsed_at: null,
        lapsed_fiscal_year: null,
        withheld: null,
        closed_at: null,
        suspended_since: null,
        visible: 1,
        updated_at: 5,
      })
      .execute();
    assert.equal((await migrateToLatest(db.handle))[0], '0016_opendata', 'the rest after 0015, this one first');
  });
  after(() => db.close());

  test('the publications are kept, as report publications', async () => {
    const rows = await h().selectFrom('publications').selectAll().orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => [r.id, r.report_id, r.report_version, r.values, Number(r.published_at), r.source, r.snapshot_id, r.digest]),
      [
        ['p-1', 'r-1', 1, '{"a":1}', 5, 'report', null, null],
        ['p-2', 'r-2', 1, '{}', 6, 'report', null, null],
      ],
    );
    const shown = await h().selectFrom('published_facilities').select(['publication_id', 'delisted_at']).executeTakeFirstOrThrow();
    assert.deepEqual(shown, { publication_id: 'p-1', delisted_at: null });
  });

  test('only an open-data publication is without a report, and it has no report', async () => {
    await h()
      .insertInto('opendata_snapshots')
      .values({
        id: 's-1',
        taken_on: '2026-06-01',
        fiscal_year: 2026,
        imported_at: 9,
        facilities: 1,
        created: 1,
        updated: 0,
        unchanged: 0,
        unpublished: 0,
        kept_reported: 0,
      })
      .execute();
    await h()
      .insertInto('publications')
      .values({
        id: 'p-od',
        institution_id: 'i-2',
        report_id: null,
        report_version: null,
        catalogue: '2026:medical',
        values: '{}',
        published_at: 9,
        published_by: null,
        source: 'opendata',
        snapshot_id: 's-1',
        digest: 'x',
      })
      .execute();
    const base = { institution_id: 'i-2', catalogue: '2026:medical', values: '{}', published_at: 9, published_by: null };
    await assert.rejects(
      h()
        .insertInto('publications')
        .values({ ...base, id: 'p-x', report_id: null, report_version: null })
        .execute(),
      'a report publication names its report',
    );
    await assert.rejects(
      h()
        .insertInto('publications')
        .values({ ...base, id: 'p-y', report_id: 'r-2', report_version: 1, source: 'opendata' })
        .execute(),
      'an open-data publication has no report',
    );
  });

  test('the foreign keys hold and cascade as before', async () => {
    if (engine === 'sqlite') assert.equal((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(h())).rows[0]?.foreign_keys, 1, 'enforced again');
    await assert.rejects(
      h()
        .insertInto('publications')
        .values({ id: 'p-z', institution_id: 'nobody', report_id: 'r-1', report_version: 1, catalogue: 'c', values: '{}', published_at: 1, published_by: null })
        .execute(),
      'the institution must exist',
    );
    await assert.rejects(
      h().updateTable('published_facilities').set({ publication_id: 'p-none' }).execute(),
      'published_facilities still references publications',
    );
    await assert.rejects(
      h()
        .insertInto('publications')
        .values({
          id: 'p-s',
          institution_id: 'i-1',
          report_id: null,
          report_version: null,
          catalogue: 'c',
          values: '{}',
          published_at: 1,
          published_by: null,
          source: 'opendata',
          snapshot_id: 'no-such',
        })
        .execute(),
      'the snapshot must exist',
    );
    await h().deleteFrom('reports').where('id', '=', 'r-2').execute();
    assert.deepEqual(
      (await h().selectFrom('publications').select('id').where('institution_id', '=', 'i-2').orderBy('id').execute()).map((r) => r.id),
      ['p-od'],
      'deleting a report deletes its publications (the open-data one stays)',
    );
    await h().deleteFrom('publications').where('id', '=', 'p-od').execute();
    await h().deleteFrom('institutions').where('id', '=', 'i-2').execute();
    assert.equal((await h().selectFrom('institutions').select('id').execute()).length, 1);
  });
});
