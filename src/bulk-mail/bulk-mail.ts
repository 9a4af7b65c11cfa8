// 一括メール配信: a prefecture (its health centres for their municipalities, the office for every
// prefecture) writes one mail with placeholders and sends it to the institutions' accounts a filter
// chooses (e.g. every 未報告 clinic for the fiscal year). Sending stores the campaign and its
// recipients as chosen at that moment, once per idempotency key of the form (two presses of 送信 make
// one campaign), and queues a job; the job writes one outbox row per recipient in bulk, at most one
// per campaign and account whatever restarts (a unique index), and the worker delivers them through
// the outbox's claims and retries, rate-limited and after transactional mail. Progress and results
// are read back from the outbox rows; a permanent refusal marks the account's address 宛先不明.
import type { RequestOrigin } from '../audit/audit-log.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { BulkMailCampaign, InstitutionKind, MailStatus, ReportKind, ReportState } from '../db/schema.ts';
import { INSTITUTION_KINDS } from '../db/schema.ts';
import { prefectureName, municipality } from '../institutions/places.ts';
import { enqueueJob } from '../jobs/job-queue.ts';
import { MAIL_PRIORITY, outboxRow } from '../mail/outbox.ts';
import { fillPlaceholders, placeholderMessage, type PlaceholderValues } from '../mail/placeholders.ts';
import { footer } from '../mail/templates.ts';
import { formatJstDate } from '../platform/japanese/time.ts';
import { sortableId } from '../platform/secrets.ts';
import { authorize, can, placeScope, type Actor } from '../policies.ts';
import { mailContext, type Ports } from '../ports.ts';
import { reiwaLabel } from '../reporting/fiscal-year.ts';
import { usualWindow } from '../reporting/periods.ts';
import { ANNUAL_KINDS, REPORT_KIND_LABELS, UNREPORTED_LABEL } from '../reporting/report.ts';
import {
  bouncesOf,
  campaignCounts,
  campaignResults,
  candidateAccounts,
  findCampaign,
  findCampaignByKey,
  insertCampaign,
  insertCampaignMail,
  insertRecipients,
  listCampaigns,
  markEnqueued,
  recipientsWithoutMail,
  reportStates,
  windowCloses,
  type Candidate,
  type Places,
} from './repository.ts';

export const BULK_MAIL_JOB = 'bulk_mail.enqueue';
export const BULK_MAIL_KIND = 'bulk_mail';
export const SUBJECT_MAX = 150;
export const BODY_MAX = 8000;

/** The report kinds a filter asks about: the year's report (新規・定期), or one of them. */
export const REPORT_KIND_CHOICES = {
  annual: { label: '年次の報告（新規報告・定期報告）', kinds: ANNUAL_KINDS },
  new: { label: REPORT_KIND_LABELS.new, kinds: ['new'] },
  periodic: { label: REPORT_KIND_LABELS.periodic, kinds: ['periodic'] },
} as const satisfies Record<string, { label: string; kinds: readonly ReportKind[] }>;
export type ReportKindChoice = keyof typeof REPORT_KIND_CHOICES;

/** Where an institution's report of the year stands, for the filter and {報告状況}. */
export type ReportStanding = 'unreported' | 'draft' | 'reported' | 'accepted';
export const STANDING_LABELS: Record<ReportStanding, string> = {
  unreported: UNREPORTED_LABEL,
  draft: '報告中',
  reported: '報告済',
  accepted: '確認済',
};

/** Whom the filter keeps, by the standing of their report. */
export const STATUS_CHOICES = {
  not_reported: { label: '未報告・報告中（まだ報告していない）', keeps: ['unreported', 'draft'] },
  unreported: { label: '未報告（報告を始めていない）', keeps: ['unreported'] },
  draft: { label: '報告中（保存したが報告していない）', keeps: ['draft'] },
  reported: { label: '報告済（確認待ち・差戻し）', keeps: ['reported'] },
  accepted: { label: '確認済', keeps: ['accepted'] },
  any: { label: '報告の状況を問わない', keeps: ['unreported', 'draft', 'reported', 'accepted'] },
} as const satisfies Record<string, { label: string; keeps: readonly ReportStanding[] }>;
export type StatusChoice = keyof typeof STATUS_CHOICES;

export interface RecipientFilter {
  fiscalYear: number;
  reportKind: ReportKindChoice;
  status: StatusChoice;
  prefectureCode?: string | undefined;
  municipalityCode?: string | undefined;
  institutionKind?: InstitutionKind | undefined;
}

export interface Recipient {
  candidate: Candidate;
  standing: ReportStanding;
  values: PlaceholderValues;
}

export interface Resolved {
  recipients: Recipient[];
  /** Left out: their address is marked 宛先不明 (refused for good), until it is corrected. */
  bounced: number;
}

const placesOf = (actor: Actor): Places | 'all' => {
  authorize(actor, 'bulk_mail.use');
  const scope = placeScope(actor, 'bulk_mail.send');
  return scope.all ? 'all' : scope;
};

