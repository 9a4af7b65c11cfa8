// One-time links (welcome and recovery): a 256-bit token goes into the mail; only its keyed hash is
// stored. A newer link supersedes older ones of the same purpose, and a link is consumed by one
// conditional UPDATE, so it works once even under concurrent requests.
import type { Db } from '../../db/dialect.ts';
import type { Account, TokenPurpose } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RandomSource, Secrets } from '../../platform/secrets.ts';

export interface LinkDeps {
  clock: Clock;
  random: RandomSource;
  secrets: Secrets;
}

export type LinkProblem = 'unknown' | 'used' | 'superseded' | 'expired' | 'account_disabled';

export type LinkLookup =
  | { ok: true; tokenId: string; account: Account }
  | { ok: false; problem: LinkProblem; account?: Account };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (deps: LinkDeps, raw: string, purpose: TokenPurpose) => deps.secrets.digest(raw, `link:${purpose}`);

export async function createLink(
  db: Db,
  deps: LinkDeps,
  accountId: string,
  purpose: TokenPurpose,
  ttlMs: number,
): Promise<string> {
  const now = deps.clock.now();
  await db
    .updateTable('account_tokens')
    .set({ superseded_at: now })
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .execute();
  const { raw, row } = newLink(deps, accountId, purpose, ttlMs);
  await db.insertInto('account_tokens').values(row).execute();
  return raw;
}

/**
 * A fresh link: the token for the mail and the row that stores its hash. For an account that has no
 * earlier link of the purpose (a new account), inserting the row is all createLink does.
 */
export function newLink(deps: LinkDeps, accountId: string, purpose: TokenPurpose, ttlMs: number) {
  const now = deps.clock.now();
  const raw = deps.random.token();
  const row = {
    id: deps.random.uuid(),
    account_id: accountId,
    purpose,
    token_hash: hashToken(deps, raw, purpose),
    created_at: now,
    expires_at: now + ttlMs,
    consumed_at: null,
    superseded_at: null,
  };
  return { raw, row };
}

/** Looks a link up without using it: a GET (or a mail scanner) never consumes a link. */
export async function lookUpLink(db: Db, deps: LinkDeps, raw: string, purpose: TokenPurpose): Promise<LinkLookup> {
  if (!TOKEN_SHAPE.test(raw)) return { ok: false, problem: 'unknown' };
  const row = await db
    .selectFrom('account_tokens')
    .innerJoin('accounts', 'accounts.id', 'account_tokens.account_id')
    .select([
      'account_tokens.id as token_id',
      'account_tokens.expires_at',
      'account_tokens.consumed_at',
      'account_tokens.superseded_at',
    ])
    .selectAll('accounts')
    .where('account_tokens.token_hash', '=', hashToken(deps, raw, purpose))
    .where('account_tokens.purpose', '=', purpose)
    .executeTakeFirst();
  if (!row) return { ok: false, problem: 'unknown' };
  const { token_id, expires_at, consumed_at, superseded_at, ...account } = row;
  if (consumed_at !== null) return { ok: false, problem: 'used', account };
  if (superseded_at !== null) return { ok: false, problem: 'superseded', account };
  if (expires_at <= deps.clock.now()) return { ok: false, problem: 'expired', account };
  if (account.state === 'disabled') return { ok: false, problem: 'account_disabled', account };
  return { ok: true, tokenId: token_id, account };
}

/** Marks the link used. Returns false when another request got there first (or it went stale). */
export async function consumeLink(db: Db, clock: Clock, tokenId: string): Promise<boolean> {
  const now = clock.now();
  const result = await db
    .updateTable('account_tokens')
    .set({ consumed_at: now })
    .where('id', '=', tokenId)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
