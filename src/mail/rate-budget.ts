// A token bucket for bulk mail: at most `perSecond` rows a second on average, never more than one
// second's worth at once, so a big 一括メール配信 leaves the SMTP relay (and its own limits) room for
// the transactional mail the worker claims first.
import type { Clock } from '../platform/clock.ts';

/** How many more rows may be claimed now (`available`), and what was claimed (`spend`). */
export interface RateBudget {
  available(): number;
  spend(n: number): void;
}

export function tokenBucket(perSecond: number, clock: Clock): RateBudget {
  let tokens = perSecond;
  let at = clock.now();
  const refill = () => {
    const now = clock.now();
    tokens = Math.min(perSecond, tokens + ((now - at) / 1000) * perSecond);
    at = now;
  };
  return {
    available() {
      refill();
      return Math.floor(tokens);
    },
    spend(n) {
      refill();
      tokens -= n;
    },
  };
}
