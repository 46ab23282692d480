import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../scripts/scratch-database.js";
import { AUTH_FIELDS, LOGOUT, ME, PASSWORD, REFRESH, type Registered, uniqueUsername } from "../helpers/factories.js";
import { onPostgres } from "../helpers/database.js";
import { codeOf, gql } from "../helpers/gql.js";
import { startServer, type RunningServer } from "../helpers/server-process.js";

/**
 * Two server processes on one PostgreSQL database, as behind a load balancer: whatever
 * one of them does to a session, the other enforces on the very next request.
 */

describe.runIf(onPostgres())("two instances on one PostgreSQL database (the postgres run only)", () => {
  let database: { url: string; drop: () => Promise<void> };
  let dir: string;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    database = await createScratchDatabase(process.env.TEST_DATABASE_URL);
    dir = mkdtempSync(join(tmpdir(), "instances-"));
    const env = {
      DATABASE_URL: database.url,
      JWT_SECRET: "a-secret-both-instances-share-0123456789abcdef",
      NODE_ENV: "production",
      MAIL: "off",
      LOG_LEVEL: "info",
    };
    // Started together: they also take turns at the migrations.
    [a, b] = await Promise.all([startServer(dir, env), startServer(dir, env)]);
  }, 60_000);

  afterAll(async () => {
    for (const server of [a, b]) {
      server?.child.kill("SIGTERM");
      await server?.exited;
    }
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const register = async (server: RunningServer): Promise<Registered> => {
    const res = await gql(server.url, `mutation($i: RegisterInput!) { register(input: $i) { ${AUTH_FIELDS} } }`, {
      i: { username: uniqueUsername(), password: PASSWORD },
    });
    return res.body.data!.register as Registered;
  };
  const login = async (server: RunningServer, username: string): Promise<Registered> => {
    const res = await gql(server.url, `mutation($i: LoginInput!) { login(input: $i) { ${AUTH_FIELDS} } }`, {
      i: { username, password: PASSWORD },
    });
    return res.body.data!.login as Registered;
  };
  const reasonOf = async (server: RunningServer, token: string) => {
    const res = await gql(server.url, ME, {}, { token });
    return res.status === 401 ? res.body.errors?.[0]?.extensions?.reason : (res.body.data?.me?.id as string);
  };

  it("serves one set of users: registered on one, signed in on the other", async () => {
    const reg = await register(a);
    expect(await reasonOf(b, reg.accessToken)).toBe(reg.user.id);
  });

  it("enforces a logout on the other instance at once", async () => {
    const reg = await register(a);
    expect((await gql(a.url, LOGOUT, { t: reg.refreshToken })).body.data?.logout).toBe(true);
    expect(await reasonOf(b, reg.accessToken)).toBe("TOKEN_REVOKED");
  });

  it("enforces logoutAll on every session, through either instance", async () => {
    const reg = await register(a);
    const other = await login(b, reg.user.username);
    expect((await gql(b.url, `mutation { logoutAll }`, {}, { token: other.accessToken })).body.data?.logoutAll).toBe(true);
    expect(await reasonOf(a, reg.accessToken)).toBe("TOKEN_REVOKED");
    expect(await reasonOf(a, other.accessToken)).toBe("TOKEN_REVOKED");
  });

  it("enforces a deactivation on the other instance at once", async () => {
    const admin = await register(a);
    await sql(database.url, "update users set role = 'ADMIN' where id = $1", [admin.user.id]);
    const victim = await register(b);
    const res = await gql(a.url, `mutation($id: ID!) { setUserActive(id: $id, active: false) { isActive } }`, { id: victim.user.id }, { token: admin.accessToken });
    expect(res.body.data?.setUserActive.isActive).toBe(false);
    expect(await reasonOf(b, victim.accessToken)).toBe("TOKEN_REVOKED");
  });

  it("detects the reuse of a refresh token across instances and ends the session everywhere", async () => {
    const reg = await register(a);
    const rotated = (await gql(a.url, REFRESH, { t: reg.refreshToken })).body.data?.refreshToken;
    const latest = (await gql(b.url, REFRESH, { t: rotated.refreshToken })).body.data?.refreshToken;
    // Two rotations ago: never inside the reuse interval.
    const reuse = await gql(b.url, REFRESH, { t: reg.refreshToken });
    expect(reuse.body.errors?.[0]?.extensions?.reason).toBe("REFRESH_TOKEN_REUSED");
    expect(await reasonOf(a, latest.accessToken)).toBe("TOKEN_REVOKED");
    expect(codeOf(await gql(a.url, REFRESH, { t: latest.refreshToken }))).toBe("UNAUTHENTICATED");
  });

  it("gives simultaneous refreshes of one token spread over both instances one and the same new refresh token", async () => {
    const reg = await register(a);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => gql((i % 2 ? a : b).url, REFRESH, { t: reg.refreshToken })),
    );
    const pairs = results.map((r) => r.body.data?.refreshToken);
    expect(pairs.every(Boolean), JSON.stringify(results.find((r) => !r.body.data?.refreshToken)?.body)).toBe(true);
    expect(new Set(pairs.map((p) => p.refreshToken)).size).toBe(1);
    // Each got its own access token, and the session lives on: the one refresh token rotates.
    expect(new Set(pairs.map((p) => p.accessToken)).size).toBe(10);
    expect(await reasonOf(b, pairs[0].accessToken)).toBe(reg.user.id);
    expect((await gql(b.url, REFRESH, { t: pairs[0].refreshToken })).body.data?.refreshToken).toBeTruthy();
  });
});

async function sql(url: string, text: string, values: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}
