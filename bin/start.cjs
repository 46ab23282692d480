"use strict";
// `npm start`: builds when it can (bin/build.cjs), then runs the server (bin/server.cjs).
// WEB_CONCURRENCY workers run this file again: only the primary builds.
if (!require("node:cluster").isWorker) require("./build.cjs").ensureBuilt();
// Stack traces in the log point at src/, as with `node --enable-source-maps`.
process.setSourceMapsEnabled(true);
require("./server.cjs");
