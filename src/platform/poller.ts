// A poller: runs a pass on an interval (never two at once in one process) and on demand, so work
// queued by a request (mail, jobs) is picked up without waiting for the next tick.

export interface Poller {
  /** Stops polling and waits for a pass in progress to finish. */
  stop(): Promise<void>;
  /** Runs a pass soon (right away when idle, straight after the current pass otherwise). */
  kick(): void;
  /** Runs a pass now and waits for it (or for the one in progress, then one more). */
  runOnce(): Promise<void>;
}

/**
 * `pass` returns true when it filled a whole batch, meaning more is probably due: the next pass
 * then runs straight away rather than an interval later.
 */
export function startPoller(
  pass: () => Promise<boolean>,
  options: { intervalMs?: number; logger?: { error(obj: object, msg?: string): void }; name?: string } = {},
): Poller {
  const { intervalMs = 1000 } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let kicked = false;
  let stopped = false;

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(runPass, delayMs);
  };

  function runPass(): Promise<void> {
    timer = undefined;
    if (running) return running;
    if (stopped) return Promise.resolve();
    kicked = false;
    running = (async () => {
      let again = false;
      try {
        again = await pass();
      } catch (err) {
        options.logger?.error({ err }, `${options.name ?? 'poller'} pass failed`);
      } finally {
        running = undefined;
        schedule(again || kicked ? 0 : intervalMs);
      }
    })();
    return running;
  }

  schedule(0);

  return {
    kick() {
      if (stopped) return;
      if (running) kicked = true;
      else schedule(0);
    },
    async runOnce() {
      if (running) await running;
      await runPass();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
