// npm run bench:scale [-- --quick] [--dialects=sqlite,postgres] [--only=me,refreshToken]: how
// the cost of a request grows with the data. For each dialect (SQLite always; PostgreSQL when its server answers,
// on scratch databases of its own) and each size (1%, 10% and 100% of 100 000 users and
// 1 000 000 sessions; --quick: of 1 000 and 10 000), a fresh database is migrated by the
// compiled user:create command and filled with bulk inserts (bench/scale-data.mjs); the
// plans of every per-request statement are read on the full one (bench/scale-plans.mjs);
// then the three servers listen at once and every round measures each workload on each
// size in turn (me, sessions, products and login with wrk, refreshToken with autocannon),
// the figures being medians over the rounds (and full/small also as the median of each round's
// own ratio). Writes bench/scale-results.json and .svg (not with --quick or --only);
// exits non-zero when a workload had no successful request or over 1% errors, or when a
// per-request statement scans a whole table that grows with the data.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { URL } from "node:url";
import pg from "pg";
import { runNode, startNode } from "./children.mjs";
import { measure, median, medianOf } from "./measure.mjs";
import { ensureWrk, measureWrk } from "./wrk.mjs";
import { LOGIN, gql, login } from "./server.mjs";
import { loadPostgres, loadSqlite, passwordHash, SCALE_PASSWORD, usernameOf } from "./scale-data.mjs";
import { plansText, postgresPlans, sqlitePlans } from "./scale-plans.mjs";
import { scaleChart } from "./report.mjs";
import { loginConnections, refreshToken } from "./workloads.mjs";

const quick = process.argv.includes("--quick");
const FULL = quick ? { users: 1_000, sessions: 10_000 } : { users: 100_000, sessions: 1_000_000 };
const SIZES = [0.01, 0.1, 1].map((f) => ({ label: `${f * 100}%`, users: Math.round(FULL.users * f), sessions: Math.round(FULL.sessions * f) }));
const DURATION = quick ? 2 : 5;
const ROUNDS = quick ? 1 : 3;
const CONNECTIONS = 10;
const MAX_ERROR_RATE = 0.01;
const ADMIN_URL = process.env.SCALE_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dialectsArg = process.argv.find((arg) => arg.startsWith("--dialects="));
const DIALECTS = dialectsArg ? dialectsArg.slice("--dialects=".length).split(",") : ["sqlite", "postgres"];
// The bulk users each workload signs in as: its own, so that one's sessions never end another's.
const USERS = { me: 1, sessions: 2, login: 3, refreshToken: 4 };
// Tables that grow with the data: a full scan of one of these is a finding; of products (50 rows, one page) it is the planner's choice.
const GROWING = /\b(sessions|users|retired_refresh_tokens|s|s0|u|sessions_1)\b/;

const say = (line) => process.stderr.write(`${line}\n`);
const cleanups = [];

const ME = JSON.stringify({ query: "{ me { id username name } }" });
const SESSIONS = JSON.stringify({ query: "{ sessions { id } }" });
const PRODUCTS = JSON.stringify({ query: "{ products(first: 20) { edges { node { id name priceCents } } } }" });
const bearer = (token) => ({ authorization: `Bearer ${token}` });

