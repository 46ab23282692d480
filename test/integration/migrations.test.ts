import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MikroORM } from "@mikro-orm/core";
import argon2 from "argon2";
import { afterAll, describe, expect, it } from "vitest";
import { ormOptions } from "../../src/db/orm.js";
import { usernameSkeleton } from "../../src/lib/lookalikes.js";
import jwt from "jsonwebtoken";
import { generateRefreshToken, hashRefreshToken } from "../../src/auth/refresh-tokens.js";
import { PASSWORD, REFRESH, login, registerUser } from "../helpers/factories.js";
import { gql } from "../helpers/gql.js";
import { createTestApp } from "../helpers/test-app.js";
import { createLogger } from "../../src/lib/logger.js";
import { SQLITE_CACHE_KIB, createOrm } from "../../src/db/orm.js";
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

  it("create the database and its WAL files 0600 inside a data folder made 0700", async () => {
    const data = join(dir, "private", "data");
    const orm = await createOrm(`sqlite:${join(data, "app.sqlite")}`, silent);
    try {
      await orm.em.fork().getConnection().execute("insert into products (id, name, price_cents, created_at, updated_at) values ('p', 'x', 1, 0, 0)");
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect(mode(data)).toBe(0o700);
      for (const file of ["app.sqlite", "app.sqlite-wal", "app.sqlite-shm"]) expect(mode(join(data, file)), file).toBe(0o600);
    } finally {
      await orm.close(true);
    }
  });

  it("turn on WAL and a busy timeout so the CLI and a second process can share the file, and bound the page cache", async () => {
    const orm = await createOrm(`sqlite:${join(dir, "wal.sqlite")}`, silent);
    try {
      const conn = orm.em.fork().getConnection();
      expect(await conn.execute("pragma journal_mode")).toEqual([{ journal_mode: "wal" }]);
      expect(await conn.execute("pragma busy_timeout")).toEqual([{ timeout: 5000 }]);
      expect(await conn.execute("pragma foreign_keys")).toEqual([{ foreign_keys: 1 }]);
      // A page cache of SQLITE_CACHE_KIB, not better-sqlite3's 16 MiB (negative: KiB).
      expect(await conn.execute("pragma cache_size")).toEqual([{ cache_size: -SQLITE_CACHE_KIB }]);
    } finally {
      await orm.close(true);
    }
  });
});

describe("the username skeleton migration", () => {
  it("gives existing accounts their skeleton, reports lookalikes among them without merging, and both keep working", async () => {
    // Both dialects: the backfill runs its own SQL.
    const database = onPostgres() ? await createScratchDatabase(process.env.TEST_DATABASE_URL) : undefined;
    const url = database?.url ?? `sqlite:${join(dir, "lookalikes.sqlite")}`;
    const time = (ms: number) => (database ? new Date(ms) : ms);
    // The database as it was before usernames were compared by skeleton.
    const before = await MikroORM.init(await ormOptions(url));
    await before.getMigrator().up({ to: database ? "Migration20261122062606_initial" : "Migration20261122055726_shop" });
    const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 4096, timeCost: 2, parallelism: 1 });
    const insert = (id: string, username: string, key: string, createdAt: number) =>
      before.em
        .fork()
        .getConnection()
        .execute(
          "insert into users (id, username, username_key, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
          [id, username, key, hash, time(createdAt), time(createdAt)],
        );
    const [older, newer, other] = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003"];
    await insert(newer, "\u0430dmin", "\u0430dmin", 2000); // Cyrillic а: a lookalike, registered later
    await insert(older, "admin", "admin", 1000);
    await insert(other, "ada", "ada", 3000);
    await before.close(true);

    const app = await createTestApp({ DATABASE_URL: url });
    try {
      const rows = await app.orm.em.fork().getConnection().execute("select id, username_skeleton from users order by created_at");
      expect(rows).toEqual([
        { id: older, username_skeleton: usernameSkeleton("admin") },
        { id: newer, username_skeleton: null },
        { id: other, username_skeleton: usernameSkeleton("ada") },
      ]);
      const report = app.logs.find((line) => line.event === "db.username_lookalikes");
      expect(report?.level).toBe(40);
      expect(String(report?.msg)).toContain(`${newer} looks like ${older}`);
      // Nothing merged: each signs in by its own name.
      expect((await login(app, "admin")).user.id).toBe(older);
      expect((await login(app, "\u0430dmin")).user.id).toBe(newer);
      // And no third lookalike can join them.
      await expect(registerUser(app, { username: "adm\u0131n" })).rejects.toThrow(/taken/);
      expect((await registerUser(app, { username: "grace" })).user.username).toBe("grace");
    } finally {
      await app.stop();
      await database?.drop();
    }
  });
});

