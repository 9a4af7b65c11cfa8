// A visitor's choices on 医療情報ネット, kept in the browser (no account): the language of the
// interface and the text size. Cookies, so the server renders the page as chosen from the first byte
// and every page works without JavaScript; ?lang= in a link overrides the cookie for that page.
import type { FastifyRequest } from 'fastify';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const TEXT_SIZES = ['s', 'm', 'l'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

export const LANG_COOKIE = 'navi_lang';
export const TEXT_SIZE_COOKIE = 'navi_text';
/** A year: a choice outlives the visit. */
export const PREFERENCE_MAX_AGE_S = 365 * 24 * 3600;

export interface NaviPreferences {
  lang: Lang;
  textSize: TextSize;
}

const oneOf = <T extends string>(allowed: readonly T[], v: unknown): T | undefined =>
  typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;

/** The visitor's preferences: ?lang= first, then the cookies, else Japanese at medium size. */
export function naviPreferences(req: FastifyRequest): NaviPreferences {
  const q = (req.query ?? {}) as Record<string, unknown>;
  return {
    lang: oneOf(LANGS, q.lang) ?? oneOf(LANGS, req.cookies[LANG_COOKIE]) ?? 'ja',
    textSize: oneOf(TEXT_SIZES, req.cookies[TEXT_SIZE_COOKIE]) ?? 'm',
  };
}
