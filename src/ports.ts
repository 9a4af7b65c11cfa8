// The ports every rule and command is given (storage, time, randomness, secrets, hashing, configuration),
// injected by the composition root (runtime.ts) so tests control each one. One bag for the whole
// application: a context takes the whole of it or picks what it needs (Pick<Ports, ...>).
import type { Config } from './config.ts';
import type { Db, Dialect } from './db/dialect.ts';
import type { MailContext } from './mail/templates.ts';
import type { Clock } from './platform/clock.ts';
import type { RandomSource, Secrets } from './platform/secrets.ts';

/** Hashes and checks passwords (argon2id on a pool of threads: identity/password/hasher.ts). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface Ports {
  db: Db;
  /** Where 医療情報ネット's search reads (a PostgreSQL replica, DATABASE_READ_URL); db when unset. Read through searchDbOf. */
  readDb?: Db;
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
