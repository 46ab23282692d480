import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runToEnd, startServer, type RunningServer } from "../../helpers/server-process.js";

/**
 * The built server (bin/server.cjs on dist/, as `npm start` runs it) on port 0 with a SQLite
 * file of its own, in production mode, serving the built web app at `/`. Users and products
 * come from the compiled CLI commands against the same database, as an operator adds them.
 */

const root = join(import.meta.dirname, "../../..");

export interface AppServer {
  /** The web app's origin, e.g. http://127.0.0.1:41234 (no trailing slash). */
  origin: string;
  server: RunningServer;
  createUser(user: { username: string; password: string; role?: "USER" | "ADMIN"; name?: string }): Promise<void>;
  /** The demo products of `npm run seed`. */
  seed(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  const dir = mkdtempSync(join(tmpdir(), "e2e-"));
  const serverEnv = {
    NODE_ENV: "production",
    DATABASE_URL: `sqlite:${join(dir, "app.sqlite")}`,
    JWT_SECRET: randomBytes(48).toString("base64url"),
    HOST: "127.0.0.1",
    WEB_CONCURRENCY: "1",
    // No e-mail, unless a test file asks for it with MAIL=on and an SMTP_URL (mailbox.ts):
    // production sends over SMTP only.
    MAIL: "off",
    ...env,
  };
  let server: RunningServer;
  try {
    server = await startServer(dir, serverEnv, { built: true });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  // The commands bin/cli.cjs runs after its build step: the suite's global setup built them.
  async function cli(command: "user-create" | "seed", args: string[], stdin = "") {
    const { JWT_SECRET: _s, NODE_ENV: _n, DATABASE_URL: _d, ...inherited } = process.env;
    const result = await runToEnd(process.execPath, [join(root, "dist/src/cli", `${command}.js`), ...args], {
      cwd: dir,
      env: { ...inherited, ...serverEnv },
      stdin,
    });
    if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.code}):\n${result.stdout}${result.stderr}`);
  }

  return {
    origin: new URL(server.url).origin,
    server,
    createUser: ({ username, password, role = "USER", name }) =>
      cli("user-create", ["--username", username, "--role", role, ...(name ? ["--name", name] : [])], `${password}\n`),
    seed: () => cli("seed", []),
    async stop() {
      if (server.child.exitCode === null) {
        server.child.kill("SIGTERM");
        const stopped = await Promise.race([server.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5_000))]);
        if (!stopped) server.child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