const standingOf = (states: ReportState[] | undefined): ReportStanding => {
  if (!states) return 'unreported';
  if (states.includes('accepted')) return 'accepted';
  if (states.some((s) => s === 'submitted' || s === 'resubmitted' || s === 'returned')) return 'reported';
  return 'draft';
};

const DAY_MS = 86_400_000;

/** The filter in words (the confirmation, the list of campaigns, the audit event). */
export function describeFilter(f: RecipientFilter): string {
  return [
    reiwaLabel(f.fiscalYear),
    REPORT_KIND_CHOICES[f.reportKind].label,
    STATUS_CHOICES[f.status].label,
    f.prefectureCode ? (prefectureName(f.prefectureCode) ?? f.prefectureCode) : '',
    f.municipalityCode ? (municipality(f.municipalityCode)?.name ?? f.municipalityCode) : '',
    f.institutionKind ?? '',
  ]
    .filter(Boolean)
    .join('・');
}

/** The accounts the filter reaches within the actor's places, with their placeholders' values. */
export async function resolveRecipients(deps: Pick<Ports, 'db'>, actor: Actor, f: RecipientFilter): Promise<Resolved> {
  const places = placesOf(actor);
  const narrowing = { prefectureCode: f.prefectureCode, municipalityCode: f.municipalityCode, institutionKind: f.institutionKind };
  const [candidates, states] = await Promise.all([
    candidateAccounts(deps.db, places, narrowing),
    reportStates(deps.db, places, { ...narrowing, fiscalYear: f.fiscalYear, kinds: REPORT_KIND_CHOICES[f.reportKind].kinds }),
  ]);
  const byInstitution = new Map<string, ReportState[]>();
  for (const s of states) {
    const list = byInstitution.get(s.institution_id);
    if (list) list.push(s.state);
    else byInstitution.set(s.institution_id, [s.state]);
  }
  const keeps: readonly ReportStanding[] = STATUS_CHOICES[f.status].keeps;
  const kept = candidates.flatMap((candidate) => {
    const standing = standingOf(byInstitution.get(candidate.institution_id));
    return keeps.includes(standing) ? [{ candidate, standing }] : [];
  });
  const bounces = await bouncesOf(
    deps.db,
    kept.map((k) => k.candidate.account_id),
  );
  const closes = await windowCloses(deps.db, f.fiscalYear, [...new Set(kept.map((k) => k.candidate.prefecture_code))]);
  const usual = usualWindow(f.fiscalYear).closesAt;
  const recipients = kept
    .filter((k) => !bounces.has(k.candidate.account_id))
    .map(({ candidate: c, standing }): Recipient => {
      const scheme = c.institution_kind === '薬局' ? 'pharmacy' : 'medical';
      const closesAt = closes.get(`${c.prefecture_code} ${scheme}`) ?? usual;
      const person = [c.family_name, c.given_name].filter(Boolean).join(' ') || c.display_name;
      return {
        candidate: c,
        standing,
        values: {
          機関名: c.institution_name,
          機関コード: c.institution_code,
          ユーザ名: c.username,
          担当者名: person,
          都道府県名: prefectureName(c.prefecture_code) ?? c.prefecture_code,
          // The window's end is exclusive (4/1 00:00 for "until 3/31"): its last day is the day before.
          報告期限: formatJstDate(closesAt - DAY_MS),
          報告状況: STANDING_LABELS[standing],
        },
      };
    });
  return { recipients, bounced: kept.length - recipients.length };
}

export interface Composed {
  subject: string;
  body: string;
}

/** The field messages of a subject and body (placeholders known and braces paired); none when both are fine. */
export function composeProblems(c: Composed): Partial<Record<'subject' | 'body', string>> {
  const problems: Partial<Record<'subject' | 'body', string>> = {};
  const s = placeholderMessage(c.subject);
  const b = placeholderMessage(c.body);
  if (s) problems.subject = s;
  if (b) problems.body = b;
  return problems;
}

/** The mail one recipient gets: subject and body filled, the sender's footer below. */
export function mailFor(deps: Pick<Ports, 'config'>, c: Composed, values: PlaceholderValues): Composed {
  return { subject: fillPlaceholders(c.subject, values), body: `${fillPlaceholders(c.body, values)}\n${footer(mailContext(deps.config))}` };
}

export type SendResult = { ok: true; campaignId: string; created: boolean } | { ok: false; problem: 'no_recipients' | 'placeholders' };

/**
 * Sends the composed mail to the filter's recipients: the campaign, its recipients and the job that
 * writes their mail, in one transaction, once per idempotency key (a second press finds the first).
 */
