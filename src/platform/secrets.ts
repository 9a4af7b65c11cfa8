// Random secrets and their at-rest form. Tokens leave the server once (in a link or a cookie) and are
// stored only as a keyed hash, so a database leak yields no usable token.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  randomFillSync,
  randomUUID,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';

export interface RandomSource {
  /** 256-bit random token, base64url. */
  token(): string;
  uuid(): string;
  int(maxExclusive: number): number;
}

/**
 * Bytes from the CSPRNG, drawn 4 KiB at a time (as Node does for randomUUID): a call for 32 bytes costs
 * the call into OpenSSL each time, and a national import asks for two ids per facility (412,000 calls:
 * 2.5 s). Each byte is handed out once and wiped once used.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function randomPart(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const part = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return part;
}

export const cryptoRandom: RandomSource = {
  token: () => {
    const part = randomPart(32);
    const text = part.toString('base64url');
    part.fill(0);
    return text;
  },
  uuid: () => randomUUID(),
  int: (max) => {
    // Rejection sampling over 32-bit values keeps the distribution uniform.
    const limit = Math.floor(0x1_0000_0000 / max) * max;
    for (;;) {
      const part = randomPart(4);
      const n = part.readUInt32BE(0);
      part.fill(0);
      if (n < limit) return n % max;
    }
  },
};

/** Sealed data that this key cannot open: sealed under another SECRET_KEY, or altered. */
export class UnsealError extends Error {
  constructor(purpose: string) {
    super(`cannot decrypt ${purpose}: it was sealed under another SECRET_KEY, or it was altered`);
    this.name = 'UnsealError';
  }
}

const SEALED_PREFIX = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class Secrets {
  private readonly key: KeyObject;
  private readonly sealingKeys = new Map<string, KeyObject>();

  constructor(key: string) {
    this.key = createSecretKey(Buffer.from(key, 'utf8'));
  }

  /** A 256-bit key for `purpose` only, derived from the secret with HKDF-SHA256. */
  private sealingKey(purpose: string): KeyObject {
    let key = this.sealingKeys.get(purpose);
    if (!key) {
      key = createSecretKey(Buffer.from(hkdfSync('sha256', this.key, 'open-gmis', `seal:${purpose}`, 32)));
      this.sealingKeys.set(purpose, key);
    }
    return key;
  }

  /**
   * Encrypts `plaintext` for storage (AES-256-GCM, random IV). `context` (say, the row's id) is
   * authenticated with it, so a sealed value cannot be moved to another row.
   */
  seal(plaintext: string, purpose: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealingKey(purpose), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The plaintext seal() took; throws UnsealError for another key, another context or any change. */
  unseal(sealed: string, purpose: string, context: string): string {
    const raw = sealed.startsWith(SEALED_PREFIX) ? Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url') : Buffer.alloc(0);
    if (raw.length < IV_BYTES + TAG_BYTES) throw new UnsealError(purpose);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealingKey(purpose), raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new UnsealError(purpose);
    }
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
