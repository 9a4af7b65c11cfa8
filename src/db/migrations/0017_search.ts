// The public search's index (src/search/): one row per visible published facility with its names,
// place and departments as shown and folded, coordinates, closed days and what it offers; its open
// bands per day column (月–日 0–6, 祝 7; a band over midnight keeps its start day, its end past
// 1440); and the keyword index over grams and condition tokens — the one part the engines do
// differently: SQLite an FTS5 table (search_fts, rowid = doc_id, one token per gram), PostgreSQL the
// `grams` text[] column under a GIN index (null on SQLite).
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const postgres = d.engine === 'postgres';
  // The sort keys (facility_id, name_sort) in code-point order on both engines (SQLite's BINARY is
  // that for UTF-8), whatever collation the PostgreSQL database has.
  await db.schema
    .createTable('search_facilities')
    .addColumn('doc_id', d.identityType, (c) => d.identity(c))
    .addColumn('facility_id', 'text', (c) =>
      postgres
        ? c
            .notNull()
            .unique()
            .modifyEnd(sql`collate "C"`)
        : c.notNull().unique(),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('prefecture_code', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('departments', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('kana_folded', 'text', (c) => c.notNull())
    .addColumn('alias_folded', 'text', (c) => c.notNull())
    .addColumn('address_folded', 'text', (c) => c.notNull())
    .addColumn('departments_folded', 'text', (c) => c.notNull())
    .addColumn('name_sort', 'text', (c) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('closed_weekly', 'integer', (c) => c.notNull())
    .addColumn('closed_nth', d.bigint, (c) => c.notNull())
    .addColumn('closed_holidays', 'integer', (c) => c.notNull())
    .addColumn('suspended_since', 'text')
    .addColumn('published_at', d.bigint, (c) => c.notNull())
    .addColumn('grams', postgres ? sql`text[]` : 'text')
    .execute();
  await db.schema.createIndex('search_facilities_sort').on('search_facilities').columns(['name_sort', 'facility_id']).execute();
  await db.schema.createIndex('search_facilities_place').on('search_facilities').columns(['latitude', 'longitude']).execute();

  await db.schema
    .createTable('search_hours')
    // No foreign key: only the indexer writes these rows, always with their document's (and deletes
    // them with it); a check per band row cost PostgreSQL more than the rest of the insert.
    .addColumn('doc_id', d.bigint, (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('start_min', 'integer', (c) => c.notNull())
    .addColumn('end_min', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_hours_facility').on('search_hours').columns(['doc_id', 'day', 'start_min']).execute();
  await db.schema.createIndex('search_hours_moment').on('search_hours').columns(['day', 'start_min']).execute();

  if (postgres) {
    await sql`create index search_facilities_grams on search_facilities using gin (grams)`.execute(db);
  } else {
    // detail=none: the index answers which documents hold every gram; a term longer than two
    // characters is then confirmed against the folded fields (the same LIKE as on PostgreSQL).
    // The tokenizer splits only at spaces and punctuation (the grams hold neither), folds nothing.
    await sql`create virtual table search_fts using fts5(grams, content='', contentless_delete=1, detail=none,
      tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co Cn M* S*'")`.execute(db);
  }
}
