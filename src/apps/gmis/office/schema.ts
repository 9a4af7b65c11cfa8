// The office console's forms and queries, one zod schema each: 受付期間 (opening, or closing with an
// optional time to reopen), the account search and the audit log's filter. Times are Japan time as
// the office types them (parsePublishAt); the schemas take `now` to refuse times already past.
import { z } from 'zod';
import { parsePublishAt } from '../../../portal/notices.ts';
import { normaliseLine } from '../../../platform/japanese/text.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';

/** What is read of each field of the 受付期間 form. */
export const WINDOW_FIELD_MAX = 40;
export const WINDOW_FIELDS = ['action', 'from', 'until', 'reopen'] as const;
export const SEARCH_MAX = 100;

/** A time as typed: empty is none (null); otherwise it must be readable. */
const windowTime = z.string().transform((raw, ctx) => {
  if (raw.trim() === '') return null;
  const ms = parsePublishAt(raw);
  if (ms !== undefined) return ms;
  ctx.addIssue({ code: 'custom', message: MESSAGES['office.window.time_unreadable'] });
  return z.NEVER;
});

export type WindowChange = { action: 'close'; reopen: number | null } | { action: 'open'; from: number | null; until: number | null };

/**
 * 受付期間: 「受付を止める」 (action=close) takes an optional reopening time in the future; otherwise a
 * start and an end, each optional, the end after the start and in the future.
 */
export const windowForm = (now: number) =>
  z.object({ action: z.string(), from: z.string(), until: z.string(), reopen: z.string() }).transform((v, ctx): WindowChange => {
    const time = (field: 'from' | 'until' | 'reopen') => {
      const r = windowTime.safeParse(v[field]);
      if (r.success) return r.data;
      ctx.addIssue({ code: 'custom', path: [field], message: r.error.issues[0]!.message });
      return null;
    };
    if (v.action === 'close') {
      const reopen = time('reopen');
      if (reopen !== null && reopen <= now) ctx.addIssue({ code: 'custom', path: ['reopen'], message: MESSAGES['office.window.reopen_past'] });
      return { action: 'close', reopen };
    }
    const from = time('from');
    const until = time('until');
    if (from !== null && until !== null && until <= from)
      ctx.addIssue({ code: 'custom', path: ['until'], message: MESSAGES['office.window.until_before_from'] });
    else if (until !== null && until <= now) ctx.addIssue({ code: 'custom', path: ['until'], message: MESSAGES['office.window.until_past'] });
    return { action: 'open', from, until };
  });

/** The account search's 検索語 (?q=): one line, cut to SEARCH_MAX characters before it is normalised. */
export const accountSearchQuery = z.object({
  q: z
    .string()
    .transform((s) => normaliseLine(s.slice(0, SEARCH_MAX)))
    .catch(''),
});

/** The audit log's filter (?type=&username=&before=): anything unreadable is no filter. */
export const auditQuery = z.object({
  type: z.string().max(64).catch(''),
  username: z.string().max(64).transform(normaliseLine).catch(''),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
