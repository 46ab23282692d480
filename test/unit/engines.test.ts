import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

/**
 * npm warns (EBADENGINE) about every installed package whose `engines.node` excludes the
 * running Node.js; package.json's overrides keep that list empty on the Node.js we support.
 */
describe("installed packages", () => {
  it("all accept this Node.js, so `npm install` prints no EBADENGINE warning", () => {
    const lock = JSON.parse(readFileSync(join(import.meta.dirname, "../../package-lock.json"), "utf8")) as {
      packages: Record<string, { engines?: { node?: string }; optional?: boolean; os?: string[]; cpu?: string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([path, pkg]) => path !== "" && typeof pkg.engines?.node === "string")
      // Optional packages for another platform are never installed here.
      .filter(([, pkg]) => !(pkg.optional && ((pkg.os && !pkg.os.includes(process.platform)) || (pkg.cpu && !pkg.cpu.includes(process.arch)))))
      .filter(([, pkg]) => !semver.satisfies(process.version, pkg.engines!.node!, { includePrerelease: true }))
      .map(([path, pkg]) => `${path} (${pkg.engines!.node})`);
    expect(refusing).toEqual([]);
  });
});
