// The ports every identity flow needs, injected so tests control time, randomness and hashing.
import type { Config } from '../config.ts';
import type { Db, Dialect } from '../db/dialect.ts';
import type { MailContext } from '../mail/templates.ts';
import type { Clock } from '../platform/clock.ts';
import type { RandomSource, Secrets } from '../platform/secrets.ts';
import type { PasswordHasher } from './password/hasher.ts';

export interface IdentityDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  random: RandomSource;
  secrets: Secrets;
  hasher: PasswordHasher;
  config: Config;
  /** Called after a transaction queued mail or a job, so the worker picks it up without waiting for its poll. */
  workQueued?: () => void;
}

export function mailContext(config: Config): MailContext {
  return { fromName: config.mail.fromName, officeAddress: config.mail.officeAddress, loginUrl: `${config.publicUrl.login}/` };
}
