// One reader thread of sqlite-readers.ts: its own read-only connection to the database file, running
// the statements the main thread sends ({ id, sql, parameters }) and answering { id, rows } or
// { id, error }. Plain JavaScript with no import but better-sqlite3, so that it starts without the
// TypeScript loader (bin/gmis.js registers tsx for the main thread only) and costs little memory.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const db = new SQLite(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
/** Statements prepared once each (the search has a few dozen shapes); at most `max` kept. */
const statements = new Map();
const max = 1000;

parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size < max) statements.set(sql, statement);
    }
    if (statement.reader) parentPort.postMessage({ id, rows: statement.all(parameters) });
    else {
      // begin / commit / rollback of a read transaction; a write fails (the connection is read-only).
      statement.run(parameters);
      parentPort.postMessage({ id, rows: [] });
    }
  } catch (err) {
    parentPort.postMessage({ id, error: { message: err instanceof Error ? err.message : String(err), code: err?.code } });
  }
});
