// Office unlock after brute-force protection locked an account for unknown browsers.
import type { IdentityDeps } from '../deps.ts';
import { accountPassword } from '../login/account-password.ts';
import { unlockWith } from '../login/sign-in.ts';

export const unlockAccount = (deps: IdentityDeps, username: string, unlockedBy: string): Promise<'unlocked' | 'not_locked' | 'unknown'> =>
  unlockWith(accountPassword, deps, username, unlockedBy);
