// `gmis search status` and `gmis search rebuild`: 医療情報ネット's search index beside what is
// published. The index follows every publication by itself (indexer.ts); a rebuild is for a database
// restored from a backup taken without it, or after a change to how documents are folded.
import type { Command } from 'commander';
import type { Runtime } from '../runtime.ts';
import { DOCUMENT_VERSION } from '../search/document.ts';
import { indexState, rebuildCurrentIndex } from '../search/index-state.ts';
import { progress } from './institutions.ts';

type WithRuntime = <T>(fn: (rt: Runtime) => Promise<T>) => Promise<T>;

const count = new Intl.NumberFormat('en');

export function registerSearchCommands(program: Command, withRuntime: WithRuntime): void {
  const search = program.command('search').description('医療情報ネット’s search index: compare it with what is published, rebuild it');

  search
    .command('status')
    .description('how many published facilities are visible and how many the index holds (exit code 1 when they differ)')
    .action(() =>
      withRuntime(async (rt) => {
        const state = await indexState(rt.deps.db);
        const old = state.version !== undefined && state.version !== DOCUMENT_VERSION;
        const problem = state.visible !== state.indexed ? '一致しません' : old ? '以前の版で作られた索引です' : undefined;
        console.log(
          `公開中の施設 ${count.format(state.visible)}件、検索の索引 ${count.format(state.indexed)}件${problem ? `（${problem}: gmis search rebuild で作り直せます）` : ''}`,
        );
        if (problem) process.exitCode = 1;
      }),
    );

  search
    .command('rebuild')
    .description('empty the index and index every visible published facility again, in one transaction (searches meanwhile see the old index)')
    .action(() =>
      withRuntime(async (rt) => {
        const started = performance.now();
        const { visible } = await indexState(rt.deps.db);
        const bar = progress('索引を作成中');
        const { indexed } = await rebuildCurrentIndex(rt.deps.db, { onProgress: (done) => bar(done, visible) });
        console.log(`検索の索引を作り直しました: ${count.format(indexed)}件（${((performance.now() - started) / 1000).toFixed(1)}秒）`);
      }),
    );
}
