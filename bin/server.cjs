"use strict";
// The server's entry point (`npm start`, the bench, WEB_CONCURRENCY workers): sizes libuv's
// threadpool first (see threadpool.cjs) and sets V8's heap growth (heap.cjs), then starts
// the compiled server.
require("./threadpool.cjs").applyThreadpoolSize();
require("./heap.cjs").applyHeapGrowth();
import("../dist/src/index.js");
