// 医療機能情報・薬局機能情報の報告: each prefecture's reporting windows per fiscal year and scheme and
// its publication setting; the institutions' reports with every saved version kept; what was
// published from them (one row per publication, and the projection 医療情報ネット reads); 公表停止
// and its lifting; and the April 1 job's claim per fiscal year (inserting the row is the claim).
// JSON (values, invalid input) is text on both engines and is never queried inside SQL.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .createTable('reporting_periods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('prefecture_code', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('opens_at', t, (c) => c.notNull())
    // Exclusive: "until 3/31" is stored as 4/1 00:00 Japan time.
    .addColumn('closes_at', t, (c) => c.notNull())
    .addColumn('reference_date', 'text', (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addUniqueConstraint('reporting_periods_one', ['prefecture_code', 'fiscal_year', 'scheme'])
    .execute();

  await db.schema
    .createTable('prefecture_reporting_settings')
    .addColumn('prefecture_code', 'text', (c) => c.primaryKey())
    .addColumn('publish_on', 'text', (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('institution_kind', 'text', (c) => c.notNull())
    .addColumn('prefecture_code', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('catalogue', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('reference_date', 'text')
    .addColumn('baseline_report_id', 'text')
    .addColumn('compared_publication_id', 'text')
    .addColumn('changed_items', 'integer')
    .addColumn('started_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('started_at', t, (c) => c.notNull())
    .addColumn('submitted_at', t)
    .addColumn('submitted_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('decided_at', t)
    .addColumn('decided_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('decision_comment', 'text')
    .addColumn('returned_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_queue').on('reports').columns(['prefecture_code', 'fiscal_year', 'state', 'submitted_at']).execute();
  await db.schema.createIndex('reports_municipality').on('reports').columns(['prefecture_code', 'municipality_code', 'state']).execute();
  await db.schema.createIndex('reports_institution').on('reports').columns(['institution_id', 'fiscal_year']).execute();
  // At most one open report per institution (a partial unique index; both engines have them).
  await db.schema
    .createIndex('reports_one_open')
    .on('reports')
    .column('institution_id')
    .unique()
    .where(sql.ref('state'), 'in', sql`('draft', 'submitted', 'resubmitted', 'returned')`)
    .execute();

  await db.schema
    .createTable('report_versions')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('values', 'text', (c) => c.notNull())
    .addColumn('invalid', 'text')
    .addColumn('saved_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('saved_at', t, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_versions_pk', ['report_id', 'version'])
    .execute();

  await db.schema
    .createTable('publications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('report_version', 'integer', (c) => c.notNull())
    .addColumn('catalogue', 'text', (c) => c.notNull())
    .addColumn('values', 'text', (c) => c.notNull())
    .addColumn('published_at', t, (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('publications_institution').on('publications').columns(['institution_id', 'published_at']).execute();

  await db.schema
    .createTable('published_facilities')
    .addColumn('institution_id', 'text', (c) => c.primaryKey().references('institutions.id').onDelete('cascade'))
    .addColumn('facility_id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('prefecture_code', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('publication_id', 'text', (c) => c.notNull().references('publications.id'))
    .addColumn('published_at', t, (c) => c.notNull())
    .addColumn('stopped_at', t)
    .addColumn('stop_reason', 'text')
    .addColumn('lapsed_at', t)
    .addColumn('lapsed_fiscal_year', 'integer')
    .addColumn('withheld', 'text')
    .addColumn('closed_at', t)
    .addColumn('suspended_since', 'text')
    .addColumn('visible', 'integer', (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('published_facilities_prefecture').on('published_facilities').columns(['prefecture_code', 'visible']).execute();
  await db.schema.createIndex('published_facilities_municipality').on('published_facilities').columns(['municipality_code', 'visible']).execute();

  await db.schema
    .createTable('publication_stops')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('stopped_at', t, (c) => c.notNull())
    .addColumn('stopped_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('lifted_at', t)
    .addColumn('lifted_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('lift_reason', 'text')
    .execute();
  await db.schema.createIndex('publication_stops_institution').on('publication_stops').columns(['institution_id', 'lifted_at']).execute();

  await db.schema
    .createTable('reporting_lapse_runs')
    .addColumn('fiscal_year', 'integer', (c) => c.primaryKey())
    .addColumn('started_at', t, (c) => c.notNull())
    .addColumn('finished_at', t)
    .addColumn('lapsed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kept', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
