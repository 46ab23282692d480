// `npm run dev`: the API (tsx watch, restarts on change) and Vite's dev server (hot reload,
// proxies /graphql to the API on :4000), their lines prefixed [api] and [web]. Ctrl-C, a
// SIGTERM or either one exiting stops both.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";
import { createInterface } from "node:readline";
import { setTimeout } from "node:timers";

const root = join(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const bin = (pkg, file) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

const children = [
  // The page comes from Vite, so the API serves no web app, and takes the page's origin
  // (Vite's) as its own: the cookie transport checks Origin against PUBLIC_URL.
  run("api", [bin("tsx", "dist/cli.mjs"), "watch", "src/index.ts"], {
    WEB_APP: "off",
    PUBLIC_URL: "http://127.0.0.1:5173",
    // The same page opened as localhost: trusted too.
    CORS_ORIGINS: "http://localhost:5173",
  }),
  run("web", [bin("vite", "bin/vite.js"), "--config", "web/vite.config.ts"], {}),
];

let exitCode;
function stopAll(code) {
  if (exitCode !== undefined) return;
  exitCode = code;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  // A child that ignores SIGTERM does not keep the terminal.
  setTimeout(() => children.forEach((child) => child.kill("SIGKILL")), 5000).unref();
}

function run(name, args, env) {
  // stdin ignored: two children reading one terminal would steal each other's keys.
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
    createInterface({ input: stream }).on("line", (line) => out.write(`[${name}] ${line}\n`));
  }
  child.on("exit", (code) => stopAll(code ?? 1));
  return child;
}

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
await Promise.all(children.map((child) => new Promise((resolve) => child.on("close", resolve))));
process.exit(exitCode ?? 0);
