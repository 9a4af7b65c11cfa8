// The 報告確認 pages' queries and forms, one zod schema each: the list's filter (anything unreadable
// is no filter), the report page's ?only=changes, the 差戻し comment, the reporting window and the
// publication setting, and the reason of a 公表停止 or its lifting (with its confirm step).
import { z } from 'zod';
import { INSTITUTION_KINDS, REPORT_KINDS, REPORTING_SCHEMES } from '../../../db/schema.ts';
import { normaliseLine, normaliseText } from '../../../platform/japanese/text.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { parseDate } from '../../../reporting/catalogue/form.ts';
import { STOP_REASON_MAX } from '../../../reporting/publication.ts';
import { COMMENT_MAX } from '../../../reporting/review.ts';

/** The states the list filters by: each state a report handed in can have, and 未報告 (no report). */
export const LIST_STATES = ['submitted', 'resubmitted', 'returned', 'accepted', 'unreported'] as const;
export type ListState = (typeof LIST_STATES)[number];

const optional = <T extends z.ZodTypeAny>(t: T) => t.optional().catch(undefined);

/** ?fy=&kind=&institution_kind=&municipality=&state=&q=&page=&done= */
export const listQuery = z.object({
  fy: optional(z.coerce.number().int().min(2000).max(2100)),
  kind: optional(z.enum(REPORT_KINDS)),
  institution_kind: optional(z.enum(INSTITUTION_KINDS)),
  municipality: optional(z.string().regex(/^\d{5}$/)),
  state: optional(z.enum(LIST_STATES)),
  q: optional(z.string().max(100).transform(normaliseLine)),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  done: optional(z.string().max(40)),
});
export type ListQuery = z.infer<typeof listQuery>;

/** The report page: ?only=changes shows the changed items only. */
export const reportQuery = z.object({
  only: z.enum(['changes']).optional().catch(undefined),
  done: optional(z.string().max(40)),
});

const longText = (label: string, max: number) =>
  z
    .string()
    .transform(normaliseText)
    .pipe(z.string().min(1, MESSAGES['text.required'](label)).max(max, MESSAGES['text.too_long'](label, max)));

export const RETURN_FIELDS = ['comment'] as const;
/** 差戻し: the comment mailed to the institution. */
export const returnForm = z.object({ comment: longText('差戻しの理由', COMMENT_MAX) });

export const STOP_FIELDS = ['reason', 'confirm'] as const;
/** 公表停止 / 解除: the reason, and whether it is the confirmed second step. */
export const stopForm = (label: string) => z.object({ reason: longText(label, STOP_REASON_MAX), confirm: z.string().transform((v) => v === '1') });

/**
 * A day as `<input type=date>` sends it (2027-01-01) or as a person types it where the browser
 * shows a text box (2027/1/1, 2027年1月1日, full width too) — the report form's own rule
 * (parseDate) — as `YYYY-MM-DD`; required.
 */
const date = (label: string) =>
  z.string().transform((typed, ctx) => {
    const r = parseDate(typed, label);
    if (r.ok && r.value !== undefined) return r.value;
    ctx.addIssue({ code: 'custom', message: r.ok ? MESSAGES['text.required'](label) : r.message });
    return z.NEVER;
  });

/** A date field's value as the form shows it again: as the browser's date input takes it if it can be read, else as typed. */
export const dateShown = (typed: string): string => {
  const r = parseDate(typed, '');
  return r.ok && r.value !== undefined ? r.value : typed;
};

export const PERIOD_FIELDS = ['fiscal_year', 'scheme', 'opens_on', 'closes_on', 'reference_date'] as const;
/** A reporting window: fiscal year, scheme, the first and the last day (Japan time), 報告基準日. */
export const periodForm = z.object({
  fiscal_year: z.coerce.number({ message: MESSAGES['report_review.period.fiscal_year'] }).int(MESSAGES['report_review.period.fiscal_year']).min(2000).max(2100),
  scheme: z.enum(REPORTING_SCHEMES, { message: MESSAGES['report_review.period.scheme'] }),
  opens_on: date('受付開始日'),
  closes_on: date('受付終了日'),
  reference_date: date('報告基準日'),
});

export const SETTING_FIELDS = ['publish_on'] as const;
/** 報告と同時に公表 (submit) or 確認後に公表 (accept). */
export const settingForm = z.object({ publish_on: z.enum(['accept', 'submit'], { message: MESSAGES['report_review.setting.choose'] }) });
