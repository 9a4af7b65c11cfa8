// Whether an account may single-sign-on to a client. Only 医療情報ネット is restricted: reporting
// institutions may use it without applying; everyone else, and anyone who had a 医療情報ネット
// account before their G-MIS account, needs an approved application; and a 「却下」 on the consent
// screen blocks it until the office lifts the block.
import type { Account, SsoApplication, SsoBlock } from '../../db/schema.ts';
import type { Ports } from '../../ports.ts';
import { can, ssoApplicationNeed, type SsoApplicationNeed } from '../../policies.ts';
import { findOpenBlock, hasEarlierNaviAccount, latestApplication } from './sso-access-repository.ts';

/** The ports the SSO access domain needs (a subset of the identity ports). */
export type SsoAccessDeps = Pick<Ports, 'db' | 'clock' | 'random' | 'secrets' | 'config' | 'workQueued'>;

/** The OpenID client id of 医療情報ネット. */
export const NAVI_CLIENT_ID = 'navi';

/** Paths on the G-MIS origin: the user's application and status page, and the office's queues. */
export const APPLICATION_PATH = '/sso-application';
export const OFFICE_QUEUE_PATH = '/office/sso';
export const applicationPageUrl = (deps: Pick<SsoAccessDeps, 'config'>) => `${deps.config.publicUrl.gmis}${APPLICATION_PATH}`;
export const officeQueueUrl = (deps: Pick<SsoAccessDeps, 'config'>) => `${deps.config.publicUrl.gmis}${OFFICE_QUEUE_PATH}`;

export type SsoAccess =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'blocked_after_refusal' | 'application_required' | 'application_pending' | 'application_refused';
      /** The office's reason, when the application was refused. */
      decisionReason?: string;
    };

export type SsoRefusalAccess = Exclude<SsoAccess, { allowed: true }>;

/** Why an account needs an approved application (policies.ts decides). */
export type ApplicationNeed = SsoApplicationNeed;

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
  const [openBlock, earlierNaviAccount, latest] = await Promise.all([
    findOpenBlock(deps.db, account.id, NAVI_CLIENT_ID),
    // Only asked where it could matter: an account that must apply anyway needs no second reason.
    ssoApplicationNeed(account, { earlierNaviAccount: false }) ? Promise.resolve(false) : hasEarlierNaviAccount(deps.db, account),
    latestApplication(deps.db, account.id),
  ]);
  const applicationNeed = ssoApplicationNeed(account, { earlierNaviAccount });
  const allowed = can(account, 'sso.use', { restrictedClient: true, blocked: openBlock !== undefined, earlierNaviAccount, application: latest?.status });
  return { access: allowed ? ALLOWED : refusalOf(openBlock, latest), openBlock, applicationNeed, latestApplication: latest };
}

/** Why single sign-on was refused, for the page that says so (the decision is policies.ts's 'sso.use'). */
function refusalOf(openBlock: SsoBlock | undefined, latest: SsoApplication | undefined): SsoRefusalAccess {
  if (openBlock) return { allowed: false, reason: 'blocked_after_refusal' };
  if (!latest) return { allowed: false, reason: 'application_required' };
  if (latest.status === 'pending') return { allowed: false, reason: 'application_pending' };
  return { allowed: false, reason: 'application_refused', ...(latest.decision_reason ? { decisionReason: latest.decision_reason } : {}) };
}

/** What single sign-on from `account` to `clientId` may do; any client but 医療情報ネット is allowed. */
export async function ssoAccess(deps: Pick<SsoAccessDeps, 'db'>, account: Account, clientId: string): Promise<SsoAccess> {
  if (clientId !== NAVI_CLIENT_ID) return ALLOWED;
  return (await ssoStanding(deps, account)).access;
}
