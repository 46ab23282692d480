import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Product } from "../../src/entities/index.js";
import { login, uniqueUsername } from "../helpers/factories.js";
import { codeOf, gql } from "../helpers/gql.js";
import { runToEnd } from "../helpers/server-process.js";
import { createTestApp, type TestApp } from "../helpers/test-app.js";

/** `npm run user:create` and `npm run seed`, run as processes against a running server's database. */

const root = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "cli-"));
const databaseUrl = `sqlite:${join(dir, "app.sqlite")}`;
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ DATABASE_URL: databaseUrl });
});
afterAll(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

function run(script: string, args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { NODE_ENV: _n, JWT_SECRET: _s, ...env } = process.env;
  const tsx = [join(root, "node_modules/tsx/dist/cli.mjs"), "--tsconfig", join(root, "tsconfig.json")];
  return runToEnd(process.execPath, [...tsx, join(root, script), ...args], { cwd: dir, env: { ...env, DATABASE_URL: databaseUrl }, stdin });
}

const createUser = (args: string[], password: string) => run("src/cli/user-create.ts", args, password);

describe("npm run user:create", () => {
  it("prints its usage and exits 0 on --help, without touching standard input", async () => {
    for (const flag of ["--help", "-h"]) {
      const result = await createUser([flag], "");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^usage: npm run user:create -- --username NAME/);
      expect(result.stderr).toBe("");
    }
    const seed = await run("src/cli/seed.ts", ["--help"]);
    expect(seed.code).toBe(0);
    expect(seed.stdout).toMatch(/^usage: npm run seed/);
    expect(await app.orm.em.fork().count(Product, {})).toBe(0);
  });

  it("says so when standard input holds no password, and creates nothing", async () => {
    const username = uniqueUsername();
    const result = await createUser(["--username", username], "");
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toMatch(/^error: no password on standard input: pipe one in .* or run it on a terminal/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    await expect(login(app, username, "")).rejects.toThrow();
  });

  it("creates an ADMIN while the server runs, prints the id, and the admin can sign in at once", async () => {
    const username = uniqueUsername("Boss");
    const result = await createUser(["--username", username, "--role", "ADMIN", "--name", "The Boss"], "a piped password\n");
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    const admin = await login(app, username, "a piped password");
    expect(admin.user).toMatchObject({ id: result.stdout.trim(), role: "ADMIN" });
    const users = await gql(app.url, `{ users { id name } }`, {}, { token: admin.accessToken });
    expect(users.body.data?.users).toContainEqual({ id: admin.user.id, name: "The Boss" });
  });

  it("creates a USER by default and keeps the password exactly as piped, spaces included", async () => {
    const username = uniqueUsername();
    const result = await createUser(["--username", username], "  spaced out password  \r\n");
    expect(result.code).toBe(0);
    const user = await login(app, username, "  spaced out password  ");
    expect(user.user.role).toBe("USER");
  });

  it.each([
    ["a taken username, in another case", (taken: string) => ["--username", taken.toUpperCase()], "another password", 1],
    ["a short password", () => ["--username", uniqueUsername()], "short", 1],
    ["no password at all", () => ["--username", uniqueUsername()], "", 1],
    ["an invalid username", () => ["--username", "no spaces allowed"], "a fine password", 1],
    ["an invalid email", () => ["--username", uniqueUsername(), "--email", "nope"], "a fine password", 1],
    ["an unknown role", () => ["--username", uniqueUsername(), "--role", "ROOT"], "a fine password", 2],
    ["a missing --username", () => [], "a fine password", 2],
    ["an unknown option", () => ["--username", uniqueUsername(), "--admin"], "a fine password", 2],
  ])("exits non-zero with a one-line reason on %s", async (_label, argsFor, password, code) => {
    const taken = uniqueUsername("taken");
    const em = app.orm.em.fork();
    await app.services.accounts.createUser(em, { username: taken, password: "the first password" });
    await em.flush();
    const before = await app.orm.em.fork().getConnection().execute("select count(*) as n from users");
    const result = await createUser(argsFor(taken), `${password}\n`);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const after = await app.orm.em.fork().getConnection().execute("select count(*) as n from users");
    expect(after).toEqual(before);
  });
});

describe("npm run seed", () => {
  it("adds the demo products once, however often it runs", async () => {
    const first = await run("src/cli/seed.ts", []);
    expect(first.code).toBe(0);
    const count = await app.orm.em.fork().count(Product, {});
    expect(count).toBeGreaterThanOrEqual(5);
    expect((await run("src/cli/seed.ts", [])).code).toBe(0);
    expect(await app.orm.em.fork().count(Product, {})).toBe(count);
    const products = await gql(app.url, `{ products { totalCount edges { node { name priceCents } } } }`);
    expect(products.body.data?.products.totalCount).toBe(count);
    expect(codeOf(products)).toBeUndefined();
    // In the order they are listed in seed.ts, every time (not by their random ids).
    const names = products.body.data?.products.edges.map((edge: any) => edge.node.name);
    expect(names.slice(0, 3)).toEqual(["Mechanical keyboard", "Noise-cancelling headphones", "4K monitor"]);
  });
});
