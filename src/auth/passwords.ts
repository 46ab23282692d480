import argon2 from "argon2";

/** argon2id at the OWASP-recommended minimum: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export interface Argon2Parameters {
  type: typeof argon2.argon2id;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant work whether or not `hash` is given: a missing user costs one dummy verify. */
  verify(hash: string | null, password: string): Promise<boolean>;
  needsRehash(hash: string): boolean;
}

export async function createPasswordHasher(options: Argon2Parameters = ARGON2_OPTIONS): Promise<PasswordHasher> {
  // Verified against when the username is unknown, so both cases cost the same.
  const dummyHash = await argon2.hash("dummy password that never matches", options);
  return {
    hash: (password) => argon2.hash(password, options),
    async verify(hash, password) {
      if (hash === null) {
        await argon2.verify(dummyHash, password);
        return false;
      }
      try {
        return await argon2.verify(hash, password);
      } catch {
        // A malformed stored hash is a failed login, not a crash.
        return false;
      }
    },
    // argon2.needsRehash compares m, t and p only: an argon2i or argon2d hash moves to argon2id too.
    needsRehash: (hash) => !hash.startsWith("$argon2id$") || argon2.needsRehash(hash, options),
  };
}
