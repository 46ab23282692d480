"use strict";
// CommonJS, required by bin/server.cjs before the server loads, like threadpool.cjs.
const v8 = require("node:v8");

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

module.exports = { HEAP_GROWING_PERCENT, LARGE_HEAP_LIMIT, heapGrowthFlag, applyHeapGrowth };
