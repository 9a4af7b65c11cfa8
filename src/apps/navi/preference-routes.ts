// 医療情報ネット: the visitor's choices of language and 文字サイズ, by plain links and GET forms (no
// JavaScript, no account): each sets its cookie for a year and sends the browser back to the page it
// came from — a path on this origin only (safeReturnTo), else the home, so no link can make this site
// send a visitor elsewhere. A choice is no secret and changes nothing stored, so no CSRF token.
// And the page of お気に入り病院等, which the browser keeps too (the server only renders its frame).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { safeReturnTo } from '../../platform/return-to.ts';
import { sendHtml } from '../../web/request.ts';
import { FavouritesPage } from './favourites-page.tsx';
import { LANG_COOKIE, LANGS, naviPreferences, PREFERENCE_MAX_AGE_S, TEXT_SIZE_COOKIE, TEXT_SIZES } from './preferences.ts';

/** Where to send the browser back to: the page's own path, or the home when `back` is missing or not a path here. */
export function backTarget(value: unknown): string {
  return safeReturnTo(value) ?? '/';
}

/** The page again without its ?lang= (which would override the language just chosen). */
export function withoutLang(path: string): string {
  const u = new URL(path, 'http://navi.invalid');
  u.searchParams.delete('lang');
  return `${u.pathname}${u.search}`;
}

export async function naviPreferenceRoutes(app: FastifyInstance, o: { config: Config }): Promise<void> {
  const query = (req: FastifyRequest) => (req.query ?? {}) as Record<string, unknown>;
  const remember = (reply: FastifyReply, name: string, value: string) =>
    reply.setCookie(name, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: o.config.production, maxAge: PREFERENCE_MAX_AGE_S });
  const back = (reply: FastifyReply, to: string) => reply.header('cache-control', 'no-store').redirect(to, 303);

  app.get('/preferences/lang', (req, reply) => {
    const q = query(req);
    const target = withoutLang(backTarget(q.back));
    if ((LANGS as readonly unknown[]).includes(q.to)) remember(reply, LANG_COOKIE, q.to as string);
    return back(reply, target);
  });

  app.get('/preferences/text-size', (req, reply) => {
    const q = query(req);
    if ((TEXT_SIZES as readonly unknown[]).includes(q.to)) remember(reply, TEXT_SIZE_COOKIE, q.to as string);
    return back(reply, backTarget(q.back));
  });

  app.get('/favourites', (req, reply) => {
    const { lang, textSize } = naviPreferences(req);
    return sendHtml(reply, 200, FavouritesPage({ lang, textSize, path: '/favourites' }));
  });
}
