// Small request helpers shared by every origin.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../audit/audit-log.ts';

export const originOf = (req: FastifyRequest): RequestOrigin => ({
  ip: req.ip,
  userAgent: String(req.headers['user-agent'] ?? ''),
});

/** Form fields as strings (repeated fields: the first), bounded in length. */
export function formField(req: FastifyRequest, name: string, max = 1000): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const v = body[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.slice(0, max) : '';
}

/** Every value of a repeated form field (checkboxes), each a string, at most `max` of them. */
export function formFields(req: FastifyRequest, name: string, max = 500): string[] {
  const v = ((req.body ?? {}) as Record<string, unknown>)[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string').slice(0, max);
}

/** The entry `key` names in `table` (a flash message by its query value, say), if it names one. */
export function entryOf<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

export function sendHtml(reply: FastifyReply, status: number, html: string | Promise<string>): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}
