import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { describe } from "vitest";

/**
 * Headless Chromium for the browser tests (test/e2e), the system's own: playwright-core
 * downloads no browser. CHROMIUM_PATH names another one.
 */

export const INSTALL_HINT = "install Chromium (apt-get install -y chromium) or set CHROMIUM_PATH";

/** No GPU, no QUIC, nothing phoned home: the browser talks to the loopback server only. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** CHROMIUM_PATH, /usr/bin/chromium, or `chromium` on PATH; null when there is none. */
export function findChromium(): string | null {
  const named = process.env.CHROMIUM_PATH;
  if (named) return existsSync(named) ? named : null;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/** Under CI=true a missing Chromium fails the run: a suite that silently skips proves nothing there. */
export function requireChromiumInCi(): void {
  if (process.env.CI && !findChromium()) throw new Error(`CI=true and no Chromium for the browser tests: ${INSTALL_HINT}`);
}

const executablePath = findChromium();

/**
 * `describe` for browser tests: without Chromium the block is skipped, with the reason and
 * the way to install it in its name (and CI fails instead, see requireChromiumInCi).
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (executablePath) {
    describe(name, body);
    return;
  }
  requireChromiumInCi();
  console.warn(`Browser tests skipped: no Chromium; ${INSTALL_HINT}`);
  describe.skip(`${name} (skipped: no Chromium; ${INSTALL_HINT})`, body);
}

export function launchBrowser(): Promise<Browser> {
  if (!executablePath) throw new Error(`no Chromium: ${INSTALL_HINT}`);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
