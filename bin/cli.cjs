"use strict";
// `npm run user:create` and `npm run seed`: the compiled commands, built first when
// TypeScript is installed (bin/build.cjs), so they need no dev dependency.
const COMMANDS = { "user-create": "user-create.js", seed: "seed.js" };
const [name, ...args] = process.argv.slice(2);
if (!Object.hasOwn(COMMANDS, name ?? "")) {
  console.error(`usage: node bin/cli.cjs ${Object.keys(COMMANDS).join("|")} [options]`);
  process.exit(2);
}
require("./build.cjs").ensureBuilt();
// The command reads its options from process.argv, as if run directly.
process.argv = [process.argv[0], require("node:path").join(__dirname, "../dist/src/cli", COMMANDS[name]), ...args];
import(`../dist/src/cli/${COMMANDS[name]}`);
