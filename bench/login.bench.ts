// npm run bench:login — how close complete sign-ins over HTTP come to the raw password-hashing rate.
//
// (a) raw: argon2id verifications per second with the product's hasher (argon2idHasher(): OWASP
//     m=19 MiB, t=2, p=1, @node-rs/argon2 on its hashing threads), 16 verifications kept in flight.
// (b) sign-in: complete sign-ins per second through HTTP by 16 virtual users against the real
//     platform (same process, same hasher, same threads).
// Rounds alternate a, b, a, b, … on the same (shared, noisy) machine and medians are compared.
// Goal: b/a ≥ 0.85. This is a benchmark: it exits 0 whether or not the goal is met, and non-zero
// only when setup fails or a sign-in does not succeed.
//
// Knobs (environment):
//   BENCH_SECONDS (5)       counted seconds per round
//   BENCH_WARMUP_MS (1000)  warm-up before each sign-in round (half of it before each raw round)
//   BENCH_ROUNDS (3)        number of a, b pairs
//   BENCH_CONCURRENCY (16)  verifications in flight / virtual users (and accounts)
//   BENCH_DB (file)         file: SQLite file in WAL mode as deployed; memory: in-memory SQLite
//   BENCH_CHOOSER (1)       1: a sign-in follows the redirect to 接続先選択 as a browser does
//   BENCH_CHEAP_HASH        set: cheap hash parameters (m=256 KiB, t=1), so (b) shows what a sign-in
//                           costs besides the hash (the goal does not apply)
//   BENCH_CLIENT (wrk if on PATH, else worker)
//                           wrk: the virtual users are wrk threads (C, a separate process; Debian
//                           package wrk) running bench/wrk-signin.lua — the cheapest load generator,
//                           though it still shares this machine's cores with the server;
//                           worker: they run in a worker thread of this process (their own event
//                           loop), so the server's event loop serves only HTTP and the client's CPU
//                           is accounted separately; inline: they share the server's event loop
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { accountWithPassword } from '../src/testing/platform.ts';
import { argon2idHasher, OWASP_ARGON2ID, testHasher } from '../src/identity/password/hasher.ts';
import { Browser, csrfTokenIn } from '../src/testing/http-client.ts';
import {
  closedLoop,
  fixed,
  loopProbe,
  machineSummary,
  median,
  percentile,
  startBenchPlatform,
  table,
  threadCpuDelta,
  threadCpuMs,
  type LoadResult,
  type Phases,
} from './lib.ts';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const SECONDS = num('BENCH_SECONDS', 5);
const WARMUP_MS = num('BENCH_WARMUP_MS', 1000);
const ROUNDS = Math.floor(num('BENCH_ROUNDS', 3));
const CONCURRENCY = Math.floor(num('BENCH_CONCURRENCY', 16));
const DATABASE = process.env.BENCH_DB === 'memory' ? 'memory' : 'file';
const CHOOSER = process.env.BENCH_CHOOSER !== '0';
const wrkInstalled = (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/wrk`));
const CLIENT = ((): 'inline' | 'worker' | 'wrk' => {
  const asked = process.env.BENCH_CLIENT;
  if (asked === 'inline' || asked === 'worker') return asked;
  if (asked === 'wrk' && !wrkInstalled) throw new Error('BENCH_CLIENT=wrk but wrk is not on PATH (apt-get install -y wrk)');
  return wrkInstalled ? 'wrk' : 'worker';
})();
const CHEAP = Boolean(process.env.BENCH_CHEAP_HASH);
const GOAL = 0.85;

const log = (s = '') => process.stdout.write(`${s}\n`);

interface Credentials {
  username: string;
  password: string;
}

/** One complete sign-in by a fresh browser; throws unless every step answers as it should. */
function signInOp(loginUrl: string, accounts: Credentials[], chooser: boolean): (vu: number) => Promise<Phases> {
  return async (vu): Promise<Phases> => {
    const a = accounts[vu % accounts.length]!;
    const browser = new Browser(loginUrl);
    const t0 = performance.now();
    const page = await browser.get('/login');
    if (page.status !== 200) throw new Error(`GET /login answered ${page.status}`);
    const t1 = performance.now();
    const res = await browser.request('POST', '/login', { _csrf: csrfTokenIn(page.body), username: a.username, password: a.password });
    if (res.status !== 303 || res.location !== '/') {
      const text = res.body
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 300);
      throw new Error(`sign-in of ${a.username} did not succeed: POST /login answered ${res.status}, location ${res.location ?? '-'}: ${text}`);
    }
    const t2 = performance.now();
    if (!chooser) return { 'GET /login': t1 - t0, 'POST /login': t2 - t1 };
    const home = await browser.get('/');
    if (home.status !== 200 || !home.body.includes(a.username)) throw new Error(`GET / after signing in answered ${home.status}, not 接続先選択`);
    return { 'GET /login': t1 - t0, 'POST /login': t2 - t1, 'GET /': performance.now() - t2 };
  };
}

// ── Client worker (BENCH_CLIENT=worker) ──────────────────────────────────────────────────────────

interface WorkerSetup {
  loginUrl: string;
  accounts: Credentials[];
  chooser: boolean;
}
interface RunCommand {
  label: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}
type WorkerMessage = { type: 'window'; edge: 'start' | 'end' } | { type: 'result'; result: LoadResult } | { type: 'error'; message: string };

function clientWorker(): void {
  const setup = workerData as WorkerSetup;
  const op = signInOp(setup.loginUrl, setup.accounts, setup.chooser);
  const port = parentPort!;
  const send = (m: WorkerMessage) => port.postMessage(m);
  port.on('message', (cmd: RunCommand) => {
    closedLoop({ ...cmd, op, onWindow: (edge) => send({ type: 'window', edge }) }).then(
      (result) => send({ type: 'result', result }),
      (err: unknown) => send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
}

/** A sign-in round's result plus what the server's own event loop did in the same window. */
interface SignInRound {
  result: LoadResult;
  serverElu: number;
  serverDelayP99Ms: number;
  /** CPU ms of the client worker thread (worker mode only). */
  clientCpuMs: number | undefined;
}

/** The client worker as seen from the main thread: runs sign-in rounds and fails them loudly when
 * the worker reports an error, throws or exits. */
class ClientWorker {
  private failure: Error | undefined;
  private abortRun: ((err: Error) => void) | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the client worker exited (code ${code})`)));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.abortRun?.(this.failure);
  }

  run(cmd: RunCommand): Promise<SignInRound> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const probe = loopProbe();
      let server = { elu: NaN, delayP99Ms: NaN };
      const done = () => {
        this.worker.off('message', onMessage);
        this.abortRun = undefined;
      };
      const onMessage = (m: WorkerMessage) => {
        if (m.type === 'window') {
          if (m.edge === 'start') probe.start();
          else server = probe.stop();
          return;
        }
        done();
        if (m.type === 'error') reject(new Error(`in the client worker: ${m.message}`));
        else resolve({ result: m.result, serverElu: server.elu, serverDelayP99Ms: server.delayP99Ms, clientCpuMs: m.result.threadCpuMs?.current });
      };
      this.abortRun = (err) => {
        done();
        reject(err);
      };
      this.worker.on('message', onMessage);
      this.worker.postMessage(cmd);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

