/**
 * npm run migration:create [-- --name add_products]
 *
 * Diffs the entities against a scratch database built from the committed migrations,
 * writes the difference as a new migration under src/migrations/sqlite and rewrites
 * src/migrations/index.ts so the server applies it at start.
 */
import "reflect-metadata";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MikroORM } from "@mikro-orm/core";
import { ormOptions } from "../src/orm.js";

const { values } = parseArgs({ options: { name: { type: "string" } } });
const dir = join(import.meta.dirname, "../src/migrations/sqlite");
const scratch = mkdtempSync(join(tmpdir(), "migration-"));
const base = ormOptions(`sqlite:${join(scratch, "scratch.sqlite")}`);
const orm = await MikroORM.init({
  ...base,
  migrations: { ...base.migrations, path: dir, pathTs: dir, emit: "ts", snapshot: false },
});
try {
  const migrator = orm.getMigrator();
  await migrator.up();
  const result = await migrator.createMigration(dir, false, false, values.name);
  if (result.diff.up.length === 0) {
    console.log("No changes: the entities match the migrations.");
  } else {
    console.log(`Created src/migrations/sqlite/${result.fileName}`);
  }
} finally {
  await orm.close(true);
  rmSync(scratch, { recursive: true, force: true });
}

const names = readdirSync(dir)
  .filter((file) => /^Migration\w+\.ts$/.test(file))
  .map((file) => file.replace(/\.ts$/, ""))
  .sort();
writeFileSync(
  join(import.meta.dirname, "../src/migrations/index.ts"),
  [
    "// Written by `npm run migration:create`: every migration, in the order they apply.",
    ...names.map((name) => `import { ${name} } from "./sqlite/${name}.js";`),
    "",
    "export const sqliteMigrations = [",
    ...names.map((name) => `  { name: "${name}", class: ${name} },`),
    "];",
    "",
  ].join("\n"),
);
