// Whether an account may single-sign-on to a client. Only 医療情報ネット is restricted: reporting
// institutions may use it without applying; everyone else, and anyone who had a 医療情報ネット
// account before their G-MIS account, needs an approved application; and a 「却下」 on the consent
// screen blocks it until the office lifts the block.
import type { Account, AccountCategory, SsoApplication, SsoBlock } from '../../db/schema.ts';
import type { IdentityDeps } from '../../identity/deps.ts';
import { findOpenBlock, hasEarlierNaviAccount, latestApplication } from './sso-access-repository.ts';

/** The ports the SSO access domain needs (a subset of the identity ports). */
export type SsoAccessDeps = Pick<IdentityDeps, 'db' | 'clock' | 'random' | 'secrets' | 'config' | 'workQueued'>;

/** The OpenID client id of 医療情報ネット. */
export const NAVI_CLIENT_ID = 'navi';

/** Paths on the G-MIS origin: the user's application and status page, and the office's queues. */
export const APPLICATION_PATH = '/sso-application';
export const OFFICE_QUEUE_PATH = '/office/sso';
export const applicationPageUrl = (deps: Pick<SsoAccessDeps, 'config'>) => `${deps.config.publicUrl.gmis}${APPLICATION_PATH}`;
export const officeQueueUrl = (deps: Pick<SsoAccessDeps, 'config'>) => `${deps.config.publicUrl.gmis}${OFFICE_QUEUE_PATH}`;

/** Categories that may use single sign-on to 医療情報ネット without applying (the 報告機関). */
export const FREE_SSO_CATEGORIES: readonly AccountCategory[] = ['病院', '診療所', '歯科診療所', '助産所', '薬局'];

export type SsoAccess =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'blocked_after_refusal' | 'application_required' | 'application_pending' | 'application_refused';
      /** The office's reason, when the application was refused. */
      decisionReason?: string;
    };

export type SsoRefusalAccess = Exclude<SsoAccess, { allowed: true }>;

/** Why an account needs an approved application. */
export type ApplicationNeed = 'category' | 'earlier_navi_account';

/** Everything the status page shows; `access` is what single sign-on to 医療情報ネット gets. */
export interface SsoStanding {
  access: SsoAccess;
  openBlock: SsoBlock | undefined;
  /** Undefined when the account may use single sign-on without applying. */
  applicationNeed: ApplicationNeed | undefined;
  latestApplication: SsoApplication | undefined;
}

const ALLOWED: SsoAccess = { allowed: true };

export async function ssoStanding(deps: Pick<SsoAccessDeps, 'db'>, account: Account): Promise<SsoStanding> {
  const [openBlock, earlierNavi, latest] = await Promise.all([
    findOpenBlock(deps.db, account.id, NAVI_CLIENT_ID),
    FREE_SSO_CATEGORIES.includes(account.category) ? hasEarlierNaviAccount(deps.db, account) : Promise.resolve(false),
    latestApplication(deps.db, account.id),
  ]);
  const applicationNeed: ApplicationNeed | undefined = !FREE_SSO_CATEGORIES.includes(account.category)
    ? 'category'
    : earlierNavi
      ? 'earlier_navi_account'
      : undefined;
  return { access: accessOf(openBlock, applicationNeed, latest), openBlock, applicationNeed, latestApplication: latest };
}

// The order matters: a block outranks everything, then the application (only when one is needed).
function accessOf(openBlock: SsoBlock | undefined, need: ApplicationNeed | undefined, latest: SsoApplication | undefined): SsoAccess {
  if (openBlock) return { allowed: false, reason: 'blocked_after_refusal' };
  if (!need) return ALLOWED;
  if (!latest) return { allowed: false, reason: 'application_required' };
  if (latest.status === 'approved') return ALLOWED;
  if (latest.status === 'pending') return { allowed: false, reason: 'application_pending' };
  return { allowed: false, reason: 'application_refused', ...(latest.decision_reason ? { decisionReason: latest.decision_reason } : {}) };
}

/** What single sign-on from `account` to `clientId` may do; any client but 医療情報ネット is allowed. */
export async function ssoAccess(deps: Pick<SsoAccessDeps, 'db'>, account: Account, clientId: string): Promise<SsoAccess> {
  if (clientId !== NAVI_CLIENT_ID) return ALLOWED;
  return (await ssoStanding(deps, account)).access;
}
