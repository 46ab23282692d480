import { availableParallelism } from "node:os";
import argon2 from "argon2";
import { idleArenaTrim } from "../lib/arena-trim.js";
import { heapDuringHashes } from "../lib/heap-during-hashes.js";
import { TooManyRequestsError } from "../lib/errors.js";
import { QueueFullError, Semaphore } from "../lib/semaphore.js";

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
  /** Hashes waiting for a core: the depth of the argon2 queue (a gauge of /metrics). */
  queued(): number;
}

export interface HasherLimits {
  /** Hashes running at once; default: the CPU cores. */
  concurrency?: number;
  /** Hashes waiting at most; more are refused with TOO_MANY_REQUESTS. */
  maxQueue?: number;
  /**
   * Told of every hash (enter before it queues, leave once it is done). Default: libuv's
   * arenas are trimmed a second after the last one, where the addon is built and malloc's
   * thresholds are not the operator's (idleArenaTrim), and V8's heap is kept tighter while
   * hashes run (heapDuringHashes); [] for neither.
   */
  watchers?: HashWatcher[];
}

/** Something that wants to know when argon2 runs (see HasherLimits.watchers). */
export interface HashWatcher {
  enter(): void;
  leave(): void;
}

/**
 * This long without a hash, a burst of sign-ins is over: sign-ins further apart than this
 * each pay the page faults of a hash's 19 MiB (a few ms), at most once a second per thread.
 */
const IDLE_TRIM_AFTER_MS = 1000;

const defaultWatchers = (): HashWatcher[] =>
  [idleArenaTrim(IDLE_TRIM_AFTER_MS), heapDuringHashes(IDLE_TRIM_AFTER_MS)].filter((watcher) => watcher !== null);


/**
 * argon2 work is bounded: at most one hash per core runs at a time and the rest queue in
 * order, so a sign-in storm costs its own latency, not everyone else's CPU and memory.
 */
export async function createPasswordHasher(
  options: Argon2Parameters = ARGON2_OPTIONS,
  { concurrency = availableParallelism(), maxQueue = 1000, watchers = defaultWatchers() }: HasherLimits = {},
): Promise<PasswordHasher> {
  const gate = new Semaphore(concurrency, maxQueue);
  const bounded = async <T>(work: () => Promise<T>): Promise<T> => {
    for (const watcher of watchers) watcher.enter();
    try {
      return await gate.run(work);
    } catch (error) {
      if (error instanceof QueueFullError) throw new TooManyRequestsError(1);
      throw error;
    } finally {
      for (const watcher of watchers) watcher.leave();
    }
  };
  // Verified against when the username is unknown, so both cases cost the same.
  const dummyHash = await argon2.hash("dummy password that never matches", options);
  return {
    hash: (password) => bounded(() => argon2.hash(password, options)),
    async verify(hash, password) {
      if (hash === null) {
        await bounded(() => argon2.verify(dummyHash, password));
        return false;
      }
      try {
        return await bounded(() => argon2.verify(hash, password));
      } catch (error) {
        if (error instanceof TooManyRequestsError) throw error;
        // A malformed stored hash is a failed login, not a crash.
        return false;
      }
    },
    // argon2.needsRehash compares m, t and p only: an argon2i or argon2d hash moves to argon2id too.
    needsRehash: (hash) => !hash.startsWith("$argon2id$") || argon2.needsRehash(hash, options),
    queued: () => gate.queued,
  };
}
