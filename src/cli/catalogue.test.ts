// `gmis catalogue list`: the counts per kind as the command prints them (text and JSON), and the README's
// table, which must say the same as the command for the latest catalogue.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mock, test } from 'node:test';
import { Command } from 'commander';
import { INSTITUTION_KINDS } from '../db/schema.ts';
import { catalogueYears } from '../reporting/catalogue/load.ts';
import { reiwaLabel } from '../reporting/fiscal-year.ts';
import { COUNT_COLUMNS, catalogueCounts, registerCatalogueCommands, type CatalogueCounts } from './catalogue.ts';

const ITEMS = { 病院: 60, 診療所: 54, 歯科診療所: 36, 助産所: 29, 薬局: 38 };

/** Runs `gmis catalogue list …` (or another subcommand) as the command line does and returns what it printed. */
async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerCatalogueCommands(program);
  const log = mock.method(console, 'log', () => {});
  try {
    await program.parseAsync(['catalogue', ...(args[0] === 'show' ? [] : ['list']), ...args], { from: 'user' });
    return log.mock.calls.map((c) => c.arguments.join(' ')).join('\n');
  } finally {
    log.mock.restore();
  }
}

test('catalogue list prints the items per kind: 病院 60, 診療所 54, 歯科診療所 36, 助産所 29, 薬局 38', async () => {
  for (const fy of catalogueYears('medical')) {
    const text = await run('--fiscal-year', String(fy));
    assert.ok(text.startsWith(`${reiwaLabel(fy)}（${fy}年度）`), text);
    for (const [kind, items] of Object.entries(ITEMS)) assert.match(text, new RegExp(`^${kind} +${items} `, 'm'), `${fy} ${kind}`);
    const json = JSON.parse(await run('--fiscal-year', String(fy), '--json')) as { fiscalYear: number; kinds: CatalogueCounts[] };
    assert.equal(json.fiscalYear, fy);
    assert.deepEqual(
      json.kinds.map((k) => [k.kind, k.items, k.catalogue]),
      INSTITUTION_KINDS.map((k) => [k, ITEMS[k], `${fy}:${k === '薬局' ? 'pharmacy' : 'medical'}`]),
    );
    for (const k of json.kinds) {
      assert.ok(k.fields >= k.items && k.publicItems <= k.items && k.basicItems <= k.items && k.openDataItems <= k.items, k.kind);
    }
  }
});

test('catalogue list also prints the status catalogue’s items per report kind: 休止 6, 廃止 7, 再開 4', async () => {
  const text = await run('--fiscal-year', '2026');
  assert.match(text, /^休止・廃止・再開（どの種別も同じ）　カタログ: 2025:status　休止 6項目・廃止 7項目・再開 4項目$/m);
  const json = JSON.parse(await run('--fiscal-year', '2026', '--json')) as { status: unknown };
  assert.deepEqual(json.status, { catalogue: '2025:status', items: { suspension: 6, closure: 7, resumption: 4 } });
});

test('a fiscal year before the first catalogue is refused; a later one uses the nearest earlier file', async () => {
  const latest = Math.max(...catalogueYears('medical'));
  const json = JSON.parse(await run('--fiscal-year', String(latest + 3), '--json')) as { kinds: CatalogueCounts[] };
  assert.equal(json.kinds[0]?.catalogue, `${latest}:medical`);
  assert.throws(() => catalogueCounts(2000), /2000年度以前/);
  await assert.rejects(run('--fiscal-year', '26'), /fiscal year like 2026/);
});

test('catalogue show --kind lists the kind’s items by number, in sections', async () => {
  const text = await run('show', '--kind', '病院', '--fiscal-year', '2025');
  const numbered = text.split('\n').filter((l) => /^ +\d+\. /.test(l));
  assert.equal(numbered.length, 60);
  assert.match(text, /^ +56\. 患者数 +results\.patients /m);
  assert.match(text, /^ +1\. 名称 +basic\.name \[基本情報\]/m);
  assert.match(text, /^第三 医療の実績・結果$/m);
  const midwifery = await run('show', '--kind', '助産所', '--fiscal-year', '2025');
  assert.equal(midwifery.split('\n').filter((l) => /^ +\d+\. /.test(l)).length, 29);
  await assert.rejects(run('show', '--kind', '大学'), /one of 病院/);
});

test('the README’s catalogue table has the numbers the command prints for the latest catalogue', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('### 医療機能情報・薬局機能情報の報告 (catalogue)');
  assert.ok(start >= 0, 'the README has the catalogue section');
  const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
  const latest = Math.max(...catalogueYears('medical'));
  assert.ok(section.includes(`${reiwaLabel(latest)} (${latest})`), `the README names ${reiwaLabel(latest)} (${latest})`);
  const rows = section
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  assert.deepEqual(rows[0], ['種別', ...COUNT_COLUMNS.map((c) => c.heading)]);
  assert.deepEqual(
    rows.slice(1),
    catalogueCounts(latest).map((c) => [c.kind, ...COUNT_COLUMNS.map((col) => String(col.value(c)))]),
  );
});
