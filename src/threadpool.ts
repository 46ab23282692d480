import { availableParallelism } from "node:os";

/**
 * libuv's threadpool runs the argon2 hashes, and glibc gives each thread its own malloc
 * arena, which keeps the 19 MiB of the last hash it ran. libuv's default of 4 threads
 * thus holds ~76 MiB after a burst of sign-ins, though only one hash per core runs at a
 * time (see passwords.ts). A pool of that size holds only what the hashes use; file and
 * DNS work (log writes, connecting) may then wait for a hash, which costs them latency
 * but nothing else. UV_THREADPOOL_SIZE set in the environment wins.
 */
export function threadpoolSize(env: NodeJS.ProcessEnv, cores: number): string {
  return env.UV_THREADPOOL_SIZE ?? String(Math.max(2, cores));
}

// libuv reads this when the pool first starts: index.ts imports this module before anything else.
process.env.UV_THREADPOOL_SIZE = threadpoolSize(process.env, availableParallelism());
