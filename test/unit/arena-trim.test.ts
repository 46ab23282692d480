import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { IdleTrim, idleArenaTrim, loadArenaTrim, mallocIsTuned, threadpoolThreads, type TrimThreadArenas } from "../../src/lib/arena-trim.js";

const root = join(import.meta.dirname, "../..");

/** A trim that records its calls and finishes when the test says so. */
function fakeTrim() {
  const calls: number[] = [];
  const pending: (() => void)[] = [];
  const trim: TrimThreadArenas = (threads, done) => {
    calls.push(threads);
    pending.push(() => done(threads));
  };
  return { trim, calls, finish: () => pending.shift()?.() };
}

/** One hash through `idle`: it starts and it ends. */
function hashOnce(idle: IdleTrim) {
  idle.enter();
  idle.leave();
}

describe("IdleTrim", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("trims every pool thread once the hashes have stopped for afterMs, and not before", () => {
    vi.useFakeTimers();
    const fake = fakeTrim();
    const idle = new IdleTrim({ trim: fake.trim, threads: 3, afterMs: 1000 });
    idle.enter(); // a long hash
    hashOnce(idle); // and a short one beside it
    vi.advanceTimersByTime(5000);
    expect(fake.calls).toEqual([]); // one still runs
    idle.leave();
    vi.advanceTimersByTime(999);
    expect(fake.calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fake.calls).toEqual([3]);
  });

  it("trims V8's worker threads' arenas along with the pool's, once per burst", () => {
    vi.useFakeTimers();
    const fake = fakeTrim();
    let workerTrims = 0;
    const idle = new IdleTrim({ trim: fake.trim, trimWorkers: () => (workerTrims += 1), threads: 2, afterMs: 1000 });
    hashOnce(idle);
    hashOnce(idle);
    vi.advanceTimersByTime(999);
    expect(workerTrims).toBe(0);
    vi.advanceTimersByTime(1);
    expect([workerTrims, fake.calls.length]).toEqual([1, 1]);
    fake.finish();
    vi.advanceTimersByTime(10_000);
    expect(workerTrims).toBe(1);
  });

  it("waits again when a hash starts before the trim, and trims once per burst", () => {
    vi.useFakeTimers();
    const fake = fakeTrim();
    const idle = new IdleTrim({ trim: fake.trim, threads: 2, afterMs: 1000 });
    hashOnce(idle);
    vi.advanceTimersByTime(600);
    hashOnce(idle);
    vi.advanceTimersByTime(600);
    expect(fake.calls).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(fake.calls).toEqual([2]);
    fake.finish();
    vi.advanceTimersByTime(10_000);
    expect(fake.calls).toEqual([2]); // nothing hashed since
  });

  it("trims again after hashes that ran while it was trimming", () => {
    vi.useFakeTimers();
    const fake = fakeTrim();
    const idle = new IdleTrim({ trim: fake.trim, threads: 2, afterMs: 1000 });
    hashOnce(idle);
    vi.advanceTimersByTime(1000);
    hashOnce(idle);
    vi.advanceTimersByTime(1000);
    expect(fake.calls).toEqual([2]); // never two at once
    fake.finish();
    vi.advanceTimersByTime(1000);
    expect(fake.calls).toEqual([2, 2]);
  });

  it("goes on without trimming when the addon cannot queue its work, and tries again after the next burst", () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const trim: TrimThreadArenas = (threads) => {
      calls.push(threads);
      throw new Error("trimThreadArenas: could not queue its work");
    };
    const idle = new IdleTrim({ trim, threads: 2, afterMs: 1000 });
    hashOnce(idle);
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
    idle.leave(); // one leave too many changes nothing
    hashOnce(idle);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual([2, 2]);
  });
});

describe("mallocIsTuned", () => {
  it("leaves malloc's thresholds to an operator who set them", () => {
    expect(mallocIsTuned({})).toBe(false);
    expect(mallocIsTuned({ GLIBC_TUNABLES: "glibc.pthread.rseq=0" })).toBe(false);
    expect(mallocIsTuned({ MALLOC_TRIM_THRESHOLD_: "1048576" })).toBe(true);
    expect(mallocIsTuned({ MALLOC_MMAP_THRESHOLD_: "131072" })).toBe(true);
    expect(mallocIsTuned({ GLIBC_TUNABLES: "glibc.malloc.trim_threshold=1048576" })).toBe(true);
    expect(idleArenaTrim(1000, { MALLOC_TRIM_THRESHOLD_: "1048576" })).toBeNull();
    expect(idleArenaTrim(1000, {})).toBeInstanceOf(IdleTrim);
  });
});

