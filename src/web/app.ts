// Builds the Fastify instance for one origin with what every origin shares: security headers and a
// strict CSP, CSRF checks on every form post, cookies, static files, health, metrics and error pages.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from 'helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import { COMMON_PASSWORDS_PATH, commonPasswordsForTheChecklist } from '../identity/password/common-passwords.ts';
import { httpDuration, registry } from '../platform/metrics.ts';
import { Forbidden } from '../policies.ts';
import { BAD_URL_TEXT, ERROR_TEXT, ErrorPage } from './error-pages.tsx';
import type { LayoutProps } from './layout.tsx';
import { MESSAGES } from '../platform/messages/index.ts';
import { sendHtml } from './request.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const BODY_LIMIT_BYTES = 64 * 1024;
/** Longer URLs are refused with 414 (Node itself refuses request heads over 16 KiB). */
export const MAX_URL_LENGTH = 8 * 1024;

export interface WebAppOptions {
  part: 'login' | 'gmis' | 'navi';
  product: LayoutProps['product'];
  config: Config;
  secretKey: string;
  logger: boolean | object;
  /** Other origins a form may post to or be redirected to after its post (CSP form-action): a fixed
   * list, or a function read again at most every FORM_ACTIONS_REFRESH_MS (see formActionHeaders). */
  formActions?: string[] | (() => Promise<string[]>);
}

/** How stale a function-given form-action list may be: Med-Login's comes from the registered
 * applications, which `gmis oidc-client add` changes from another process. */
export const FORM_ACTIONS_REFRESH_MS = 5_000;

export async function createWebApp(o: WebAppOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: typeof o.logger === 'object' ? (o.logger as never) : undefined,
    logger: typeof o.logger === 'boolean' ? o.logger : undefined,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: o.config.trustProxy,
    logController: new LogController({ disableRequestLogging: o.config.logLevel !== 'debug' && o.config.logLevel !== 'trace' }),
    routerOptions: { maxParamLength: 200 },
    // URLs the router cannot read (bad percent-encoding, an over-long parameter) and requests Node's
    // parser refuses get the origin's Japanese error page too, not Fastify's English JSON.
    frameworkErrors: (err, _req, reply) => void urlErrorPage(reply, err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400),
    clientErrorHandler: (err, socket) => refuseOnSocket(err, socket),
  });

  // Worked out once per form-action list: the headers are the same for every response of this origin.
  const headersFor = (formActions: string[]) =>
    headersOf(
      helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            fontSrc: ["'self'"],
            connectSrc: ["'self'"],
            formAction: ["'self'", ...formActions],
            frameAncestors: ["'none'"],
            baseUri: ["'none'"],
            objectSrc: ["'none'"],
            ...(o.config.production ? { upgradeInsecureRequests: [] } : {}),
          },
        },
        referrerPolicy: { policy: 'same-origin' },
        strictTransportSecurity: o.config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
        crossOriginEmbedderPolicy: false,
        frameguard: { action: 'deny' },
      }),
    );
  // Every route this app serves (HEAD aside), for the authorization matrix test.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });
  const securityHeaders = await formActionHeaders(o.formActions ?? [], headersFor, (err) => app.log.error({ err }, 'reading the form-action origins failed'));
  app.addHook('onRequest', (_req, reply, done) => {
    const headers = securityHeaders();
    if (!(headers instanceof Promise)) {
      reply.headers(headers);
      return done();
    }
    void headers.then((h) => {
      reply.headers(h);
      done();
    });
  });
  // Hostile URLs are answered before any route (urlErrorPage is below, with the other error pages).
  // A NUL reaches no legitimate page, and PostgreSQL refuses it in text. Synchronous for every
  // other request (an async hook costs each request a promise): only a refusal waits.
  app.addHook('onRequest', (req, reply, done) => {
    // The JSON API names the parameter that holds a NUL itself (apps/navi/api).
    const refused = req.url.length > MAX_URL_LENGTH ? 414 : req.url.includes('%00') && !req.url.startsWith('/api/') ? 400 : undefined;
    if (refused === undefined) return done();
    void urlErrorPage(reply, refused);
  });
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  await app.register(cookie, { secret: o.secretKey });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: o.config.production ? '__Host-gmis_csrf' : `gmis_csrf_${o.part}`,
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', secure: o.config.production, path: '/' },
    getToken: (req) => (req.body as Record<string, string> | undefined)?._csrf,
  });
  await app.register(fastifyStatic, { root: path.join(ROOT, 'public'), prefix: '/static/', maxAge: '1h' });
  app.get('/static/tokens.css', (_req, reply) =>
    reply.sendFile('tokens.css', path.join(ROOT, 'node_modules/@digital-go-jp/design-tokens/dist'), { maxAge: '1d' }),
  );
  // The password checklist's fifth line reads the common passwords a rule-abiding password can match
  // (the same list the server checks; public, so it tells nobody anything about an account).
  let commonPasswords: string | undefined;
  app.get(COMMON_PASSWORDS_PATH, (_req, reply) =>
    reply
      .type('application/json; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send((commonPasswords ??= JSON.stringify(commonPasswordsForTheChecklist()))),
  );

  // Every state-changing request carries the form's CSRF token.
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method === 'POST' && !req.routeOptions.config.skipCsrf) return app.csrfProtection(req, reply, done);
    done();
  });

  app.addHook('onResponse', async (req, reply) => {
    httpDuration.labels(o.part, req.routeOptions.url ?? 'unmatched', req.method, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
  });

  app.get('/healthz', async () => ({ status: 'ok', part: o.part }));
  app.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));

  const page = (status: keyof typeof ERROR_TEXT) => ErrorPage({ product: o.product, status, home: '/', ...ERROR_TEXT[status] });

  // Hostile URLs. Also answered outside the routes' hooks (frameworkErrors), so the security headers are set here.
  const urlErrorPage = async (reply: FastifyReply, status: 400 | 414) => {
    reply.headers(await securityHeaders());
    if (reply.request.url.startsWith('/api/')) {
      const error =
        status === 400 ? { error: 'bad_request', message: 'The URL could not be read.' } : { error: 'uri_too_long', message: 'The URL is too long.' };
      return reply
        .code(status)
        .header('cache-control', 'no-store')
        .header('access-control-allow-origin', '*')
        .type('application/json; charset=utf-8')
        .send(error);
    }
    const text = status === 400 ? BAD_URL_TEXT : ERROR_TEXT[414];
    return sendHtml(reply, status, ErrorPage({ product: o.product, status, home: '/', ...text }));
  };
  // Requests Node refused before Fastify saw them (a raw NUL in the request line, headers over
  // Node's limit): the socket gets the page, then closes.
  const socketPages = new Map<number, string>();
  const refuseOnSocket = (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset or timed-out connection has nobody waiting for a page.
    if (err.code === 'ECONNRESET' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || socket.destroyed) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    void Promise.resolve(securityHeaders()).then((headers) => {
      if (!socket.writable) return void socket.destroy();
      if (!socketPages.has(status)) {
        const text = status === 431 ? ERROR_TEXT[431] : BAD_URL_TEXT;
        socketPages.set(status, String(ErrorPage({ product: o.product, status, home: '/', ...text })));
      }
      const body = Buffer.from(socketPages.get(status)!, 'utf8');
      const head = {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'content-length': String(body.length),
        'cache-control': 'no-store',
        connection: 'close',
      };
      const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, ...Object.entries(head).map(([k, v]) => `${k}: ${v}`)];
      socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
    });
  };

  app.setNotFoundHandler((_req, reply) => sendHtml(reply, 404, page(404)));
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return sendHtml(reply, 413, page(413));
    if (err.code?.startsWith('FST_CSRF')) return sendHtml(reply, 403, page(403));
    if (err instanceof Forbidden) {
      const text = { title: MESSAGES['forbidden.title'], message: MESSAGES['forbidden.message'] };
      return sendHtml(reply, 403, ErrorPage({ product: o.product, status: 403, home: '/', ...text }));
    }
    if (status >= 400 && status < 500) return sendHtml(reply, status === 404 ? 404 : 400, page(status === 404 ? 404 : 400));
    req.log.error({ err }, 'request failed');
    return sendHtml(reply, 500, page(500));
  });
  return app;
}

