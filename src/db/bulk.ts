// Statements over many rows at once (multi-row INSERTs, IN lists) for bulk writes such as an open-data
// snapshot, 200,000 rows a table: each is compiled once per engine and row count and then run with the
// rows' values put into its parameters — Kysely would otherwise build, freeze and compile a tree of
// 20,000 values for every statement. Rows are cut to stay under SQLite's 32,766 variables a statement
// (PostgreSQL allows 65,535), and a last short chunk is split into power-of-two sizes (or, for a
// statement a repeated row does not change, filled up to one), so a statement has a dozen compiled
// shapes at most (and SQLite prepares each once: database.ts preparedOnce).
import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './dialect.ts';

/** The parameters one statement may hold on both engines (SQLite's limit; PostgreSQL's is 65,535). */
export const MAX_PARAMETERS = 32_766;

const MARK = '\u0000bulk:';

interface Compiled {
  query: CompiledQuery<unknown>;
  /** Per parameter: the [row, column] it takes, or undefined for a constant of the statement. */
  slots: Array<readonly [number, string] | undefined>;
}

export interface BulkStatement<R, O> {
  /** Runs the statement over `rows` (none: nothing runs), chunk by chunk in the given database or transaction; the rows each chunk returned. */
  run(db: Db, rows: readonly R[]): Promise<{ rows: O[]; affected: number }>;
}

/**
 * A statement over rows of `columns`. `build` receives a database and stand-ins for the rows and
 * returns the statement; it must use each row's values whole (no `r.a + 1`, no `JSON.stringify(r.a)`,
 * no branching on a value): a stand-in among the compiled parameters is replaced by the value of its
 * row and column. `maxRows` caps the chunk below what the parameter limit allows.
 */
export function bulkStatement<R extends Record<string, unknown>, O = unknown>(
  columns: ReadonlyArray<keyof R & string>,
  build: (db: Db, rows: R[]) => Compilable<O>,
  o: {
    maxRows?: number;
    /**
     * A row given twice changes nothing (an IN list to read or to update by): the last chunk is filled up
     * with its last row to the next power of two, one statement instead of up to a dozen.
     */
    repeatable?: boolean;
  } = {},
): BulkStatement<R, O> {
  const byEngine = new Map<unknown, Map<number, Compiled>>();
  const compile = (db: Db, n: number): Compiled => {
    const standIns = Array.from({ length: n }, (_, r) => Object.fromEntries(columns.map((c) => [c, `${MARK}${r}:${c}`])) as R);
    const query = build(db, standIns).compile() as CompiledQuery<unknown>;
    const slots = query.parameters.map((v) => {
      if (typeof v !== 'string' || !v.startsWith(MARK)) return undefined;
      const rest = v.slice(MARK.length);
      const colon = rest.indexOf(':');
      return [Number(rest.slice(0, colon)), rest.slice(colon + 1)] as const;
    });
    return { query, slots };
  };
  const compiledFor = (db: Db, n: number): Compiled => {
    const engine = db.getExecutor().adapter.constructor;
    let sizes = byEngine.get(engine);
    if (!sizes) byEngine.set(engine, (sizes = new Map()));
    let c = sizes.get(n);
    if (!c) sizes.set(n, (c = compile(db, n)));
    return c;
  };

  // The chunk from the parameters of one row and of two (the difference is what a row costs).
  const perRow = (() => {
    let cached: { chunk: number } | undefined;
    return (db: Db): number => {
      if (cached) return cached.chunk;
      const one = compiledFor(db, 1).query.parameters.length;
      const two = compiledFor(db, 2).query.parameters.length;
      const each = Math.max(two - one, 1);
      const fixed = one - each;
      cached = { chunk: Math.max(1, Math.min(o.maxRows ?? 1000, Math.floor((MAX_PARAMETERS - fixed) / each))) };
      return cached.chunk;
    };
  })();

  const runChunk = async (db: Db, rows: readonly R[], from: number, n: number): Promise<{ rows: O[]; affected: number }> => {
    const { query, slots } = compiledFor(db, n);
    const parameters = query.parameters.map((v, i) => {
      const slot = slots[i];
      return slot === undefined ? v : rows[from + slot[0]]![slot[1]];
    });
    const result = await db.executeQuery<O>({ ...query, parameters } as CompiledQuery<O>);
    return { rows: result.rows, affected: Number(result.numAffectedRows ?? 0n) };
  };

  return {
    async run(db, rows) {
      const out: O[] = [];
      let affected = 0;
      const chunk = perRow(db);
      let at = 0;
      const add = (r: { rows: O[]; affected: number }) => {
        for (const row of r.rows) out.push(row);
        affected += r.affected;
      };
      for (; at + chunk <= rows.length; at += chunk) add(await runChunk(db, rows, at, chunk));
      if (o.repeatable && at < rows.length) {
        const rest = rows.length - at;
        const size = Math.min(chunk, 2 ** Math.ceil(Math.log2(rest)));
        const filled = [...rows.slice(at), ...Array.from({ length: size - rest }, () => rows[rows.length - 1]!)];
        add(await runChunk(db, filled, 0, size));
        return { rows: out, affected };
      }
      // The rest in power-of-two pieces: a few compiled shapes, whatever the count.
      for (let size = 1 << Math.floor(Math.log2(chunk)); size >= 1; size >>= 1) {
        while (rows.length - at >= size) {
          add(await runChunk(db, rows, at, size));
          at += size;
        }
      }
      return { rows: out, affected };
    },
  };
}
