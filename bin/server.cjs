"use strict";
// The server's entry point (`npm start`, the bench, WEB_CONCURRENCY workers): sizes libuv's
// threadpool and lowers its threads' priority first (see threadpool.cjs), sets V8's heap
// growth and holds its young generation at its initial size through start-up (heap.cjs), then
// starts the compiled server and, once it listens, hands start-up's garbage back and lets the
// young generation grow to its cap.
const threadpool = require("./threadpool.cjs");
threadpool.applyThreadpoolSize();
threadpool.lowerThreadpoolPriority();
const heap = require("./heap.cjs");
heap.applyHeapGrowth();
const capYoungGeneration = heap.holdYoungGeneration();
import("../dist/src/index.js").then(() => {
  heap.releaseStartupMemory();
  capYoungGeneration();
});
