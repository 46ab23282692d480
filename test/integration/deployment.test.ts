import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, login } from "../helpers/factories.js";
import { gql } from "../helpers/gql.js";
import { runToEnd, waitFor } from "../helpers/server-process.js";

/**
 * The deployment path of the README: build once where the dev dependencies are, then
 * install with --omit=dev and run `npm start`, `npm run user:create` and `npm run seed`
 * from the compiled output alone. The copy holds only what a deploy ships (package files,
 * binding.gyp, native/, bin/, dist/), and `npm ci --omit=dev` installs it. The dependencies'
 * install scripts are skipped and their two native modules' builds copied in, so that the
 * test does not spend two minutes compiling them again; the package's own install script
 * (the memory addon) runs. What is checked is that no dev dependency is needed at run time.
 */

const root = join(import.meta.dirname, "../..");
const NATIVE_BUILDS = ["better-sqlite3/build", "argon2/build"];
let deploy: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], { cwd: root });
  deploy = mkdtempSync(join(tmpdir(), "deploy-"));
  for (const part of ["package.json", "package-lock.json", "binding.gyp", "native", "bin", "dist"]) cpSync(join(root, part), join(deploy, part), { recursive: true });
  execFileSync("npm", ["ci", "--omit=dev", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: deploy,
    env: cleanEnv(),
    stdio: "pipe",
  });
  for (const build of NATIVE_BUILDS) cpSync(join(root, "node_modules", build), join(deploy, "node_modules", build), { recursive: true });
  // The install script, as npm runs it: it builds the memory addon from binding.gyp and native/ (seconds).
  const nodedir: Record<string, string> = process.env.npm_config_nodedir ? { npm_config_nodedir: process.env.npm_config_nodedir } : {};
  const install = spawnSync("npm", ["run", "--silent", "install"], { cwd: deploy, env: cleanEnv(nodedir), encoding: "utf8" });
  if (install.status !== 0 || /not built/.test(install.stderr)) throw new Error(`the memory addon did not build:\n${install.stderr}`);
}, 240_000);

afterAll(() => {
  if (deploy) rmSync(deploy, { recursive: true, force: true });
});

/** The test's environment without what npm and vitest set, and production's settings. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_ENV$|JWT_SECRET$|DATABASE_URL$|VITEST|TEST_)/.test(key)),
  );
  return { ...env, ...extra };
}

const SECRET = randomBytes(48).toString("base64");
const production = (extra: Record<string, string> = {}) =>
  // MAIL=off: without SMTP_URL production refuses to start otherwise (no e-mail is sent here).
  cleanEnv({ NODE_ENV: "production", JWT_SECRET: SECRET, PORT: "0", LOG_LEVEL: "info", MAIL: "off", ...extra });

interface Started {
  npm: ChildProcess;
  url: string;
  serverPid: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` in the deployed copy, in a process group of its own (as a terminal would run it). */
async function npmStart(): Promise<Started> {
  const npm = spawn("npm", ["start"], { cwd: deploy, env: production(), stdio: ["ignore", "pipe", "pipe"], detached: true });
  let text = "";
  npm.stdout!.on("data", (chunk) => (text += chunk));
  npm.stderr!.on("data", (chunk) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => npm.on("exit", (code) => resolve(code)));
  const started = /"event":"server\.started","url":"([^"]+)","env":"production","pid":(\d+)/;
  await waitFor(() => started.test(text) || npm.exitCode !== null, () => text, 30_000);
  const match = started.exec(text);
  if (!match) throw new Error(`npm start did not start:\n${text}`);
  return { npm, url: match[1]!, serverPid: Number(match[2]), output: () => text, exited };
}

