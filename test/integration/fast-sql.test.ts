import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REFRESH, registerUser } from "../helpers/factories.js";
import { gql } from "../helpers/gql.js";
import { onPostgres } from "../helpers/database.js";
import { createFastSql, type FastSql } from "../../src/db/fast-sql.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * FastSql.transaction: refreshToken's and logout's statements in one transaction, on SQLite
 * straight on the pool's one connection (held like any ORM transaction), on PostgreSQL
 * through em.transactional.
 */

let app: TestApp;
let sql: FastSql;
beforeAll(async () => {
  app = await createTestApp();
  sql = await createFastSql(app.orm, onPostgres() ? "postgres" : "sqlite");
});
afterAll(() => app.stop());

const em = () => app.orm.em.fork();
const nameOf = async (id: string) => (await sql.get("select name from users where id = ?", [id]))?.name;
const rename = (tx: FastSql, id: string, name: string) => tx.run("update users set name = ? where id = ?", [name, id]);

describe("FastSql.transaction", () => {
  it("commits what the work wrote once it resolves, and returns what it returned", async () => {
    const { user } = await registerUser(app);
    const result = await sql.transaction(em, async (tx) => {
      expect(await rename(tx, user.id, "Committed")).toBe(1);
      return (await tx.get("select name from users where id = ?", [user.id]))?.name;
    });
    expect(result).toBe("Committed");
    expect(await nameOf(user.id)).toBe("Committed");
  });

  it("undoes everything the work wrote when it throws, and leaves the connection usable", async () => {
    const { user } = await registerUser(app);
    const before = await nameOf(user.id);
    await expect(
      sql.transaction(em, async (tx) => {
        await rename(tx, user.id, "Never");
        throw new Error("the work failed");
      }),
    ).rejects.toThrow("the work failed");
    expect(await nameOf(user.id)).toBe(before);
    await sql.transaction(em, (tx) => rename(tx, user.id, "Afterwards"));
    expect(await nameOf(user.id)).toBe("Afterwards");
  });

  it("shows nobody outside what it has not committed", async () => {
    const { user } = await registerUser(app);
    const before = await nameOf(user.id);
    let committed = false;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = sql.transaction(em, async (tx) => {
      await rename(tx, user.id, "Uncommitted");
      await held;
    });
    // A statement from outside meanwhile: on SQLite it waits for the connection, on
    // PostgreSQL it reads the last committed row. Either way, never the uncommitted name.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = nameOf(user.id).then((name) => ({ name, beforeCommit: !committed }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    committed = true;
    release();
    await transaction;
    const seen = await outside;
    expect(seen.name).toBe(seen.beforeCommit ? before : "Uncommitted");
    expect(seen.beforeCommit).toBe(onPostgres());
  });

  it("refreshes a token with no EntityManager of its own on SQLite (one em.transactional on PostgreSQL)", async () => {
    const reg = await registerUser(app);
    const fork = vi.spyOn(app.orm.em, "fork");
    try {
      const refreshed = await gql(app.url, REFRESH, { t: reg.refreshToken });
      expect(refreshed.body.data?.refreshToken.refreshToken).toBeTruthy();
      expect(fork).toHaveBeenCalledTimes(onPostgres() ? 1 : 0);
    } finally {
      fork.mockRestore();
    }
  });
});
