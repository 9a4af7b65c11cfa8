// Starts the real platform for tests and benchmarks: the three origins listening on free loopback
// ports, the worker, and a database (in-memory SQLite or a fresh PostgreSQL schema).
import net from 'node:net';
import { loadConfig, type Config } from '../config.ts';
import { migrateToLatest, type DatabaseHandle } from '../db/database.ts';
import type { PasswordHasher } from '../identity/password/hasher.ts';
import type { Clock } from '../platform/clock.ts';
import { openRuntime, startServers, startWorker, type Runtime, type RunningServers, type Worker } from '../runtime.ts';
import pino from 'pino';
import { updateAccount } from '../identity/accounts/account-repository.ts';
import { issueAccount, type AccountRequest, type IssuedAccount } from '../identity/accounts/issue-account.ts';
import type { Ports } from '../ports.ts';

export interface TestPlatform {
  rt: Runtime;
  servers: RunningServers;
  worker: Worker;
  config: Config;
  url: { login: string; gmis: string; navi: string };
  close(): Promise<void>;
}

/** The ports this process handed out last. Nothing listens on one until its server starts, so the
 * system may offer it again meanwhile (about one platform in 3,000 got one port for two of its servers). */
const handedOut: number[] = [];

/** A loopback port nobody listens on now, and none of the last ones this process handed out. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    if (handedOut.includes(port)) continue;
    if (handedOut.push(port) > 64) handedOut.shift();
    return port;
  }
}

export async function startTestPlatform(
  options: {
    engine?: 'sqlite' | 'postgres';
    /** A database to use instead (e.g. a SQLite file for benchmarks); it is migrated and closed. */
    handle?: DatabaseHandle;
    clock?: Clock;
    hasher?: PasswordHasher;
    env?: Record<string, string>;
    /** Worker poll interval; tests kick it, so the default is slow. */
    workerIntervalMs?: number;
  } = {},
): Promise<TestPlatform> {
  // Loaded only when needed: the test-database helper brings node:test with it, which benchmarks
  // do not want. Opened (and migrated, the slow part) before the ports are chosen, so another
  // process has little time to be offered the same ports before the servers listen on them.
  const handle = options.handle ?? (await (await import('./db.ts')).openTestDatabase(options.engine ?? 'sqlite'));
  await migrateToLatest(handle);
  const [pl, pg, pn] = [await freePort(), await freePort(), await freePort()];
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL_LOGIN: `http://127.0.0.1:${pl}`,
    PUBLIC_URL_GMIS: `http://127.0.0.1:${pg}`,
    PUBLIC_URL_NAVI: `http://127.0.0.1:${pn}`,
    SECRET_KEY: 'test-secret-key-test-secret-key-0123456789',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const rt = await openRuntime(config, {
    handle,
    clock: options.clock,
    hasher: options.hasher,
    logger: pino({ level: config.logLevel }),
  });
  const worker = startWorker(rt, options.workerIntervalMs ?? 200);
  const servers = await startServers(rt, ['login', 'gmis', 'navi']);
  return {
    rt,
    servers,
    worker,
    config,
    url: config.publicUrl,
    close: async () => {
      await servers.close();
      await worker.stop();
      await rt.close();
    },
  };
}

/** Mail bodies sent to an address, newest first, after letting the worker run its jobs and mail. */
export async function mailTo(platform: TestPlatform, to: string): Promise<string[]> {
  await platform.worker.runOnce();
  await platform.worker.runOnce();
  const { listMail } = await import('../mail/outbox.ts');
  return (await listMail(platform.rt.deps.db, { to })).map((m) => m.body_text);
}

/**
 * Issues an account and stores a password for it directly, as if パスワード初期設定 were done (for
 * tests and benchmarks about what comes after). Returns the hash too, for raw-verify baselines.
 */
export async function accountWithPassword(
  deps: Ports,
  request: Omit<AccountRequest, 'issuedBy'> & { password: string },
): Promise<IssuedAccount & { hash: string }> {
  const { password, ...rest } = request;
  const issued = await issueAccount(deps, { ...rest, issuedBy: 'test' });
  const hash = await deps.hasher.hash(password);
  const now = deps.clock.now();
  await updateAccount(deps.db, issued.accountId, { password_hash: hash, state: 'active', password_changed_at: now, updated_at: now });
  return { ...issued, hash };
}

/** Issues an account and sets its first password through the welcome link, as a user would. */
export async function activeAccount(
  platform: TestPlatform,
  password: string,
  email = `user-${Math.random().toString(36).slice(2, 10)}@example.jp`,
): Promise<{ username: string; email: string }> {
  const { Browser, linkIn } = await import('./http-client.ts');
  const { username } = await issueAccount(platform.rt.deps, { category: '病院', displayName: 'テスト病院 担当者', email, issuedBy: 'test' });
  const [welcome] = await mailTo(platform, email);
  const link = new URL(linkIn(welcome!, `${platform.url.login}/welcome/`)).pathname;
  const browser = new Browser(platform.url.login);
  const res = await browser.submit(link, link, { password, confirmation: password });
  if (res.status !== 303) throw new Error(`first password failed: ${res.status}`);
  return { username, email };
}
