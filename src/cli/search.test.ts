// `gmis search status|rebuild` and the start of a database whose published records the index does not
// hold (one made before migration 0017), on SQLite and PostgreSQL: the fixture snapshot imported, the
// index emptied behind its back, status says so (exit code 1), rebuild and a new start each put every
// facility back, and status agrees again; an index of an earlier document version is rebuilt at start.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, mock, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { openRuntime, type Runtime } from '../runtime.ts';
import { importSeedSnapshot } from '../opendata/seed-import.ts';
import { ManualClock } from '../platform/clock.ts';
import { clearIndex, countIndexed } from '../search/index-repository.ts';
import { describeEachEngine } from '../testing/db.ts';
import { startTestPlatform, type TestPlatform } from '../testing/platform.ts';
import { writeSetting } from '../db/settings-repository.ts';
import { DOCUMENT_VERSION } from '../search/document.ts';
import { indexState } from '../search/index-state.ts';
import { registerSearchCommands } from './search.ts';

const FIXTURES = fileURLToPath(new URL('../opendata/fixtures/snapshot-2026/', import.meta.url));

describeEachEngine('gmis search status|rebuild', (engine) => {
  let platform: TestPlatform;
  let published = 0;
  const db = () => platform.rt.deps.db;

  async function run(...args: string[]): Promise<{ out: string; exitCode: number }> {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    registerSearchCommands(program, (fn) => fn({ deps: platform.rt.deps } as unknown as Runtime));
    const log = mock.method(console, 'log', () => {});
    const before = process.exitCode;
    try {
      await program.parseAsync(['search', ...args], { from: 'user' });
      return { out: log.mock.calls.map((c) => c.arguments.join(' ')).join('\n'), exitCode: Number(process.exitCode ?? 0) };
    } finally {
      log.mock.restore();
      process.exitCode = before;
    }
  }

  before(async () => {
    platform = await startTestPlatform({ engine, clock: new ManualClock(Date.UTC(2026, 5, 10, 1)) });
    published = (await importSeedSnapshot(platform.rt.deps, path.resolve(FIXTURES), { unpublishMissing: true })).result.created;
    assert.ok(published > 0);
  });
  after(() => platform.close());

  test('status agrees after an import; an emptied index is found out and rebuilt', async () => {
    assert.deepEqual(await run('status'), { out: `公開中の施設 ${published}件、検索の索引 ${published}件`, exitCode: 0 });
    await clearIndex(db());
    const stale = await run('status');
    assert.equal(stale.exitCode, 1);
    assert.match(stale.out, new RegExp(`公開中の施設 ${published}件、検索の索引 0件（一致しません`));
    const rebuilt = await run('rebuild');
    assert.match(rebuilt.out, new RegExp(`検索の索引を作り直しました: ${published}件`));
    assert.equal(await countIndexed(db()), published);
    assert.equal((await run('status')).exitCode, 0);
  });

  test('a start over published records with an empty index builds it', async () => {
    await clearIndex(db());
    const again = await openRuntime(platform.config, { handle: { ...platform.rt.handle, close: async () => {} } });
    try {
      assert.equal(await countIndexed(db()), published);
    } finally {
      await again.close();
    }
  });

  test('an index an earlier document version built: status says so, and a start rebuilds it', async () => {
    await writeSetting(db(), 'search_document_version', '1');
    const status = await run('status');
    assert.equal(status.exitCode, 1);
    assert.match(status.out, /以前の版で作られた索引です/);
    const again = await openRuntime(platform.config, { handle: { ...platform.rt.handle, close: async () => {} } });
    try {
      assert.equal((await indexState(db())).version, DOCUMENT_VERSION);
      assert.equal(await countIndexed(db()), published);
      assert.equal((await run('status')).exitCode, 0);
    } finally {
      await again.close();
    }
  });
});
