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

export function sendHtml(reply: FastifyReply, status: number, html: string | Promise<string>): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}
