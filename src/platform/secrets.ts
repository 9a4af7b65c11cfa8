// Random secrets and their at-rest form. Tokens leave the server once (in a link or a cookie) and are
// stored only as a keyed hash, so a database leak yields no usable token.
import { createHmac, createSecretKey, randomBytes, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';

export interface RandomSource {
  /** 256-bit random token, base64url. */
  token(): string;
  uuid(): string;
  int(maxExclusive: number): number;
}

export const cryptoRandom: RandomSource = {
  token: () => randomBytes(32).toString('base64url'),
  uuid: () => randomUUID(),
  int: (max) => {
    // Rejection sampling over 32-bit values keeps the distribution uniform.
    const limit = Math.floor(0x1_0000_0000 / max) * max;
    for (;;) {
      const n = randomBytes(4).readUInt32BE(0);
      if (n < limit) return n % max;
    }
  },
};

export class Secrets {
  private readonly key: KeyObject;

  constructor(key: string) {
    this.key = createSecretKey(Buffer.from(key, 'utf8'));
  }

  /** Keyed hash for storing tokens and session ids. */
  digest(value: string, purpose: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\0${value}`).digest('base64url');
  }

  sign(value: string, purpose: string): string {
    return `${value}.${this.digest(value, `sign:${purpose}`)}`;
  }

  /** Returns the signed value, or undefined when the signature does not match. */
  unsign(signed: string, purpose: string): string | undefined {
    const dot = signed.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const value = signed.slice(0, dot);
    const given = Buffer.from(signed.slice(dot + 1));
    const expected = Buffer.from(this.digest(value, `sign:${purpose}`));
    return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
  }
}

let sequence = 0;

/**
 * An id that sorts by creation: time, then a process-local sequence (so rows created in the same
 * millisecond keep their order), then randomness.
 */
export function sortableId(now: number, random: RandomSource): string {
  sequence = (sequence + 1) % 36 ** 6;
  return `${now.toString(36).padStart(10, '0')}${sequence.toString(36).padStart(6, '0')}-${random.token().slice(0, 12)}`;
}
