import { Writable } from "node:stream";
import { afterEach } from "vitest";
import { createApp, type App } from "../../src/app.js";
import type { ThrottlePolicy } from "../../src/auth/throttle.js";
import type { RetryPolicy } from "../../src/mail/mail-worker.js";
import type { Clock } from "../../src/lib/clock.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/lib/logger.js";
import { testDatabase } from "./database.js";

export const TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";

/** A clock tests move by hand: expiry without sleeping. */
export class TestClock implements Clock {
  private ms: number;
  constructor(start = Date.parse("2026-01-01T00:00:00Z")) {
    this.ms = start;
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface TestApp extends App {
  clock: TestClock;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  /** The raw log output, to search for things that must never be logged. */
  logText(): string;
  /**
   * The SQL statements run while `work` ran, identifier quotes removed so they read the same
   * on SQLite and PostgreSQL (needs LOG_LEVEL "trace"; run nothing else meanwhile).
   */
  queriesDuring(work: () => Promise<unknown>): Promise<string[]>;
}

/**
 * A real server on a free port with its own in-memory database. `env` overrides the
 * contract's environment variables; the clock starts at 2026-01-01 and only moves by hand.
 */
/** Limits no ordinary test reaches (they all come from 127.0.0.1); throttle tests pass their own. */
export const GENEROUS_THROTTLE: ThrottlePolicy = {
  loginByAccountAndIp: { free: 1000, window: 3600, maxDelay: 1 },
  loginByAccount: { free: 1000, window: 3600, maxDelay: 1 },
  loginByIp: { free: 10_000, window: 3600, maxDelay: 1 },
  registerByIp: { points: 10_000, window: 60 },
  refreshByIp: { points: 10_000, window: 60 },
  emailByAddress: { points: 10_000, window: 60 },
  emailByIp: { points: 10_000, window: 60 },
};

export async function createTestApp(
  env: Record<string, string> = {},
  /** null: the limits of the environment (RATE_LIMIT_*), as the server reads them. */
  {
    throttlePolicy = GENEROUS_THROTTLE,
    clock = new TestClock(),
    webAppDir,
    mailPollInterval = null,
    mailRetryPolicy,
    dataDir,
  }: {
    throttlePolicy?: ThrottlePolicy | null;
    /** Client libraries compare expiresAt with their own clock: pass `new TestClock(Date.now())`. */
    clock?: TestClock;
    /** The built web app to serve (turns WEB_APP on); default: none. */
    webAppDir?: string;
    /**
     * The mail worker's polls, in milliseconds; default null: none by itself, so that no
     * poll runs among a test's queries. Mail tests call app.mail.worker.tick().
     */
    mailPollInterval?: number | null;
    mailRetryPolicy?: Partial<RetryPolicy>;
    /** Where generated secrets and .eml files go; default ./data. */
    dataDir?: string;
  } = {},
): Promise<TestApp> {
  const database = env.DATABASE_URL ? undefined : await testDatabase();
  const config = loadConfig(
    {
      NODE_ENV: "test",
      PORT: "0",
      DATABASE_URL: database?.url ?? "sqlite::memory:",
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: "debug",
      // The API alone unless a test asks for the web app: loading and compressing dist/web
      // for every test app would cost each one start-up time.
      WEB_APP: webAppDir ? "on" : "off",
      ...env,
    },
    { warn: () => {}, dataDir },
  );
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const app = await createApp({
    config,
    clock,
    throttlePolicy: throttlePolicy ?? undefined,
    logger: createLogger(config.logLevel, sink),
    webAppDir,
    mailPollInterval,
    mailRetryPolicy,
    // No prune among a test's queries: the pruner's tests call app.maintenance.prune().
    pruneInterval: null,
  });
  const logs = () =>
    chunks
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    ...app,
    async stop() {
      await app.stop();
      await database?.drop();
    },
    clock,
    get logs() {
      return logs();
    },
    logText: () => chunks.join(""),
    async queriesDuring(work) {
      if (config.logLevel !== "trace") throw new Error('queriesDuring needs createTestApp({ LOG_LEVEL: "trace" })');
      const queries = () =>
        logs()
          .filter((l) => l.event === "db.query")
          .map((l) => String(l.sql).replace(/[`"]/g, ""));
      const before = queries().length;
      await work();
      return queries().slice(before);
    },
  };
}

/** createTestApp, keeping the apps it started so that they can all be stopped at once. */
export interface AppStarter {
  (...args: Parameters<typeof createTestApp>): Promise<TestApp>;
  /** Stops every app started so far (a test that drops a shared database after). */
  stopAll(): Promise<void>;
}

/**
 * createTestApp for a test file whose apps are stopped after each of its tests. Call it at
 * the file's top level: it registers that afterEach there (after the file's own afterEach
 * hooks, which vitest runs first, as they were registered later).
 */
export function stoppedAfterEach(): AppStarter {
  const apps: TestApp[] = [];
  const start = async (...args: Parameters<typeof createTestApp>) => {
    const app = await createTestApp(...args);
    apps.push(app);
    return app;
  };
  const stopAll = async () => {
    await Promise.all(apps.splice(0).map((app) => app.stop()));
  };
  afterEach(stopAll);
  return Object.assign(start, { stopAll });
}
