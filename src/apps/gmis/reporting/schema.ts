// What the reporting routes read, one zod schema each: the report and section in the path, the kind
// to start, the version a save or an action was made on (base_version), the timetable's copy buttons,
// and the report form's own inputs (only names of the form's shape, bounded in number and length).
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REPORT_KINDS } from '../../../reporting/report.ts';
import type { FormInput, TimetableCopy } from './form-input.ts';

/** A report id or a section id in the path. */
export const reportParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
/** A section of the form: a group id of the catalogue, or `all`. */
export const sectionParams = reportParams.extend({ section: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/) });
export const versionParams = reportParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });

/** 新規報告, 定期報告, 随時報告 … (the button pressed on the home); 廃止 starts only with `confirm=closure` (its confirmation page). */
export const startForm = z.object({ kind: z.enum(REPORT_KINDS), confirm: z.literal('closure').optional().catch(undefined) });

/** The version the page was showing when the user pressed a button. */
const baseVersion = z.coerce.number().int().min(1).max(1_000_000);

/** 報告, 引き戻し, 破棄: the version the page showed (a stale page gets the latest instead). */
export const actionForm = z.object({ base_version: baseVersion });

const COPY = /^(mon_to_weekdays|all_rows):([a-z][a-z0-9_.]{0,120}):([A-Za-z0-9_-]{1,40})$/;

/** A copy button's value, read back (schema of form-input.ts's copyValue). */
export const copyButton = z
  .string()
  .regex(COPY)
  .transform((s): TimetableCopy => {
    const [, action, owner, row] = COPY.exec(s)!;
    return { action: action as TimetableCopy['action'], owner: owner!, row: row! };
  });

/** Saving a section: the version it was made on, which copy button was pressed (if one), and `resolve=mine` after a conflict. */
export const saveForm = z.object({ base_version: baseVersion, copy: copyButton.optional(), resolve: z.literal('mine').optional() });

/** The report form's inputs: `f.` `x.` `t.` `c.` `m.` names (plan 4.2), each bounded. */
const INPUT_NAME = /^[fxtcm]\.[A-Za-z0-9_.-]{1,200}$/;
export const MAX_INPUTS = 20_000;
export const MAX_INPUT_LENGTH = 2_000;

/** The inputs of the posted report form, as typed (other names left out, values cut to MAX_INPUT_LENGTH). */
export function readReportForm(req: FastifyRequest): FormInput {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const out: FormInput = {};
  let n = 0;
  for (const [name, raw] of Object.entries(body)) {
    if (!INPUT_NAME.test(name) || n >= MAX_INPUTS) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, MAX_INPUT_LENGTH));
    if (values.length === 0) continue;
    out[name] = Array.isArray(raw) ? values.slice(0, 500) : values[0]!;
    n += 1;
  }
  return out;
}

/** The fields of a save besides the inputs (base_version, copy), as posted. */
export function readSaveFields(req: FastifyRequest): { base_version: string; copy?: string; resolve?: string } {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : Array.isArray(v) && typeof v[0] === 'string' ? v[0].slice(0, 200) : undefined);
  const copy = text(body.copy);
  const resolve = text(body.resolve);
  return { base_version: text(body.base_version) ?? '', ...(copy === undefined ? {} : { copy }), ...(resolve === undefined ? {} : { resolve }) };
}

/** The notice after a redirect, by ?done=. */
export const DONE = {
  started: 'report_form.started',
  saved: 'report_form.saved',
  copied: 'report_form.copied',
  submitted: 'report_form.submitted',
  withdrawn: 'report_form.withdrawn',
  discarded: 'report_form.discarded',
  csv: 'report_csv_pages.filled',
  csv_unchanged: 'report_csv_pages.unchanged',
} as const;
export const doneQuery = z.object({
  done: z
    .enum(Object.keys(DONE) as [keyof typeof DONE, ...Array<keyof typeof DONE>])
    .optional()
    .catch(undefined),
  /** After 「CSVで入力」: how many fields it filled. */
  filled: z.coerce.number().int().min(0).max(100_000).optional().catch(undefined),
});

/** A section's page opened from the overview's 「直す必要がある項目を見る」: every problem of the section marked. */
export const sectionQuery = z.object({ check: z.literal('1').optional().catch(undefined) });
