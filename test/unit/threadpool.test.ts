import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const { threadpoolSize } = createRequire(import.meta.url)(join(root, "bin/threadpool.cjs")) as {
  threadpoolSize(env: Record<string, string | undefined>, cores: number): string;
};

describe("libuv threadpool size", () => {
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
});
