// The composition root: opens the database, builds the ports, and starts the web origins and the
// worker. Tests and benchmarks use the same functions with their own clock, hasher or transport.
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { loginRoutes } from './apps/login/routes.tsx';
import { MED_LOGIN_PROVIDER_PAGES } from './apps/login/sso/provider-pages.tsx';
import { providerRoutes } from './apps/login/sso/provider-routes.ts';
import { gmisRoutes } from './apps/gmis/routes.tsx';
import { naviRoutes } from './apps/navi/routes.tsx';
import { naviSsoRoutes } from './apps/navi/sso-routes.tsx';
import type { Config } from './config.ts';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './db/database.ts';
import { openSqliteReaders } from './db/sqlite-readers.ts';
import { indexIfStale } from './search/index-state.ts';
import { setSearchCacheEntries } from './search/cache.ts';
import { insertSettingIfAbsent, readSetting } from './db/settings-repository.ts';
import type { Ports } from './ports.ts';
import { argon2idHasher, type PasswordHasher } from './identity/password/hasher.ts';
import { RECOVERY_JOB, sendRecoveryLink } from './identity/recovery/recovery.ts';
import { NAVI_RECOVERY_JOB, sendNaviRecoveryLink } from './navi/recovery.ts';
import { HOUSEKEEPING_INTERVAL_MS, housekeeping } from './worker/housekeeping.ts';
import { LAPSE_CHECK_INTERVAL_MS, scheduledLapse } from './reporting/lapse.ts';
import { REMINDER_CHECK_INTERVAL_MS, runDueReminders } from './reminders/reminders.ts';
import { runDueJobs } from './jobs/job-queue.ts';
import { deliverDueMail } from './mail/delivery.ts';
import { tokenBucket } from './mail/rate-budget.ts';
import { BULK_MAIL_JOB, enqueueCampaignMail } from './bulk-mail/bulk-mail.ts';
import { devMailboxOn, protectStoredMail } from './mail/outbox.ts';
import { devMailboxTransport, smtpTransport, type MailTransport } from './mail/transport.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { mailDelivered } from './platform/metrics.ts';
import { startPoller, type Poller } from './platform/poller.ts';
import { cryptoRandom, Secrets } from './platform/secrets.ts';
import { createWebApp } from './web/app.ts';
import { redirectOrigins, registerBuiltInClients } from './sso/provider/clients.ts';
import { ensureSigningKey } from './sso/provider/keys.ts';
import { ProviderHolder } from './sso/provider/provider.ts';
import { notifyLogout, SSO_LOGOUT_JOB } from './sso/provider/sso-sessions.ts';
import { loadEveryCatalogue } from './reporting/catalogue/load.ts';

export type Part = 'login' | 'gmis' | 'navi';
export const PARTS: Part[] = ['login', 'gmis', 'navi'];

export interface Runtime {
  /** The OpenID provider, built on first use (only processes serving Med-Login need it). */
  provider?: Promise<ProviderHolder>;
  config: Config;
  handle: DatabaseHandle;
  deps: Ports;
  logger: Logger;
  transport: MailTransport;
  secretKey: string;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  clock?: Clock;
  hasher?: PasswordHasher;
  transport?: MailTransport;
  handle?: DatabaseHandle;
  logger?: Logger;
}

/** In development the signing key is generated once and kept in the database. */
async function developmentSecret(handle: DatabaseHandle): Promise<string> {
  const existing = await readSetting(handle.db, 'secret_key');
  if (existing !== undefined) return existing;
  await insertSettingIfAbsent(handle.db, 'secret_key', cryptoRandom.token());
  const stored = await readSetting(handle.db, 'secret_key');
  if (stored === undefined) throw new Error('the development secret key could not be stored');
  return stored;
}

