import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const heap = join(root, "bin/heap.cjs");
const { heapGrowthFlag, LARGE_HEAP_LIMIT, SEMI_SPACE_CAP, youngGenerationIsSet, semiSpaceGrowthFactor, releaseStartupMemory } = createRequire(import.meta.url)(heap) as {
  heapGrowthFlag(execArgv: string[], heapSizeLimit: number): string | null;
  LARGE_HEAP_LIMIT: number;
  SEMI_SPACE_CAP: number;
  youngGenerationIsSet(execArgv: string[], nodeOptions?: string): boolean;
  semiSpaceGrowthFactor(semiSpaceBytes: number, cap?: number): number;
  releaseStartupMemory(load?: () => unknown): boolean;
};
/** The body of bin/server.cjs's callback that runs once the server's module (which listens) has. */
function afterServerLoads(): string | undefined {
  const entry = readFileSync(join(root, "bin/server.cjs"), "utf8");
  return /import\("\.\.\/dist\/src\/index\.js"\)\.then\(\(\) => \{([^}]*)\}\)/.exec(entry)?.[1];
}
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Runs a helper in a node of its own, without the NODE_OPTIONS of the test run. */
function runHelper(helper: string, nodeArgs: string[], args: string[]): string {
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  return execFileSync(process.execPath, [...nodeArgs, join(root, "test/helpers", helper), ...args], { env, timeout: 25_000 }).toString();
}

describe("V8's heap growth", () => {
  it("lets the old generation grow to twice what was live, unless node was told otherwise", () => {
    expect(heapGrowthFlag([], 4 * GiB)).toBe("--heap-growing-percent=100");
    expect(heapGrowthFlag(["--enable-source-maps"], 4 * GiB)).toBe("--heap-growing-percent=100");
    expect(heapGrowthFlag(["--heap-growing-percent=300"], 4 * GiB)).toBeNull();
    expect(heapGrowthFlag(["--trace-gc", "--heap_growing_percent=0"], 4 * GiB)).toBeNull();
    expect(heapGrowthFlag(["-heap-growing-percent=50"], 4 * GiB)).toBeNull();
  });

  it("leaves a small heap to V8, whose own factor is lower there", () => {
    expect(LARGE_HEAP_LIMIT).toBe(2 * GiB);
    expect(heapGrowthFlag([], LARGE_HEAP_LIMIT)).toBe("--heap-growing-percent=100");
    expect(heapGrowthFlag([], LARGE_HEAP_LIMIT - 1)).toBeNull();
    expect(heapGrowthFlag(["--max-old-space-size=512"], 560 * 1024 ** 2)).toBeNull();
  });

  it("the server's entry applies it before the server loads", () => {
    const entry = readFileSync(join(root, "bin/server.cjs"), "utf8");
    expect(entry.indexOf("applyHeapGrowth()")).toBeGreaterThan(-1);
    expect(entry.indexOf("applyHeapGrowth()")).toBeLessThan(entry.indexOf("import("));
  });

  // In a process of its own (test/helpers/heap-churn.cjs), given a 4 GiB heap limit so that
  // V8's own factor is its largest on any machine: left on its own it lets the heap reach
  // ~300 MiB there; with the flag applied at run time it stays near 165 MiB.
  it("takes effect at run time: garbage piles up less far past the live heap", () => {
    const peakMiB = (apply: boolean) => Number(runHelper("heap-churn.cjs", ["--max-old-space-size=4096"], apply ? ["apply"] : []).split(" ")[0]);
    const applied = peakMiB(true);
    const left = peakMiB(false);
    expect(applied).toBeLessThan(left * 0.75);
  }, 60_000);
});

