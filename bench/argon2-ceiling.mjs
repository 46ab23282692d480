// The ceiling for `login`: argon2.verify at the server's ARGON2_OPTIONS, as many at once as
// there are cores, for D seconds. Prints one JSON line: { verifiesPerSecond, concurrency, ... }.
// Usage: node bench/argon2-ceiling.mjs [seconds]
import { availableParallelism } from "node:os";
import process from "node:process";
import { performance } from "node:perf_hooks";
import argon2 from "argon2";
// The server's own parameters, from the build (`npm run bench` builds first).
import { ARGON2_OPTIONS as OPTIONS } from "../dist/src/accounts/passwords.js";

const seconds = Number(process.argv[2] ?? 10);
const concurrency = availableParallelism();
const hash = await argon2.hash("bench-password-7d1f9c", OPTIONS);

let verifies = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
async function worker() {
  while (performance.now() < deadline) {
    if (!(await argon2.verify(hash, "bench-password-7d1f9c"))) throw new Error("verify failed");
    verifies++;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsed = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ verifiesPerSecond: verifies / elapsed, verifies, seconds: elapsed, concurrency, options: { ...OPTIONS, type: OPTIONS.type === argon2.argon2id ? "argon2id" : OPTIONS.type } })}\n`);
