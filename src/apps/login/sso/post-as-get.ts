// POST at the provider's browser-facing endpoints (OIDC Core 3.1.2.1 for authorization, RP-Initiated
// Logout 1.0 for end-session), without weakening the session cookies. A relying party's cross-site
// POST carries none of our SameSite=Lax cookies, so oidc-provider would not see the user's session
// (it serves POST there only when cookies are SameSite=None). Such a POST is answered instead with a
// page of Med-Login's that sends the same parameters to the same endpoint by GET: that request comes
// from Med-Login's own page, so the cookies come with it, and the provider handles it as ever.
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { BODY_LIMIT_BYTES, MAX_URL_LENGTH } from '../../../web/app.ts';
import { sendHtml } from '../../../web/request.ts';
import { ContinueByGetPage } from './provider-pages.tsx';

/**
 * Accepts POST (application/x-www-form-urlencoded) at each of `paths`, answering with the page that
 * repeats it as a GET. Register it where the provider's routes are; the POST needs no CSRF token,
 * as it changes nothing.
 */
export async function acceptPostAsGet(app: FastifyInstance, paths: string[]): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
    for (const path of paths) {
      scope.post(path, { config: { skipCsrf: true } }, async (req, reply) => {
        const body = (req.body ?? {}) as Record<string, string | string[]>;
        const fields = Object.entries(body).flatMap(([name, value]) => [value].flat().map((v) => ({ name, value: v })));
        const query = new URLSearchParams(fields.map((f) => [f.name, f.value])).toString();
        // A continuation the origin would refuse as too long (414) is refused here, with the
        // origin's error page for a bad request (400). The form sends the same encoding.
        if (`${path}?${query}`.length > MAX_URL_LENGTH) throw Object.assign(new Error('too long to continue by GET'), { statusCode: 400 });
        return sendHtml(reply, 200, ContinueByGetPage({ action: path, fields }));
      });
    }
  });
}
