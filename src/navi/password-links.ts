// One-time password-reset links for 医療情報ネット staff accounts: the token goes into the mail, only
// its keyed hash is stored; a newer link supersedes the older ones, and a link is used up by one
// conditional UPDATE, so it works once even when two requests race.
import type { Db } from '../db/dialect.ts';
import type { NaviAccount } from '../db/schema.ts';
import type { LinkDeps, LinkProblem } from '../identity/tokens/one-time-link.ts';
import type { Clock } from '../platform/clock.ts';

export type NaviLinkLookup = { ok: true; linkId: string; account: NaviAccount } | { ok: false; problem: LinkProblem };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const linkHash = (deps: LinkDeps, raw: string) => deps.secrets.digest(raw, 'navi-password-link');

export async function createNaviPasswordLink(db: Db, deps: LinkDeps, naviAccountId: string, ttlMs: number): Promise<string> {
  const now = deps.clock.now();
  await db
    .updateTable('navi_password_links')
    .set({ superseded_at: now })
    .where('account_id', '=', naviAccountId)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .execute();
  const raw = deps.random.token();
  await db
    .insertInto('navi_password_links')
    .values({
      id: deps.random.uuid(),
      account_id: naviAccountId,
      token_hash: linkHash(deps, raw),
      created_at: now,
      expires_at: now + ttlMs,
      consumed_at: null,
      superseded_at: null,
    })
    .execute();
  return raw;
}

/** Reads a link without using it: opening the mail (or a mail scanner fetching it) changes nothing. */
export async function lookUpNaviPasswordLink(db: Db, deps: LinkDeps, raw: string): Promise<NaviLinkLookup> {
  if (!TOKEN_SHAPE.test(raw)) return { ok: false, problem: 'unknown' };
  const link = await db.selectFrom('navi_password_links').selectAll().where('token_hash', '=', linkHash(deps, raw)).executeTakeFirst();
  if (!link) return { ok: false, problem: 'unknown' };
  const problem: LinkProblem | undefined =
    link.consumed_at !== null ? 'used' : link.superseded_at !== null ? 'superseded' : link.expires_at <= deps.clock.now() ? 'expired' : undefined;
  if (problem) return { ok: false, problem };
  const account = await db.selectFrom('navi_accounts').selectAll().where('id', '=', link.account_id).executeTakeFirstOrThrow();
  if (account.state !== 'active') return { ok: false, problem: 'account_disabled' };
  return { ok: true, linkId: link.id, account };
}

/** Uses the link up. False when another request got there first, or it went stale meanwhile. */
export async function consumeNaviPasswordLink(db: Db, clock: Clock, linkId: string): Promise<boolean> {
  const now = clock.now();
  const result = await db
    .updateTable('navi_password_links')
    .set({ consumed_at: now })
    .where('id', '=', linkId)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
