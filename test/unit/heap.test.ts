import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const heap = join(root, "bin/heap.cjs");
const { heapGrowthFlag, LARGE_HEAP_LIMIT } = createRequire(import.meta.url)(heap) as {
  heapGrowthFlag(execArgv: string[], heapSizeLimit: number): string | null;
  LARGE_HEAP_LIMIT: number;
};
const GiB = 1024 ** 3;

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
    const peakMiB = (apply: boolean) => {
      const { NODE_OPTIONS: _ignored, ...env } = process.env;
      const script = join(root, "test/helpers/heap-churn.cjs");
      return Number(execFileSync(process.execPath, ["--max-old-space-size=4096", script, ...(apply ? ["apply"] : [])], { env }).toString().split(" ")[0]);
    };
    const applied = peakMiB(true);
    const left = peakMiB(false);
    expect(applied).toBeLessThan(left * 0.75);
  }, 60_000);
});

describe("V8's young generation", () => {
  const start = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  /** The new space's committed size, in MiB, once a burst of short-lived objects has grown it as far as it goes. */
  const newSpaceMiB = (nodeOptions: string[]) => {
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    const script = `let keep = []; for (let i = 0; i < 3e6; i++) { keep.push({ i }); if (keep.length > 2e5) keep = []; }
      const space = require("node:v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
      process.stdout.write(String(space.physical_space_size / 1048576));`;
    // A 4 GiB heap limit: V8 sizes its semi-spaces from it, to 16 MiB from ~1 GiB up.
    return Number(execFileSync(process.execPath, ["--max-old-space-size=4096", ...nodeOptions, "-e", script], { env }).toString());
  };

  it("npm start caps each semi-space at 8 MiB: the bench found no cost, and ~20 MiB off every peak", () => {
    expect(start).toBe("node --max-semi-space-size=8 bin/start.cjs");
  });

  it("takes effect: the new space stops at 2 × 8 MiB, where V8 would grow it to 2 × 16", () => {
    const options = start.split(" ").filter((word) => word.startsWith("--"));
    expect(newSpaceMiB(options)).toBeLessThanOrEqual(16);
    expect(newSpaceMiB([])).toBeGreaterThan(16);
  }, 30_000);
});
