// The outbox poller: runs deliverDueMail on an interval (never two passes at once in one process)
// and on demand, so mail queued by a request reaches SMTP or the dev mailbox without waiting.
import { deliverDueMail, type DeliveryDeps, type DeliveryOptions } from './delivery.ts';

export interface MailWorker {
  /** Stops polling and waits for a pass in progress to finish. */
  stop(): Promise<void>;
  /** Runs a pass soon (right away when idle, straight after the current pass otherwise). */
  kick(): void;
}

export function startMailWorker(
  deps: DeliveryDeps,
  options: { intervalMs?: number } & DeliveryOptions = {},
): MailWorker {
  const { intervalMs = 1000, ...deliveryOptions } = options;
  const batchSize = deliveryOptions.batchSize ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let kicked = false;
  let stopped = false;

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(runPass, delayMs);
  };

  function runPass(): void {
    timer = undefined;
    if (running || stopped) return;
    kicked = false;
    running = (async () => {
      let again = false;
      try {
        const result = await deliverDueMail(deps, { ...deliveryOptions, batchSize });
        // A full batch suggests more is due: drain it now rather than an interval later.
        again = result.sent + result.retried + result.failed >= batchSize;
      } catch (err) {
        deps.logger?.error({ err }, 'mail delivery pass failed');
      } finally {
        running = undefined;
        schedule(again || kicked ? 0 : intervalMs);
      }
    })();
  }

  schedule(0);

  return {
    kick() {
      if (stopped) return;
      if (running) kicked = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