const ALL_WORKLOADS = {
  me: (s) => measureWrk({ url: s.url, connections: CONNECTIONS, duration: DURATION, request: () => ({ body: ME, headers: bearer(s.meToken) }) }),
  sessions: (s) => measureWrk({ url: s.url, connections: CONNECTIONS, duration: DURATION, request: () => ({ body: SESSIONS, headers: bearer(s.sessionsToken) }) }),
  products: (s) => measureWrk({ url: s.url, connections: CONNECTIONS, duration: DURATION, request: () => ({ body: PRODUCTS }) }),
  login: (s) => {
    const body = JSON.stringify({ query: LOGIN, variables: { i: { username: usernameOf(USERS.login), password: SCALE_PASSWORD } } });
    return measureWrk({ url: s.url, connections: loginConnections(), duration: DURATION, request: () => ({ body }) });
  },
  // Fresh sessions from API sign-ins (one per connection, of one bulk user); each connection follows its own chain.
  refreshToken: async (s) => {
    const tokens = [];
    while (tokens.length < CONNECTIONS) tokens.push((await login(s.url, usernameOf(USERS.refreshToken), SCALE_PASSWORD)).refreshToken);
    return measure({ url: s.url, connections: CONNECTIONS, duration: DURATION, ...refreshToken(tokens) });
  },
};
// --only=me,refreshToken: a subset while working on one thing; nothing is written then.
const onlyArg = process.argv.find((arg) => arg.startsWith("--only="));
const only = onlyArg ? onlyArg.slice("--only=".length).split(",") : undefined;
const unknown = only?.filter((name) => !Object.hasOwn(ALL_WORKLOADS, name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(`--only: no workload ${unknown.join(", ")} (the names: ${Object.keys(ALL_WORKLOADS).join(", ")})\n`);
  process.exit(2);
}
const WORKLOADS = only ? Object.fromEntries(only.map((name) => [name, ALL_WORKLOADS[name]])) : ALL_WORKLOADS;

function serverEnv(databaseUrl) {
  return {
    ...process.env,
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(48).toString("base64url"),
    RATE_LIMITS: "off",
    MAIL: "off",
    WEB_APP: "off",
    LOG_LEVEL: "info",
    WEB_CONCURRENCY: "1",
    ACCESS_TOKEN_TTL: "1h",
  };
}

/** A fresh, migrated, empty database of `dialect`: { databaseUrl, bytes(), drop() }. */
async function createDatabase(dialect) {
  let database;
  if (dialect === "sqlite") {
    const dir = await mkdtemp(join(tmpdir(), "bench-scale-"));
    const file = join(dir, "scale.sqlite");
    database = { databaseUrl: `sqlite:${file}`, file, bytes: async () => (await stat(file)).size, drop: () => rm(dir, { recursive: true, force: true }) };
  } else {
    const name = `bench_scale_${randomBytes(6).toString("hex")}`;
    await adminQuery(`create database "${name}"`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    database = {
      databaseUrl: url.toString(),
      bytes: async () => Number((await adminQuery(`select pg_database_size('${name}') as size`)).rows[0].size),
      drop: () => adminQuery(`drop database if exists "${name}" with (force)`),
    };
  }
  cleanups.push(database.drop);
  // The user:create command, compiled: migrates the database (and adds an admin).
  await runNode("dist/src/cli/user-create.js", ["--username", "scaleadmin", "--role", "ADMIN"], {
    env: serverEnv(database.databaseUrl),
    input: "scale-admin-password-5c2e\n",
  });
  return database;
}

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function startScaleServer(database) {
  const { child, line, stop } = await startNode("bin/server.cjs", [], {
    env: serverEnv(database.databaseUrl),
    name: "server",
    isReady: (text) => text.includes("server.started"),
  });
  cleanups.push(stop);
  const { url } = JSON.parse(line);
  const meToken = (await login(url, usernameOf(USERS.me), SCALE_PASSWORD)).accessToken;
  const sessionsToken = (await login(url, usernameOf(USERS.sessions), SCALE_PASSWORD)).accessToken;
  const { sessions } = await gql(url, "{ sessions { id } }", {}, sessionsToken);
  return { url, pid: child.pid, meToken, sessionsToken, liveSessionsListed: sessions.length, stop };
}

async function runDialect(dialect) {
  const hash = await passwordHash();
  const sizes = [];
  for (const size of SIZES) {
    say(`${dialect} ${size.label}: migrating, then loading ${size.users} users and ${size.sessions} sessions`);
    const database = await createDatabase(dialect);
    const load = dialect === "sqlite"
      ? await loadSqlite(database.file, { userCount: size.users, sessionCount: size.sessions, hash })
      : await loadPostgres(database.databaseUrl, { userCount: size.users, sessionCount: size.sessions, hash });
    say(`${dialect} ${size.label}: loaded in ${load.loadSeconds.toFixed(1)} s`);
    sizes.push({ ...size, database, load: { ...load, databaseMiB: Math.round((await database.bytes()) / 2 ** 20) } });
  }
  const full = sizes.at(-1).database;
  const plans = dialect === "sqlite" ? sqlitePlans(full.file) : await postgresPlans(full.databaseUrl);
  process.stdout.write(plansText(dialect, plans));

  for (const size of sizes) size.server = await startScaleServer(size.database);
  const runs = Object.fromEntries(Object.keys(WORKLOADS).map((w) => [w, sizes.map(() => [])]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, once] of Object.entries(WORKLOADS)) {
      // Each round starts on another size, so that no size always runs first (or last).
      for (let k = 0; k < sizes.length; k++) {
        const i = (k + round) % sizes.length;
        say(`${dialect} round ${round + 1} of ${ROUNDS}: ${name} at ${sizes[i].label}`);
        runs[name][i].push(await once(sizes[i].server));
      }
    }
  }
  for (const size of sizes) {
    await size.server.stop();
    await size.database.drop();
  }
  const workloads = Object.fromEntries(
    Object.entries(runs).map(([name, bySize]) => [name, Object.fromEntries(bySize.map((r, i) => [sizes[i].label, medianOf(r)]))]),
  );
  const small = SIZES[0].label;
  const largest = SIZES.at(-1).label;
  const ratios = Object.fromEntries(
    Object.entries(workloads).map(([name, r]) => [
      name,
      { rps: r[largest].rps / r[small].rps, p99: r[largest].p99 / r[small].p99, pairedRps: pairedRatio(r[small].runs, r[largest].runs) },
    ]),
  );
  return {
    loads: Object.fromEntries(sizes.map((s) => [s.label, s.load])),
    liveSessionsListed: Object.fromEntries(sizes.map((s) => [s.label, s.server.liveSessionsListed])),
    workloads,
    ratios,
    plans,
  };
}

/**
 * The median over the rounds of full/small within each round. A round runs one workload on
 * the three sizes back to back (15 s), so a slow spell of the machine between rounds, which
 * moves the medians of the sizes apart, falls on both sides of each round's ratio alike.
 */
function pairedRatio(smallRuns, fullRuns) {
  return median(fullRuns.map((run, round) => run.rps / smallRuns[round].rps));
}

async function reachable() {
  try {
    await adminQuery("select 1");
    return true;
  } catch (error) {
    say(`PostgreSQL not reachable at ${ADMIN_URL} (${error.message}): skipped`);
    return false;
  }
}

function table(dialect, r) {
  const labels = SIZES.map((s) => s.label);
  const lines = [`\n${dialect}: req/s (p99 ms) by size; full/small`];
  lines.push(`| workload | ${labels.map((l) => `${l} req/s (p99)`).join(" | ")} | full/small req/s | the same, paired by round | full/small p99 |`);
  lines.push(`|---|${labels.map(() => "---:").join("|")}|---:|---:|---:|`);
  for (const [name, bySize] of Object.entries(r.workloads)) {
    const cells = labels.map((l) => `${Math.round(bySize[l].rps)} (${bySize[l].p99.toFixed(1)})`);
    const { rps, pairedRps, p99 } = r.ratios[name];
    lines.push(`| ${name} | ${cells.join(" | ")} | ${rps.toFixed(2)} | ${pairedRps.toFixed(2)} | ${p99.toFixed(2)} |`);
  }
  const loads = labels.map((l) => `${l} ${r.loads[l].loadSeconds.toFixed(1)} s (${r.loads[l].databaseMiB} MiB)`);
  lines.push(`load: ${loads.join(", ")}`);
  return `${lines.join("\n")}\n`;
}

async function main() {
  if (!ensureWrk(say)) throw new Error("wrk is needed (apt-get install -y wrk)");
  const results = {
    machine: { cpu: cpus()[0]?.model ?? "unknown", cores: availableParallelism(), node: process.version, date: new Date().toISOString() },
    method: {
      full: FULL,
      sizes: SIZES,
      tools: { me: "wrk", sessions: "wrk", products: "wrk", login: "wrk", refreshToken: "autocannon" },
      durationSeconds: DURATION,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      loginConnections: loginConnections(),
      figures: ROUNDS > 1 ? "median of each figure over the rounds; the sizes interleaved in every round; ratios.pairedRps: the median of each round's own full/small" : "one run",
    },
    dialects: {},
  };
  for (const dialect of DIALECTS) {
    if (dialect === "postgres" && !(await reachable())) continue;
    results.dialects[dialect] = await runDialect(dialect);
    process.stdout.write(table(dialect, results.dialects[dialect]));
  }
  if (!quick && !only) {
    await writeFile("bench/scale-results.json", `${JSON.stringify(results, null, 2)}\n`);
    await writeFile("bench/scale-results.svg", scaleChart(results));
    say("wrote bench/scale-results.json and bench/scale-results.svg");
  }
  const problems = [];
  for (const [dialect, r] of Object.entries(results.dialects)) {
    for (const [name, bySize] of Object.entries(r.workloads)) {
      for (const [label, m] of Object.entries(bySize)) {
        if (m.ok === 0 || m.errorRate > MAX_ERROR_RATE) problems.push(`${dialect} ${name} at ${label}: ${m.ok} ok of ${m.total} ${m.firstErrors.join(" | ")}`);
      }
    }
    for (const p of r.plans) {
      for (const scan of p.scans.filter((line) => GROWING.test(line))) problems.push(`${dialect} ${p.name}: full scan: ${scan.trim()}`);
    }
  }
  for (const problem of problems) say(`FAILED ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

async function cleanUp() {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}

process.once("SIGINT", () => cleanUp().finally(() => process.exit(130)));
try {
  await main();
} catch (error) {
  say(`bench:scale failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