/** SIGKILL to a process group that may have gone already. */
const killGroup = (pid: number | undefined) => {
  try {
    if (pid) process.kill(-pid, "SIGKILL");
  } catch {
    // gone
  }
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const npmRun = (args: string[], stdin = "") => runToEnd("npm", ["run", "--silent", ...args], { cwd: deploy, env: production(), stdin });

describe("a production install (npm ci --omit=dev after npm run build)", () => {
  it("has no dev dependency: no TypeScript, no tsx", () => {
    expect(existsSync(join(deploy, "node_modules/argon2"))).toBe(true);
    for (const dev of ["typescript", "tsx", "vitest", "pino-pretty"]) expect(existsSync(join(deploy, "node_modules", dev)), dev).toBe(false);
  });

  it("finds, from dist/, the memory addon that the install builds into build/", () => {
    const script = `const { loadArenaTrim } = await import("./dist/src/lib/arena-trim.js"); console.log(typeof loadArenaTrim());`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: deploy, env: cleanEnv() }).toString().trim()).toBe("function");
  });

  it("serves with npm start, creates an admin with user:create and products with seed, from the compiled output", async () => {
    const server = await npmStart();
    try {
      expect((await fetch(server.url.replace(/graphql$/, "healthz"))).status).toBe(200);
      const created = await npmRun(["user:create", "--", "--username", "deployadmin", "--role", "ADMIN"], `${PASSWORD}\n`);
      expect(created.stderr).toBe("");
      expect(created.code).toBe(0);
      expect((await login(server, "deployadmin")).user.role).toBe("ADMIN");
      const seeded = await npmRun(["seed"]);
      expect(seeded.code).toBe(0);
      const products = await gql(server.url, "{ products { totalCount } }");
      expect(products.body.data?.products.totalCount).toBeGreaterThan(0);
    } finally {
      killGroup(server.npm.pid);
    }
  });

  it("stops cleanly when a supervisor sends SIGTERM to npm, which does not pass it on", async () => {
    const server = await npmStart();
    try {
      process.kill(server.npm.pid!, "SIGTERM");
      await waitFor(() => !alive(server.serverPid), server.output, 10_000);
      expect(server.output()).toMatch(/"event":"server\.stopping","reason":"parent_exited"/);
      expect(server.output()).toMatch(/"event":"server\.stopped"/);
    } finally {
      if (alive(server.serverPid)) process.kill(server.serverPid, "SIGKILL");
    }
  });

  it("stops cleanly on Ctrl-C (SIGINT to the whole process group) and on SIGTERM to the server itself", async () => {
    const interrupted = await npmStart();
    try {
      process.kill(-interrupted.npm.pid!, "SIGINT");
      await waitFor(() => !alive(interrupted.serverPid), interrupted.output, 10_000);
      expect(interrupted.output()).toMatch(/"event":"server\.stopped"/);
    } finally {
      killGroup(interrupted.npm.pid);
    }

    const terminated = await npmStart();
    try {
      process.kill(terminated.serverPid, "SIGTERM");
      await waitFor(() => !alive(terminated.serverPid), terminated.output, 10_000);
      expect(terminated.output()).toMatch(/"reason":"SIGTERM"[\s\S]*"event":"server\.stopped"/);
    } finally {
      killGroup(terminated.npm.pid);
    }
  });

  it("says in one line what to do when dist/ is missing and TypeScript is not installed", async () => {
    const bare = mkdtempSync(join(tmpdir(), "deploy-bare-"));
    try {
      cpSync(join(deploy, "bin"), join(bare, "bin"), { recursive: true });
      cpSync(join(deploy, "package.json"), join(bare, "package.json"));
      const result = execFileSync(process.execPath, [join(bare, "bin/start.cjs")], { cwd: bare, env: production(), stdio: "pipe" }).toString();
      expect.fail(`started without dist/: ${result}`);
    } catch (error) {
      const failure = error as { status?: number; stderr?: Buffer };
      expect(failure.status).toBe(1);
      expect(String(failure.stderr).trim()).toMatch(/^Could not start: dist\/ is missing and TypeScript is not installed: run `npm run build`/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it("runs the README's curl walkthrough top to bottom as written", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const script = /<!-- walkthrough -->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(script).toBeTruthy();
    const server = await npmStart();
    try {
      const result = spawnSync("bash", ["-euo", "pipefail", "-c", script!], {
        cwd: deploy,
        env: production({ URL: server.url }),
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const answers = result.stdout.trim().split("\n");
      expect(answers[0]).toMatch(/^Added \d+ demo products/);
      expect(answers.at(-1)).toContain('"reason":"TOKEN_REVOKED"');
      expect(result.stdout).toContain('"username":"ada"');
      expect(result.stdout).toMatch(/"cart":\{"itemCount":2,"totalCents":\d+\}/);
      expect(result.stdout).toContain('"logout":true');
    } finally {
      killGroup(server.npm.pid);
    }
  });
});
