import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/**
 * The real entry point as its own process: src/index.ts under tsx, or (`built`) the compiled
 * server the way `npm start` runs it after a build (bin/server.cjs, the browser tests').
 */

const root = join(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
const entry = join(root, "src/index.ts");

export interface ServerOptions {
  /** Under script(1), so that its output is a terminal. */
  terminal?: boolean;
  /** bin/server.cjs on dist/ (built beforehand) instead of src/ under tsx. */
  built?: boolean;
}

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export interface RunningServer extends ServerProcess {
  url: string;
}

/** Spawns the server in `cwd`; the test's own JWT_SECRET, DATABASE_URL and NODE_ENV are not inherited. */
export function runServer(cwd: string, env: Record<string, string>, { terminal = false, built = false }: ServerOptions = {}): ServerProcess {
  const { JWT_SECRET: _s, DATABASE_URL: _d, NODE_ENV: _n, ...inherited } = process.env;
  const command = built
    ? [process.execPath, join(root, "bin/server.cjs")]
    : [process.execPath, tsx, "--tsconfig", join(root, "tsconfig.json"), entry];
  const [file, ...args] = terminal ? ["script", "-qec", command.join(" "), "/dev/null"] : command;
  const child = spawn(file!, args, {
    cwd,
    env: { ...inherited, PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // A group of its own under script(1): killing the group stops the server too.
    detached: terminal,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Spawns the server and waits until it logs its URL. */
export async function startServer(cwd: string, env: Record<string, string> = {}, options: ServerOptions = {}): Promise<RunningServer> {
  const proc = runServer(cwd, env, options);
  try {
    await waitFor(() => /"url":"(http:\/\/[^"]+\/graphql)"/.test(proc.output()) || proc.child.exitCode !== null, proc.output);
  } catch (error) {
    proc.child.kill("SIGKILL");
    throw error;
  }
  const match = /"url":"(http:\/\/[^"]+\/graphql)"/.exec(proc.output());
  if (!match) throw new Error(`server did not start:\n${proc.output()}`);
  return { ...proc, url: match[1]! };
}

export async function waitFor(condition: () => boolean, output: () => string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a command to its end with `stdin` piped in: its exit code and what it printed. */
export function runToEnd(
  command: string,
  args: string[],
  { cwd, env, stdin = "" }: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}
