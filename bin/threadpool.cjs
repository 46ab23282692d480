"use strict";
// CommonJS on purpose, and required before any ES module is imported: Node's ES module
// loader reads files through libuv's threadpool, which fixes the pool's size the first
// time it runs. Set from an ES module, UV_THREADPOOL_SIZE comes too late.
const { readdirSync, access } = require("node:fs");
const { availableParallelism, getPriority, setPriority } = require("node:os");

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

/**
 * The pool's threads run this much nicer than the process (nice 10 in a process at 0): when
 * sign-ins keep every core hashing, the kernel gives the thread that answers requests about
 * nine times the hashes' share of a core, and argon2 takes the rest. In the bench's storm
 * this raised `me` from ~3 800 to ~5 100 req/s and lowered its p99 from ~17 to ~12 ms,
 * while the sign-ins answered went from ~47 to ~41/s (BENCHMARKS.md, the login storm).
 * Everything else on the pool runs at that priority too: log writes, dns.lookup, async fs.
 */
const THREADPOOL_NICE = 10;

function applyThreadpoolSize() {
  process.env.UV_THREADPOOL_SIZE = threadpoolSize(process.env, availableParallelism());
}

/**
 * Starts the pool and lowers its threads' priority (Linux: a thread id is a pid to
 * setpriority(2)). libuv creates all of the pool's threads, and waits for them, inside
 * the first call that needs one, so the threads that appear across that call are the pool;
 * unless exactly UV_THREADPOOL_SIZE appeared (the pool was already running, say started by
 * a preload, or some other thread started meanwhile) none is touched. Returns how many
 * threads it lowered: 0 also where there is no /proc or where the kernel refuses.
 */
function lowerThreadpoolPriority(nice = THREADPOOL_NICE) {
  let before;
  try {
    before = new Set(readdirSync("/proc/self/task"));
  } catch {
    return 0;
  }
  access(__filename, () => {});
  const pool = readdirSync("/proc/self/task").filter((tid) => !before.has(tid));
  if (pool.length !== Number(process.env.UV_THREADPOOL_SIZE ?? 4)) return 0;
  let lowered = 0;
  for (const tid of pool) {
    try {
      setPriority(Number(tid), Math.min(19, getPriority(Number(tid)) + nice));
      lowered++;
    } catch {
      // A thread that is gone, or a kernel that says no: it keeps the process's priority.
    }
  }
  return lowered;
}

module.exports = { THREADPOOL_NICE, threadpoolSize, applyThreadpoolSize, lowerThreadpoolPriority };
