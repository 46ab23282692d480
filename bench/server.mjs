// The real server under test: a fresh SQLite database, production mode, throttling off,
// and the data the workloads need (an admin, 50 products, a signed-in bench user).
/* global fetch */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { runNode, startNode } from "./children.mjs";

export const BENCH_PASSWORD = "bench-password-7d1f9c";
export const BENCH_USER = "benchuser";
/**
 * The login workload signs in as a user of its own: thousands of sign-ins pass
 * MAX_SESSIONS_PER_USER, which ends that user's oldest sessions, the `me` token's among them
 * were it the same user.
 */
export const BENCH_LOGIN_USER = "benchlogin";
const ADMIN_PASSWORD = "bench-admin-password-3b8e";

/** Creates the database (with its admin) and starts the server on it as `npm start` does (bin/server.cjs). */
export async function startServer() {
  const dir = await mkdtemp(join(tmpdir(), "bench-"));
  const dbFile = join(dir, "bench.sqlite");
  const jwtSecret = randomBytes(48).toString("base64url");
  const env = {
    ...process.env,
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: `sqlite:${dbFile}`,
    JWT_SECRET: jwtSecret,
    RATE_LIMITS: "off",
    // No e-mail is sent in the bench (production refuses to start without SMTP_URL otherwise).
    MAIL: "off",
    LOG_LEVEL: "info",
    WEB_CONCURRENCY: "1",
    ACCESS_TOKEN_TTL: "1h", // outlives a full run: every `me` request uses one token
    ...JSON.parse(process.env.BENCH_SERVER_ENV ?? "{}"),
  };
  try {
    // The user:create command, compiled: migrates the fresh database and adds the admin.
    await runNode("dist/src/cli/user-create.js", ["--username", "benchadmin", "--role", "ADMIN"], {
      env,
      input: `${ADMIN_PASSWORD}\n`,
    });
    // LOG_LEVEL=info: the URL is only in the "server.started" line. Nothing else logs per request.
    const { child, line, stop } = await startNode("bin/server.cjs", [], {
      env,
      name: "server",
      // Node options for the server alone, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof" to profile it.
      execArgv: (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean),
      isReady: (text) => text.includes("server.started"),
    });
    const { url, pid } = JSON.parse(line);
    return {
      url,
      pid: pid ?? child.pid,
      dbFile,
      jwtSecret,
      async stop() {
        await stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** One GraphQL request; throws on an HTTP error or a GraphQL error. */
export async function gql(url, query, variables = {}, token) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (!response.ok || body.errors) throw new Error(`${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

export const LOGIN = "mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }";
export const REGISTER = "mutation($i: RegisterInput!) { register(input: $i) { accessToken refreshToken } }";
export const REFRESH = "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }";

export const login = (url, username, password) =>
  gql(url, LOGIN, { i: { username, password } }).then((data) => data.login);

/** The bench user (with an access token), the login workload's user and 50 products added by the admin. */
export async function prepare(url) {
  const user = await gql(url, REGISTER, { i: { username: BENCH_USER, password: BENCH_PASSWORD, name: "Bench User" } });
  await gql(url, REGISTER, { i: { username: BENCH_LOGIN_USER, password: BENCH_PASSWORD } });
  const admin = await login(url, "benchadmin", ADMIN_PASSWORD);
  const create = "mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }";
  for (let i = 1; i <= 50; i++) {
    const input = { name: `Bench product ${i}`, description: `Product number ${i}`, priceCents: 100 * i };
    await gql(url, create, { i: input }, admin.accessToken);
  }
  return { accessToken: user.register.accessToken };
}

/** `count` fresh sessions of the bench user: their refresh tokens. */
export async function refreshTokens(url, count) {
  const tokens = [];
  for (let i = 0; i < count; i++) tokens.push((await login(url, BENCH_USER, BENCH_PASSWORD)).refreshToken);
  return tokens;
}
