// Child process for sqlite-writers.test.ts: opens the SQLite file given as argv[2] as the
// application does and, from the time argv[4], runs argv[3] read-then-write transactions on one
// counter, reporting each failure's code on stdout as JSON.
import { openDatabase } from './database.ts';

const [file, rounds, startAt] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const handle = openDatabase({ engine: 'sqlite', file });
// All children start together, so their transactions overlap.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
const errors: string[] = [];
for (let i = 0; i < rounds; i++) {
  try {
    await handle.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('app_settings').select('value').where('key', '=', 'counter').executeTakeFirstOrThrow();
      await new Promise((resolve) => setImmediate(resolve)); // as a request's transaction awaits between queries
      await trx
        .updateTable('app_settings')
        .set({ value: String(Number(row.value) + 1) })
        .where('key', '=', 'counter')
        .execute();
    });
  } catch (err) {
    errors.push((err as { code?: string }).code ?? String(err));
  }
}
await handle.close();
process.stdout.write(JSON.stringify({ errors }));
