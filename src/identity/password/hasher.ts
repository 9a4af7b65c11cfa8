// Password hashing port: argon2id with OWASP's parameters (m=19 MiB, t=2, p=1) in production.
//
// The hashes run on a pool of worker threads, one per core, whose scheduling priority is below the
// event loop's: under a burst of sign-ins the pages keep being served at once, and the hashing takes
// every cycle the event loop leaves. On libuv's shared threadpool (four threads at the loop's
// priority) the loop had to queue for a core behind them, and under bench:sso's load the cores were
// partly idle waiting for it (1.6 of 2 busy; 1.9 with these threads).
//
// One thread per core, each holding two jobs: with more threads than cores, two hashes share a core
// by turns and each evicts the other's 19 MiB from the cache; with one job per thread, a thread that
// finishes idles until the event loop hands it the next. On two cores, verifications per second:
// 4 threads × 1 job 134, 2 × 1 146, 3 × 1 157, 2 × 2 174 (median of two 6-second runs each). On a
// later, faster machine (AMD EPYC, 2 cores) the shapes differed less than run-to-run noise.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PasswordHasher } from '../../ports.ts';

// Algorithm.Argon2id of @node-rs/argon2's const enum (not importable under verbatimModuleSyntax).
const ARGON2ID = 2;
/** Nice value of the hashing threads (0 = the loop's; 19 = lowest). */
const HASHING_NICE = 10;
/** Jobs handed to a hashing thread at once (see above). */
const JOBS_PER_THREAD = 2;

export type { PasswordHasher };

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const OWASP_ARGON2ID: Argon2Params = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

type Job = { op: 'hash'; password: string; options: object } | { op: 'verify'; stored: string; password: string };
interface Pending {
  job: Job & { id: number };
  resolve(value: string | boolean): void;
  reject(err: Error): void;
}

interface Thread {
  worker: Worker;
  /** Jobs posted to it, oldest first; it runs them one after another. */
  inFlight: Pending[];
}

/** Worker threads taking jobs from one queue; started on first use. Each thread is handed up to
 * `depth` jobs at once, so when it finishes one it starts the next from its own message queue
 * instead of idling until the event loop can hand it one. */
class HashingPool {
  private readonly threads: Thread[] = [];
  private readonly queue: Pending[] = [];
  private started = false;
  private nextId = 1;

  constructor(
    private readonly size: number,
    private readonly depth: number,
  ) {}

  run(job: Job): Promise<string | boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ }, resolve, reject });
      this.start();
      this.dispatch();
    });
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(new URL('./argon2-worker.js', import.meta.url), { workerData: { nice: HASHING_NICE } });
    const thread: Thread = { worker, inFlight: [] };
    worker.on('message', (m: { id: number; value?: string | boolean; error?: string }) => {
      const pending = thread.inFlight[0]?.job.id === m.id ? thread.inFlight.shift() : undefined;
      if (thread.inFlight.length === 0) worker.unref();
      if (pending) {
        if (m.error !== undefined) pending.reject(new Error(m.error));
        else pending.resolve(m.value!);
      }
      this.dispatch();
    });
    worker.on('error', (err) => {
      // A crashed thread (out of memory, say): its jobs fail, a new thread takes its place.
      this.threads.splice(this.threads.indexOf(thread), 1);
      for (const pending of thread.inFlight.splice(0)) pending.reject(err);
      this.spawn();
      this.dispatch();
    });
    worker.unref(); // an idle thread never keeps the process alive (after the listeners: adding one refs it)
    this.threads.push(thread);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      // The thread with the fewest jobs in hand takes the next one.
      let thread: Thread | undefined;
      for (const t of this.threads) if (t.inFlight.length < this.depth && (!thread || t.inFlight.length < thread.inFlight.length)) thread = t;
      if (!thread) return;
      const pending = this.queue.shift()!;
      if (thread.inFlight.length === 0) thread.worker.ref(); // a thread with work keeps the process alive
      thread.inFlight.push(pending);
      thread.worker.postMessage(pending.job);
    }
  }
}

let sharedPool: HashingPool | undefined;

/** How the hashing pool is laid out on this machine (for benchmark reports). */
export const hashingPoolShape = () => ({ threads: availableParallelism(), jobsPerThread: JOBS_PER_THREAD, nice: HASHING_NICE });

export function argon2idHasher(params: Argon2Params = OWASP_ARGON2ID): PasswordHasher {
  const options = { algorithm: ARGON2ID, ...params };
  const shape = hashingPoolShape();
  const pool = (sharedPool ??= new HashingPool(shape.threads, shape.jobsPerThread));
  return {
    hash: async (password) => (await pool.run({ op: 'hash', password, options })) as string,
    verify: async (stored, password) => {
      try {
        return (await pool.run({ op: 'verify', stored, password })) === true;
      } catch {
        return false;
      }
    },
  };
}

/** Cheap parameters for tests that hash many passwords; the algorithm and code path stay the same. */
export const testHasher = (): PasswordHasher => argon2idHasher({ memoryCost: 256, timeCost: 1, parallelism: 1 });
