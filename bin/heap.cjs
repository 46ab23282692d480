"use strict";
// CommonJS, required by bin/server.cjs before the server loads, like threadpool.cjs.
const v8 = require("node:v8");

/**
 * How far V8 lets the old generation grow past what the last full collection left alive,
 * in percent. V8 picks a factor of up to 4 on its own when the heap may grow large (as on
 * a machine with a lot of memory), so a server whose live heap is ~50 MiB let garbage
 * pile up to ~250 MiB before collecting it. At 100 (a factor of 2) the bench's peak fell
 * by 70 to 100 MiB and `me` and `refreshToken` cost the same CPU per request (BENCHMARKS.md,
 * Memory). It is not a limit: the heap still grows as far as the live data needs.
 */
const HEAP_GROWING_PERCENT = 100;

/** The flag to set, or null when the operator gave one (node's flags or NODE_OPTIONS win). */
function heapGrowthFlag(execArgv, nodeOptions = "") {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
  return given ? null : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/** V8 reads this flag each time it sets the next collection's limit, so it applies from now on. */
function applyHeapGrowth() {
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag) v8.setFlagsFromString(flag);
}

module.exports = { HEAP_GROWING_PERCENT, heapGrowthFlag, applyHeapGrowth };