// ── Main ─────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const started = performance.now();
  log('# bench:login — complete sign-ins vs raw argon2id verifications');
  for (const line of machineSummary()) log(`# ${line}`);
  const p = OWASP_ARGON2ID;
  if (CHEAP) log('# BENCH_CHEAP_HASH: cheap hash parameters — (b) shows a sign-in’s own cost; the goal does not apply');
  else log(`# argon2id m=${p.memoryCost} KiB t=${p.timeCost} p=${p.parallelism} (argon2idHasher(), as in production)`);

  // ── Setup (not measured) ───────────────────────────────────────────────────────────────────────
  const hasher = CHEAP ? testHasher() : argon2idHasher();
  const platform = await startBenchPlatform({ database: DATABASE, hasher });
  let worker: ClientWorker | undefined;
  try {
    log(`# database: ${platform.databaseLabel}`);
    const { deps } = platform.rt;
    const accounts: Array<Credentials & { hash: string }> = [];
    for (let i = 0; i < CONCURRENCY; i++) {
      const password = `bench-${i}-${deps.random.token().slice(0, 16)}`;
      const { username, hash } = await accountWithPassword(deps, {
        category: '病院',
        displayName: `ベンチマーク病院 ${i + 1}`,
        email: `bench${i + 1}@example.test`,
        password,
      });
      accounts.push({ username, password, hash });
    }
    const credentials = accounts.map(({ username, password }) => ({ username, password }));

    const signInSteps = CHOOSER
      ? 'new Browser (no cookies) → GET /login (CSRF token) → POST /login → 303 to / → GET / (接続先選択, 200)'
      : 'new Browser (no cookies) → GET /login (CSRF token) → POST /login → 303 to /';
    log(`# ${accounts.length} active accounts; one "sign-in" = ${signInSteps}`);
    log(
      `# load: ${CONCURRENCY} concurrent (raw: ${CONCURRENCY} verify() calls in flight; sign-in: ${CONCURRENCY} virtual users, one account each, ` +
        (
          {
            worker: 'in a worker thread of this process)',
            inline: 'on the server’s own event loop)',
            wrk: 'wrk threads in a separate process, one connection each)',
          } as const
        )[CLIENT],
    );
    log(`# each round: warm-up (${WARMUP_MS / 2} ms raw, ${WARMUP_MS} ms sign-in), then ${SECONDS} s counted; only completions inside the window count`);

    const rawOp = async (vu: number) => {
      const a = accounts[vu % accounts.length]!;
      if (!(await hasher.verify(a.hash, a.password))) throw new Error('raw verify returned false');
    };
    const inlineSignIn = signInOp(platform.url.login, credentials, CHOOSER);

    // One sign-in per account before anything is measured: proves the setup and warms the code paths.
    for (let i = 0; i < accounts.length; i++) await inlineSignIn(i);
    if (CLIENT === 'worker') {
      // Node 20 does not run --import preloads in workers, so the worker registers tsx itself.
      const tsxApi = JSON.stringify(import.meta.resolve('tsx/esm/api'));
      const boot = `import(${tsxApi}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
      worker = new ClientWorker(
        new Worker(boot, { eval: true, workerData: { loginUrl: platform.url.login, accounts: credentials, chooser: CHOOSER } satisfies WorkerSetup }),
      );
    }

    const rawRound = (durationMs = SECONDS * 1000) => closedLoop({ label: 'a raw', concurrency: CONCURRENCY, warmupMs: WARMUP_MS / 2, durationMs, op: rawOp });
    const signInRound = async (durationMs = SECONDS * 1000): Promise<SignInRound> => {
      const cmd: RunCommand = { label: 'b sign-in', concurrency: CONCURRENCY, warmupMs: WARMUP_MS, durationMs };
      if (worker) return worker.run(cmd);
      if (CLIENT === 'wrk') return wrkRound(platform.url.login, credentials, cmd);
      const result = await closedLoop({ ...cmd, op: inlineSignIn });
      return { result, serverElu: result.elu, serverDelayP99Ms: result.loopDelayP99Ms, clientCpuMs: undefined };
    };
    // A pair that is not counted, so the first counted rounds do not pay for JIT warm-up (V8 keeps
    // optimising the HTTP paths for a few thousand requests).
    await rawRound(1000);
    await signInRound(3 * WARMUP_MS);
    log(`# setup and an uncounted warm-up pair done in ${fixed((performance.now() - started) / 1000)} s`);
    log();

    // ── Rounds a, b, a, b, … ─────────────────────────────────────────────────────────────────────
    const raw: LoadResult[] = [];
    const full: SignInRound[] = [];
    const rows: Array<Array<string | number>> = [];
    const perOp = (r: LoadResult, ms: number | undefined) => (ms === undefined ? NaN : ms / r.completed);
    const row = (round: number, r: LoadResult, server: { elu: number; delayP99Ms: number }, clientCpuMs?: number) => {
      rows.push([
        round,
        r.label,
        r.completed,
        fixed(r.seconds, 2),
        fixed(r.rate, 1),
        fixed(percentile(r.latenciesMs, 50), 0),
        fixed(percentile(r.latenciesMs, 95), 0),
        fixed(r.cpuCores, 2),
        fixed((r.cpuCores * r.seconds * 1000) / r.completed, 1),
        fixed(perOp(r, r.threadCpuMs?.main), 1),
        fixed(perOp(r, r.threadCpuMs?.mainSystem), 1),
        clientCpuMs === undefined ? '-' : fixed(perOp(r, clientCpuMs), 1),
        fixed(perOp(r, r.threadCpuMs?.other), 1),
        fixed(server.elu * 100, 0),
        fixed(server.delayP99Ms, 0),
      ]);
      log(`  round ${round} ${r.label.padEnd(9)} ${fixed(r.rate, 1).padStart(6)} /s  (${r.completed} in ${fixed(r.seconds, 2)} s)`);
    };
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await rawRound();
      raw.push(a);
      row(round, a, { elu: a.elu, delayP99Ms: a.loopDelayP99Ms });
      const b = await signInRound();
      full.push(b);
      row(round, b.result, { elu: b.serverElu, delayP99Ms: b.serverDelayP99Ms }, b.clientCpuMs);
    }
    log();
    log(
      table(
        [
          'round',
          'kind',
          'ops',
          'secs',
          'ops/s',
          'p50 ms',
          'p95 ms',
          'CPU cores',
          'CPU ms/op',
          'main ms/op',
          'main sys ms/op',
          'client ms/op',
          'other ms/op',
          'main ELU %',
          'main lag p99 ms',
        ],
        rows,
      ),
    );
    log('  CPU = the whole process; main = the main thread (server, and the HTTP client when inline), main sys = its kernel part;');
    log('  client = the client worker thread (the load generator; not there with BENCH_CLIENT=inline);');
    log('  other = every other thread (the hashing threads running argon2, V8 GC helpers); ELU/lag = the main event loop.');
    log();

    const results = full.map((b) => b.result);
    const aMed = median(raw.map((r) => r.rate));
    const bMed = median(results.map((r) => r.rate));
    const ratio = bMed / aMed;
    const pairRatios = results.map((b, i) => b.rate / raw[i]!.rate);
    const latencies = results.flatMap((r) => r.latenciesMs);
    log(`median a (raw argon2id verifications) = ${fixed(aMed, 1)} /s`);
    log(
      `median b (complete sign-ins)          = ${fixed(bMed, 1)} /s; sign-in latency p50 ${fixed(percentile(latencies, 50), 0)} ms, ` +
        `p95 ${fixed(percentile(latencies, 95), 0)} ms (all rounds)`,
    );
    const steps = Object.keys(results[0]?.phasesMs ?? {})
      .map((k) => {
        const all = results.flatMap((r) => r.phasesMs[k] ?? []);
        return `${k} p50 ${fixed(percentile(all, 50), 0)} / p95 ${fixed(percentile(all, 95), 0)} ms`;
      })
      .join(', ');
    if (steps) log(`sign-in steps: ${steps}`);
    const serverElu = median(full.map((b) => b.serverElu));
    const cpuPerVerify = median(raw.map((r) => (r.cpuCores * r.seconds * 1000) / r.completed));
    const cpuPerSignIn = median(results.map((r) => (r.cpuCores * r.seconds * 1000) / r.completed));
    const mainPerSignIn = median(results.map((r) => perOp(r, r.threadCpuMs?.main)));
    const clientPerSignIn = median(full.map((b) => perOp(b.result, b.clientCpuMs)));
    const otherPerSignIn = median(results.map((r) => perOp(r, r.threadCpuMs?.other)));
    log(
      `CPU per op (medians): verify ${fixed(cpuPerVerify, 1)} ms; sign-in ${fixed(cpuPerSignIn, 1)} ms = main thread ${fixed(mainPerSignIn, 1)} ms` +
        (
          { worker: ` + client worker ${fixed(clientPerSignIn, 1)} ms`, inline: ' (server and client)', wrk: ' (server; wrk runs in its own process)' } as const
        )[CLIENT] +
        ` + other threads ${fixed(otherPerSignIn, 1)} ms`,
    );
    log(
      `main event loop busy ${fixed(serverElu * 100, 0)} % of wall time in sign-in rounds, ` +
        `while its thread got ${fixed(median(results.map((r) => (r.threadCpuMs?.main ?? NaN) / r.seconds)) / 10, 0)} % of a core`,
    );
    if (serverElu >= 0.9) log('→ the main event loop was saturated in sign-in rounds: it, not the hashing threads, limited b');
    log(`if CPU were the only limit: b/a ≈ CPU per verify / CPU per sign-in = ${fixed(cpuPerVerify / cpuPerSignIn, 2)}`);
    if (CLIENT === 'worker') {
      log(
        "without the load generator's own CPU (browsers do not run on the server): " +
          `b/a ≈ ${fixed(cpuPerVerify, 1)} / (${fixed(cpuPerSignIn, 1)} − ${fixed(clientPerSignIn, 1)}) = ` +
          `${fixed(cpuPerVerify / (cpuPerSignIn - clientPerSignIn), 2)} (estimate)`,
      );
    }
    log(`per-round b/a: ${pairRatios.map((r) => fixed(r, 2)).join(', ')} (median ${fixed(median(pairRatios), 2)})`);
    // A raw round keeps every core busy unless something else on the machine takes them.
    const cores = availableParallelism();
    const starved = raw.filter((r) => r.cpuCores < 0.85 * cores);
    if (starved.length) {
      log(
        `# note: in ${starved.length} of ${raw.length} raw rounds this process got only ` +
          `${starved.map((r) => fixed(r.cpuCores, 2)).join(', ')} of ${cores} cores: other processes were competing, so these numbers are noisy`,
      );
    }
    log();
    if (CHEAP) log(`b/a = ${fixed(ratio, 2)} with cheap hashing (the goal applies to production parameters only)`);
    else log(`b/a = ${fixed(ratio, 2)} (goal ≥ ${GOAL.toFixed(2)}) — ${ratio >= GOAL ? 'GOAL MET' : 'GOAL NOT MET'}`);
    log(`# total ${fixed((performance.now() - started) / 1000)} s`);
  } finally {
    await worker?.terminate();
    await platform.close();
  }
}

