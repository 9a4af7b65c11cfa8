// The 医療情報ネット session cookie: HttpOnly, SameSite=Lax, and in production Secure with the
// __Host- prefix (bound to this exact origin, path /).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

export const NAVI_SESSION_COOKIE = 'navi_session';
export const NAVI_SESSION_COOKIE_PRODUCTION = '__Host-navi_session';

export const naviSessionCookieName = (config: Config): string => (config.production ? NAVI_SESSION_COOKIE_PRODUCTION : NAVI_SESSION_COOKIE);

const cookieOptions = (config: Config) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.production });

export function setNaviSessionCookie(reply: FastifyReply, token: string, config: Config): void {
  reply.setCookie(naviSessionCookieName(config), token, { ...cookieOptions(config), maxAge: Math.floor(config.session.absoluteMs / 1000) });
}

export function clearNaviSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(naviSessionCookieName(config), cookieOptions(config));
}

export function naviSessionCookieOf(req: FastifyRequest, config: Config): string | undefined {
  return req.cookies[naviSessionCookieName(config)];
}
