import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const { threadpoolSize, THREADPOOL_NICE } = createRequire(import.meta.url)(join(root, "bin/threadpool.cjs")) as {
  threadpoolSize(env: Record<string, string | undefined>, cores: number): string;
  THREADPOOL_NICE: number;
};

describe("libuv threadpool", () => {
  it("is one thread per core (at least 2): as many as argon2 hashes run at once", () => {
    expect(threadpoolSize({}, 2)).toBe("2");
    expect(threadpoolSize({}, 8)).toBe("8");
    expect(threadpoolSize({}, 1)).toBe("2");
  });

  it("leaves an explicit UV_THREADPOOL_SIZE alone", () => {
    expect(threadpoolSize({ UV_THREADPOOL_SIZE: "16" }, 2)).toBe("16");
  });

  it("the server's entry applies it before any ES module is imported", () => {
    const entry = readFileSync(join(root, "bin/server.cjs"), "utf8");
    expect(entry.indexOf("applyThreadpoolSize()")).toBeGreaterThan(-1);
    expect(entry.indexOf("applyThreadpoolSize()")).toBeLessThan(entry.indexOf("import("));
  });

  // What the entry does, in a process of its own: the pool really has that many threads
  // once an ES module has been loaded (which starts the pool).
  it.skipIf(!existsSync("/proc/self/task"))("takes effect: the process has the threads it asked for", () => {
    const threads = (env: Record<string, string>, apply: boolean) => {
      const script = `${apply ? `require(${JSON.stringify(join(root, "bin/threadpool.cjs"))}).applyThreadpoolSize();` : ""}
        import("graphql").then(() => setTimeout(() => console.log(require("fs").readdirSync("/proc/self/task").length), 300));`;
      const { UV_THREADPOOL_SIZE: _ignored, ...rest } = process.env;
      return Number(execFileSync(process.execPath, ["-e", script], { cwd: root, env: { ...rest, ...env } }).toString().trim());
    };
    const expected = threadpoolSize({}, Number(execFileSync(process.execPath, ["-p", "require('os').availableParallelism()"]).toString()));
    const applied = threads({}, true);
    expect(applied).toBe(threads({ UV_THREADPOOL_SIZE: expected }, false));
    expect(threads({ UV_THREADPOOL_SIZE: String(Number(expected) + 3) }, false)).toBe(applied + 3);
  });

  // The nice value of every thread of a process of its own, as /proc shows it (field 19 of
  // a thread's stat), once the pool has started and an argon2 hash has run on it.
  it.skipIf(!existsSync("/proc/self/task"))("runs the pool's threads, and only them, 10 nicer than the process", () => {
    const script = `const tp = require(${JSON.stringify(join(root, "bin/threadpool.cjs"))});
      tp.applyThreadpoolSize();
      const lowered = tp.lowerThreadpoolPriority();
      const fs = require("fs");
      require("argon2").hash("a password", { memoryCost: 1024, timeCost: 1 }).then(() => {
        const nice = fs.readdirSync("/proc/self/task").map((t) => Number(fs.readFileSync("/proc/self/task/" + t + "/stat", "utf8").split(") ")[1].split(" ")[16]));
        console.log(JSON.stringify({ lowered, size: Number(process.env.UV_THREADPOOL_SIZE), main: nice[0], nice }));
      });`;
    const { UV_THREADPOOL_SIZE: _ignored, ...env } = process.env;
    const { lowered, size, main, nice } = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: root, env }).toString()) as {
      lowered: number; size: number; main: number; nice: number[];
    };
    expect(lowered).toBe(size);
    expect(nice.filter((n) => n === main + THREADPOOL_NICE)).toHaveLength(size);
    expect(nice.filter((n) => n === main).length).toBe(nice.length - size);
  });

  it("the server's entry lowers it before any ES module is imported", () => {
    const entry = readFileSync(join(root, "bin/server.cjs"), "utf8");
    expect(entry.indexOf("lowerThreadpoolPriority()")).toBeGreaterThan(entry.indexOf("applyThreadpoolSize()"));
    expect(entry.indexOf("lowerThreadpoolPriority()")).toBeLessThan(entry.indexOf("import("));
  });
});
