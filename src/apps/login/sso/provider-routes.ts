// Med-Login mounts the OpenID provider: its endpoints go to oidc-provider untouched, and a relying
// party's POST at the browser-facing ones continues as a GET (post-as-get.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OIDC_PATH } from '../../../sso/logout-url.ts';
import type { ProviderHolder } from '../../../sso/provider/provider.ts';
import { acceptPostAsGet } from './post-as-get.ts';

/** Routes the provider's endpoints to it, in a scope where Fastify leaves request bodies unread. */
export async function providerRoutes(app: FastifyInstance, o: { holder: ProviderHolder }): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
  // Fastify neither parses the body nor answers: the provider (Koa) gets the raw request. The
  // origin's security headers were set on Fastify's reply (web/app.ts), which a hijacked reply never
  // writes: they go on the raw response first, so the provider's pages and JSON carry them too, and
  // its self-submitting form_post page adds its inline script's hash to this CSP.
  const handler = (req: FastifyRequest, reply: FastifyReply) => {
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    reply.hijack();
    o.holder.callback(req.raw, reply.raw);
  };
  const config = { skipCsrf: true };
  app.get('/.well-known/openid-configuration', { config }, handler);
  app.route({ method: ['GET', 'POST', 'OPTIONS'], url: `${OIDC_PATH}/*`, config, handler });
  await acceptPostAsGet(app, [`${OIDC_PATH}/auth`, `${OIDC_PATH}/session/end`]);
}
