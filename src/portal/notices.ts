// お知らせ: notices the office publishes to every G-MIS user. A notice with a publication time in the
// future is scheduled and stays invisible until then. Each user's read marks are kept per notice.
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/dialect.ts';
import type { GmisNotice } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import type { RandomSource } from '../platform/secrets.ts';
import { normaliseDateTime, searchKey } from '../platform/japanese/text.ts';
import { anyNoticeStored, countPublishedNotices, countUnreadNotices, insertNotice, publishedNoticesFor, type PublishedNoticeRow } from './notice-repository.ts';
import { formatJstMonthDayWeekday, JST_OFFSET_MS, jstWeekday } from '../platform/japanese/time.ts';

export const NOTICE_CATEGORIES = ['重要', 'お知らせ', '報告・調査', 'メンテナンス'] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];

export const NOTICE_TITLE_MAX = 200;
export const NOTICE_BODY_MAX = 20_000;

/** A notice as the office writes it (CLI, seed, later the office console). */
export const newNoticeSchema = z.object({
  title: z.string().trim().min(1, MESSAGES['notice.title.required']).max(NOTICE_TITLE_MAX, MESSAGES['notice.title.too_long'](NOTICE_TITLE_MAX)),
  body: z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().min(1, MESSAGES['notice.body.required']).max(NOTICE_BODY_MAX, MESSAGES['notice.body.too_long'](NOTICE_BODY_MAX))),
  category: z.enum(NOTICE_CATEGORIES, { message: MESSAGES['notice.category.unknown'](NOTICE_CATEGORIES.join(' / ')) }),
  publishedAt: z.number().int(),
  createdBy: z.string().min(1),
});
export type NewNotice = z.input<typeof newNoticeSchema>;

interface NoticeDeps {
  db: Db;
  clock: Clock;
  random: RandomSource;
}

export async function addNotice(deps: NoticeDeps, notice: NewNotice): Promise<GmisNotice> {
  const n = newNoticeSchema.parse(notice);
  const row: GmisNotice = {
    id: deps.random.uuid(),
    title: n.title,
    body: n.body,
    category: n.category,
    published_at: n.publishedAt,
    created_at: deps.clock.now(),
    created_by: n.createdBy,
    search_text: searchKey(`${n.title}\n${n.body}`),
  };
  await deps.db.transaction().execute(async (trx) => {
    await insertNotice(trx, row);
    await recordAudit(trx, deps.clock, {
      type: 'notice.added',
      details: { noticeId: row.id, title: row.title, publishedAt: row.published_at, by: row.created_by },
    });
  });
  return row;
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
