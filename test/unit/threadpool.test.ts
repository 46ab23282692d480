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

/** `node -e script` in a process of its own, with no UV_THREADPOOL_SIZE but what `env` sets; its stdout. */
function runInChild(script: string, env: Record<string, string> = {}): string {
  const { UV_THREADPOOL_SIZE: _ignored, ...rest } = process.env;
  return execFileSync(process.execPath, ["-e", script], { cwd: root, env: { ...rest, ...env } }).toString();
}
const requireThreadpool = `require(${JSON.stringify(join(root, "bin/threadpool.cjs"))})`;

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
      const script = `${apply ? `${requireThreadpool}.applyThreadpoolSize();` : ""}
        import("graphql").then(() => setTimeout(() => console.log(require("fs").readdirSync("/proc/self/task").length), 300));`;
      return Number(runInChild(script, env).trim());
    };
    const expected = threadpoolSize({}, Number(execFileSync(process.execPath, ["-p", "require('os').availableParallelism()"]).toString()));
    const applied = threads({}, true);
    expect(applied).toBe(threads({ UV_THREADPOOL_SIZE: expected }, false));
    expect(threads({ UV_THREADPOOL_SIZE: String(Number(expected) + 3) }, false)).toBe(applied + 3);
  });

  // The nice value of every thread of a process of its own, as /proc shows it (field 19 of
  // a thread's stat), once the pool has started and an argon2 hash has run on it. The
  // process first makes its main thread 3 nicer than it was (setpriority(2) on the pid
  // moves that thread alone; threads started later inherit it), so that "10 nicer than the
  // process" and "nice 10" differ.
  const niceOfThreads = (setup: string, env: Record<string, string> = {}) => {
    const script = `const tp = ${requireThreadpool};
      const os = require("os"), fs = require("fs");
      os.setPriority(Math.min(19, os.getPriority() + 3));
      ${setup}
      require("argon2").hash("a password", { memoryCost: 1024, timeCost: 1 }).then(() => {
        const nice = fs.readdirSync("/proc/self/task").map((t) => Number(fs.readFileSync("/proc/self/task/" + t + "/stat", "utf8").split(") ")[1].split(" ")[16]));
        console.log(JSON.stringify({ lowered, main: nice[0], nice }));
      });`;
    return JSON.parse(runInChild(script, env)) as {
      lowered: number;
      main: number;
      nice: number[];
    };
  };
  const testNice = Number(execFileSync(process.execPath, ["-p", "require('os').getPriority()"]).toString());
  const onLinuxBelowNice6 = existsSync("/proc/self/task") && testNice + 3 + THREADPOOL_NICE <= 19;

  it.skipIf(!onLinuxBelowNice6)("runs the pool's threads, and only them, 10 nicer than the process", () => {
    const size = 3;
    const { lowered, main, nice } = niceOfThreads("tp.applyThreadpoolSize(); const lowered = tp.lowerThreadpoolPriority();", {
      UV_THREADPOOL_SIZE: String(size),
    });
    expect(main).toBe(testNice + 3);
    expect(lowered).toBe(size);
    expect(nice.filter((n) => n === main + THREADPOOL_NICE)).toHaveLength(size);
    // The others: the main thread, and V8's and node's threads started before it moved.
    expect(nice.filter((n) => n > main)).toHaveLength(size);
  });

  it.skipIf(!onLinuxBelowNice6)("lowers libuv's default pool of 4 when UV_THREADPOOL_SIZE is not set", () => {
    const { lowered, main, nice } = niceOfThreads("const lowered = tp.lowerThreadpoolPriority();");
    expect(lowered).toBe(4);
    expect(nice.filter((n) => n === main + THREADPOOL_NICE)).toHaveLength(4);
  });

  it.skipIf(!onLinuxBelowNice6)("touches no thread when the pool was already running", () => {
    const { lowered, main, nice } = niceOfThreads(
      "tp.applyThreadpoolSize(); fs.access(__filename, () => {}); const lowered = tp.lowerThreadpoolPriority();",
    );
    expect(lowered).toBe(0);
    expect(nice.filter((n) => n > main)).toEqual([]);
  });

  it("the server's entry lowers it before any ES module is imported", () => {
    const entry = readFileSync(join(root, "bin/server.cjs"), "utf8");
    expect(entry.indexOf("lowerThreadpoolPriority()")).toBeGreaterThan(entry.indexOf("applyThreadpoolSize()"));
    expect(entry.indexOf("lowerThreadpoolPriority()")).toBeLessThan(entry.indexOf("import("));
  });
});
