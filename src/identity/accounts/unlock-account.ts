// Office unlock after brute-force protection locked an account for unknown browsers.
import type { RequestOrigin } from '../../audit/audit-log.ts';
import type { Ports } from '../../ports.ts';
import { accountPassword } from '../login/account-password.ts';
import { unlockWith } from '../login/sign-in.ts';

export const unlockAccount = (deps: Ports, username: string, unlockedBy: string, origin?: RequestOrigin): Promise<'unlocked' | 'not_locked' | 'unknown'> =>
  unlockWith(accountPassword, deps, username, unlockedBy, origin);
