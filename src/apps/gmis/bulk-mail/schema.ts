// 一括メール配信's form and queries: the fields as read (what the pages show again), what is
// accepted (field-level Japanese messages; placeholders checked by mail/placeholders.ts), and the
// result page's narrowing.
import { z } from 'zod';
import { BODY_MAX, REPORT_KIND_CHOICES, STATUS_CHOICES, SUBJECT_MAX, type RecipientFilter } from '../../../bulk-mail/bulk-mail.ts';
import { INSTITUTION_KINDS, type InstitutionKind } from '../../../db/schema.ts';
import { municipality, prefectureName } from '../../../institutions/places.ts';
import { placeholderMessage } from '../../../mail/placeholders.ts';
import { normaliseText } from '../../../platform/japanese/text.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';

export const COMPOSE_FIELDS = [
  'subject',
  'body',
  'fiscal_year',
  'report_kind',
  'status',
  'prefecture',
  'municipality',
  'institution_kind',
  'key',
  'preview',
] as const;
export type ComposeValues = Record<(typeof COMPOSE_FIELDS)[number], string>;
/** Read this much of any field; the schema cuts each to its own. */
export const COMPOSE_READ_MAX = BODY_MAX + 100;

const cut = (max: number) => z.string().transform((s) => s.slice(0, max));

export const composeFields = z.object({
  subject: cut(SUBJECT_MAX + 50),
  body: cut(BODY_MAX + 50),
  fiscal_year: cut(8),
  report_kind: cut(20),
  status: cut(20),
  prefecture: cut(4),
  municipality: cut(8),
  institution_kind: cut(10),
  key: cut(64),
  preview: cut(80),
});

const REPORT_KINDS = Object.keys(REPORT_KIND_CHOICES) as [keyof typeof REPORT_KIND_CHOICES, ...Array<keyof typeof REPORT_KIND_CHOICES>];
const STATUSES = Object.keys(STATUS_CHOICES) as [keyof typeof STATUS_CHOICES, ...Array<keyof typeof STATUS_CHOICES>];

/**
 * The subject as the sender wrote it, on one line: line breaks and other control characters (with the
 * spaces around them) become one space, and the ends are trimmed. No NFKC: 「様：」 stays full width.
 */
const subjectLine = (raw: string) =>
  raw
    .normalize('NFC')
    .replace(/ *[\u0000-\u001F\u007F]+ */g, ' ')
    .trim();

const withPlaceholders = (label: string, max: number, normalise: (s: string) => string) =>
  z
    .string()
    .transform(normalise)
    .pipe(z.string().min(1, MESSAGES['text.required'](label)).max(max, MESSAGES['text.too_long'](label, max)))
    .superRefine((v, ctx) => {
      const message = placeholderMessage(v);
      if (message) ctx.addIssue({ code: 'custom', message });
    });

/** What is accepted: a subject and body whose placeholders are known, and a filter of known values (the years around `thisYear`). */
export const composeForm = (thisYear: number) =>
  z.object({
    subject: withPlaceholders('件名', SUBJECT_MAX, subjectLine),
    body: withPlaceholders('本文', BODY_MAX, normaliseText),
    fiscal_year: z
      .string()
      .refine((v) => /^\d{4}$/.test(v) && Math.abs(Number(v) - thisYear) <= 1, '年度は一覧から選んでください。')
      .transform(Number),
    report_kind: z.enum(REPORT_KINDS, { message: '報告の種類を選んでください。' }),
    status: z.enum(STATUSES, { message: '報告の状況を選んでください。' }),
    prefecture: z.string().refine((v) => v === '' || prefectureName(v) !== undefined, '都道府県は一覧から選んでください。'),
    municipality: z.string().refine((v) => v === '' || municipality(v) !== undefined, '市区町村は一覧から選んでください。'),
    institution_kind: z
      .string()
      .refine((v) => v === '' || (INSTITUTION_KINDS as readonly string[]).includes(v), '施設の種類は一覧から選んでください。')
      .transform((v) => (v === '' ? undefined : (v as InstitutionKind))),
    key: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'フォームの有効期限が切れました。もう一度作成画面から送信してください。'),
    preview: z.string(),
  });

export function filterOf(f: z.output<ReturnType<typeof composeForm>>): RecipientFilter {
  return {
    fiscalYear: f.fiscal_year,
    reportKind: f.report_kind,
    status: f.status,
    ...(f.prefecture ? { prefectureCode: f.prefecture } : {}),
    ...(f.municipality ? { municipalityCode: f.municipality } : {}),
    ...(f.institution_kind ? { institutionKind: f.institution_kind } : {}),
  };
}

/** The result page: all, or only delivered / failed / waiting; its page number. */
export const resultQuery = z.object({
  status: z.enum(['sent', 'failed', 'pending']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  done: z.enum(['sent', 'again']).optional().catch(undefined),
});
