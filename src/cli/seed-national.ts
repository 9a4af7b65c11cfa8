// `gmis seed --national`: writes a synthetic 医療情報ネット snapshot at national scale (opendata/national.ts)
// into a temporary directory (or --keep DIR), then publishes it as `gmis opendata import` would (read as
// it streams, published and indexed in one transaction), printing how long each phase took.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { writeNationalSnapshot, type SnapshotSummary } from '../opendata/national.ts';
import { importSeedSnapshot } from '../opendata/seed-import.ts';
import { SnapshotRefused } from '../opendata/types.ts';
import type { Runtime } from '../runtime.ts';
import { progress } from './institutions.ts';

export interface NationalSeedOptions {
  national?: boolean;
  scale?: number;
  seed?: number;
  keep?: string;
}

function scale(value: string): number {
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || !(n > 0 && n <= 1)) throw new InvalidArgumentError('a share of the real counts above 0 and at most 1, e.g. 0.05');
  return n;
}

function seedNumber(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError('a whole number, e.g. 1');
  return Number(value);
}

/** The options `gmis seed` takes for the national data set. */
export function addNationalSeedOptions(command: Command): Command {
  return command
    .option(
      '--national',
      'instead of the demo accounts: a synthetic snapshot of every published facility in the open-data format, imported (~206,000 facilities)',
    )
    .option('--scale <share>', 'with --national: this share of the real counts, e.g. 0.05 (default 1)', scale)
    .option('--seed <n>', 'with --national: the random seed; the same seed writes the same snapshot (default 1)', seedNumber)
    .option('--keep <dir>', 'with --national: write the snapshot into this directory and keep it (default: a temporary one, removed after the import)');
}

const count = new Intl.NumberFormat('en');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function describe(s: SnapshotSummary): string {
  const kinds = Object.entries(s.facilities)
    .map(([kind, n]) => `${kind} ${count.format(n)}`)
    .join(' · ');
  const total = Object.values(s.facilities).reduce((a, b) => a + b, 0);
  const bytes = Object.values(s.files).reduce((a, f) => a + f.bytes, 0);
  return `${count.format(total)} facilities (${kinds}), ${count.format(s.hoursRows)} department × time band rows, ${(bytes / 1e6).toFixed(0)} MB`;
}

/**
 * Runs `gmis seed --national` when the options ask for it and says so (true); false when they do not,
 * for the demo seed to run. The national options without --national are an error.
 */
export async function nationalSeed(rt: Runtime, o: NationalSeedOptions, command: Command): Promise<boolean> {
  if (!o.national) {
    if (o.scale !== undefined || o.seed !== undefined || o.keep !== undefined)
      command.error('error: --scale, --seed and --keep go with --national', { exitCode: 2 });
    return false;
  }
  const options = { scale: o.scale ?? 1, seed: o.seed ?? 1 };
  const dir = o.keep ? path.resolve(o.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-national-'));
  console.log(`writing the snapshot (scale ${options.scale}, seed ${options.seed}) to ${dir}`);
  const started = performance.now();
  const summary = await writeNationalSnapshot(dir, options);
  const written = performance.now();
  console.log(`  written in ${seconds(written - started)}: ${describe(summary)}`);
  const bar = progress('取り込み中');
  try {
    const { result, notes } = await importSeedSnapshot(rt.deps, dir, { unpublishMissing: true, onProgress: (p) => bar(p.bytesRead, p.totalBytes) });
    const noted = notes.reduce((n, c) => n + c.count, 0);
    console.log(
      `  imported in ${seconds(performance.now() - written)} (read, published and indexed in one transaction): ` +
        `${count.format(result.created)} published for the first time, ${count.format(result.updated)} updated, ${count.format(result.unchanged)} unchanged, ` +
        `${count.format(result.unpublished)} unpublished; ${count.format(noted)} value(s) normalised or dropped as the real files' are (--keep the snapshot and \`gmis opendata import --dry-run\` it to see them)`,
    );
    console.log(`done in ${seconds(performance.now() - started)}`);
  } catch (err) {
    if (!(err instanceof SnapshotRefused)) throw err;
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.error(`refused: ${err.message}; nothing was imported, the snapshot is kept in ${dir}`);
    process.exitCode = 1;
    return true;
  }
  if (!o.keep) fs.rmSync(dir, { recursive: true, force: true });
  return true;
}
