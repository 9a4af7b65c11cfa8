// One-time links, one store for every purpose: the welcome and reset links of Med-Login, the reset
// link of a 医療情報ネット staff account, and the confirmation of a new e-mail address. A 256-bit token
// goes into the mail and only its keyed hash is stored; a newer link supersedes the open ones of the
// same purpose and account; a link expires after its purpose's time and is consumed by one
// conditional UPDATE, so it works once even under concurrent requests. Reading never consumes.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/dialect.ts';
import type { Account, AccountEmailChangesTable, AccountTokensTable, NaviAccount, NaviPasswordLinksTable } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RandomSource, Secrets } from '../../platform/secrets.ts';
import { consumeLinkRow, findLinkWithAccount, insertLinkRow, type LinkStore, newestOpenLink, supersedeOpenLinks } from './link-repository.ts';

export interface LinkDeps {
  clock: Clock;
  random: RandomSource;
  secrets: Secrets;
  config: Config;
}

/** What the link was refused for. */
export type LinkProblem = 'unknown' | 'used' | 'superseded' | 'expired' | 'account_disabled';

/** What a new e-mail address's link carries besides the account. */
export interface EmailChangeData {
  old_email: string;
  new_email: string;
}

interface PurposeDefinition extends LinkStore {
  /** The keyed hash's purpose (kept as each link had it, so links already mailed still work). */
  digest: string;
  expiresAfterMs(config: Config): number;
  /** Columns the link carries (only the e-mail change has any). */
  data: ReadonlyArray<keyof EmailChangeData>;
}

export const EMAIL_CHANGE_LINK_MS = 24 * 3_600_000;

const PURPOSES = {
  welcome: {
    table: 'account_tokens',
    purposeColumn: 'welcome',
    accounts: 'accounts',
    digest: 'link:welcome',
    expiresAfterMs: (c) => c.welcomeLinkMs,
    data: [],
  },
  recovery: {
    table: 'account_tokens',
    purposeColumn: 'recovery',
    accounts: 'accounts',
    digest: 'link:recovery',
    expiresAfterMs: (c) => c.resetLinkMs,
    data: [],
  },
  navi_recovery: { table: 'navi_password_links', accounts: 'navi_accounts', digest: 'navi-password-link', expiresAfterMs: (c) => c.resetLinkMs, data: [] },
  email_change: {
    table: 'account_email_changes',
    accounts: 'accounts',
    digest: 'link:email_change',
    expiresAfterMs: () => EMAIL_CHANGE_LINK_MS,
    data: ['old_email', 'new_email'],
  },
} as const satisfies Record<string, PurposeDefinition>;

export type LinkPurpose = keyof typeof PURPOSES;
/** The account a link of the purpose belongs to. */
export type AccountOf<P extends LinkPurpose> = P extends 'navi_recovery' ? NaviAccount : Account;
type DataOf<P extends LinkPurpose> = P extends 'email_change' ? EmailChangeData : Record<never, never>;
/** A stored link of the purpose. */
type LinkRow<P extends LinkPurpose> = P extends 'welcome' | 'recovery'
  ? AccountTokensTable
  : P extends 'navi_recovery'
    ? NaviPasswordLinksTable
    : AccountEmailChangesTable;

export type LinkLookup<P extends LinkPurpose> =
  { ok: true; linkId: string; account: AccountOf<P>; data: DataOf<P>; expiresAt: number } | { ok: false; problem: LinkProblem; account?: AccountOf<P> };

/** A token as randomBytes(32) base64url makes it: anything else is refused without a query. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const linkExpiresAfterMs = (deps: Pick<LinkDeps, 'config'>, purpose: LinkPurpose) => PURPOSES[purpose].expiresAfterMs(deps.config);

const hashToken = (deps: Pick<LinkDeps, 'secrets'>, raw: string, purpose: LinkPurpose) => deps.secrets.digest(raw, PURPOSES[purpose].digest);

/**
 * A fresh link: the token for the mail and the row that stores its hash. For an account that can
 * have no earlier link of the purpose (one being created), inserting the row is all createLink does.
 */
