import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { findChromium, INSTALL_HINT, requireChromiumInCi } from "../../helpers/browser.js";

/**
 * Once before the browser tests: `npm run build` (tsc into dist/, Vite into dist/web/), so
 * that they drive what `npm start` serves. Nothing to build for tests that will be skipped.
 */
export default function setup(): void {
  requireChromiumInCi();
  if (!findChromium()) {
    console.warn(`Browser tests will be skipped: no Chromium; ${INSTALL_HINT}`);
    return;
  }
  const root = join(import.meta.dirname, "../../..");
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed before the browser tests:\n${build.stdout}${build.stderr}`);
}