describe("threadpoolThreads", () => {
  it("is UV_THREADPOOL_SIZE as libuv reads it, or libuv's 4", () => {
    expect(threadpoolThreads({ UV_THREADPOOL_SIZE: "2" })).toBe(2);
    expect(threadpoolThreads({})).toBe(4);
    expect(threadpoolThreads({ UV_THREADPOOL_SIZE: "many" })).toBe(1);
    expect(threadpoolThreads({ UV_THREADPOOL_SIZE: "" })).toBe(1);
    expect(threadpoolThreads({ UV_THREADPOOL_SIZE: "0" })).toBe(1);
    expect(threadpoolThreads({ UV_THREADPOOL_SIZE: "3 threads" })).toBe(3);
    expect(threadpoolThreads({ UV_THREADPOOL_SIZE: "-2" })).toBe(1024);
    expect(threadpoolThreads({ UV_THREADPOOL_SIZE: "5000" })).toBe(1024);
  });
});

/**
 * A fresh node (tsx, on src/) with a pool of 2 threads runs two bursts of 8 hashes through
 * the hasher, 2 at a time, and reports its RSS in MiB after each burst and 1.8 s after it.
 */
function hashBursts(idleTrim: "default" | "off") {
  const script = `
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
const { createPasswordHasher } = await import("./src/accounts/passwords.ts");
const rss = () => Number(/VmRSS:\\s+(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]) / 1024;
const limits = ${idleTrim === "off" ? "{ concurrency: 2, watchers: [] }" : "{ concurrency: 2 }"};
const hasher = await createPasswordHasher(undefined, limits);
const burst = async () => { for (let i = 0; i < 4; i++) await Promise.all([hasher.hash("a"), hasher.hash("b")]); };
const read = [];
for (let i = 0; i < 2; i++) { await burst(); read.push(rss()); await sleep(1800); read.push(rss()); }
console.log(JSON.stringify(read));
`;
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    env: { ...env, UV_THREADPOOL_SIZE: "2" },
    timeout: 45_000,
  });
  const [burst1, idle1, burst2, idle2] = JSON.parse(out.toString()) as [number, number, number, number];
  return { burst1, idle1, burst2, idle2 };
}

describe("argon2's memory once sign-ins stop (native/memory.cc)", () => {
  it("is built by npm install and loads", () => {
    expect(loadArenaTrim()).toBeTypeOf("function");
  });

  it("posts one trim to each of V8's worker threads (not to the platform's delayed-task thread), and every trim ends", () => {
    // A node of its own with a pool of 2: the tasks posted, and the trims under way until none is.
    const script = `
const addon = require(${JSON.stringify(join(root, "build/Release/memory.node"))});
const posted = addon.trimWorkerArenas();
const started = addon.trimsInFlight();
const wait = () => (addon.trimsInFlight() === 0 ? console.log(JSON.stringify({ posted, started })) : setTimeout(wait, 20));
wait();
`;
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    const out = execFileSync(process.execPath, ["--v8-pool-size=2", "-e", script], { env, timeout: 20_000 });
    expect(JSON.parse(out.toString())).toEqual({ posted: 2, started: 1 });
  });

  it("is skipped with a warning, and the install goes on, where binding.gyp was not shipped", () => {
    const copy = mkdtempSync(join(tmpdir(), "build-native-"));
    try {
      cpSync(join(root, "bin/build-native.cjs"), join(copy, "bin/build-native.cjs"));
      const run = spawnSync(process.execPath, [join(copy, "bin/build-native.cjs")], { encoding: "utf8", timeout: 20_000 });
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/memory addon was not built \(binding\.gyp is not here\)/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it("goes back to the system a second after each burst, and is reused within one", () => {
    const rss = hashBursts("default");
    // Two threads' arenas of 19 MiB each: kept while the burst runs, handed back after it.
    expect(rss.burst1 - rss.idle1).toBeGreaterThan(30);
    expect(rss.burst2 - rss.idle1).toBeGreaterThan(30);
    expect(rss.burst2 - rss.idle2).toBeGreaterThan(30);
  }, 60_000);

  it("stays without it (the control: what the trim hands back)", () => {
    const rss = hashBursts("off");
    expect(Math.abs(rss.burst1 - rss.idle1)).toBeLessThan(5);
    expect(Math.abs(rss.burst2 - rss.idle2)).toBeLessThan(5);
  }, 60_000);
});
