// Password hashing port: argon2id with OWASP's parameters (m=19 MiB, t=2, p=1) in production.
//
// The hashes run on a small pool of worker threads (as many as libuv's pool: four, or one per core
// on bigger machines) whose scheduling priority is below
// the event loop's: under a burst of sign-ins the pages keep being served at once, and the hashing
// takes every cycle the event loop leaves. On libuv's shared threadpool (four threads at the loop's
// priority) the loop had to queue for a core behind them, and under bench:sso's load the cores were
// partly idle waiting for it (1.6 of 2 busy; 1.9 with these threads).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// Algorithm.Argon2id of @node-rs/argon2's const enum (not importable under verbatimModuleSyntax).
const ARGON2ID = 2;
/** Nice value of the hashing threads (0 = the loop's; 19 = lowest). */
const HASHING_NICE = 10;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

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

/** Worker threads taking jobs from one queue; started on first use. */
class HashingPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private started = false;
  private nextId = 1;

  constructor(private readonly size: number) {}

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
    worker.on('message', (m: { id: number; value?: string | boolean; error?: string }) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (pending) {
        if (m.error !== undefined) pending.reject(new Error(m.error));
        else pending.resolve(m.value!);
      }
      this.dispatch();
    });
    worker.on('error', (err) => {
      // A crashed thread (out of memory, say): its job fails, a new thread takes its place.
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      pending?.reject(err);
      this.spawn();
      this.dispatch();
    });
    worker.unref(); // an idle thread never keeps the process alive (after the listeners: adding one refs it)
    this.idle.push(worker);
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      worker.ref(); // a job in progress does
      worker.postMessage(pending.job);
    }
  }
}

let sharedPool: HashingPool | undefined;

export function argon2idHasher(params: Argon2Params = OWASP_ARGON2ID): PasswordHasher {
  const options = { algorithm: ARGON2ID, ...params };
  // Four even on two cores: a thread that finishes waits for the event loop to hand it the next job,
  // and with one thread per core the cores idled in those gaps (bench:login b/a 0.79 against 0.83).
  const pool = (sharedPool ??= new HashingPool(Math.max(4, availableParallelism())));
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
