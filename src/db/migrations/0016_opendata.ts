// The ministry's open data in bulk (issue 14): a publication may come from a snapshot of the open data
// instead of a report — then it has no report (report_id and report_version null), says so in `source`,
// names the snapshot and keeps a digest of what it published, so an unchanged facility is not written
// again by the next snapshot. published_facilities.delisted_at: a newer snapshot no longer lists a
// record that came from open data. One row per imported snapshot, with its counts.
//
// SQLite cannot drop a NOT NULL, so it rebuilds `publications` the way its manual says (ALTER TABLE,
// "other kinds of table schema changes"): foreign keys off outside a transaction; in one transaction a
// new table, the rows copied, the old table dropped, the new one renamed to the old name (child tables'
// REFERENCES publications keep naming it: the new table is renamed, never the old one), the index again
// and foreign_key_check before commit.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .createTable('opendata_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The day the ministry took the snapshot (YYYY-MM-DD), from its directory or the operator.
    .addColumn('taken_on', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('imported_at', t, (c) => c.notNull())
    .addColumn('facilities', 'integer', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('unpublished', 'integer', (c) => c.notNull())
    .addColumn('kept_reported', 'integer', (c) => c.notNull())
    .execute();

  const sourceCheck = sql`(source = 'report' and report_id is not null and report_version is not null) or (source = 'opendata' and report_id is null)`;
  if (d.engine === 'postgres') {
    await db.schema
      .alterTable('publications')
      .alterColumn('report_id', (c) => c.dropNotNull())
      .alterColumn('report_version', (c) => c.dropNotNull())
      .execute();
    await db.schema
      .alterTable('publications')
      .addColumn('source', 'text', (c) => c.notNull().defaultTo('report'))
      .addColumn('snapshot_id', 'text', (c) => c.references('opendata_snapshots.id'))
      .addColumn('digest', 'text')
      .execute();
    await db.schema.alterTable('publications').addCheckConstraint('publications_source', sourceCheck).execute();
  } else {
    const foreignKeys = (await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys ?? 0;
    await sql`pragma foreign_keys = off`.execute(db);
    try {
      await sql`begin immediate`.execute(db);
      try {
        await db.schema
          .createTable('publications_rebuilt')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
          .addColumn('report_id', 'text', (c) => c.references('reports.id').onDelete('cascade'))
          .addColumn('report_version', 'integer')
          .addColumn('catalogue', 'text', (c) => c.notNull())
          .addColumn('values', 'text', (c) => c.notNull())
          .addColumn('published_at', t, (c) => c.notNull())
          .addColumn('published_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
          .addColumn('source', 'text', (c) => c.notNull().defaultTo('report'))
          .addColumn('snapshot_id', 'text', (c) => c.references('opendata_snapshots.id'))
          .addColumn('digest', 'text')
          .addCheckConstraint('publications_source', sourceCheck)
          .execute();
        await sql`insert into publications_rebuilt (id, institution_id, report_id, report_version, catalogue, "values", published_at, published_by, source)
                  select id, institution_id, report_id, report_version, catalogue, "values", published_at, published_by, 'report' from publications`.execute(
          db,
        );
        await db.schema.dropTable('publications').execute();
        await db.schema.alterTable('publications_rebuilt').renameTo('publications').execute();
        await db.schema.createIndex('publications_institution').on('publications').columns(['institution_id', 'published_at']).execute();
        const broken = await sql<{ table: string }>`pragma foreign_key_check`.execute(db);
        if (broken.rows.length > 0)
          throw new Error(`0016_opendata: foreign keys broken after rebuilding publications: ${JSON.stringify(broken.rows.slice(0, 5))}`);
        await sql`commit`.execute(db);
      } catch (err) {
        await sql`rollback`.execute(db);
        throw err;
      }
    } finally {
      await sql.raw(`pragma foreign_keys = ${foreignKeys ? 'on' : 'off'}`).execute(db);
    }
  }

  await db.schema.alterTable('published_facilities').addColumn('delisted_at', t).execute();
}
