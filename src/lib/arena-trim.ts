import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { isMainThread } from "node:worker_threads";

/**
 * Runs a free() with a low trim threshold in each of `threads` libuv threads, which hands
 * the top of their malloc arenas back to the system, then calls `done` (native/memory.cc).
 */
export type TrimThreadArenas = (threads: number, done: (ran: number) => void) => void;

// From src/lib (tsx, the tests) and from dist/src/lib (the built server) to the package root.
const ADDON_PATHS = ["../../build/Release/memory.node", "../../../build/Release/memory.node"];

/** What native/memory.cc exports on glibc (nothing elsewhere). */
export interface MemoryAddon {
  trimThreadArenas?: TrimThreadArenas;
  /** The same for V8's worker threads, posted to V8's platform; how many tasks were posted. */
  trimWorkerArenas?: () => number;
  /** Trims under way in the process. */
  trimsInFlight?: () => number;
  /** V8's moderate memory pressure: a compacting full collection, started now. */
  notifyMemoryPressure?: () => void;
}

/** The addon that `npm install` builds (binding.gyp), or null where it is not built. */
export function loadMemoryAddon(): MemoryAddon | null {
  const require = createRequire(import.meta.url);
  for (const path of ADDON_PATHS) {
    if (!existsSync(new URL(path, import.meta.url))) continue;
    try {
      return require(path) as MemoryAddon;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The addon's arena trim, or null where it is not built or not glibc's: the server then runs
 * as before, keeping what argon2 left in the arenas.
 */
export function loadArenaTrim(): TrimThreadArenas | null {
  return loadMemoryAddon()?.trimThreadArenas ?? null;
}

/**
 * libuv's pool: the size bin/threadpool.cjs set, read as libuv reads it (atoi into an
 * unsigned: 0 or no number is 1, a negative number or more than 1024 is 1024), or libuv's
 * own 4 when unset.
 */
export function threadpoolThreads(env: NodeJS.ProcessEnv = process.env): number {
  if (env.UV_THREADPOOL_SIZE === undefined) return 4;
  const size = Number.parseInt(env.UV_THREADPOOL_SIZE, 10) || 0;
  if (size === 0) return 1;
  return size < 0 ? 1024 : Math.min(1024, size);
}

export interface IdleTrimOptions {
  trim: TrimThreadArenas;
  /** V8's worker threads' arenas, trimmed with libuv's (their tops grow while V8 compiles). */
  trimWorkers?: () => void;
  threads: number;
  /** How long the work must have stopped before its memory is handed back. */
  afterMs: number;
}

/**
 * Hands back what argon2 left in libuv's threads' arenas once sign-ins have stopped. Each
 * hash (19 MiB) is freed into the arena of the thread that ran it, and glibc keeps it there
 * for the next one, which is what a burst wants; after the burst it is resident memory that
 * nothing uses (38 MiB with two threads). `enter` and `leave` bracket each hash; `afterMs`
 * after the last one leaves, with none running or waiting, the arenas are trimmed, once per
 * burst (hashes less than `afterMs` apart). The first hash after a trim pays its page faults
 * again (a few ms).
 */
export class IdleTrim {
  private dirty = false;
  private trimming = false;
  private readonly hashes: QuietAfter;

  constructor(private readonly options: IdleTrimOptions) {
    this.hashes = new QuietAfter(options.afterMs, () => this.trimNow());
  }

  enter(): void {
    this.dirty = true;
    this.hashes.enter();
  }

  leave(): void {
    this.hashes.leave();
  }

  private trimNow(): void {
    if (!this.dirty || this.trimming) return;
    this.dirty = false;
    this.trimming = true;
    try {
      this.options.trimWorkers?.();
      this.options.trim(this.options.threads, () => {
        this.trimming = false;
        // Hashes that ran while it trimmed left their memory behind: trim again after them.
        if (this.dirty && this.hashes.idle) this.hashes.schedule();
      });
    } catch {
      // The addon could not queue its work (out of memory): the memory stays, as without it.
      this.trimming = false;
    }
  }
}

/**
 * The hashes running, `enter` and `leave` bracketing each: `quiet` runs `afterMs` after the
 * last one leaves, unless another has entered by then (IdleTrim, HeapDuringHashes).
 */
export class QuietAfter {
  private running = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly afterMs: number,
    private readonly quiet: () => void,
  ) {}

  get idle(): boolean {
    return this.running === 0;
  }

  enter(): void {
    this.running += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  leave(): void {
    if (this.running === 0) return; // a leave without its enter
    this.running -= 1;
    if (this.running === 0) this.schedule();
  }

  /** `quiet` in `afterMs`, if none has entered by then (the timer does not hold the process open). */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running === 0) this.quiet();
    }, this.afterMs);
    this.timer.unref();
  }
}

/** An operator's own malloc settings, which the trim's fixed thresholds would replace. */
export function mallocIsTuned(env: NodeJS.ProcessEnv): boolean {
  return env.MALLOC_TRIM_THRESHOLD_ !== undefined || env.MALLOC_MMAP_THRESHOLD_ !== undefined || /glibc\.malloc\./.test(env.GLIBC_TUNABLES ?? "");
}

/**
 * The trim for this process's pool (and V8's workers), `afterMs` after the last hash; null
 * where the addon is not built, or where malloc's thresholds are the operator's.
 */
export function idleArenaTrim(afterMs: number, env: NodeJS.ProcessEnv = process.env): IdleTrim | null {
  if (mallocIsTuned(env)) return null;
  const addon = loadMemoryAddon();
  const trim = addon?.trimThreadArenas;
  if (!trim) return null;
  // V8's workers serve the whole process: trimmed from the main thread only, whose addon is
  // never unloaded under tasks still queued (a worker_thread's is, when it ends).
  const trimWorkers = isMainThread ? addon.trimWorkerArenas : undefined;
  return new IdleTrim({ trim, trimWorkers: trimWorkers && (() => void trimWorkers()), threads: threadpoolThreads(env), afterMs });
}
