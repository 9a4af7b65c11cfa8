// Queries built and compiled once and run many times. Kysely builds an operation tree, freezes it
// and compiles it to SQL on every call; on the hottest paths (oidc-provider's storage runs about a
// dozen queries per single sign-on) that costs as much CPU as SQLite takes to run them.
import type { CompiledQuery, Compilable, QueryResult } from 'kysely';
import type { Db } from './dialect.ts';

const MARK = '\u0000prepared:';

/**
 * `build` receives stand-ins for the named arguments and returns the query; it is compiled on the
 * first run (for the engine of the database it runs on) and each stand-in among the compiled
 * parameters is replaced with the argument of that name on every run. Only stand-ins given as whole
 * values are replaced: build no value *from* an argument (no `p.x + 1`, no `JSON.stringify(p.x)`).
 */
export function prepared<A extends Record<string, unknown>, R>(
  db: Db,
  build: (args: A) => Compilable<R>,
): (args: A) => Promise<QueryResult<R>> {
  let compiled: { query: CompiledQuery<R>; slots: Array<string | undefined> } | undefined;
  return async (args) => {
    if (!compiled) {
      const standIns = new Proxy({} as A, { get: (_, name) => `${MARK}${String(name)}` });
      const query = build(standIns).compile();
      const slots = query.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARK) ? v.slice(MARK.length) : undefined));
      for (const name of Object.keys(args)) {
        if (!slots.includes(name)) throw new Error(`prepared query: argument "${name}" is not a parameter of ${query.sql}`);
      }
      compiled = { query, slots };
    }
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
