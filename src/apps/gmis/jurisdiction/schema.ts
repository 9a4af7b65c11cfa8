// The jurisdiction pages' forms and queries, one zod schema each: issuing an official account (its
// fields as read — what the form shows again — and what is accepted), a delegation's switch, and the
// notices a redirect names (?done=, ?problem=; a value that names none is no notice).
import { z } from 'zod';
import type { AccountCategory } from '../../../db/schema.ts';
import { prefectureName } from '../../../institutions/places.ts';
import { JURISDICTION_PROBLEM_MESSAGES, type JurisdictionProblem } from '../../../jurisdiction/jurisdiction.ts';
import { emailAddress } from '../../../platform/email-address.ts';
import { normaliseLine } from '../../../platform/japanese/text.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { isPrefectureBound, OFFICIAL_CATEGORIES } from '../../../policies.ts';

export const DISPLAY_NAME_MAX = 100;
/** A prefecture code as read (two digits; anything longer is cut, and then unknown). */
const PREFECTURE_READ = 4;

const cut = (max: number) => z.string().transform((s) => s.slice(0, max));

export const ISSUE_FIELDS = ['category', 'display_name', 'email', 'prefecture'] as const;
/** The longest of the issue form's cuts: read this much, the schema cuts each field to its own. */
export const ISSUE_READ_MAX = 500;

/** アカウントの発行, as typed: each field cut to what is read of it. */
export const issueFields = z.object({ category: cut(20), display_name: cut(400), email: cut(ISSUE_READ_MAX), prefecture: cut(PREFECTURE_READ) });

/** アカウントの発行: a category the office issues, a display name, an address, and a known prefecture — required for a prefecture or a health centre. */
export const issueForm = z
  .object({
    category: z.enum(OFFICIAL_CATEGORIES as [AccountCategory, ...AccountCategory[]], { message: MESSAGES['office.issue.category.required'] }),
    display_name: z
      .string()
      .transform(normaliseLine)
      .pipe(z.string().min(1, MESSAGES['text.required']('表示名')).max(DISPLAY_NAME_MAX, MESSAGES['text.too_long']('表示名', DISPLAY_NAME_MAX))),
    email: emailAddress,
    prefecture: z.string().refine((v) => v === '' || prefectureName(v) !== undefined, MESSAGES['office.issue.prefecture.unknown']),
  })
  .superRefine((v, ctx) => {
    // Runs beside the fields' own messages (an unknown category, the one refusal that stops it, is never prefecture-bound).
    if (isPrefectureBound(v.category) && v.prefecture === '')
      ctx.addIssue({ code: 'custom', path: ['prefecture'], message: MESSAGES['office.issue.prefecture.required'] });
  });

export const DELEGATION_FIELDS = ['prefecture', 'grant'] as const;
export const DELEGATION_READ_MAX = PREFECTURE_READ;
/** 確認を任せる / 任せるのをやめる: grant=1 gives the delegation, anything else takes it back; the prefecture (the office's choice) the domain checks. */
export const delegationFields = z.object({ prefecture: cut(PREFECTURE_READ), grant: z.string().transform((v) => v === '1') });

const PROBLEMS = Object.keys(JURISDICTION_PROBLEM_MESSAGES) as [JurisdictionProblem, ...JurisdictionProblem[]];

/** 保健所・関係団体 after a change (?done=jurisdiction). */
export const staffQuery = z.object({ done: z.literal('jurisdiction').optional().catch(undefined) });

/** A health centre's page after a change: saved (?done=jurisdiction) or refused (?problem=…). */
export const healthCentreQuery = staffQuery.extend({ problem: z.enum(PROBLEMS).optional().catch(undefined) });
