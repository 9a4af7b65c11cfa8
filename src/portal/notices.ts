// お知らせ: notices the office publishes to every G-MIS user. A notice is written as a 下書き, then
// published now or at a time (scheduled: invisible until then), and may be withdrawn (invisible
// again, kept for the record). Every change carries the version the editor saw; a save over a
// colleague's newer one is refused. The office console and the CLI call the same functions here.
// Each user's read marks are kept per notice.
import { z } from 'zod';
import { recordAudit, type AuditEntry, type RequestOrigin } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { GmisNotice } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import type { RandomSource } from '../platform/secrets.ts';
import { normaliseDateTime, normaliseText, searchKey } from '../platform/japanese/text.ts';
import {
  anyNoticeStored,
  countNoticesByState,
  countPublishedNotices,
  countUnreadNotices,
  findNotice,
  insertNotice,
  listNoticesForOffice,
  publishedNoticesFor,
  updateNoticeAtVersion,
  type NoticeListState,
  type PublishedNoticeRow,
} from './notice-repository.ts';
import { formatJstMonthDayWeekday, JST_OFFSET_MS, jstWeekday } from '../platform/japanese/time.ts';

export const NOTICE_CATEGORIES = ['重要', 'お知らせ', '報告・調査', 'メンテナンス'] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];

export const NOTICE_TITLE_MAX = 200;
export const NOTICE_BODY_MAX = 20_000;

