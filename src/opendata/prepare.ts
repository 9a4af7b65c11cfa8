// The one pipeline from a snapshot's files to what publishSnapshot writes: read (read.ts), the national
// seed's extras added (national-extras.ts), and what publishing makes of each facility's values made
// ahead — their JSON text, what the record shows, its search document (PreparedFacility). None of it
// touches the database, so a large snapshot runs it in a worker thread (prepare-worker.ts) on the
// other core while this thread only writes; a small one (tests, the demo) runs it here, as it starts
// at once. Either way the same functions, the same facilities, the same refusals and notes.
import { Worker } from 'node:worker_threads';
import type { InstitutionKind } from '../db/schema.ts';
import { catalogueFor } from '../reporting/catalogue/load.ts';
import { newRecordForIndex, projectionOf } from '../reporting/publication.ts';
import { searchDocument } from '../search/document.ts';
import { withNationalExtras } from './national-extras.ts';
import { oneByOne, readSnapshot, type NoteCount, type SnapshotFile, type SnapshotReader } from './read.ts';
import { SnapshotRefused, type ImportNote, type ImportRefusal, type PreparedFacility, type ReadProgress, type SnapshotFacility } from './types.ts';

export interface PrepareOptions {
  /** The fiscal year whose catalogue the values are in. */
  fiscalYear: number;
  /** Add the national seed's extras (a synthetic snapshot: national-extras.ts). */
  extras: boolean;
  /** Called as the files are read. */
  onProgress?: (progress: ReadProgress) => void;
  /** true: in a worker thread; false: in this one; default: a worker when the files are large (WORKER_FROM). */
  worker?: boolean;
}

/** From this many bytes of files a worker pays for its start (~0.5 s: loading the modules again). */
const WORKER_FROM = 16 * 1024 * 1024;
/** Facilities per message from the worker. */
const BATCH = 1000;
/** Batches the worker may have sent and this thread not yet taken: enough to keep both busy, no more in memory. */
const AHEAD = 4;

/** What a snapshot read through the pipeline gives: the files, kinds, facilities (once) and notes. */
export interface PreparedSnapshot extends AsyncIterable<PreparedFacility> {
  readonly files: readonly SnapshotFile[];
  readonly kinds: readonly InstitutionKind[];
  /** The notes by file, column and kind (complete once the iteration has ended). */
  noteCounts(): NoteCount[];
  /** The first notes of each, whole. */
  readonly notes: readonly ImportNote[];
}

/** The pipeline's step per facility: its values made into what publishSnapshot writes of them. */
export function prepareFacility(f: SnapshotFacility, catalogue: string): PreparedFacility {
  const { values, ...facility } = f;
  const shown = projectionOf(values, { name: f.name, name_kana: f.nameKana, name_en: f.nameEn });
  // published_at 0: the indexer sets the record's own.
  const document = searchDocument({ ...newRecordForIndex(f, shown, catalogue, 0), values: '' }, values);
  return { ...facility, prepared: { catalogue, valuesJson: JSON.stringify(values), shown, document } };
}

/** The facilities of a reader, prepared, in the reader's batches. */
export async function* preparedBatches(
  batches: AsyncIterable<SnapshotFacility[]>,
  o: { fiscalYear: number; extras: boolean },
): AsyncGenerator<PreparedFacility[]> {
  const kinds = new Map<InstitutionKind, { catalogue: string; has: (path: string) => boolean }>();
  for await (const batch of batches) {
    const out: PreparedFacility[] = [];
    for (const f of batch) {
      let kind = kinds.get(f.kind);
      if (!kind) {
        const c = catalogueFor(o.fiscalYear, f.kind);
        kinds.set(f.kind, (kind = { catalogue: c.id, has: (p) => c.fields.has(p) }));
      }
      out.push(prepareFacility(o.extras ? { ...f, values: withNationalExtras(f.id, f.kind, f.values, kind.has) } : f, kind.catalogue));
    }
    yield out;
  }
}

/**
 * Opens the snapshot in `dir` (its files found and headers checked here: SnapshotRefused) for reading
 * through the pipeline, in a worker or in this thread (`o.worker`).
 */
