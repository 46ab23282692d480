/** npm run schema: writes schema.graphql from the resolvers (a test fails when it is stale). */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { printSchemaFile } from "../src/server/schema-file.js";
import { createSchema } from "../src/server/schema.js";

const file = join(import.meta.dirname, "../schema.graphql");
writeFileSync(file, printSchemaFile(await createSchema()));
console.log(`Wrote ${file}`);
