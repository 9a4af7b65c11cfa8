// The 報告状況 pages' query, one zod schema: anything unreadable is no filter (the board is a GET page
// people bookmark and edit by hand; it never answers 400 to an odd address).
import { z } from 'zod';
import { INSTITUTION_KINDS, REPORTING_SCHEMES } from '../../../db/schema.ts';
import { LIST_STATUSES } from '../../../reporting/status-board.ts';

const optional = <T extends z.ZodTypeAny>(t: T) => t.optional().catch(undefined);

/** ?fy=&scheme=&prefecture=&kind=&municipality=&status=&page=&encoding= */
export const boardQuery = z.object({
  fy: optional(z.coerce.number().int().min(2000).max(2100)),
  scheme: z.enum(REPORTING_SCHEMES).catch('medical'),
  prefecture: optional(z.string().regex(/^\d{2}$/)),
  kind: optional(z.enum(INSTITUTION_KINDS)),
  municipality: optional(z.string().regex(/^\d{5}$/)),
  status: optional(z.enum(LIST_STATUSES)),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  encoding: z.enum(['utf-8', 'shift_jis']).catch('utf-8'),
});
export type BoardQueryParams = z.infer<typeof boardQuery>;
