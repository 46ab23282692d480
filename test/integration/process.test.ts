import { mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ME, PASSWORD, registerUser } from "../helpers/factories.js";
import { gql } from "../helpers/gql.js";
import { runServer, startServer, waitFor } from "../helpers/server-process.js";

/** The real entry point, as `npm start` runs it, in a folder of its own. */

const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "gql-auth-"));
  dirs.push(dir);
  return dir;
};

describe("npm start", () => {
  it("starts with zero configuration: creates ./data/app.sqlite and a kept 0600 secret, with a warning", async () => {
    const cwd = tempDir();
    const server = await startServer(cwd);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      expect(statSync(join(cwd, "data/app.sqlite")).isFile()).toBe(true);
      expect(statSync(join(cwd, "data/jwt-secret")).mode & 0o777).toBe(0o600);
      expect(server.output()).toMatch(/warning: JWT_SECRET is not set/);
      const reg = await registerUser(server);
      expect((await gql(server.url, ME, {}, { token: reg.accessToken })).body.data?.me.id).toBe(reg.user.id);

      // Same folder, second start: same database, same secret, so tokens survive a restart.
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      const again = await startServer(cwd);
      try {
        expect((await gql(again.url, ME, {}, { token: reg.accessToken })).body.data?.me.id).toBe(reg.user.id);
      } finally {
        again.child.kill("SIGTERM");
        await again.exited;
      }
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("writes a request's log line within a moment, though its output is buffered", async () => {
    const server = await startServer(tempDir());
    try {
      await gql(server.url, "{ __typename }");
      // Lines are gathered into 4 KiB writes, and what waits is written every 200 ms.
      await waitFor(() => server.output().includes('"event":"http.request"'), server.output, 2_000);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("finishes a request in flight on SIGTERM, then exits 0", async () => {
    const server = await startServer(tempDir());
    const reg = await registerUser(server);
    const pending = gql(server.url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, {
      i: { username: reg.user.username, password: PASSWORD },
    });
    await new Promise((r) => setTimeout(r, 10));
    server.child.kill("SIGTERM");
    const res = await pending;
    expect(res.body.data?.login.accessToken).toBeTruthy();
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/server\.stopped/);
  });

  it.each([
    ["PORT", { PORT: "abc" }],
    ["ACCESS_TOKEN_TTL", { ACCESS_TOKEN_TTL: "fifteen minutes" }],
    ["JWT_SECRET", { NODE_ENV: "production", MAIL: "off" }],
    ["JWT_SECRET", { NODE_ENV: "production", MAIL: "off", JWT_SECRET: "too short" }],
    ["JWT_SECRET", { NODE_ENV: "production", MAIL: "off", JWT_SECRET: "a".repeat(48) }],
    ["SMTP_URL", { NODE_ENV: "production", MAIL: "on", JWT_SECRET: "Kq7vR2xNf9LmTz4wHc8bYp3sJd6gVa1E-x" }],
    ["SMTP_URL", { SMTP_URL: "http://user:pw@mail.example.com" }],
  ])("refuses to start with a one-line reason naming %s", async (name, env) => {
    const proc = runServer(tempDir(), env);
    expect(await proc.exited).not.toBe(0);
    const lines = proc.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });
});

function badCredentials(server: URL): [string, () => Record<string, string>, RegExp] {
  const url = new URL(server);
  url.username = "nobody";
  url.password = "pw";
  const where = `${url.host}${url.pathname}`.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return [
    "bad database credentials",
    () => ({ DATABASE_URL: url.toString() }),
    new RegExp(`^Could not start: the database at ${where} refused the user or password \\(DATABASE_URL\\)$`),
  ];
}

describe("start failures", () => {
  it.each([
    ["the port in use", (port: number) => ({ PORT: String(port) }), /^Could not start: port \d+ on 127\.0\.0\.1 is already in use \(PORT, HOST\)$/],
    ["a database that does not answer", () => ({ DATABASE_URL: "postgres://postgres:pw@127.0.0.1:1/x" }), /^Could not start: the database at 127\.0\.0\.1:1\/x does not answer \(DATABASE_URL\)$/],
    // Needs a PostgreSQL server to refuse the credentials: the one of TEST_DATABASE_URL.
    ...(process.env.TEST_DATABASE_URL ? [badCredentials(new URL(process.env.TEST_DATABASE_URL))] : []),
  ])("end with one clear line for %s, no JSON and no stack", async (_what, envFor, line) => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await once(blocker, "listening");
    try {
      const proc = runServer(tempDir(), envFor((blocker.address() as AddressInfo).port));
      expect(await proc.exited).toBe(1);
      // Info lines may come first (a migration on a fresh database): the failure ends it.
      const lines = proc.output().trim().split("\n");
      expect(lines.at(-1)).toMatch(line);
      expect(lines.filter((l) => l.startsWith("Could not start"))).toHaveLength(1);
      expect(proc.output()).not.toMatch(/"err"|\n\s+at |fatal|pw@/);
    } finally {
      blocker.close();
    }
  });
});

describe("logs", () => {
  it.each([
    ["development on a terminal: readable lines", {}, true],
    ["production on a terminal: JSON", { NODE_ENV: "production", MAIL: "off", JWT_SECRET: "Kq7vR2xNf9LmTz4wHc8bYp3sJd6gVa1E-x" }, false],
    ["development into a pipe: JSON", {}, false],
  ])("%s", async (what, env, pretty) => {
    const onTerminal = !what.includes("pipe");
    const proc = runServer(tempDir(), env, { terminal: onTerminal });
    try {
      await waitFor(() => /GraphQL API ready at http/.test(proc.output()), proc.output);
      const line = proc.output().split(/\r?\n/).find((l) => l.includes("GraphQL API ready at"))!;
      if (pretty) {
        expect(line).not.toMatch(/^\{/);
        expect(line).toMatch(/INFO/);
      } else {
        expect(JSON.parse(line.replace(/^[^{]*/, ""))).toMatchObject({ event: "server.started" });
      }
    } finally {
      if (onTerminal) process.kill(-proc.child.pid!, "SIGKILL");
      else proc.child.kill("SIGKILL");
    }
  });
});

describe("WEB_CONCURRENCY", () => {
  it("runs that many workers on one port, replaces one that dies, and stops them all on SIGTERM", async () => {
    const cwd = tempDir();
    const proc = runServer(cwd, { WEB_CONCURRENCY: "2" });
    const pids = () => [...proc.output().matchAll(/"event":"server\.started","url":"([^"]+)","env":"[a-z]+","pid":(\d+)/g)];
    try {
      await waitFor(() => pids().length >= 2, proc.output);
      const [first, second] = pids();
      expect(first![1]).toBe(second![1]); // the same URL: the workers share the port
      expect(first![2]).not.toBe(second![2]);
      const url = first![1]!;
      const reg = await registerUser({ url });
      expect((await gql(url, ME, {}, { token: reg.accessToken })).body.data?.me.id).toBe(reg.user.id);

      process.kill(Number(first![2]), "SIGKILL");
      await waitFor(() => pids().length >= 3, proc.output);
      expect(proc.output()).toMatch(/cluster\.worker_died/);
      expect((await gql(url, ME, {}, { token: reg.accessToken })).body.data?.me.id).toBe(reg.user.id);

      proc.child.kill("SIGTERM");
      expect(await proc.exited).toBe(0);
      expect(proc.output()).toMatch(/cluster\.stopped/);
    } finally {
      proc.child.kill("SIGKILL");
      for (const match of pids()) {
        try {
          process.kill(Number(match[2]), "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  });
});
