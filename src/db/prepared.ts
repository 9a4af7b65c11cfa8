// Queries built and compiled once and run many times. Kysely builds an operation tree, freezes it
// and compiles it to SQL on every call; on the hottest paths (a sign-in, and oidc-provider's storage
// with about a dozen queries per single sign-on) that costs as much CPU as SQLite takes to run them.
import type { CompiledQuery, Compilable, QueryResult } from 'kysely';
import type { Db } from './dialect.ts';

const MARK = '\u0000prepared:';

interface Compiled<R> {
  query: CompiledQuery<R>;
  slots: Array<string | undefined>;
}

/**
 * A query run on the database (or transaction) given at each call. `build` receives a database and
 * stand-ins for the named arguments and returns the query; it is compiled once per engine (on the
 * first run there) and each stand-in among the compiled parameters is replaced with the argument of
 * that name on every run. Only stand-ins given as whole values are replaced: build no value *from*
 * an argument (no `p.x + 1`, no `JSON.stringify(p.x)`).
 */
export function statement<A extends Record<string, unknown>, R>(build: (db: Db, args: A) => Compilable<R>): (db: Db, args: A) => Promise<QueryResult<R>> {
  // Keyed by the engine's adapter class: the SQL differs between engines, not between databases.
  const byEngine = new Map<unknown, Compiled<R>>();
  const compile = (db: Db, args: A): Compiled<R> => {
    const standIns = new Proxy({} as A, { get: (_, name) => `${MARK}${String(name)}` });
    const query = build(db, standIns).compile();
    const slots = query.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARK) ? v.slice(MARK.length) : undefined));
    for (const name of Object.keys(args)) {
      if (!slots.includes(name)) throw new Error(`prepared query: argument "${name}" is not a parameter of ${query.sql}`);
    }
    return { query, slots };
  };
  return async (db, args) => {
    const engine = db.getExecutor().adapter.constructor;
    let compiled = byEngine.get(engine);
    if (!compiled) byEngine.set(engine, (compiled = compile(db, args)));
    const { query, slots } = compiled;
    const parameters = query.parameters.map((v, i) => {
      const slot = slots[i];
      if (slot === undefined) return v;
      if (!(slot in args)) throw new Error(`prepared query: argument "${slot}" missing`);
      return args[slot];
    });
    return db.executeQuery<R>({ ...query, parameters });
  };
}

/** `statement` bound to one database. */
export function prepared<A extends Record<string, unknown>, R>(db: Db, build: (args: A) => Compilable<R>): (args: A) => Promise<QueryResult<R>> {
  const run = statement((_db, args: A) => build(args));
  return (args) => run(db, args);
}