export async function openRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const logger = overrides.logger ?? pino({ level: config.logLevel, base: undefined });
  // Every item catalogue is read and checked now: a bad file stops the start, naming the file, the item and the problem.
  loadEveryCatalogue();
  setSearchCacheEntries(config.searchCacheEntries);
  const handle = overrides.handle ?? openDatabase(config.database);
  await migrateToLatest(handle);
  const secretKey = config.secretKey ?? (await developmentSecret(handle));
  const now = (overrides.clock ?? systemClock).now();
  await ensureSigningKey(handle.db, secretKey, now);
  await registerBuiltInClients(handle.db, config, now);
  const transport =
    overrides.transport ??
    (config.smtpUrl ? smtpTransport(config.smtpUrl, { name: config.mail.fromName, address: config.mail.fromAddress }) : devMailboxTransport());
  // 医療情報ネット's search reads from the replica when there is one (in the primary's schema, which tests set),
  // and on a SQLite file from reader threads, so that searches use every core (not beside a handle given
  // in place of the configured database: the threads would open the configured file).
  const readHandle = config.readDatabase
    ? openDatabase({ ...config.readDatabase, readOnly: true, ...(handle.schema ? { schema: handle.schema } : {}) })
    : config.database.engine === 'sqlite' && config.database.file !== ':memory:' && config.sqliteReadThreads > 0 && !overrides.handle
      ? openSqliteReaders(config.database.file, config.sqliteReadThreads)
      : undefined;
  const deps: Ports = {
    db: handle.db,
    ...(readHandle ? { readDb: readHandle.db } : {}),
    dialect: handle.dialect,
    clock: overrides.clock ?? systemClock,
    random: cryptoRandom,
    secrets: new Secrets(secretKey),
    hasher: overrides.hasher ?? argon2idHasher(),
    config,
  };
  // Mail rows from before bodies were sealed, and dev-mailbox copies where it is off, at every start.
  const protectedMail = await protectStoredMail(handle.db, deps);
  // A database from before the search index (0017), or whose index an earlier version built: rebuilt once, now.
  const indexed = await indexIfStale(handle.db);
  if (indexed) logger.info({ facilities: indexed.indexed }, 'search index rebuilt: it was missing or built by an earlier version');
  if (protectedMail > 0) logger.info({ rows: protectedMail }, 'stored mail bodies sealed or stripped of their links');
  const rt: Runtime = {
    config,
    handle,
    deps,
    logger,
    transport,
    secretKey,
    close: async () => {
      if (rt.provider) (await rt.provider).stop();
      await readHandle?.close();
      await handle.close();
    },
  };
  return rt;
}

/** How often a running provider looks for a rotated signing key. */
const KEY_WATCH_MS = 60_000;

function providerOf(rt: Runtime): Promise<ProviderHolder> {
  // The provider is Med-Login's: the pages it renders itself are Med-Login's, as are its routes (buildApp).
  rt.provider ??= ProviderHolder.create({ ...rt.deps, secretKey: rt.secretKey, logger: rt.logger.child({ part: 'oidc' }) }, MED_LOGIN_PROVIDER_PAGES, {
    watchKeysMs: KEY_WATCH_MS,
  });
  return rt.provider;
}

const PRODUCT = { login: 'Med-Login', gmis: 'G-MIS', navi: '医療情報ネット' } as const;

export async function buildApp(rt: Runtime, part: Part): Promise<FastifyInstance> {
  const app = await createWebApp({
    part,
    product: PRODUCT[part],
    config: rt.config,
    secretKey: rt.secretKey,
    logger: rt.logger.child({ part }),
    // A sign-in, consent or sign-out form on Med-Login ends, after redirects, at an application's
    // callback or signed-out page: any registered application's, including one added by the CLI
    // after start. ログアウト in G-MIS and 医療情報ネット posts, then is redirected to Med-Login's
    // end-session endpoint (Chromium checks form-action on every redirect of a form's navigation):
    // allowing exactly Med-Login there keeps the sign-out one POST, with no page in between that a
    // user could leave before the single sign-on ended.
    formActions: part === 'login' ? () => redirectOrigins(rt.deps.db) : [new URL(rt.config.publicUrl.login).origin],
  });
  const logger = rt.logger.child({ part });
  if (part === 'login') {
    const holder = await providerOf(rt);
    await app.register(providerRoutes, { holder });
    await app.register(loginRoutes, { deps: rt.deps, devMailbox: devMailboxOn(rt.config), holder, logger });
  }
  if (part === 'gmis') await app.register(gmisRoutes, { deps: rt.deps, logger });
  if (part === 'navi') {
    await app.register(naviRoutes, { deps: rt.deps, config: rt.config });
    await app.register(naviSsoRoutes, { deps: rt.deps, logger });
  }
  return app;
}

