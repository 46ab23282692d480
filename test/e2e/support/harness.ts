import type { Browser, BrowserContext, BrowserContextOptions } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { launchBrowser } from "../../helpers/browser.js";
import { startAppServer, type AppServer } from "./app-server.js";
import { watchContext, type PageWatch } from "./page-watch.js";

/**
 * One built server and one Chromium for a test file (started in beforeAll, stopped in
 * afterAll), and fresh browser contexts (a profile each: cookies, storage) for its tests.
 * After every test, no page of any of its contexts may have thrown, broken the CSP or
 * logged an error, but for Chromium's own line about a 401: the API's refusal of a revoked
 * or expired access token, which the session answers by refreshing (or signing out).
 */
export interface Harness {
  readonly app: AppServer;
  readonly browser: Browser;
  /** A new profile at 1280x800, with what went wrong in it watched. */
  newContext(options?: BrowserContextOptions): Promise<{ context: BrowserContext; watch: PageWatch }>;
}

const REFUSED_TOKEN = /Failed to load resource: the server responded with a status of 401/;

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 800 };

/**
 * `env`: the server's environment on top of app-server.ts's, or a function that makes it in
 * beforeAll (after starting what the server is to talk to, an SMTP server).
 */
export function useHarness(env: Record<string, string> | (() => Promise<Record<string, string>>) = {}): Harness {
  let app: AppServer | undefined;
  let browser: Browser | undefined;
  let open: { context: BrowserContext; watch: PageWatch }[] = [];

  beforeAll(async () => {
    const serverEnv = typeof env === "function" ? await env() : env;
    [app, browser] = await Promise.all([startAppServer(serverEnv), launchBrowser()]);
  });
  afterEach(async () => {
    const watches = open.map(({ watch }) => watch);
    await Promise.all(open.map(({ context }) => context.close()));
    open = [];
    for (const watch of watches) {
      expect(watch.pageErrors, "script errors").toEqual([]);
      expect(watch.cspViolations, "CSP violations").toEqual([]);
      expect(watch.consoleErrors.filter((line) => !REFUSED_TOKEN.test(line)), "console errors").toEqual([]);
    }
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), app?.stop()]);
  });

  return {
    get app() {
      if (!app) throw new Error("the harness starts in beforeAll");
      return app;
    },
    get browser() {
      if (!browser) throw new Error("the harness starts in beforeAll");
      return browser;
    },
    async newContext(options = {}) {
      const context = await this.browser.newContext({ baseURL: this.app.origin, viewport: DESKTOP, ...options });
      context.setDefaultTimeout(10_000);
      const entry = { context, watch: await watchContext(context) };
      open.push(entry);
      return entry;
    },
  };
}
