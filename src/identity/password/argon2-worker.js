// A password-hashing thread (see hasher.ts): runs argon2id synchronously, one job at a time, at a
// lower scheduling priority than the event loop. Plain JavaScript so it starts without a loader.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { hashSync, verifySync } from '@node-rs/argon2';

try {
  // Linux: the nice value is per thread, so this lowers only this thread.
  setPriority(workerData.nice);
} catch {
  // Not permitted or not supported: run at normal priority.
}

parentPort.on('message', (job) => {
  try {
    const value = job.op === 'hash' ? hashSync(job.password, job.options) : verifySync(job.stored, job.password);
    parentPort.postMessage({ id: job.id, value });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
