import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HeapDuringHashes, heapDuringHashes } from "../../src/lib/heap-during-hashes.js";
import { loadMemoryAddon } from "../../src/lib/arena-trim.js";

const root = join(import.meta.dirname, "../..");
const GiB = 1024 ** 3;

function policy() {
  const growth: number[] = [];
  let pressures = 0;
  const heap = new HeapDuringHashes({
    setGrowingPercent: (percent) => growth.push(percent),
    atRest: 100,
    whileHashing: 30,
    pressure: () => (pressures += 1),
    afterMs: 1000,
    pressureEveryMs: 10_000,
    now: () => Date.now(),
  });
  return { heap, growth, pressures: () => pressures };
}

describe("V8's heap while hashes run", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("grows the heap 30% past what was live while hashes run, and back to 100% a quiet second after the last", () => {
    const { heap, growth } = policy();
    heap.enter();
    heap.enter();
    expect(growth).toEqual([30]);
    heap.leave();
    heap.leave();
    vi.advanceTimersByTime(900);
    heap.enter(); // within the second: the same spell
    heap.leave();
    vi.advanceTimersByTime(999);
    expect(growth).toEqual([30]);
    vi.advanceTimersByTime(1);
    expect(growth).toEqual([30, 100]);
  });

  it("starts a spell of hashes with a memory-reducing collection, at most once every 10 s", () => {
    const { heap, growth, pressures } = policy();
    heap.enter();
    expect(pressures()).toBe(1);
    heap.leave();
    vi.advanceTimersByTime(1000);
    heap.enter(); // a new spell 1 s later: tighter again, but no second collection yet
    heap.leave();
    vi.advanceTimersByTime(1000);
    expect(growth).toEqual([30, 100, 30, 100]);
    expect(pressures()).toBe(1);
    vi.advanceTimersByTime(8000);
    heap.enter();
    expect(pressures()).toBe(2);
  });

  it("survives a leave without its enter", () => {
    const { heap, growth } = policy();
    heap.leave();
    vi.advanceTimersByTime(2000);
    expect(growth).toEqual([]);
  });

  it("leaves V8's heap to an operator who set --heap-growing-percent, and rests where bin/heap.cjs does", () => {
    expect(heapDuringHashes(1000, { execArgv: ["--heap-growing-percent=50"] })).toBeNull();
    for (const [heapSizeLimit, atRest] of [
      [4 * GiB, "--heap-growing-percent=100"],
      [1 * GiB, "--heap-growing-percent=0"],
    ] as const) {
      const flags: string[] = [];
      const heap = heapDuringHashes(1000, { execArgv: [], heapSizeLimit, setFlags: (f) => flags.push(f), pressure: null })!;
      heap.enter();
      heap.leave();
      vi.advanceTimersByTime(1000);
      expect(flags).toEqual(["--heap-growing-percent=30", atRest]);
    }
  });
});

describe("the memory-reducing collection (native/memory.cc)", () => {
  it("hands a heap's garbage back without waiting for V8's memory reducer", () => {
    expect(loadMemoryAddon()?.notifyMemoryPressure).toBeTypeOf("function");
    // A node of its own: ~60 MiB of small objects promoted to the old space and dropped, then the old space's committed
    // size a second later, with and without the call.
    const script = `
import { createRequire } from "node:module";
import v8 from "node:v8";
const addon = createRequire(import.meta.url)(${JSON.stringify(join(root, "build/Release/memory.node"))});
const old = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "old_space").space_size / 1048576;
let keep = [];
for (let i = 0; i < 2000; i++) { keep.push(Array.from({ length: 1000 }, (_, j) => ({ i, j }))); if (i % 100 === 99) await new Promise((r) => setImmediate(r)); }
keep = null;
const before = old();
// With the call, until the collection has handed the space back (5 s at most); without, a second.
if (process.argv[1] === "call") addon.notifyMemoryPressure();
for (let waited = 0; waited < (process.argv[1] === "call" ? 5000 : 1000) && !(old() < before - 40); waited += 100) await new Promise((r) => setTimeout(r, 100));
console.log(JSON.stringify({ before, after: old() }));
`;
    const run = (call: boolean) => {
      const { NODE_OPTIONS: _ignored, ...env } = process.env;
      // An old generation that starts at 256 MiB: V8 starts no collection of its own while the
      // 60 MiB are made (one that began while they were alive would free nothing of them and
      // keep the call from starting another; one that began after would free them without it).
      const args = ["--initial-old-space-size=256", "--input-type=module", "-e", script, call ? "call" : "no"];
      const out = execFileSync(process.execPath, args, { env, timeout: 25_000 });
      return JSON.parse(out.toString()) as { before: number; after: number };
    };
    const left = run(false);
    const reduced = run(true);
    expect(left.before).toBeGreaterThan(50);
    expect(left.after).toBeGreaterThan(50);
    expect(reduced.after).toBeLessThan(reduced.before - 40);
  }, 60_000);
});
