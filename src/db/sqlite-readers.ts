// Reads on more than one core with SQLite: better-sqlite3 runs every statement on the thread that
// calls it, so one server process answers one search at a time however many cores the machine has.
// This is a Kysely dialect over a pool of reader threads (sqlite-reader-thread.mjs), each with its own
// read-only connection to the same WAL database: the main thread builds and compiles the query, a free
// thread runs it, and the main thread goes on serving meanwhile. A connection is one thread, held from
// acquire to release, so a read transaction sees one snapshot. Writes go to the main connection
// (database.ts): a reader's connection refuses them.
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Database } from './schema.ts';

interface Reply {
  id: number;
  rows?: unknown[];
  error?: { message: string; code?: string };
}

/** An error from a reader thread, with SQLite's code as better-sqlite3 gives it. */
export class SqliteReaderError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteReaderError';
  }
}

class ReaderThread implements DatabaseConnection {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }>();
  private next = 0;
  private failed: Error | undefined;

  constructor(file: string) {
    this.worker = new Worker(new URL('./sqlite-reader-thread.mjs', import.meta.url), { workerData: { file } });
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (reply.error) waiter.reject(new SqliteReaderError(reply.error.message, reply.error.code));
      else waiter.resolve(reply.rows ?? []);
    });
    // A thread that could not open the database (or died) fails what waits on it and what comes later.
    const fail = (err: Error) => {
      this.failed = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`SQLite reader thread exited with code ${code}`));
    });
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.failed) throw this.failed;
    const id = this.next++;
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, sql: compiled.sql, parameters: compiled.parameters });
    });
    return { rows: rows as R[] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('SQLite reader threads do not stream: select the rows');
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

class ReaderPoolDriver implements Driver {
  private threads: ReaderThread[] = [];
  private free: ReaderThread[] = [];
  private readonly queue: Array<(t: ReaderThread) => void> = [];

  constructor(
    private readonly file: string,
    private readonly size: number,
  ) {}

  async init(): Promise<void> {
    this.threads = Array.from({ length: this.size }, () => new ReaderThread(this.file));
    this.free = [...this.threads];
  }

  acquireConnection(): Promise<DatabaseConnection> {
    const t = this.free.pop();
    if (t) return Promise.resolve(t);
    return new Promise((resolve) => this.queue.push(resolve));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const waiter = this.queue.shift();
    if (waiter) waiter(connection as ReaderThread);
    else this.free.push(connection as ReaderThread);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
    this.threads = [];
    this.free = [];
  }
}

class ReaderPoolDialect implements Dialect {
  constructor(
    private readonly file: string,
    private readonly size: number,
  ) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new ReaderPoolDriver(this.file, this.size);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
}

/** A read-only Kysely over `threads` reader threads on the SQLite file (which must exist: open the primary first). */
export function openSqliteReaders(file: string, threads: number): { db: Kysely<Database>; close(): Promise<void> } {
  const db = new Kysely<Database>({ dialect: new ReaderPoolDialect(file, threads) });
  return { db, close: () => db.destroy() };
}
