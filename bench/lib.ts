// Shared helpers for benchmarks (`npm run bench:*`): start the real platform, drive a closed-loop
// load for a fixed time, and summarise. Benchmarks are not tests: they print numbers, they do not
// assert on them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/database.ts';
import { hashingPoolShape, type PasswordHasher } from '../src/identity/password/hasher.ts';
import { startTestPlatform, type TestPlatform } from '../src/testing/platform.ts';

// ── Platform ──────────────────────────────────────────────────────────────────────────────────────

export interface BenchPlatform extends TestPlatform {
  /** What the database is, for the report. */
  databaseLabel: string;
}

/**
 * The real platform as `gmis start` composes it (three origins, in-process worker), on free loopback
 * ports, with a SQLite *file* (WAL, as in a deployment) in a temporary directory removed on close,
 * or in memory.
 */
export async function startBenchPlatform(options: {
  database: 'file' | 'memory';
  hasher: PasswordHasher;
  env?: Record<string, string>;
  workerIntervalMs?: number;
}): Promise<BenchPlatform> {
  const dir = options.database === 'file' ? fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-bench-')) : undefined;
  const handle = openDatabase({ engine: 'sqlite', file: dir ? path.join(dir, 'gmis.sqlite') : ':memory:' });
  const platform = await startTestPlatform({
    handle,
    hasher: options.hasher,
    env: { SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789', ...options.env },
    workerIntervalMs: options.workerIntervalMs ?? 1000,
  });
  return {
    ...platform,
    databaseLabel: dir ? `SQLite file (WAL, synchronous=NORMAL) in ${dir}` : 'SQLite in-memory',
    close: async () => {
      await platform.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ── Closed-loop load ──────────────────────────────────────────────────────────────────────────────

/** Named durations (ms) an operation may report about its own steps. */
export type Phases = Record<string, number>;

/** CPU time (ms) by thread: the process's main thread, the calling thread when that is a worker
 * thread (0 on the main thread), and every other thread (libuv threadpool, V8 helpers). */
export interface ThreadCpu {
  main: number;
  /** The part of `main` spent in the kernel (system calls, page faults, interrupts), estimated from
   * the tick-sampled utime/stime split. */
  mainSystem: number;
  current: number;
  other: number;
}

export interface LoadResult {
  label: string;
  completed: number;
  seconds: number;
  /** Completions per second inside the measured window. */
  rate: number;
  /** Latency (ms) of each operation that completed inside the window. */
  latenciesMs: number[];
  phasesMs: Record<string, number[]>;
  /** Process CPU time (all threads) per wall second in the window: 2.0 = two cores busy. */
  cpuCores: number;
  /** CPU time by thread in the window, from /proc (Linux); undefined elsewhere. */
  threadCpuMs: ThreadCpu | undefined;
  /** Utilisation (0–1) of the event loop that ran the load: wall time it was busy, which includes
   * time its thread was runnable but waiting for a core. */
  elu: number;
  /** Event-loop delay p99 (ms) of that loop in the window. */
  loopDelayP99Ms: number;
}

/** Event-loop utilisation and delay of the calling thread's loop between start() and stop(). */
export function loopProbe(): { start(): void; stop(): { elu: number; delayP99Ms: number } } {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let from = performance.eventLoopUtilization();
  return {
    start() {
      delay.reset();
      delay.enable();
      from = performance.eventLoopUtilization();
    },
    stop() {
      const elu = performance.eventLoopUtilization(from).utilization;
      delay.disable();
      return { elu, delayP99Ms: delay.percentile(99) / 1e6 };
    },
  };
}

/**
 * Runs `op` in `concurrency` loops: a warm-up, then a window of `durationMs` in which completions are
 * counted, then a drain that is not counted. Any error stops the run and is rethrown. `onWindow` is
 * told when the window opens and closes (e.g. to measure another thread over the same window).
 */
export async function closedLoop(options: {
  label: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  op: (worker: number, iteration: number) => Promise<Phases | void>;
  onWindow?: (edge: 'start' | 'end') => void;
}): Promise<LoadResult> {
  let measuring = false;
  let stopping = false;
  let failure: unknown;
  let completed = 0;
  const latenciesMs: number[] = [];
  const phasesMs: Record<string, number[]> = {};
  const probe = loopProbe();

  const loop = async (worker: number) => {
    for (let i = 0; !stopping; i++) {
      const t0 = performance.now();
      let phases: Phases | void;
      try {
        phases = await options.op(worker, i);
      } catch (err) {
        failure ??= err;
        stopping = true;
        return;
      }
      if (measuring) {
        completed++;
        latenciesMs.push(performance.now() - t0);
        for (const [k, v] of Object.entries(phases ?? {})) (phasesMs[k] ??= []).push(v);
      }
    }
  };

  const loops = Array.from({ length: options.concurrency }, (_, w) => loop(w));
  await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
  const windowStart = performance.now();
  const cpuStart = process.cpuUsage();
  const threadsStart = threadCpuMs();
  probe.start();
  options.onWindow?.('start');
  measuring = !stopping;
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (stopping || performance.now() - windowStart >= options.durationMs) {
        clearInterval(check);
        resolve();
      }
    }, 10);
  });
  measuring = false;
  const windowEnd = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  const threadsEnd = threadCpuMs();
  const loopStats = probe.stop();
  options.onWindow?.('end');
  stopping = true;
  await Promise.all(loops);
  if (failure) throw failure;

  const seconds = (windowEnd - windowStart) / 1000;
  return {
    label: options.label,
    completed,
    seconds,
    rate: completed / seconds,
    latenciesMs,
    phasesMs,
    cpuCores: (cpu.user + cpu.system) / 1e6 / seconds,
    threadCpuMs: threadCpuDelta(threadsStart, threadsEnd),
    elu: loopStats.elu,
    loopDelayP99Ms: loopStats.delayP99Ms,
  };
}

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

