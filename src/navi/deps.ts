// The ports the 医療情報ネット staff flows need: the same ones as Med-Login's identity flows.
import type { Ports } from '../ports.ts';
import type { MailContext } from '../mail/templates.ts';
import type { Config } from '../config.ts';

export type NaviDeps = Ports;

/** What session code needs (no hasher): the lead's SSO callback can pass its own deps. */
export type NaviSessionDeps = Pick<Ports, 'db' | 'clock' | 'random' | 'secrets' | 'config'>;

/** Mail about 医療情報ネット points people at its 関係者ログイン, not at Med-Login. */
export function naviMailContext(config: Config): MailContext {
  return { fromName: config.mail.fromName, officeAddress: config.mail.officeAddress, loginUrl: `${config.publicUrl.navi}/staff/login` };
}
