// 新規ユーザ登録申請: applications from the public form (or a prefecture's 代理申請), each with its
// 申請番号, what the applicant typed (normalised), the institution it was matched to, and the
// decision and its outcome (a new account, or a notice to the account that already existed).
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const t = d.bigint;
  await db.schema
    .createTable('registration_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('prefecture_code', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('institution_code', 'text', (c) => c.notNull())
    .addColumn('insurance_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('building', 'text')
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('department', 'text')
    .addColumn('department_number', 'text')
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('submitted_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('submitted_at', t, (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('decided_at', t)
    .addColumn('decision_reason', 'text')
    .addColumn('outcome', 'text')
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('mail_failed_at', t)
    .addColumn('mail_failure', 'text')
    .execute();
  await db.schema.createIndex('registration_queue').on('registration_applications').columns(['prefecture_code', 'status', 'submitted_at']).execute();
  await db.schema.createIndex('registration_municipality').on('registration_applications').columns(['municipality_code', 'status']).execute();
}