/** What the office writes of a notice: its title, body and 分類 (重要 is the one that stands out). */
export const noticeContentSchema = z.object({
  // One line as the office wrote it (no NFKC: 「：」 stays full width); a control character is not text.
  title: z
    .string()
    .transform((s) =>
      s
        .replace(/[\u0000-\u001F\u007F]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .pipe(z.string().min(1, MESSAGES['notice.title.required']).max(NOTICE_TITLE_MAX, MESSAGES['notice.title.too_long'](NOTICE_TITLE_MAX))),
  body: z
    .string()
    .transform(normaliseText)
    .pipe(z.string().min(1, MESSAGES['notice.body.required']).max(NOTICE_BODY_MAX, MESSAGES['notice.body.too_long'](NOTICE_BODY_MAX))),
  category: z.enum(NOTICE_CATEGORIES, { message: MESSAGES['notice.category.unknown'](NOTICE_CATEGORIES.join(' / ')) }),
});
export type NoticeContent = z.input<typeof noticeContentSchema>;

/** A notice published in one step (CLI `notice add`, the demo seed): its content and when it appears. */
export const newNoticeSchema = noticeContentSchema.extend({ publishedAt: z.number().int(), createdBy: z.string().min(1) });
export type NewNotice = z.input<typeof newNoticeSchema>;

interface NoticeDeps {
  db: Db;
  clock: Clock;
  random: RandomSource;
}

/** Who changes a notice: an office account (its id and username), or the command line (no account). */
export interface NoticeEditor {
  accountId: string | null;
  username: string;
}

/** What the office sees a notice as at `now`: scheduled is published with its time still ahead. */
export type NoticeState = 'draft' | 'scheduled' | 'published' | 'withdrawn';
export function noticeState(n: Pick<GmisNotice, 'status' | 'published_at'>, now: number): NoticeState {
  if (n.status === 'published') return n.published_at > now ? 'scheduled' : 'published';
  return n.status;
}
export const NOTICE_STATE_LABELS: Record<NoticeState, string> = { draft: '下書き', scheduled: '公開予約', published: '公開中', withdrawn: '取り下げ' };

/**
 * Why a change was refused: not_found; stale (the notice was saved since `expectedVersion`: a
 * colleague's save is never overwritten); withdrawn (a withdrawn notice stays as it was); published
 * (publishing what is already out); past (a time to publish at that has gone by).
 */
export type NoticeProblem = 'not_found' | 'stale' | 'withdrawn' | 'published' | 'past';
export type NoticeChange = { ok: true; notice: GmisNotice } | { ok: false; problem: NoticeProblem; current?: GmisNotice };

const auditBy = (by: NoticeEditor) => ({ accountId: by.accountId, username: by.username });

/** A new 下書き: shown to nobody until published. */
export async function createNoticeDraft(deps: NoticeDeps, by: NoticeEditor, content: NoticeContent, origin?: RequestOrigin): Promise<GmisNotice> {
  return deps.db.transaction().execute((trx) => draftIn(trx, deps, by, noticeContentSchema.parse(content), origin));
}

async function draftIn(trx: Db, deps: NoticeDeps, by: NoticeEditor, c: z.output<typeof noticeContentSchema>, origin?: RequestOrigin): Promise<GmisNotice> {
  const now = deps.clock.now();
  const id = deps.random.uuid();
  await insertNotice(trx, {
    id,
    title: c.title,
    body: c.body,
    category: c.category,
    // Until published this is only when it was written; publishing sets the time it appears.
    published_at: now,
    created_at: now,
    created_by: by.username,
    search_text: searchKey(`${c.title}\n${c.body}`),
    status: 'draft',
    version: 1,
    updated_at: now,
    updated_by: by.username,
  });
  await recordAudit(trx, deps.clock, { type: 'notice.drafted', ...auditBy(by), origin, details: { noticeId: id, title: c.title, by: by.username } });
  return (await findNotice(trx, id))!;
}

/**
 * The notice as it was read, when it may be changed: refuses an unknown id, a version other than
 * `expectedVersion` (undefined: whatever is current, for the command line) and a withdrawn notice.
 */
async function changeable(trx: Db, id: string, expectedVersion: number | undefined): Promise<NoticeChange> {
  const current = await findNotice(trx, id);
  if (!current) return { ok: false, problem: 'not_found' };
  if (expectedVersion !== undefined && current.version !== expectedVersion) return { ok: false, problem: 'stale', current };
  if (current.status === 'withdrawn') return { ok: false, problem: 'withdrawn', current };
  return { ok: true, notice: current };
}

/**
 * Writes `changes` over the version `seen` was read at and audits the change in the same
 * transaction: the notice as now stored, or stale (with what is stored) when a colleague's save came first.
 */
async function writeOver(
  trx: Db,
  deps: NoticeDeps,
  seen: GmisNotice,
  changes: Parameters<typeof updateNoticeAtVersion>[3],
  audit: { type: AuditEntry['type']; by: NoticeEditor; origin: RequestOrigin | undefined; details: Record<string, unknown> },
): Promise<NoticeChange> {
  const written = await updateNoticeAtVersion(trx, seen.id, seen.version, changes);
  if (!written) return { ok: false, problem: 'stale', current: await findNotice(trx, seen.id) };
  await recordAudit(trx, deps.clock, { type: audit.type, ...auditBy(audit.by), origin: audit.origin, details: audit.details });
  return { ok: true, notice: (await findNotice(trx, seen.id))! };
}

/** Saves a new title, body and 分類 over the version the editor saw. Drafts, scheduled and published notices (a correction) may be edited. */
export async function updateNotice(
  deps: NoticeDeps,
  by: NoticeEditor,
  id: string,
  expectedVersion: number | undefined,
  content: NoticeContent,
  origin?: RequestOrigin,
): Promise<NoticeChange> {
  const c = noticeContentSchema.parse(content);
  return deps.db.transaction().execute(async (trx): Promise<NoticeChange> => {
    const seen = await changeable(trx, id, expectedVersion);
    if (!seen.ok) return seen;
    const now = deps.clock.now();
    return writeOver(
      trx,
      deps,
      seen.notice,
      {
        title: c.title,
        body: c.body,
        category: c.category,
        search_text: searchKey(`${c.title}\n${c.body}`),
        updated_at: now,
        updated_by: by.username,
      },
      { type: 'notice.edited', by, origin, details: { noticeId: id, title: c.title, version: seen.notice.version + 1, by: by.username } },
    );
  });
}

/**
 * Publishes a draft now (`at` null) or at `at` (it appears to users from that moment), or moves a
 * scheduled notice's time. Refuses a time already past and a notice already out.
 */
export async function publishNotice(
  deps: NoticeDeps,
  by: NoticeEditor,
  id: string,
  expectedVersion: number | undefined,
  at: number | null,
  origin?: RequestOrigin,
): Promise<NoticeChange> {
  return deps.db.transaction().execute((trx) => publishIn(trx, deps, by, id, expectedVersion, at, origin));
}

async function publishIn(
  trx: Db,
  deps: NoticeDeps,
  by: NoticeEditor,
  id: string,
  expectedVersion: number | undefined,
  at: number | null,
  origin?: RequestOrigin,
): Promise<NoticeChange> {
  const now = deps.clock.now();
  const seen = await changeable(trx, id, expectedVersion);
  if (!seen.ok) return seen;
  if (noticeState(seen.notice, now) === 'published') return { ok: false, problem: 'published', current: seen.notice };
  if (at !== null && at <= now) return { ok: false, problem: 'past', current: seen.notice };
  const publishedAt = at ?? now;
  return writeOver(
    trx,
    deps,
    seen.notice,
    { status: 'published', published_at: publishedAt, updated_at: now, updated_by: by.username },
    {
      type: 'notice.published',
      by,
      origin,
      details: { noticeId: id, title: seen.notice.title, publishedAt, scheduled: publishedAt > now, by: by.username },
    },
  );
}

/** 取り下げ: users no longer see it (nor its place in their unread count); the row stays for the record. */
export async function withdrawNotice(
  deps: NoticeDeps,
  by: NoticeEditor,
  id: string,
  expectedVersion: number | undefined,
  origin?: RequestOrigin,
): Promise<NoticeChange> {
  return deps.db.transaction().execute(async (trx): Promise<NoticeChange> => {
    const seen = await changeable(trx, id, expectedVersion);
    if (!seen.ok) return seen;
    const now = deps.clock.now();
    return writeOver(
      trx,
      deps,
      seen.notice,
      { status: 'withdrawn', withdrawn_at: now, withdrawn_by: by.username, updated_at: now, updated_by: by.username },
      { type: 'notice.withdrawn', by, origin, details: { noticeId: id, title: seen.notice.title, by: by.username } },
    );
  });
}

/** A notice written and published (or scheduled) in one step, through the same two rules as the console. */
export async function addNotice(deps: NoticeDeps, notice: NewNotice): Promise<GmisNotice> {
  const n = newNoticeSchema.parse(notice);
  const by: NoticeEditor = { accountId: null, username: n.createdBy };
  return deps.db.transaction().execute(async (trx) => {
    const draft = await draftIn(trx, deps, by, n);
    // A time already come (the seed's notices of last week) is published as of that time.
    const now = deps.clock.now();
    if (n.publishedAt <= now) {
      await updateNoticeAtVersion(trx, draft.id, draft.version, { status: 'published', published_at: n.publishedAt, updated_at: now });
      await recordAudit(trx, deps.clock, {
        type: 'notice.published',
        ...auditBy(by),
        details: { noticeId: draft.id, title: draft.title, publishedAt: n.publishedAt, scheduled: false, by: by.username },
      });
      return (await findNotice(trx, draft.id))!;
    }
    const published = await publishIn(trx, deps, by, draft.id, draft.version, n.publishedAt);
    if (!published.ok) throw new Error(`could not publish the new notice: ${published.problem}`);
    return published.notice;
  });
}

export interface OfficeNoticePage {
  items: GmisNotice[];
  counts: Record<NoticeListState, number>;
  page: number;
  pages: number;
}

/** The office's list of one state (or all), a page at a time, with the count of each state. */
export async function listNoticesForEditor(
  db: Db,
  now: number,
  o: { state?: NoticeListState | undefined; page: number; pageSize: number },
): Promise<OfficeNoticePage> {
  const counts = await countNoticesByState(db, now);
  const total = o.state ? counts[o.state] : counts.draft + counts.scheduled + counts.published + counts.withdrawn;
  const pages = Math.max(1, Math.ceil(total / o.pageSize));
  const page = Math.min(Math.max(1, Math.floor(o.page)), pages);
  const items = await listNoticesForOffice(db, now, { state: o.state, limit: o.pageSize, offset: (page - 1) * o.pageSize });
  return { items, counts, page, pages };
}

export interface NoticeSummary {
  id: string;
  title: string;
  category: string;
  publishedAt: number;
  unread: boolean;
}

export interface NoticePage {
  items: NoticeSummary[];
  total: number;
  page: number;
  pages: number;
}

const summary = (r: PublishedNoticeRow): NoticeSummary => ({
  id: r.id,
  title: r.title,
  category: r.category,
  publishedAt: r.published_at,
  unread: r.read_at === null,
});

export async function listNotices(db: Db, now: number, accountId: string, o: { page: number; pageSize: number }): Promise<NoticePage> {
  const total = await countPublishedNotices(db, now);
  const pages = Math.max(1, Math.ceil(total / o.pageSize));
  const page = Math.min(Math.max(1, Math.floor(o.page)), pages);
  const rows = await publishedNoticesFor(db, now, accountId, { limit: o.pageSize, offset: (page - 1) * o.pageSize });
  return { items: rows.map(summary), total, page, pages };
}

/** The home page's box: the newest few, and how many the account has not read in all. */
export async function latestNotices(db: Db, now: number, accountId: string, limit: number): Promise<{ items: NoticeSummary[]; unread: number }> {
  const rows = await publishedNoticesFor(db, now, accountId, { limit });
  return { items: rows.map(summary), unread: await countUnreadNotices(db, now, accountId) };
}

/** The body as paragraphs (blank-line separated), each a list of lines. */
export function noticeParagraphs(body: string): string[][] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n/)
    .map((p) =>
      p
        .replace(/^\n+|\n+$/g, '')
        .split('\n')
        .map((l) => l.trimEnd()),
    )
    .filter((lines) => lines.some((l) => l.trim() !== ''));
}

