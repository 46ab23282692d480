"use strict";
// CommonJS on purpose, and required before any ES module is imported: Node's ES module
// loader reads files through libuv's threadpool, which fixes the pool's size the first
// time it runs. Set from an ES module, UV_THREADPOOL_SIZE comes too late.
const { availableParallelism } = require("node:os");

/**
 * libuv's threadpool runs the argon2 hashes, and glibc gives each thread its own malloc
 * arena, which keeps the 19 MiB of the last hash it ran. libuv's default of 4 threads
 * thus holds ~76 MiB after a burst of sign-ins, though only one hash per core runs at a
 * time (src/accounts/passwords.ts). A pool of that size holds only what the hashes use; file
 * and DNS work (log writes, connecting) may then wait for a hash, which costs them
 * latency but nothing else. UV_THREADPOOL_SIZE set in the environment wins.
 */
function threadpoolSize(env, cores) {
  return env.UV_THREADPOOL_SIZE ?? String(Math.max(2, cores));
}

function applyThreadpoolSize() {
  process.env.UV_THREADPOOL_SIZE = threadpoolSize(process.env, availableParallelism());
}

module.exports = { threadpoolSize, applyThreadpoolSize };
