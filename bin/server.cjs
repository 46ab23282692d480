"use strict";
// The server's entry point (`npm start`, the bench, WEB_CONCURRENCY workers): sizes libuv's
// threadpool and lowers its threads' priority first (see threadpool.cjs), sets V8's heap
// growth (heap.cjs), then starts the compiled server.
const threadpool = require("./threadpool.cjs");
threadpool.applyThreadpoolSize();
threadpool.lowerThreadpoolPriority();
require("./heap.cjs").applyHeapGrowth();
import("../dist/src/index.js");
