import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/lib/logger.js";
import { createOrm } from "../../src/db/orm.js";
import { createScratchDatabase } from "../../scripts/scratch-database.js";
import { onPostgres } from "../helpers/database.js";

const dir = mkdtempSync(join(tmpdir(), "migrations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const silent = createLogger("silent");

describe("migrations", () => {
  it("build exactly the schema the entities describe (run `npm run migration:create` after changing an entity)", async () => {
    const orm = await createOrm("sqlite::memory:", silent);
    try {
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe("");
    } finally {
      await orm.close(true);
    }
  });

  it("apply once: a restart on an existing database applies nothing and keeps the data", async () => {
    const url = `sqlite:${join(dir, "app.sqlite")}`;
    const first = await createOrm(url, silent);
    await first.em.fork().getConnection().execute("insert into users (id, username, username_key, password_hash, role, is_active, created_at, updated_at) values ('u1', 'ada', 'ada', 'x', 'USER', 1, 0, 0)");
    await first.close(true);
    const second = await createOrm(url, silent);
    try {
      expect(await second.getMigrator().getPendingMigrations()).toEqual([]);
      const rows = await second.em.fork().getConnection().execute("select username from users");
      expect(rows).toEqual([{ username: "ada" }]);
    } finally {
      await second.close(true);
    }
  });

  it("turn on WAL and a busy timeout so the CLI and a second process can share the file", async () => {
    const orm = await createOrm(`sqlite:${join(dir, "wal.sqlite")}`, silent);
    try {
      const conn = orm.em.fork().getConnection();
      expect(await conn.execute("pragma journal_mode")).toEqual([{ journal_mode: "wal" }]);
      expect(await conn.execute("pragma busy_timeout")).toEqual([{ timeout: 5000 }]);
      expect(await conn.execute("pragma foreign_keys")).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await orm.close(true);
    }
  });
});

describe.runIf(onPostgres())("migrations on PostgreSQL (the postgres run only)", () => {
  it("build exactly the schema the entities describe, and apply once", async () => {
    const database = await createScratchDatabase(process.env.TEST_DATABASE_URL);
    try {
      const orm = await createOrm(database.url, silent);
      try {
        const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
        expect(diff.trim()).toBe("");
      } finally {
        await orm.close(true);
      }
      const again = await createOrm(database.url, silent);
      try {
        expect(await again.getMigrator().getPendingMigrations()).toEqual([]);
      } finally {
        await again.close(true);
      }
    } finally {
      await database.drop();
    }
  });
});
