"use strict";
// CommonJS, required by bin/server.cjs before the server loads, like threadpool.cjs.
const v8 = require("node:v8");
const { PerformanceObserver } = require("node:perf_hooks");

/**
 * How far V8 lets the old generation grow past what the last full collection left alive,
 * in percent. When the heap may grow to 2 GiB or more (node's default on a machine with
 * ~8 GiB of memory or more) V8 lets it grow by a factor of up to 4, so a server whose live
 * heap is ~50 MiB let garbage pile up to ~250 MiB before collecting it. At 100 (a factor
 * of 2) the bench's peaks fell by 22 to 102 MiB (~55 on average) and `me` and
 * `refreshToken` cost the same CPU per request (BENCHMARKS.md, Memory). It is not a limit:
 * the heap still grows as far as the live data needs.
 */
const HEAP_GROWING_PERCENT = 100;

/**
 * Below this heap limit V8 already grows by a factor between 1.3 and 2 (its MaxGrowingFactor
 * drops from 4 when the old generation's limit is under 2 GiB), and a fixed 2 would be more,
 * not less. heap_size_limit also counts the young generation (~48 MiB), so an old
 * generation a little under 2 GiB still gets the flag, where V8's factor is ~2 anyway.
 */
const LARGE_HEAP_LIMIT = 2 * 1024 ** 3;

/**
 * The flag to set, or null: when node was given one on its command line (V8's flags are
 * refused in NODE_OPTIONS), and when the heap's limit is small enough that V8's own factor
 * is lower (`--max-old-space-size` under 2 GiB, or a small machine).
 */
function heapGrowthFlag(execArgv, heapSizeLimit) {
  if (execArgv.some((arg) => /^--?heap[-_]growing[-_]percent(=|$)/.test(arg))) return null;
  if (heapSizeLimit < LARGE_HEAP_LIMIT) return null;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/** V8 reads this flag each time it sets the next collection's limit, so it applies from now on. */
function applyHeapGrowth() {
  const flag = heapGrowthFlag(process.execArgv, v8.getHeapStatistics().heap_size_limit);
  if (flag) v8.setFlagsFromString(flag);
}

// The young generation. V8 sizes its largest semi-space from the machine's memory (16 MiB
// from ~8 GiB, ~8 at 4 GiB, ~2 at 1 GiB) and grows the semi-spaces towards it, doubling them
// whenever enough survives its scavenges. Start-up, where nearly everything survives (the
// modules' code), grew them to the largest at once, and they stayed so, empty, until the
// memory reducer ran 10 to 20 s later; under load semi-spaces of 4 rather than 16 MiB take
// ~30 MiB off the peak; since requests no longer leave garbage in the old generation
// (eslint.config.js, bin/patch-dependencies.cjs) the scavenges of a smaller young generation
// cost no throughput an A/B could see (BENCHMARKS.md, Memory). So the server holds the
// growth through start-up, then lets V8 grow the semi-spaces as it would, but not past
// 4 MiB; where V8's own largest is smaller (a small host's) it stands. V8
// reads --semi-space-growth-factor each time it grows them, and node has no other way to
// bound them once running.

/** The largest semi-space the server lets V8 grow to, when V8 would go further. */
const SEMI_SPACE_CAP = 4 * 1024 ** 2;
/** V8's own --semi-space-growth-factor. */
const V8_GROWTH_FACTOR = 2;

/** node's options that size the young generation; given any, the server leaves it to V8 and them. */
const YOUNG_GENERATION_FLAG = /^--?(?:(?:max|min)[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor|max[-_]heap[-_]size)(?:=|$)/;

/** Whether node was told how to size the young generation (command line or NODE_OPTIONS). */
function youngGenerationIsSet(execArgv, nodeOptions = "") {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => YOUNG_GENERATION_FLAG.test(arg));
}

/**
 * V8's own factor while the next doubling stays within the cap, and then 1 (no growth). A
 * size the memory reducer left between powers of two (say 5 MiB) therefore stays there.
 */
function semiSpaceGrowthFactor(semiSpaceBytes, cap = SEMI_SPACE_CAP) {
  return semiSpaceBytes * V8_GROWTH_FACTOR <= cap ? V8_GROWTH_FACTOR : 1;
}

/**
 * One semi-space's size, or null if this V8 reports no new space. The new space's committed
 * memory is both semi-spaces, except before the first scavenge and after a shrink, when V8
 * has not committed the one it copies from: then the other's own capacity counts.
 */
function semiSpaceBytes() {
  const space = v8.getHeapSpaceStatistics().find((entry) => entry.space_name === "new_space");
  return space ? Math.max(space.space_size / 2, space.space_used_size + space.space_available_size) : null;
}

/**
 * Before the server loads: the semi-spaces stay at their initial size through start-up.
 * Returns what to call once the server listens: it starts following the semi-spaces' size
 * and returns the observer that does (tests disconnect it). When node was told how to size
 * them, nothing is held and that call does nothing (and returns null).
 */
function holdYoungGeneration({ execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS } = {}) {
  if (youngGenerationIsSet(execArgv, nodeOptions)) return () => null;
  let factor = V8_GROWTH_FACTOR;
  const setFactor = (next) => {
    if (next === factor) return;
    v8.setFlagsFromString(`--semi-space-growth-factor=${next}`);
    factor = next;
  };
  setFactor(1);
  return function capYoungGeneration() {
    // Collections are reported shortly after they happen (after the next turn of the event
    // loop), so a burst of them within one turn can grow the semi-spaces once more.
    const observer = new PerformanceObserver(() => follow());
    const follow = () => {
      const size = semiSpaceBytes();
      if (size !== null) return setFactor(semiSpaceGrowthFactor(size));
      setFactor(V8_GROWTH_FACTOR); // not a V8 this was measured on: V8 as it is
      observer.disconnect();
    };
    follow();
    observer.observe({ entryTypes: ["gc"] });
    return observer;
  };
}

/**
 * Hands start-up's garbage back as soon as the server listens, not when V8's memory reducer
 * gets to it 10 to 20 s later: a memory-reducing full collection (V8's
 * LowMemoryNotification, which compacts the old space and returns its free pages) and then
 * malloc_trim(0), through the addon that npm install builds (native/memory.cc). ~60 ms,
 * once: a server just started holds ~93 MiB instead of ~107 (BENCHMARKS.md, Memory).
 * Returns whether it ran: not without the addon (not built, or not glibc's).
 */
function releaseStartupMemory(load = () => require("../build/Release/memory.node")) {
  let addon;
  try {
    addon = load();
  } catch {
    return false;
  }
  if (typeof addon.releaseStartupMemory !== "function") return false;
  addon.releaseStartupMemory();
  return true;
}

module.exports = {
  HEAP_GROWING_PERCENT,
  LARGE_HEAP_LIMIT,
  SEMI_SPACE_CAP,
  heapGrowthFlag,
  applyHeapGrowth,
  youngGenerationIsSet,
  semiSpaceGrowthFactor,
  semiSpaceBytes,
  holdYoungGeneration,
  releaseStartupMemory,
};
