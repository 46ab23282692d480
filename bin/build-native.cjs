"use strict";
// `npm install` runs this (package.json's install script): it builds the addon that hands
// start-up's garbage and argon2's memory back (native/memory.cc, binding.gyp, into build/)
// with npm's own node-gyp. Where it cannot be built (no C++ compiler, or a copy shipped
// without binding.gyp and native/) the install says so and goes on: the server runs without
// it and keeps that memory (README, Set up).
const { spawnSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const skipped = (why) =>
  console.warn(`graphql-auth-api: the memory addon was not built (${why}); the server runs without it and keeps start-up's garbage and argon2's memory after sign-ins.`);

if (!existsSync(join(root, "binding.gyp"))) {
  skipped("binding.gyp is not here");
} else {
  const gyp = process.env.npm_config_node_gyp;
  const [command, args] = gyp ? [process.execPath, [gyp]] : ["node-gyp", []];
  const built = spawnSync(command, [...args, "rebuild", "--loglevel=warn"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) skipped(built.error ? built.error.message : "node-gyp failed, above");
}
