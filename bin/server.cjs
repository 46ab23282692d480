"use strict";
// The server's entry point (`npm start`, the bench, WEB_CONCURRENCY workers): sizes libuv's
// threadpool first (see threadpool.cjs), then starts the compiled server.
require("./threadpool.cjs").applyThreadpoolSize();
import("../dist/src/index.js");
