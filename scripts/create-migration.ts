/**
 * npm run migration:create [-- --name add_products]
 *
 * For each dialect (SQLite and PostgreSQL), diffs the entities against a scratch database
 * built from the committed migrations, writes the difference as a new migration under
 * src/db/migrations/<dialect>/ and rewrites src/db/migrations/index.ts so the server applies it
 * at start. PostgreSQL needs a server: TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres.
 */
import "reflect-metadata";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MikroORM } from "@mikro-orm/core";
import { ormOptions, type Dialect } from "../src/db/orm.js";
import { createScratchDatabase } from "./scratch-database.js";

const { values } = parseArgs({ options: { name: { type: "string" } } });
const root = join(import.meta.dirname, "../src/db/migrations");

for (const dialect of ["sqlite", "postgres"] as const) {
  const scratch = await scratchUrl(dialect);
  const dir = join(root, dialect);
  const base = await ormOptions(scratch.url);
  const orm = await MikroORM.init({
    ...base,
    migrations: { ...base.migrations, path: dir, pathTs: dir, emit: "ts", snapshot: false },
  });
  try {
    const migrator = orm.getMigrator();
    await migrator.up();
    const result = await migrator.createMigration(dir, false, false, values.name);
    console.log(result.diff.up.length === 0 ? `${dialect}: no changes` : `${dialect}: created ${result.fileName}`);
  } finally {
    await orm.close(true);
    await scratch.drop();
  }
}

const names = (dialect: Dialect) =>
  readdirSync(join(root, dialect))
    .filter((file) => /^Migration\w+\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ""))
    .sort();
const sqlite = names("sqlite");
const postgres = names("postgres");
writeFileSync(
  join(root, "index.ts"),
  [
    "// Written by `npm run migration:create`: every migration, in the order they apply.",
    ...sqlite.map((name) => `import { ${name} as Sqlite${name} } from "./sqlite/${name}.js";`),
    ...postgres.map((name) => `import { ${name} as Postgres${name} } from "./postgres/${name}.js";`),
    "",
    "export const sqliteMigrations = [",
    ...sqlite.map((name) => `  { name: "${name}", class: Sqlite${name} },`),
    "];",
    "",
    "export const postgresMigrations = [",
    ...postgres.map((name) => `  { name: "${name}", class: Postgres${name} },`),
    "];",
    "",
  ].join("\n"),
);

async function scratchUrl(dialect: Dialect): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialect === "postgres") return createScratchDatabase(process.env.TEST_DATABASE_URL);
  const dir = mkdtempSync(join(tmpdir(), "migration-"));
  return { url: `sqlite:${join(dir, "scratch.sqlite")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