export async function openPreparedSnapshot(dir: string, o: PrepareOptions): Promise<PreparedSnapshot> {
  const reader = await readSnapshot(dir, { fiscalYear: o.fiscalYear, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  if (!(o.worker ?? reader.totalBytes >= WORKER_FROM)) {
    const batches = preparedBatches(reader.batches(), o);
    return {
      files: reader.files,
      kinds: reader.kinds,
      noteCounts: () => reader.noteCounts(),
      get notes() {
        return reader.notes;
      },
      [Symbol.asyncIterator]: () => oneByOne(batches),
    };
  }
  let notes: { counts: NoteCount[]; samples: ImportNote[] } = { counts: [], samples: [] };
  return {
    files: reader.files,
    kinds: reader.kinds,
    noteCounts: () => notes.counts,
    get notes() {
      return notes.samples;
    },
    [Symbol.asyncIterator]: () =>
      oneByOne(
        inWorker({ dir, fiscalYear: o.fiscalYear, extras: o.extras }, o.onProgress, (n) => {
          notes = n;
        }),
      ),
  };
}

/** What the worker is given. */
export interface WorkerInput {
  dir: string;
  fiscalYear: number;
  extras: boolean;
}

/** What the worker says: a batch, the end (with the notes), or why it stopped. */
export type WorkerMessage =
  | { type: 'batch'; facilities: PreparedFacility[]; progress: ReadProgress }
  | { type: 'done'; progress: ReadProgress; counts: NoteCount[]; samples: ImportNote[] }
  | { type: 'refused'; refusal: ImportRefusal; counts: NoteCount[]; samples: ImportNote[] }
  | { type: 'failed'; name: string; message: string; stack?: string };

/** The worker's side: the pipeline's batches regrouped by BATCH, sent as the other side asks for them (a message per batch it took). */
export async function runWorker(input: WorkerInput, post: (m: WorkerMessage) => void, taken: () => Promise<void>): Promise<void> {
  let progress: ReadProgress = { bytesRead: 0, totalBytes: 0, facilities: 0 };
  let out: PreparedFacility[] = [];
  let ahead = 0;
  const send = async () => {
    if (out.length === 0) return;
    while (ahead >= AHEAD) {
      await taken();
      ahead--;
    }
    post({ type: 'batch', facilities: out, progress });
    ahead++;
    out = [];
  };
  let reader: SnapshotReader | undefined;
  try {
    reader = await readSnapshot(input.dir, { fiscalYear: input.fiscalYear, onProgress: (p) => (progress = p) });
    try {
      for await (const batch of preparedBatches(reader.batches(), input)) {
        for (const f of batch) out.push(f);
        if (out.length >= BATCH) await send();
      }
    } finally {
      // What was read before a refusal goes first, as in this thread: the writer may refuse one of them first.
      await send();
    }
    post({ type: 'done', progress: reader.progress(), counts: reader.noteCounts(), samples: [...reader.notes] });
  } catch (e) {
    // With the notes so far, as a refusal in this thread leaves them (the import report prints them).
    if (e instanceof SnapshotRefused) post({ type: 'refused', refusal: e.refusal, counts: reader?.noteCounts() ?? [], samples: [...(reader?.notes ?? [])] });
    else {
      const err = e instanceof Error ? e : new Error(String(e));
      post({ type: 'failed', name: err.name, message: err.message, ...(err.stack === undefined ? {} : { stack: err.stack }) });
    }
  }
}

/**
 * The pipeline in a worker thread. The worker is started with tsx registered (this process may have
 * registered it through its API, bin/gmis.js, which a worker does not inherit) and ended when the
 * batches end, are given up or fail.
 */
async function* inWorker(
  input: WorkerInput,
  onProgress: ((p: ReadProgress) => void) | undefined,
  onNotes: (n: { counts: NoteCount[]; samples: ImportNote[] }) => void,
): AsyncGenerator<PreparedFacility[]> {
  const entry = new URL('./prepare-worker.ts', import.meta.url).href;
  const tsconfig = new URL('../../tsconfig.json', import.meta.url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsx)}).then((m) => { m.register({ tsconfig: ${JSON.stringify(tsconfig.pathname)} }); ` +
    `return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let exited: Error | undefined;
  const arrived = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    arrived();
  });
  worker.on('error', (e) => {
    exited = e;
    arrived();
  });
  worker.on('exit', (code) => {
    exited ??= new Error(`the snapshot's reading worker stopped (exit code ${code})`);
    arrived();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (m === undefined) {
        if (exited) throw exited;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (m.type === 'batch') {
        worker.postMessage('taken');
        onProgress?.(m.progress);
        yield m.facilities;
      } else if (m.type === 'done') {
        onNotes({ counts: m.counts, samples: m.samples });
        onProgress?.(m.progress);
        return;
      } else if (m.type === 'refused') {
        onNotes({ counts: m.counts, samples: m.samples });
        throw new SnapshotRefused(m.refusal);
      } else throw Object.assign(new Error(m.message), { name: m.name, stack: m.stack });
    }
  } finally {
    await worker.terminate();
  }
}