/**
 * The security headers of every response, as a function that answers at once while they are fresh.
 * A function-given form-action list is read again when FORM_ACTIONS_REFRESH_MS has passed (the
 * request that finds it stale waits for the read, so what a page allows is never older than that),
 * and the headers are worked out again only when the list changed. A failed read keeps the last
 * headers until the next try.
 */
async function formActionHeaders(
  formActions: string[] | (() => Promise<string[]>),
  headersFor: (formActions: string[]) => Record<string, string>,
  onError: (err: unknown) => void,
): Promise<() => Record<string, string> | Promise<Record<string, string>>> {
  if (Array.isArray(formActions)) {
    const headers = headersFor(formActions);
    return () => headers;
  }
  const read = formActions;
  let key = JSON.stringify(await read());
  let headers = headersFor(JSON.parse(key) as string[]);
  let freshUntil = performance.now() + FORM_ACTIONS_REFRESH_MS;
  let reading: Promise<Record<string, string>> | undefined;
  return () => {
    if (performance.now() < freshUntil) return headers;
    reading ??= read()
      .then((list) => {
        const next = JSON.stringify(list);
        if (next !== key) [key, headers] = [next, headersFor(list)];
      })
      .catch(onError)
      .then(() => {
        freshUntil = performance.now() + FORM_ACTIONS_REFRESH_MS;
        reading = undefined;
        return headers;
      });
    return reading;
  };
}

/** The headers a helmet middleware sets, read off it once instead of running it for every request
 * (a dozen middlewares per response). Only for options without per-request values (no nonces). */
function headersOf(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let finished = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish at once: its options must not depend on the request');
  return headers;
}

export interface RouteEntry {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    skipCsrf?: boolean;
  }
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}
