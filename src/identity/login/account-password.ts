// Med-Login's password method: accounts by username (stored lower-case), sessions on Med-Login.
import { recordAudit } from '../../audit/audit-log.ts';
import type { Account } from '../../db/schema.ts';
import { findAccountByUsername, normaliseUsername } from '../accounts/account-repository.ts';
import { createSession } from '../sessions/session-store.ts';
import { liftUntrustedLock, setUntrustedLock } from './lock-repository.ts';
import type { PasswordStrategy } from './strategy.ts';

export const accountPassword: PasswordStrategy<Account> = {
  normalise: (typed) => normaliseUsername(typed).slice(0, 64),
  keyPrefix: { ip: 'ip:', account: 'account:', device: 'device:' },
  deviceSubject: (username) => username,
  find: findAccountByUsername,
  account: (a) => ({
    id: a.id,
    identifier: a.username,
    passwordHash: a.password_hash,
    untrustedLockedAt: a.untrusted_locked_at,
    refusal: a.state === 'active' ? undefined : `state_${a.state}`,
  }),
  lock: (db, a, now) => setUntrustedLock(db, 'accounts', a.id, now),
  unlock: (db, a, now) => liftUntrustedLock(db, 'accounts', a.id, now),
  openSession: async (db, deps, a, origin, details) => {
    const token = await createSession(db, deps, a.id, origin);
    await recordAudit(db, deps.clock, { type: 'login.succeeded', accountId: a.id, username: a.username, origin, details });
    return token;
  },
  audit: { failed: 'login.failed', throttled: 'login.throttled', locked: 'login.locked', unlocked: 'account.unlocked' },
  unknownReason: 'unknown_username',
};
