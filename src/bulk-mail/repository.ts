// 一括メール配信's storage: the institutions' accounts a filter reaches (with their annual reports'
// states), campaigns and their recipients, each campaign's outbox rows written in bulk and at most
// once per recipient (the unique index on mail_outbox (campaign_id, account_id)), the progress and
// result read back from the outbox, and the 宛先不明 marks of accounts.
import type { Insertable } from 'kysely';
import { bulkStatement } from '../db/bulk.ts';
import type { Db } from '../db/dialect.ts';
import type { BulkMailCampaign, BulkMailCampaignsTable, BulkMailRecipientsTable, InstitutionKind, MailStatus, ReportKind, ReportState } from '../db/schema.ts';
import type { NewMail } from '../mail/outbox-repository.ts';
import { type InstitutionFilter, noPlaces, whereInstitutionsAt } from '../reporting/institution-places-repository.ts';
import type { ReportPlaces } from '../reporting/report-repository.ts';

/** The places an actor reaches: prefectures whole, or municipalities of a prefecture. */
export type Places = ReportPlaces;

export type CandidateFilter = InstitutionFilter;

export interface Candidate {
  account_id: string;
  email: string;
  username: string;
  display_name: string;
  family_name: string | null;
  given_name: string | null;
  institution_id: string;
  institution_name: string;
  institution_code: string;
  institution_kind: InstitutionKind;
  prefecture_code: string;
  municipality_code: string;
}

/** The usable accounts (not disabled) of open institutions at `places` ('all': everywhere) matching the filter, by 機関コード. */
export async function candidateAccounts(db: Db, places: Places | 'all', f: CandidateFilter): Promise<Candidate[]> {
  if (noPlaces(places)) return [];
  const q = db
    .selectFrom('institutions')
    .innerJoin('accounts', 'accounts.institution_id', 'institutions.id')
    .where('institutions.status', '=', 'open')
    .where('accounts.state', '!=', 'disabled');
  return whereInstitutionsAt(q, places, f)
    .select([
      'accounts.id as account_id',
      'accounts.email',
      'accounts.username',
      'accounts.display_name',
      'accounts.family_name',
      'accounts.given_name',
      'institutions.id as institution_id',
      'institutions.name as institution_name',
      'institutions.institution_code',
      'institutions.kind as institution_kind',
      'institutions.prefecture_code',
      'institutions.municipality_code',
    ])
    .orderBy('institutions.institution_code')
    .orderBy('accounts.id')
    .execute();
}

/** The states of the fiscal year's reports of `kinds` (discarded ones left out), per institution, of the institutions at `places` matching the filter. */
export async function reportStates(
  db: Db,
  places: Places | 'all',
  f: CandidateFilter & { fiscalYear: number; kinds: readonly ReportKind[] },
): Promise<Array<{ institution_id: string; state: ReportState }>> {
  if (noPlaces(places)) return [];
  const q = db
    .selectFrom('reports')
    .innerJoin('institutions', 'institutions.id', 'reports.institution_id')
    .where('reports.fiscal_year', '=', f.fiscalYear)
    .where('reports.kind', 'in', f.kinds)
    .where('reports.state', '!=', 'discarded');
  return whereInstitutionsAt(q, places, f).select(['reports.institution_id', 'reports.state']).execute();
}

/** The closing moment (exclusive) of each prefecture's window for the fiscal year, by `prefecture scheme`. */
export async function windowCloses(db: Db, fiscalYear: number, prefectures: readonly string[]): Promise<Map<string, number>> {
  if (prefectures.length === 0) return new Map();
  const rows = await db
    .selectFrom('reporting_periods')
    .select(['prefecture_code', 'scheme', 'closes_at'])
    .where('fiscal_year', '=', fiscalYear)
    .where('prefecture_code', 'in', prefectures)
    .execute();
  return new Map(rows.map((r) => [`${r.prefecture_code} ${r.scheme}`, Number(r.closes_at)]));
}

/** 宛先不明 marks of these accounts that are for the address each has now. */
export async function bouncesOf(db: Db, accountIds: readonly string[]): Promise<Map<string, { reason: string; bounced_at: number }>> {
  const out = new Map<string, { reason: string; bounced_at: number }>();
  for (let i = 0; i < accountIds.length; i += 1000) {
    const rows = await db
      .selectFrom('email_bounces')
      .innerJoin('accounts', 'accounts.id', 'email_bounces.account_id')
      .whereRef('accounts.email', '=', 'email_bounces.address')
      .where('email_bounces.account_id', 'in', accountIds.slice(i, i + 1000))
      .select(['email_bounces.account_id', 'email_bounces.reason', 'email_bounces.bounced_at'])
      .execute();
    for (const r of rows) out.set(r.account_id, { reason: r.reason, bounced_at: Number(r.bounced_at) });
  }
  return out;
}

