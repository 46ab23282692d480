import { join } from "node:path";
import { createScratchDatabase } from "../../scripts/scratch-database.js";

/**
 * The database of one test app: in-memory SQLite, or, in the PostgreSQL run of the suite
 * (TEST_DIALECT=postgres, set by vitest.config.ts), a fresh database with a random name on
 * the TEST_DATABASE_URL server, dropped when the app stops.
 */
export async function testDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (process.env.TEST_DIALECT !== "postgres") return undefined;
  return createScratchDatabase(process.env.TEST_DATABASE_URL);
}

export const onPostgres = () => process.env.TEST_DIALECT === "postgres";

/**
 * A database two apps can share, one after the other or side by side: a SQLite file
 * `<dir>/<name>.sqlite` (the caller removes `dir`), or a PostgreSQL database of its own.
 */
export async function sharedDatabase(dir: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (onPostgres()) return createScratchDatabase(process.env.TEST_DATABASE_URL);
  return { url: `sqlite:${join(dir, `${name}.sqlite`)}`, drop: async () => {} };
}