// ── wrk client (BENCH_CLIENT=wrk) ───────────────────────────────────────────────────────────────

/** Runs wrk (C, a separate process) with bench/wrk-signin.lua: one connection per wrk thread, each
 * walking GET /login → POST /login → GET / with no cookies carried between sign-ins. */
function runWrk(url: string, accounts: Credentials[], concurrency: number, seconds: number): Promise<{ signIns: number; failures: number; seconds: number }> {
  const script = fileURLToPath(new URL('./wrk-signin.lua', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', [`-t${concurrency}`, `-c${concurrency}`, `-d${seconds}s`, '-s', script, url], {
      env: { ...process.env, WRK_CHOOSER: CHOOSER ? '1' : '0', WRK_ACCOUNTS: accounts.map((a) => `${a.username}:${a.password}`).join(',') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /SIGNINS (\d+) FAILURES (\d+) MICROSECONDS (\d+)/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`wrk exited ${code}: ${out}`));
      resolve({ signIns: Number(m[1]), failures: Number(m[2]), seconds: Number(m[3]) / 1e6 });
    });
  });
}

async function wrkRound(url: string, accounts: Credentials[], cmd: RunCommand): Promise<SignInRound> {
  await runWrk(url, accounts, cmd.concurrency, Math.max(1, Math.round(cmd.warmupMs / 1000)));
  const probe = loopProbe();
  const cpuStart = process.cpuUsage();
  const threadsStart = threadCpuMs();
  const t0 = performance.now();
  probe.start();
  const { signIns, failures, seconds } = await runWrk(url, accounts, cmd.concurrency, Math.round(cmd.durationMs / 1000));
  // CPU is read over the whole wrk process lifetime (a little longer than wrk's own window).
  const cpuSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const threadsEnd = threadCpuMs();
  const loop = probe.stop();
  if (failures > 0) throw new Error(`${failures} sign-ins through wrk did not succeed`);
  const result: LoadResult = {
    label: cmd.label,
    completed: signIns,
    seconds,
    rate: signIns / seconds,
    latenciesMs: [],
    phasesMs: {},
    cpuCores: (cpu.user + cpu.system) / 1e6 / cpuSeconds,
    threadCpuMs: threadCpuDelta(threadsStart, threadsEnd),
    elu: loop.elu,
    loopDelayP99Ms: loop.delayP99Ms,
  };
  return { result, serverElu: loop.elu, serverDelayP99Ms: loop.delayP99Ms, clientCpuMs: undefined };
}

if (isMainThread) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`\nbench:login FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
} else {
  clientWorker();
}
