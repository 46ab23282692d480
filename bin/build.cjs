"use strict";
// Builds dist/ from src/ when TypeScript is installed (a development install; tsc is
// incremental, so an unchanged tree costs ~2 s), and otherwise uses the dist/ that a build
// left (a production install: `npm ci --omit=dev` after `npm run build`). The web app
// likewise: rebuilt by Vite when it is installed and web/ changed since the last build.
const { spawnSync } = require("node:child_process");
const { existsSync, readdirSync, statSync } = require("node:fs");
const { dirname, join } = require("node:path");

const root = join(__dirname, "..");

function typescriptCompiler() {
  try {
    return require.resolve("typescript/bin/tsc", { paths: [root] });
  } catch {
    return null;
  }
}

/** Vite's CLI; its package exports no bin/ path, so found by way of its package.json. */
function viteCli() {
  try {
    return join(dirname(require.resolve("vite/package.json", { paths: [root] })), "bin/vite.js");
  } catch {
    return null;
  }
}

function ensureBuilt() {
  const tsc = typescriptCompiler();
  if (tsc) {
    const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
    if (result.status !== 0) {
      console.error("Could not start: the TypeScript build failed (see above)");
      process.exit(result.status ?? 1);
    }
  } else if (!existsSync(join(root, "dist/src/index.js"))) {
    console.error(
      "Could not start: dist/ is missing and TypeScript is not installed: run `npm run build` where the dev dependencies are installed, then `npm ci --omit=dev` (README, Deploying)",
    );
    process.exit(1);
  }
  if (process.env.WEB_APP !== "off") ensureWebBuilt();
}

/** Without Vite (a production install) or web/ (not shipped), dist/web is used as it is; the server warns if it is missing. */
function ensureWebBuilt() {
  const vite = viteCli();
  if (!vite || !existsSync(join(root, "web/vite.config.ts")) || !webStale()) return;
  const args = [vite, "build", "--config", "web/vite.config.ts", "--logLevel", "warn"];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("Could not start: the web app's build failed (see above); WEB_APP=off starts the API alone");
    process.exit(result.status ?? 1);
  }
}

/** Whether dist/web/index.html is missing or older than anything in web/, schema.graphql (which its documents are written against) or the dependencies. */
function webStale() {
  const built = join(root, "dist/web/index.html");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  // package.json and its lock: a new version of React or Apollo Client is a new bundle.
  const sources = ["web", "schema.graphql", "package.json", "package-lock.json"].map((path) => join(root, path)).filter((path) => existsSync(path));
  return sources.some((path) => newerThan(path, builtAt));
}

/** A folder's own mtime counts too: it moves when a file in it is deleted or renamed. */
function newerThan(path, time) {
  const stat = statSync(path);
  if (stat.mtimeMs > time) return true;
  if (!stat.isDirectory()) return false;
  return readdirSync(path).some((name) => name !== "node_modules" && newerThan(join(path, name), time));
}

module.exports = { ensureBuilt };
