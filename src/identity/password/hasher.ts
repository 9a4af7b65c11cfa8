// Password hashing port: argon2id with OWASP's parameters (m=19 MiB, t=2, p=1) in production.
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id of the package's const enum (not importable under verbatimModuleSyntax).
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const OWASP_ARGON2ID: Argon2Params = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

export function argon2idHasher(params: Argon2Params = OWASP_ARGON2ID): PasswordHasher {
  const options = { algorithm: ARGON2ID, ...params };
  return {
    hash: (password) => hash(password, options),
    verify: async (stored, password) => {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    },
  };
}

/** Cheap parameters for tests that hash many passwords; the algorithm and code path stay the same. */
export const testHasher = (): PasswordHasher => argon2idHasher({ memoryCost: 256, timeCost: 1, parallelism: 1 });