export interface RunningServers {
  apps: Partial<Record<Part, FastifyInstance>>;
  urls: Partial<Record<Part, string>>;
  close(): Promise<void>;
}

export async function startServers(rt: Runtime, parts: Part[]): Promise<RunningServers> {
  const apps: RunningServers['apps'] = {};
  const urls: RunningServers['urls'] = {};
  for (const part of parts) {
    const app = await buildApp(rt, part);
    await app.listen({ host: rt.config.host, port: rt.config.ports[part] });
    apps[part] = app;
    urls[part] = rt.config.publicUrl[part];
  }
  return {
    apps,
    urls,
    close: async () => {
      await Promise.all(Object.values(apps).map((a) => a.close()));
    },
  };
}

export type Worker = Poller;

/**
 * Due jobs, then due mail, every ten minutes the housekeeping (old audit events, spent counters),
 * and every minute the April 1 job's check (it runs once per fiscal year, whichever worker claims
 * it); several workers (processes) may run this safely side by side.
 */
export function startWorker(rt: Runtime, intervalMs = 1000): Worker {
  const handlers = {
    [RECOVERY_JOB]: (payload: unknown) => sendRecoveryLink(rt.deps, payload),
    [NAVI_RECOVERY_JOB]: (payload: unknown) => sendNaviRecoveryLink(rt.deps, payload),
    [SSO_LOGOUT_JOB]: async (payload: unknown) => {
      await notifyLogout((await providerOf(rt)).provider, rt.logger, payload);
    },
    [BULK_MAIL_JOB]: async (payload: unknown) => {
      await enqueueCampaignMail(rt.deps, payload);
    },
  };
  const batch = 20;
  // 一括メール配信: at most this many a second, claimed after transactional mail (each pass claims both).
  const bulkBudget = tokenBucket(rt.config.bulkMailPerSecond, rt.deps.clock);
  const mailOptions = { batchSize: batch, bulkBudget, concurrency: rt.config.mailSendConcurrency, claimMs: rt.config.mailClaimMs };
  let housekeepingDue = 0;
  let lapseDue = 0;
  let remindersDue = 0;
  const poller = startPoller(
    async () => {
      if (rt.deps.clock.now() >= housekeepingDue) {
        housekeepingDue = rt.deps.clock.now() + HOUSEKEEPING_INTERVAL_MS;
        await housekeeping(rt.deps);
      }
      if (rt.deps.clock.now() >= lapseDue) {
        lapseDue = rt.deps.clock.now() + LAPSE_CHECK_INTERVAL_MS;
        const lapse = await scheduledLapse(rt.deps);
        if (lapse) rt.logger.info(lapse, 'reporting: records without the fiscal year report unpublished');
      }
      // 報告のリマインダー: each due one sent once (its row is the claim), in the same transaction as its mail.
      if (rt.deps.clock.now() >= remindersDue) {
        remindersDue = rt.deps.clock.now() + REMINDER_CHECK_INTERVAL_MS;
        for (const sent of await runDueReminders(rt.deps)) rt.logger.info(sent, 'reporting: reminder mailed to institutions not reported yet');
      }
      const jobs = await runDueJobs({ ...rt.deps, logger: rt.logger }, handlers, batch);
      const mail = await deliverDueMail({ ...rt.deps, transport: rt.transport, logger: rt.logger }, mailOptions);
      for (const outcome of ['sent', 'retried', 'failed'] as const) if (mail[outcome]) mailDelivered.labels(outcome).inc(mail[outcome]);
      return jobs >= batch || mail.sent + mail.retried + mail.failed >= batch;
    },
    { intervalMs, logger: rt.logger, name: 'worker' },
  );
  rt.deps.workQueued = () => poller.kick();
  return {
    ...poller,
    stop: async () => {
      rt.deps.workQueued = undefined;
      await poller.stop();
    },
  };
}
