// Publishing a synthetic snapshot (national.ts) the way `gmis opendata import` publishes the ministry's:
// read as it streams and prepared (prepare.ts: in a worker thread when large) and published in one
// transaction (publishSnapshot). For `gmis seed
// --national` and the demo of `npm start`, whose newcomers' first search should find something. Each
// synthetic facility also gets what its report would hold beyond the open-data columns (parking,
// languages, equipment …: national-extras.ts), so 他の項目 and the staff's conditions find some.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ports } from '../ports.ts';
import { fiscalYearOf, jstDateOf } from '../reporting/fiscal-year.ts';
import { publishSnapshot, type SnapshotResult } from '../reporting/publication.ts';
import { writeDemoSnapshot, type SnapshotSummary } from './national.ts';
import { openPreparedSnapshot, type PreparedSnapshot } from './prepare.ts';
import type { NoteCount } from './read.ts';
import type { ReadProgress } from './types.ts';

type Deps = Pick<Ports, 'db' | 'clock' | 'random'>;

export interface SeedImport {
  result: SnapshotResult;
  /** The values the reader normalised or dropped, by file, column and kind. */
  notes: readonly NoteCount[];
  reader: PreparedSnapshot;
}

/**
 * Reads the snapshot in `dir` and publishes it, taken today (Japan time) in this fiscal year's catalogue.
 * `unpublishMissing`: the open-data records of its kinds it does not list are unpublished (a national
 * seed over an earlier one); records published from reports are never touched. Throws SnapshotRefused.
 * Read and prepared in a worker thread when the snapshot is large (prepare.ts; `worker` decides).
 */
export async function importSeedSnapshot(
  deps: Deps,
  dir: string,
  o: { unpublishMissing: boolean; onProgress?: (p: ReadProgress) => void; worker?: boolean },
): Promise<SeedImport> {
  const now = deps.clock.now();
  const fiscalYear = fiscalYearOf(now);
  const reader = await openPreparedSnapshot(dir, {
    fiscalYear,
    extras: true,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.worker === undefined ? {} : { worker: o.worker }),
  });
  const result = await publishSnapshot(deps.db, deps, reader, {
    takenOn: jstDateOf(now),
    fiscalYear,
    unpublishMissing: o.unpublishMissing,
    kinds: reader.kinds,
    by: 'seed',
  });
  return { result, notes: reader.noteCounts(), reader };
}

/** The demo's open data: writeDemoSnapshot (~3,000 facilities of 東京都, 神奈川県, 大阪府) published, its files removed. */
export async function publishDemoSnapshot(deps: Deps): Promise<{ summary: SnapshotSummary; result: SnapshotResult }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gmis-demo-opendata-'));
  try {
    const summary = await writeDemoSnapshot(dir);
    const { result } = await importSeedSnapshot(deps, dir, { unpublishMissing: false });
    return { summary, result };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
