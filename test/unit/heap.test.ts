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
