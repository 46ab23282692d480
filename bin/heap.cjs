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
// memory reducer ran 10 to 20 s later; under load a semi-space of 16 rather than 8 MiB
// costs ~20 MiB of peak for no CPU the bench could tell. So the server holds the growth
// during start-up, then lets V8 grow the semi-spaces as it would, but not past 8 MiB. Below
// that V8's own size stands (a small host's). V8 reads --semi-space-growth-factor each time
// it grows them, and node has no other way to bound them once running (BENCHMARKS.md, Memory).

/** The largest semi-space the server lets V8 grow to, when V8 would go further. */
const SEMI_SPACE_CAP = 8 * 1024 ** 2;
/** V8's own --semi-space-growth-factor. */
const V8_GROWTH_FACTOR = 2;

const YOUNG_GENERATION_FLAG = /^--?(?:(?:max|min)[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor)(?:=|$)/;

/** Whether node was told how to size the young generation (command line or NODE_OPTIONS): then it is left alone. */
function youngGenerationIsSet(execArgv, nodeOptions = "") {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => YOUNG_GENERATION_FLAG.test(arg));
}

/** V8's own factor while the next doubling stays within the cap, and then none. */
function semiSpaceGrowthFactor(semiSpaceBytes, cap = SEMI_SPACE_CAP) {
  return semiSpaceBytes * V8_GROWTH_FACTOR <= cap ? V8_GROWTH_FACTOR : 1;
}

/** One semi-space's size: the new space's committed memory is the two of them. */
const semiSpaceBytes = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size / 2;

let growthFactor = V8_GROWTH_FACTOR;
let held = false;
function setGrowthFactor(factor) {
  if (factor === growthFactor) return;
  v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  growthFactor = factor;
}

/**
 * Before the server loads: the semi-spaces stay at their initial size through start-up.
 * Nothing when node was told how to size them (`node` here is node's own options).
 */
function holdYoungGeneration(node = { execArgv: process.execArgv, options: process.env.NODE_OPTIONS }) {
  held = !youngGenerationIsSet(node.execArgv, node.options);
  if (held) setGrowthFactor(1);
}

/**
 * Once the server listens: after every collection, the factor for the semi-spaces' size
 * then (they shrink again when the memory reducer runs, and may grow back). Returns the
 * observer (tests disconnect it), or null when node was told how to size them.
 */
function capYoungGeneration() {
  if (!held) return null;
  const follow = () => setGrowthFactor(semiSpaceGrowthFactor(semiSpaceBytes()));
  follow();
  const observer = new PerformanceObserver(follow);
  observer.observe({ entryTypes: ["gc"] });
  return observer;
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
  capYoungGeneration,
};