describe("V8's young generation", () => {
  it("is left to node's own options when they size it", () => {
    expect(youngGenerationIsSet([])).toBe(false);
    expect(youngGenerationIsSet(["--enable-source-maps"], "--max-old-space-size=512")).toBe(false);
    expect(youngGenerationIsSet(["--max-semi-space-size=16"])).toBe(true);
    expect(youngGenerationIsSet([], "--trace-gc --max_semi_space_size=4")).toBe(true);
    expect(youngGenerationIsSet(["--min-semi-space-size=2"])).toBe(true);
    expect(youngGenerationIsSet(["--semi-space-growth-factor=3"])).toBe(true);
    expect(youngGenerationIsSet(["--max-heap-size=512"])).toBe(true);
    expect(youngGenerationIsSet(["--max-semi-space-sizes"])).toBe(false);
  });

  it("grows by V8's factor while the next doubling stays within the cap", () => {
    expect(SEMI_SPACE_CAP).toBe(4 * MiB);
    expect(semiSpaceGrowthFactor(1 * MiB)).toBe(2);
    expect(semiSpaceGrowthFactor(2 * MiB)).toBe(2);
    expect(semiSpaceGrowthFactor(2 * MiB + 256 * 1024)).toBe(1);
    expect(semiSpaceGrowthFactor(4 * MiB)).toBe(1);
    expect(semiSpaceGrowthFactor(16 * MiB)).toBe(1);
    expect(semiSpaceGrowthFactor(4 * MiB, 8 * MiB)).toBe(2);
  });

  it("the server's entry holds it before the server loads and caps it once the server's module has run", () => {
    const entry = readFileSync(join(root, "bin/server.cjs"), "utf8");
    const load = entry.indexOf('import("../dist/src/index.js")');
    expect(entry.indexOf("const capYoungGeneration = heap.holdYoungGeneration();")).toBeGreaterThan(-1);
    expect(entry.indexOf("heap.holdYoungGeneration()")).toBeLessThan(load);
    expect(afterServerLoads()).toContain("capYoungGeneration();");
  });

  // In a process of its own (test/helpers/young-generation.cjs), with V8's largest
  // semi-space set to 16 MiB, its own on a machine with 8 GiB or more.
  const semiSpaces = (nodeArgs: string[], mode: "hold" | "operator" | "leave") =>
    JSON.parse(runHelper("young-generation.cjs", nodeArgs, [mode])) as { startup: number; load: number; capped: boolean };

  it("stays at its initial size through start-up and then grows to the cap, not to V8's largest", () => {
    expect(semiSpaces(["--max-semi-space-size=16"], "leave")).toMatchObject({ startup: 16, load: 16 });
    expect(semiSpaces(["--max-semi-space-size=16"], "hold")).toMatchObject({ startup: 1, load: 4, capped: true });
  }, 60_000);

  it("grows to V8's own size where that is under the cap (a small host's)", () => {
    expect(semiSpaces(["--max-semi-space-size=2"], "hold")).toMatchObject({ startup: 1, load: 2, capped: true });
  }, 60_000);

  it("is left to V8 when node's own options size it, read from node itself", () => {
    expect(semiSpaces(["--max-semi-space-size=16"], "operator")).toMatchObject({ startup: 16, load: 16, capped: false });
  }, 60_000);
});

describe("start-up's garbage", () => {
  it("is handed back once the server listens: the entry calls it after the server's module has run", () => {
    expect(afterServerLoads()).toContain("heap.releaseStartupMemory();");
  });

  it("is left where the addon is not built or not glibc's", () => {
    expect(releaseStartupMemory(() => {
      throw new Error("Cannot find module '../build/Release/memory.node'");
    })).toBe(false);
    expect(releaseStartupMemory(() => ({}))).toBe(false);
  });

  it("leaves a started app (tsx, on src/) at least 5 MiB smaller at once, V8's heap included", () => {
    // RSS and V8's heap in MiB after createApp, then just after releaseStartupMemory.
    const script = `
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
await import("reflect-metadata");
const { loadConfig } = await import("./src/config/config.ts");
const { createApp } = await import("./src/app.ts");
const env = { NODE_ENV: "development", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: "sqlite::memory:", LOG_LEVEL: "silent", WEB_APP: "off", MAIL: "off" };
const config = loadConfig({ ...env, JWT_SECRET: "release-test-secret-long-enough-for-hs256-0123456789" }, { warn() {}, dataDir: process.env.TEST_DATA_DIR });
const app = await createApp({ config });
const { getHeapStatistics } = await import("node:v8");
const rss = () => Number(/VmRSS:\\s+(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]) / 1024;
const heap = () => getHeapStatistics().total_physical_size / 1024 ** 2;
const before = { rss: rss(), heap: heap() };
const released = createRequire(import.meta.url)("./bin/heap.cjs").releaseStartupMemory();
console.log(JSON.stringify({ before, after: { rss: rss(), heap: heap() }, released }));
await app.stop();
`;
    const dataDir = mkdtempSync(join(tmpdir(), "release-"));
    try {
      const { NODE_OPTIONS: _ignored, ...env } = process.env;
      const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: root,
        env: { ...env, TEST_DATA_DIR: dataDir },
        timeout: 45_000,
      });
      type Reading = { rss: number; heap: number };
      const { before, after, released } = JSON.parse(out.toString()) as { before: Reading; after: Reading; released: boolean };
      expect(released).toBe(true);
      expect(before.rss - after.rss).toBeGreaterThan(5);
      expect(before.heap - after.heap).toBeGreaterThan(5); // V8's part: malloc_trim leaves its heap as it is
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
