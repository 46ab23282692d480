"use strict";
// Builds dist/ from src/ when TypeScript is installed (a development install; tsc is
// incremental, so an unchanged tree costs ~2 s), and otherwise uses the dist/ that a build
// left (a production install: `npm ci --omit=dev` after `npm run build`).
const { spawnSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");

function typescriptCompiler() {
  try {
    return require.resolve("typescript/bin/tsc", { paths: [root] });
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
    return;
  }
  if (!existsSync(join(root, "dist/src/index.js"))) {
    console.error(
      "Could not start: dist/ is missing and TypeScript is not installed: run `npm run build` where the dev dependencies are installed, then `npm ci --omit=dev` (README, Deploying)",
    );
    process.exit(1);
  }
}

module.exports = { ensureBuilt };
