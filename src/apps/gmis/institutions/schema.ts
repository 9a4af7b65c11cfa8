// The 医療機関マスタ pages' queries: the search (anything unreadable is no condition; a long text is
// cut, never refused), the CSV's encoding, and the import's 確認のみ / 取り込む.
import { z } from 'zod';
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { normaliseLine } from '../../../platform/japanese/text.ts';

const optional = <T extends z.ZodTypeAny>(t: T) => t.optional().catch(undefined);
const text = (max: number) =>
  optional(
    z
      .string()
      .transform((v) => normaliseLine(v).slice(0, max))
      .transform((v) => v || undefined),
  );

/** The search's conditions as they appear in its URL, so a page, a link and the CSV say the same. */
export const SEARCH_FIELDS = ['q', 'code', 'kind', 'prefecture', 'municipality', 'status'] as const;

/** ?q=&code=&kind=&prefecture=&municipality=&status=&page= */
export const searchQuery = z.object({
  q: text(100),
  code: text(30),
  kind: optional(z.enum(INSTITUTION_KINDS)),
  prefecture: optional(z.string().regex(/^\d{2}$/)),
  municipality: optional(z.string().regex(/^\d{5}$/)),
  status: optional(z.enum(['open', 'closed'])),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  encoding: optional(z.enum(['utf-8', 'shift_jis'])),
});
export type SearchQuery = z.infer<typeof searchQuery>;

/** The search's own part of the URL (no page, no encoding): what a link to another page or the CSV keeps. */
export function searchParams(q: SearchQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const f of SEARCH_FIELDS) if (q[f]) params.set(f, q[f]);
  return params;
}

/** The import: 確認のみ (check, the default) or 取り込む (apply). */
export const importFields = z.object({
  mode: z
    .string()
    .optional()
    .transform((v) => (v === 'apply' ? 'apply' : 'check')),
});