/**
 * When to publish, as the office types it: "2026-12-01", "2026-12-01 09:00" or "2026/12/01 9:00"
 * are Japan time; a full ISO 8601 time with Z or an offset is taken as written. Undefined when unreadable.
 */
export function parsePublishAt(text: string): number | undefined {
  const s = normaliseDateTime(text);
  const local = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(s);
  if (local) {
    const [y, mo, d, h, mi] = local.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [number, number, number, number, number];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return undefined;
    const ms = Date.UTC(y, mo - 1, d, h, mi) - JST_OFFSET_MS;
    // Date.UTC rolls 2026-02-31 over into March; refuse instead.
    if (new Date(ms + JST_OFFSET_MS).getUTCDate() !== d) return undefined;
    return ms;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    const ms = Date.parse(s);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/**
 * Three realistic notices for the demo: the reporting season, a maintenance window and a reminder to
 * keep ユーザ基礎情報 current. Adds nothing when notices exist already. Returns how many were added.
 */
export async function seedDemoNotices(deps: NoticeDeps): Promise<number> {
  if (await anyNoticeStored(deps.db)) return 0;
  const now = deps.clock.now();
  const day = 86_400_000;
  // The Saturday at least a week ahead, Japan time.
  const jstDay = jstWeekday(now);
  const saturday = now + (7 + ((6 - jstDay + 7) % 7)) * day;
  const notices: NewNotice[] = [
    {
      category: '報告・調査',
      title: '定期報告の受付について',
      publishedAt: now - 2 * day,
      createdBy: 'seed',
      body: `医療機能情報提供制度・薬局機能情報提供制度にもとづく定期報告の受付期間は、都道府県ごとに定められています。多くの都道府県では1月から3月にかけて受け付けます。

受付期間に入ると、「レポート」から報告画面を開けるようになります。基準日時点の内容を確認し、変わったところを直してから報告してください。前年度の報告がない医療機関・薬局は、「新規報告」から今年度の内容を報告します。

期限までに報告が確認できない医療機関・薬局は、4月1日から医療情報ネットに表示されなくなります。受付が始まりましたら、早めのご対応をお願いします。`,
    },
    {
      category: 'メンテナンス',
      title: 'システムメンテナンスによるサービス停止のお知らせ',
      publishedAt: now - 5 * day,
      createdBy: 'seed',
      body: `設備の点検のため、次の日時にG-MISと医療情報ネットの関係者メニューを停止します。

停止する日時：${formatJstMonthDayWeekday(saturday)} 22時 から ${formatJstMonthDayWeekday(saturday + day)} 6時 まで

停止中はログインできず、入力中の内容も保存できません。停止の前に作業を終えて、保存しておいてください。
医療情報ネットの一般向けの検索は、停止中もご利用いただけます。`,
    },
    {
      category: 'お知らせ',
      title: 'ご担当者が替わるときは、ユーザ基礎情報の更新をお願いします',
      publishedAt: now - 20 * day,
      createdBy: 'seed',
      body: `事務局からの調査のご案内や、パスワード再設定のメールは、ユーザ基礎情報に登録されたメールアドレスに届きます。

異動や退職でご担当者が替わるときは、引き継ぎの前に、ホーム画面の「ユーザ基礎情報を確認・変更する」から名前・メールアドレス・電話番号などを新しいご担当者のものに更新してください。
メールアドレスを変えた場合は、新しいアドレスに届く確認メールのリンクを開いた時点で変更が完了します。`,
    },
  ];
  for (const n of notices) await addNotice(deps, n);
  return notices.length;
}