export async function findCampaignByKey(db: Db, senderId: string, key: string): Promise<BulkMailCampaign | undefined> {
  return db.selectFrom('bulk_mail_campaigns').selectAll().where('sender_id', '=', senderId).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function findCampaign(db: Db, id: string): Promise<BulkMailCampaign | undefined> {
  return db.selectFrom('bulk_mail_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts the campaign unless the sender already has one with its key; true when this one was inserted. */
export async function insertCampaign(db: Db, row: Insertable<BulkMailCampaignsTable>): Promise<boolean> {
  const res = await db
    .insertInto('bulk_mail_campaigns')
    .values(row)
    .onConflict((oc) => oc.columns(['sender_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
}

const RECIPIENT_COLUMNS = ['campaign_id', 'account_id', 'institution_id', 'to_address', 'values_json'] as const;
const insertRecipientRows = bulkStatement(RECIPIENT_COLUMNS, (db, rows: Array<Insertable<BulkMailRecipientsTable>>) =>
  db.insertInto('bulk_mail_recipients').values(rows),
);

export async function insertRecipients(db: Db, rows: ReadonlyArray<Insertable<BulkMailRecipientsTable>>): Promise<void> {
  await insertRecipientRows.run(db, rows);
}

/** Campaigns of a sender (all when undefined), newest first. */
export async function listCampaigns(db: Db, senderId: string | undefined, limit: number): Promise<BulkMailCampaign[]> {
  let q = db.selectFrom('bulk_mail_campaigns').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (senderId !== undefined) q = q.where('sender_id', '=', senderId);
  return q.execute();
}

/** Recipients of the campaign after `afterAccount` (by account id) that have no outbox row yet, `limit` of them. */
export async function recipientsWithoutMail(
  db: Db,
  campaignId: string,
  afterAccount: string,
  limit: number,
): Promise<Array<Pick<BulkMailRecipientsTable, 'account_id' | 'to_address' | 'values_json'>>> {
  return db
    .selectFrom('bulk_mail_recipients as r')
    .leftJoin('mail_outbox as m', (j) => j.onRef('m.campaign_id', '=', 'r.campaign_id').onRef('m.account_id', '=', 'r.account_id'))
    .where('r.campaign_id', '=', campaignId)
    .where('r.account_id', '>', afterAccount)
    .where('m.id', 'is', null)
    .select(['r.account_id', 'r.to_address', 'r.values_json'])
    .orderBy('r.account_id')
    .limit(limit)
    .execute();
}

const MAIL_COLUMNS = [
  'id',
  'kind',
  'to_address',
  'subject',
  'body_text',
  'body_state',
  'dev_body_text',
  'account_id',
  'status',
  'attempts',
  'next_attempt_at',
  'locked_until',
  'last_error',
  'created_at',
  'sent_at',
  'transport',
  'registration_id',
  'priority',
  'campaign_id',
] as const;
type MailRow = Required<Pick<NewMail, (typeof MAIL_COLUMNS)[number]>>;
const insertMailRows = bulkStatement(MAIL_COLUMNS, (db, rows: MailRow[]) =>
  db
    .insertInto('mail_outbox')
    .values(rows)
    .onConflict((oc) => oc.columns(['campaign_id', 'account_id']).doNothing()),
);

/** The campaign's outbox rows; a recipient that already has one keeps it (written once, whatever restarts). */
export async function insertCampaignMail(db: Db, rows: readonly MailRow[]): Promise<number> {
  return (await insertMailRows.run(db, rows)).affected;
}

/** The plain bulk insert of the same rows, without the conflict check (the benchmark's floor). */
const insertPlainRows = bulkStatement(MAIL_COLUMNS, (db, rows: MailRow[]) => db.insertInto('mail_outbox').values(rows));
export async function insertMailPlain(db: Db, rows: readonly MailRow[]): Promise<void> {
  await insertPlainRows.run(db, rows);
}

export async function markEnqueued(db: Db, campaignId: string, at: number): Promise<void> {
  await db
    .updateTable('bulk_mail_campaigns')
    .set({ state: 'enqueued', enqueued_at: at })
    .where('id', '=', campaignId)
    .where('state', '=', 'enqueuing')
    .execute();
}

/** How many of the campaign's mails are in each outbox state. */
export async function campaignCounts(db: Db, campaignId: string): Promise<Record<MailStatus, number>> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy('status')
    .execute();
  const counts: Record<MailStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export interface ResultRow {
  account_id: string;
  to_address: string;
  institution_name: string;
  institution_code: string;
  username: string;
  status: MailStatus | null;
  last_error: string | null;
  sent_at: number | null;
  attempts: number | null;
}

/** A page of the campaign's recipients with their mail's state (null: not written yet), failed first when asked. */
export async function campaignResults(
  db: Db,
  campaignId: string,
  o: { status?: MailStatus | undefined; limit: number; offset: number },
): Promise<{ rows: ResultRow[]; total: number }> {
  let q = db
    .selectFrom('bulk_mail_recipients as r')
    .innerJoin('institutions as i', 'i.id', 'r.institution_id')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .leftJoin('mail_outbox as m', (j) => j.onRef('m.campaign_id', '=', 'r.campaign_id').onRef('m.account_id', '=', 'r.account_id'))
    .where('r.campaign_id', '=', campaignId);
  if (o.status) q = q.where('m.status', '=', o.status);
  const [rows, count] = await Promise.all([
    q
      .select([
        'r.account_id',
        'r.to_address',
        'i.name as institution_name',
        'i.institution_code',
        'a.username',
        'm.status',
        'm.last_error',
        'm.sent_at',
        'm.attempts',
      ])
      .orderBy('i.institution_code')
      .orderBy('r.account_id')
      .limit(o.limit)
      .offset(o.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, sent_at: r.sent_at === null ? null : Number(r.sent_at) })),
    total: Number(count.n),
  };
}