function ticksOf(statFile: string): { user: number; system: number } | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(statFile, 'utf8');
  } catch {
    return undefined; // the thread ended meanwhile
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]), system: Number(fields[12]) }; // utime, stime
}

/** Time on a CPU (ms) from /proc/…/schedstat, or undefined where the kernel keeps none. */
function onCpuMs(schedstatFile: string): number | undefined {
  try {
    const ns = Number(fs.readFileSync(schedstatFile, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time per thread between two threadCpuMs() readings. */
export function threadCpuDelta(start: ThreadCpu | undefined, end: ThreadCpu | undefined): ThreadCpu | undefined {
  if (!start || !end) return undefined;
  return { main: end.main - start.main, mainSystem: end.mainSystem - start.mainSystem, current: end.current - start.current, other: end.other - start.other };
}

/** CPU time (ms) used so far by this process's threads; see ThreadCpu. Linux only. */
export function threadCpuMs(): ThreadCpu | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const self = Number(path.basename(fs.realpathSync('/proc/thread-self')));
    let main = 0;
    let mainSystem = 0;
    let current = 0;
    let other = 0;
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const ticks = ticksOf(`/proc/self/task/${tid}/stat`);
      if (!ticks) continue;
      // The scheduler's own count is exact; utime + stime are sampled at the tick and miss most of
      // a thread that runs in short bursts, as the event loop does between requests.
      const ms = onCpuMs(`/proc/self/task/${tid}/schedstat`) ?? (ticks.user + ticks.system) * CLOCK_TICK_MS;
      if (Number(tid) === process.pid) {
        main += ms;
        mainSystem += ticks.user + ticks.system > 0 ? (ms * ticks.system) / (ticks.user + ticks.system) : 0;
      } else if (Number(tid) === self) current += ms;
      else other += ms;
    }
    return { main, mainSystem, current, other };
  } catch {
    return undefined;
  }
}

// ── Statistics and output ─────────────────────────────────────────────────────────────────────────

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (values: number[]): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** What the machine and process look like, for the report header. */
export function machineSummary(): string[] {
  const cpus = os.cpus();
  const p = hashingPoolShape();
  return [
    `node ${process.version} on ${os.platform()}/${os.arch()}, ${os.availableParallelism()} cores available (${cpus[0]?.model.trim() ?? 'unknown CPU'})`,
    `password hashing: ${p.threads} threads (one per core) × ${p.jobsPerThread} jobs each, at nice ${p.nice}`,
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  ];
}
