// The worker thread of prepare.ts: runs the pipeline over the snapshot it is given and sends its batches
// to the thread that writes them, as fast as that one takes them.
import { parentPort, workerData } from 'node:worker_threads';
import { runWorker, type WorkerInput } from './prepare.ts';

const port = parentPort!;
const waiting: Array<() => void> = [];
let taken = 0;
port.on('message', () => {
  const next = waiting.shift();
  if (next) next();
  else taken++;
});

await runWorker(
  workerData as WorkerInput,
  (m) => port.postMessage(m),
  () =>
    new Promise<void>((resolve) => {
      if (taken > 0) {
        taken--;
        resolve();
      } else waiting.push(resolve);
    }),
);
port.close();