export async function sendCampaign(
  deps: Ports,
  actor: Actor,
  input: Composed & { filter: RecipientFilter; idempotencyKey: string },
  origin: RequestOrigin | undefined,
): Promise<SendResult> {
  authorize(actor, 'bulk_mail.use');
  const earlier = await findCampaignByKey(deps.db, actor.id, input.idempotencyKey);
  if (earlier) return { ok: true, campaignId: earlier.id, created: false };
  if (Object.keys(composeProblems(input)).length) return { ok: false, problem: 'placeholders' };
  const { recipients } = await resolveRecipients(deps, actor, input.filter);
  if (recipients.length === 0) return { ok: false, problem: 'no_recipients' };
  const now = deps.clock.now();
  const id = sortableId(now, deps.random);
  const label = describeFilter(input.filter);
  const created = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertCampaign(trx, {
      id,
      sender_id: actor.id,
      idempotency_key: input.idempotencyKey,
      subject: input.subject,
      body: input.body,
      filter_json: JSON.stringify(input.filter),
      filter_label: label,
      recipient_count: recipients.length,
      state: 'enqueuing',
      created_at: now,
      enqueued_at: null,
    });
    if (!inserted) return false;
    await insertRecipients(
      trx,
      recipients.map((r) => ({
        campaign_id: id,
        account_id: r.candidate.account_id,
        institution_id: r.candidate.institution_id,
        to_address: r.candidate.email,
        values_json: JSON.stringify(r.values),
      })),
    );
    await enqueueJob(trx, deps, BULK_MAIL_JOB, { campaignId: id });
    await recordAudit(trx, deps.clock, {
      type: 'bulk_mail.sent',
      accountId: actor.id,
      username: actor.username,
      origin,
      details: { campaignId: id, title: input.subject, recipients: label, mails: recipients.length },
    });
    return true;
  });
  if (!created) {
    // The other press committed first: its campaign is the one.
    const first = await findCampaignByKey(deps.db, actor.id, input.idempotencyKey);
    if (!first) throw new Error('bulk mail: the campaign of this key vanished');
    return { ok: true, campaignId: first.id, created: false };
  }
  deps.workQueued?.();
  return { ok: true, campaignId: id, created: true };
}

const ENQUEUE_CHUNK = 1000;

/**
 * The job: one outbox row per recipient that has none yet, a thousand a statement. Run again after a
 * crash it writes only the rest (the unique index keeps a row written twice out, too).
 */
export async function enqueueCampaignMail(deps: Ports, payload: unknown): Promise<number> {
  const campaignId = (payload as { campaignId?: unknown } | null)?.campaignId;
  if (typeof campaignId !== 'string') throw new Error('bulk mail job without a campaign');
  const campaign = await findCampaign(deps.db, campaignId);
  if (!campaign) throw new Error(`bulk mail job: no campaign ${campaignId}`);
  let written = 0;
  let after = '';
  for (;;) {
    const rows = await recipientsWithoutMail(deps.db, campaignId, after, ENQUEUE_CHUNK);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.account_id;
    const mails = rows.map((r) => {
      const mail = mailFor(deps, campaign, JSON.parse(r.values_json) as PlaceholderValues);
      return outboxRow(deps, {
        kind: BULK_MAIL_KIND,
        to: r.to_address,
        subject: mail.subject,
        text: mail.body,
        accountId: r.account_id,
        priority: MAIL_PRIORITY.bulk,
        campaignId,
      });
    });
    written += await deps.db.transaction().execute((trx) => insertCampaignMail(trx, mails as never));
    deps.workQueued?.();
  }
  await markEnqueued(deps.db, campaignId, deps.clock.now());
  return written;
}

export interface CampaignProgress {
  campaign: BulkMailCampaign;
  /** Not written to the outbox yet (the job is running or waiting). */
  preparing: number;
  queued: number;
  sent: number;
  failed: number;
  done: boolean;
}

/** A campaign and how far its delivery has come, if the actor may see it. */
export async function campaignProgress(deps: Pick<Ports, 'db'>, actor: Actor, id: string): Promise<CampaignProgress | undefined> {
  const campaign = await findCampaign(deps.db, id);
  if (!campaign || !canSee(actor, campaign)) return undefined;
  const c = await campaignCounts(deps.db, id);
  const written = c.pending + c.sent + c.failed;
  const preparing = Math.max(0, campaign.recipient_count - written);
  return { campaign, preparing, queued: c.pending, sent: c.sent, failed: c.failed, done: campaign.state === 'enqueued' && c.pending === 0 };
}

const canSee = (actor: Actor, campaign: BulkMailCampaign) => can(actor, 'bulk_mail.view', { senderId: campaign.sender_id });

/** A page of the campaign's recipients with what became of their mail. */
export async function campaignRecipients(
  deps: Pick<Ports, 'db'>,
  actor: Actor,
  id: string,
  o: { status?: MailStatus | undefined; limit: number; offset: number },
) {
  const campaign = await findCampaign(deps.db, id);
  if (!campaign || !canSee(actor, campaign)) return undefined;
  const page = await campaignResults(deps.db, id, o);
  const bounces = await bouncesOf(
    deps.db,
    page.rows.map((r) => r.account_id),
  );
  return { ...page, rows: page.rows.map((r) => ({ ...r, bounced: bounces.has(r.account_id) })) };
}

/** The actor's own campaigns, newest first. */
export async function ownCampaigns(deps: Pick<Ports, 'db'>, actor: Actor, limit = 50): Promise<BulkMailCampaign[]> {
  authorize(actor, 'bulk_mail.use');
  return listCampaigns(deps.db, actor.id, limit);
}

export const isInstitutionKind = (v: string): v is InstitutionKind => (INSTITUTION_KINDS as readonly string[]).includes(v);
