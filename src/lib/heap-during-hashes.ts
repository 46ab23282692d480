import v8 from "node:v8";
import { loadMemoryAddon, QuietAfter } from "./arena-trim.js";

/**
 * V8's heap while password hashes run. Each running hash holds 19 MiB outside V8's heap (two
 * at once on two cores), so while they run V8 is given less room for garbage: the old
 * generation may grow `whileHashing` percent past what the last full collection left alive
 * instead of `atRest`, and a spell of hashes that starts after a quiet one starts with a
 * memory-reducing full collection (V8's moderate memory pressure: incremental, compacting,
 * free pages handed back), at most once every `pressureEveryMs`, so that the heap does not
 * carry the garbage of what ran before beside the hashes. V8 starts none while a collection
 * of its own is marking: that spell goes without. `afterMs` after the last hash the
 * growth goes back to `atRest`. The collections cost the main thread a little while sign-ins
 * keep both cores hashing anyway (BENCHMARKS.md, Memory).
 */
export interface HeapDuringHashesOptions {
  /** Sets V8's --heap-growing-percent (0: V8's own factor). */
  setGrowingPercent: (percent: number) => void;
  atRest: number;
  whileHashing: number;
  /** The addon's notifyMemoryPressure; null where it is not built. */
  pressure: (() => void) | null;
  afterMs: number;
  pressureEveryMs: number;
  now?: () => number;
}

export class HeapDuringHashes {
  private hashing = false;
  private lastPressure = Number.NEGATIVE_INFINITY;
  private readonly hashes: QuietAfter;

  constructor(private readonly options: HeapDuringHashesOptions) {
    this.hashes = new QuietAfter(options.afterMs, () => this.rest());
  }

  enter(): void {
    this.hashes.enter();
    if (this.hashing) return;
    this.hashing = true;
    const { setGrowingPercent, whileHashing, pressure, pressureEveryMs, now = Date.now } = this.options;
    setGrowingPercent(whileHashing);
    if (pressure && now() - this.lastPressure >= pressureEveryMs) {
      this.lastPressure = now();
      pressure();
    }
  }

  leave(): void {
    this.hashes.leave();
  }

  private rest(): void {
    if (!this.hashing) return;
    this.hashing = false;
    this.options.setGrowingPercent(this.options.atRest);
  }
}

/** Where V8's own growth factor can reach 4 and bin/heap.cjs sets 100 instead (the same rule as there). */
const LARGE_HEAP_LIMIT = 2 * 1024 ** 3;
const HEAP_GROWTH_FLAG = /^--?heap[-_]growing[-_]percent(=|$)/;

/**
 * The policy for this process, or null when node was given --heap-growing-percent (the
 * operator's, as bin/heap.cjs leaves it). At rest: what bin/heap.cjs set (100 on a heap limit
 * of 2 GiB or more, else V8's own factor).
 */
export function heapDuringHashes(
  afterMs: number,
  {
    execArgv = process.execArgv,
    heapSizeLimit = v8.getHeapStatistics().heap_size_limit,
    setFlags = (flags: string) => v8.setFlagsFromString(flags),
    pressure = loadMemoryAddon()?.notifyMemoryPressure ?? null,
  }: { execArgv?: string[]; heapSizeLimit?: number; setFlags?: (flags: string) => void; pressure?: (() => void) | null } = {},
): HeapDuringHashes | null {
  if (execArgv.some((arg) => HEAP_GROWTH_FLAG.test(arg))) return null;
  return new HeapDuringHashes({
    setGrowingPercent: (percent) => setFlags(`--heap-growing-percent=${percent}`),
    atRest: heapSizeLimit >= LARGE_HEAP_LIMIT ? 100 : 0,
    whileHashing: 30,
    pressure,
    afterMs,
    pressureEveryMs: 10_000,
  });
}
