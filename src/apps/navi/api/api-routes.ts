// 医療情報ネット's public JSON API under /api/v1: a search of published facilities (the query module the
// HTML search runs, read from the search database — the replica when there is one), one facility's
// published record, and the OpenAPI document. No sign-in, no cookies: CORS for GET from any origin,
// ETag and Cache-Control on every answer, and a per-address rate limit (429 with Retry-After), kept in
// Redis when REDIS_URL is set so that every instance counts together.
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../../../config.ts';
import type { Ports } from '../../../ports.ts';
import { publishedFacility } from '../../../reporting/publication.ts';
import { parseSearchQuery, searchFacilities, SEARCH_PARAMS, type QueryProblem, type RawParams } from '../../../search/query.ts';
import { searchDbOf } from '../../../search/read-db.ts';
import { facilityJson, searchJson } from './facility-json.ts';
import { openApiDocument } from './openapi.ts';
import { nulProblems, problemJson } from './problems.ts';

export const API_PREFIX = '/api/v1';

export const CACHE = {
  search: 'public, max-age=60',
  facility: 'public, max-age=300',
  openapi: 'public, max-age=3600',
  error: 'no-store',
} as const;

/** The facility ID of the open data: 都道府県 2 + 機関区分 1 + 機関コード 10 (as the facility page reads it). */
const FACILITY_ID = /^\d{3}[0-9A-Za-z]{10}$/;

/** Headers a browser script may read from another origin. */
const EXPOSED = 'ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset';
/** A list of header names (RFC 9110 tokens), as a preflight asks for them. */
const HEADER_LIST = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

/** A strong validator: the body's hash. */
const etagOf = (body: string): string => `"${createHash('sha1').update(body).digest('base64url')}"`;

/** Whether If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function sendJson(req: FastifyRequest, reply: FastifyReply, body: unknown, cache: string): FastifyReply {
  const text = JSON.stringify(body);
  const etag = etagOf(text);
  reply.header('cache-control', cache).header('etag', etag);
  if (matches(req.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.code(200).type('application/json; charset=utf-8').send(text);
}

function sendError(reply: FastifyReply, status: number, body: Record<string, unknown>): FastifyReply {
  return reply.code(status).header('cache-control', CACHE.error).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** A rate limit's refusal, thrown by @fastify/rate-limit and answered by the error handler. */
class RateLimited extends Error {
  readonly statusCode = 429;
  constructor(
    readonly max: number,
    readonly seconds: number,
  ) {
    super('rate limited');
  }
}

export interface NaviApiOptions {
  deps: Ports;
  config: Config;
}

/** The API, under API_PREFIX (one line in the navi routes registers it). */
export async function naviApiRoutes(app: FastifyInstance, o: NaviApiOptions): Promise<void> {
  await app.register(api, { ...o, prefix: API_PREFIX });
}

async function api(app: FastifyInstance, o: NaviApiOptions): Promise<void> {
  const { deps, config } = o;
  const naviUrl = config.publicUrl.navi;
  const order = (param: string) => (SEARCH_PARAMS as readonly string[]).indexOf(param);

  // CORS: any origin may read, never with credentials. Set first, so refusals (400, 404, 429) carry it too.
  app.addHook('onRequest', (_req, reply, done) => {
    reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', EXPOSED).header('cross-origin-resource-policy', 'cross-origin');
    done();
  });

  // The rate limit: one count per address over every /api/v1 route, in Redis when it is configured.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 })
    : undefined;
  if (redis) {
    // Said once per outage (ioredis keeps reconnecting, and reports every failed try).
    let down = false;
    const unreachable = (err: unknown) => {
      if (!down) app.log.warn({ err }, 'the API rate limit cannot reach Redis: requests are not limited until it can');
      down = true;
    };
    redis.on('error', unreachable);
    redis.on('ready', () => {
      if (down) app.log.info('the API rate limit reaches Redis again');
      down = false;
    });
    await redis.connect().catch(unreachable);
    app.addHook('onClose', async () => {
      redis.disconnect();
    });
  }
  await app.register(rateLimit, {
    max: config.apiRateLimitPerMinute,
    timeWindow: 60_000,
    ...(redis ? { redis, nameSpace: 'gmis:api-rate:' } : {}),
    // A store that cannot answer (Redis down) lets requests through rather than refusing everyone.
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) => new RateLimited(ctx.max, Math.max(1, Math.ceil(ctx.ttl / 1000))),
  });

  app.setErrorHandler((err: FastifyError | RateLimited, req, reply) => {
    if (err instanceof RateLimited) {
      reply.header('retry-after', String(err.seconds));
      return sendError(reply, 429, {
        error: 'rate_limited',
        message: `Too many requests: at most ${err.max} a minute from one address. Try again in ${err.seconds} seconds.`,
        retry_after: err.seconds,
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, 400, { error: 'bad_request', message: 'The request could not be read.' });
    req.log.error({ err }, 'API request failed');
    return sendError(reply, 500, { error: 'internal', message: 'The server could not answer. Please try again later.' });
  });
  app.setNotFoundHandler((_req, reply) =>
    sendError(reply, 404, { error: 'not_found', message: `There is no such API path. The API is described at ${API_PREFIX}/openapi.json.` }),
  );

  // Preflight: GET with any request headers (nothing is sent with credentials). Not counted by the limit.
  app.options('/*', { config: { rateLimit: false } }, (req, reply) => {
    const asked = req.headers['access-control-request-headers'];
    if (typeof asked === 'string' && HEADER_LIST.test(asked)) reply.header('access-control-allow-headers', asked);
    return reply
      .code(204)
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header('access-control-max-age', '86400')
      .header('cache-control', 'public, max-age=86400')
      .send();
  });

  app.get('/search', async (req, reply) => {
    const raw = (req.query ?? {}) as RawParams;
    const nul = nulProblems(raw, SEARCH_PARAMS);
    const clean = nul.length ? Object.fromEntries(Object.entries(raw).filter(([k]) => !nul.some((p) => p.param === k))) : raw;
    const parsed = parseSearchQuery(clean);
    const problems: QueryProblem[] = [...nul, ...(parsed.ok ? [] : parsed.problems)].sort((a, b) => order(a.param) - order(b.param));
    if (problems.length || !parsed.ok) return sendError(reply, 400, { error: 'invalid_parameter', problems: problems.map(problemJson) });
    const answer = await searchFacilities(searchDbOf(deps), parsed.query);
    return sendJson(req, reply, searchJson(answer, naviUrl), CACHE.search);
  });

  app.get<{ Params: { id: string } }>('/facilities/:id', async (req, reply) => {
    const { id } = req.params;
    const view = FACILITY_ID.test(id) ? await publishedFacility(searchDbOf(deps), id) : undefined;
    if (!view) return sendError(reply, 404, { error: 'not_found', message: 'No facility with this ID is published.' });
    return sendJson(req, reply, facilityJson(view, naviUrl), CACHE.facility);
  });

  let document: unknown;
  app.get('/openapi.json', (req, reply) => sendJson(req, reply, (document ??= openApiDocument(naviUrl + API_PREFIX)), CACHE.openapi));
}