describe("the session_transport migration", () => {
  it("keeps existing sessions refreshable: BODY transport, auth_time from when they began", async () => {
    const database = onPostgres() ? await createScratchDatabase(process.env.TEST_DATABASE_URL) : undefined;
    const url = database?.url ?? `sqlite:${join(dir, "sessions.sqlite")}`;
    const time = (iso: string) => (database ? new Date(iso) : Date.parse(iso));
    const before = await MikroORM.init(await ormOptions(url));
    await before.getMigrator().up({ to: "Migration20261201115948_live_sessions_index" });
    const connection = before.em.fork().getConnection();
    const userId = "00000000-0000-4000-8000-00000000000a";
    const sessionId = "00000000-0000-4000-8000-00000000000b";
    const refreshToken = generateRefreshToken();
    const began = "2025-12-31T12:00:00.000Z";
    await connection.execute(
      "insert into users (id, username, username_key, username_skeleton, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)",
      [userId, "olduser", "olduser", usernameSkeleton("olduser"), "x", time(began), time(began)],
    );
    await connection.execute(
      "insert into sessions (id, user_id, refresh_token_hash, created_at, last_used_at, expires_at) values (?, ?, ?, ?, ?, ?)",
      [sessionId, userId, hashRefreshToken(refreshToken), time(began), time(began), time("2026-01-30T12:00:00.000Z")],
    );
    await before.close(true);

    const app = await createTestApp({ DATABASE_URL: url });
    try {
      const [row] = await app.orm.em.fork().getConnection().execute("select refresh_token_transport, authenticated_at from sessions");
      expect(row.refresh_token_transport).toBe("BODY");
      expect(new Date(row.authenticated_at).toISOString()).toBe(began);
      const res = await gql(app.url, REFRESH, { t: refreshToken });
      const pair = res.body.data?.refreshToken;
      expect(pair?.refreshToken, JSON.stringify(res.body)).toEqual(expect.any(String));
      expect((jwt.decode(pair.accessToken) as { auth_time: number }).auth_time).toBe(Date.parse(began) / 1000);
    } finally {
      await app.stop();
      await database?.drop();
    }
  });
});

describe("the email_verified migration", () => {
  it("marks every existing account unverified, an address or not, and they keep signing in", async () => {
    const database = onPostgres() ? await createScratchDatabase(process.env.TEST_DATABASE_URL) : undefined;
    const url = database?.url ?? `sqlite:${join(dir, "email-verified.sqlite")}`;
    const time = (iso: string) => (database ? new Date(iso) : Date.parse(iso));
    const before = await MikroORM.init(await ormOptions(url));
    await before.getMigrator().up({ to: "Migration20261201130057_session_transport" });
    const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 4096, timeCost: 2, parallelism: 1 });
    const insert = (id: string, username: string, email: string | null) =>
      before.em
        .fork()
        .getConnection()
        .execute(
          "insert into users (id, username, username_key, username_skeleton, email, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
          [id, username, username, usernameSkeleton(username), email, hash, time("2026-01-01T00:00:00Z"), time("2026-01-01T00:00:00Z")],
        );
    await insert("00000000-0000-4000-8000-0000000000e1", "mailed", "mailed@example.com");
    await insert("00000000-0000-4000-8000-0000000000e2", "unmailed", null);
    await before.close(true);

    const app = await createTestApp({ DATABASE_URL: url });
    try {
      const rows = await app.orm.em.fork().getConnection().execute("select username, email_verified from users order by username");
      expect(rows.map((row: { username: string; email_verified: unknown }) => [row.username, Boolean(row.email_verified)])).toEqual([
        ["mailed", false],
        ["unmailed", false],
      ]);
      const { accessToken } = await login(app, "mailed");
      const res = await gql(app.url, "{ me { email emailVerified } }", {}, { token: accessToken });
      expect(res.body.data?.me).toEqual({ email: "mailed@example.com", emailVerified: false });
    } finally {
      await app.stop();
      await database?.drop();
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