export function newLink<P extends LinkPurpose>(
  deps: LinkDeps,
  accountId: string,
  purpose: P,
  data?: EmailChangeData,
): { raw: string; row: LinkRow<P>; expiresAt: number } {
  const p: PurposeDefinition = PURPOSES[purpose];
  const now = deps.clock.now();
  const raw = deps.random.token();
  const row = {
    id: deps.random.uuid(),
    account_id: accountId,
    ...(p.purposeColumn ? { purpose: p.purposeColumn } : {}),
    ...data,
    token_hash: hashToken(deps, raw, purpose),
    created_at: now,
    expires_at: now + p.expiresAfterMs(deps.config),
    consumed_at: null,
    superseded_at: null,
  };
  return { raw, row: row as LinkRow<P>, expiresAt: row.expires_at };
}

/** Inserts a row made by newLink (in the caller's transaction). */
export async function insertLink<P extends LinkPurpose>(db: Db, purpose: P, row: LinkRow<P>): Promise<void> {
  await insertLinkRow(db, PURPOSES[purpose], row);
}

/** Supersedes the account's open links of the purpose and stores a new one. Returns the token for the mail and when it expires. */
export async function createLink<P extends LinkPurpose>(
  db: Db,
  deps: LinkDeps,
  accountId: string,
  purpose: P,
  data?: EmailChangeData,
): Promise<{ raw: string; expiresAt: number }> {
  await supersedeLinks(db, deps.clock, accountId, purpose);
  const { raw, row, expiresAt } = newLink(deps, accountId, purpose, data);
  await insertLink(db, purpose, row);
  return { raw, expiresAt };
}

/** Makes the account's open links of the purpose unusable (a newer one, or a cancellation). Returns how many. */
export async function supersedeLinks(db: Db, clock: Clock, accountId: string, purpose: LinkPurpose): Promise<number> {
  return supersedeOpenLinks(db, PURPOSES[purpose], accountId, clock.now());
}

/** Looks a link up without using it: a GET (or a mail scanner fetching it) never consumes a link. */
export async function lookUpLink<P extends LinkPurpose>(db: Db, deps: Pick<LinkDeps, 'clock' | 'secrets'>, raw: string, purpose: P): Promise<LinkLookup<P>> {
  if (!TOKEN_SHAPE.test(raw)) return { ok: false, problem: 'unknown' };
  const p: PurposeDefinition = PURPOSES[purpose];
  const row = await findLinkWithAccount(db, p, hashToken(deps, raw, purpose));
  if (!row) return { ok: false, problem: 'unknown' };
  const account: Record<string, unknown> = {};
  const data: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (!column.startsWith('link_')) account[column] = value;
    else if ((p.data as readonly string[]).includes(column.slice(5))) data[column.slice(5)] = value;
  }
  const a = account as AccountOf<P>;
  if (row.link_consumed_at !== null) return { ok: false, problem: 'used', account: a };
  if (row.link_superseded_at !== null) return { ok: false, problem: 'superseded', account: a };
  if ((row.link_expires_at as number) <= deps.clock.now()) return { ok: false, problem: 'expired', account: a };
  if (a.state === 'disabled') return { ok: false, problem: 'account_disabled', account: a };
  return { ok: true, linkId: row.link_id as string, account: a, data: data as DataOf<P>, expiresAt: row.link_expires_at as number };
}

/** Marks the link used. Returns false when another request got there first (or it went stale meanwhile). */
export async function consumeLink(db: Db, clock: Clock, purpose: LinkPurpose, linkId: string): Promise<boolean> {
  return consumeLinkRow(db, PURPOSES[purpose], linkId, clock.now());
}

/** The account's newest open, unexpired link of the purpose, without its token (e.g. 「変更の確認待ち」). */
export async function pendingLink<P extends LinkPurpose>(
  db: Db,
  now: number,
  accountId: string,
  purpose: P,
): Promise<({ createdAt: number; expiresAt: number } & DataOf<P>) | undefined> {
  const row = await newestOpenLink(db, PURPOSES[purpose], accountId, now);
  if (!row) return undefined;
  const { created_at, expires_at, ...data } = row;
  return { createdAt: created_at as number, expiresAt: expires_at as number, ...(data as DataOf<P>) };
}
