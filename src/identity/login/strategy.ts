// What a password method plugs into the one sign-in flow (sign-in.ts), as Ory Kratos plugs its
// methods into one login flow: Med-Login's accounts (account-password.ts) and 医療情報ネット's staff
// accounts (src/navi/sign-in.ts) differ only in what is listed here.
import type { AuditType, RequestOrigin } from '../../audit/audit-log.ts';
import type { Db } from '../../db/dialect.ts';
import type { Ports } from '../../ports.ts';

export interface PasswordStrategy<A> {
  /** What was typed → what is looked up and counted (normalised, length-capped). */
  normalise(typed: string): string;
  /** Throttle key prefixes, distinct per strategy so one method's counters never count for another. */
  keyPrefix: { ip: string; account: string; device: string };
  /** The name a device cookie is issued to (distinct per strategy too). */
  deviceSubject(identifier: string): string;
  find(db: Db, identifier: string): Promise<A | undefined>;
  account(a: A): {
    id: string;
    identifier: string;
    passwordHash: string | null;
    /** Locked for browsers that never signed in (after LOCKOUT_THRESHOLD failures), since when. */
    untrustedLockedAt: number | null;
    /** Why it may not sign in even with the right password (its state), if it may not. */
    refusal: string | undefined;
  };
  /** Sets the lock unless it is set already; true when this call set it. */
  lock(db: Db, a: A, now: number): Promise<boolean>;
  unlock(db: Db, a: A, now: number): Promise<void>;
  /** Opens the session and records the sign-in, inside the flow's transaction; returns the token. */
  openSession(db: Db, deps: Ports, a: A, origin: RequestOrigin, details: { trustedBrowser: boolean }): Promise<string>;
  audit: { failed: AuditType; throttled: AuditType; locked: AuditType; unlocked: AuditType };
  /** The failure reason recorded for an identifier no account has. */
  unknownReason: string;
}
