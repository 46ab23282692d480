// npm run bench [-- --smoke]: measures the real server (built to dist/) with autocannon.
// Full: every workload 3 times for 10 s with 10 connections, the median of each figure,
// written to bench/results.json and bench/results.svg. --smoke: once for 2 s, nothing
// written. Either way it exits non-zero when a workload had no successful request or
// more than 1% errors; it never judges speed.
import { cpus, availableParallelism } from "node:os";
import { writeFile } from "node:fs/promises";
import process from "node:process";
import { peakRssMiB, runNode, startNode } from "./children.mjs";
import { measure, medianOf } from "./measure.mjs";
import { chart, table } from "./report.mjs";
import { prepare, refreshTokens, startServer } from "./server.mjs";
import * as workloads from "./workloads.mjs";

const smoke = process.argv.includes("--smoke");
const DURATION = smoke ? 2 : 10;
const CONNECTIONS = 10;
const RUNS = smoke ? 1 : 3;
const MAX_ERROR_RATE = 0.01;

const say = (line) => process.stderr.write(`${line}\n`);
const stops = [];

async function repeat(name, once) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    say(`${name}: run ${i + 1} of ${RUNS}`);
    runs.push(await once(i));
  }
  return runs;
}

const timed = (name, workload) =>
  repeat(name, (i) => workload(i)).then(medianOf);

async function baseline(file, accessToken, env) {
  const { line, stop } = await startNode(`bench/baselines/${file}`, [], { env, isReady: (text) => /^\d+$/.test(text) });
  stops.push(stop);
  try {
    const url = `http://127.0.0.1:${line}/graphql`;
    return await timed(`baseline ${file}`, () => measure({ url, connections: CONNECTIONS, duration: DURATION, ...workloads.me(accessToken) }));
  } finally {
    await stop();
  }
}

async function main() {
  const server = await startServer();
  stops.push(server.stop);
  const { url } = server;
  say(`server at ${url} (pid ${server.pid}), database ${server.dbFile}`);
  const { accessToken } = await prepare(url);
  const base = { url, connections: CONNECTIONS, duration: DURATION };
  const loginConnections = workloads.loginConnections();

  const w = {};
  w.me = await timed("me", () => measure({ ...base, ...workloads.me(accessToken) }));
  w["__typename (stack floor)"] = await timed("__typename", () => measure({ ...base, ...workloads.typename() }));
  w.products = await timed("products", () => measure({ ...base, ...workloads.products() }));
  w.login = await timed("login", () => measure({ ...base, connections: loginConnections, ...workloads.login() }));
  w.refreshToken = await timed("refreshToken", async () =>
    measure({ ...base, ...workloads.refreshToken(await refreshTokens(url, CONNECTIONS)) }),
  );
  w.register = await timed("register", (i) => measure({ ...base, ...workloads.register(i) }));

  // `me` while logins arrive at half the login throughput measured above.
  const loginRate = Math.max(1, Math.round(w.login.rps / 2));
  const storm = await repeat("me during login storm", () =>
    Promise.all([
      measure({ ...base, ...workloads.me(accessToken) }),
      measure({ ...base, connections: loginConnections, overallRate: loginRate, ...workloads.login() }),
    ]),
  );
  w["me (login storm)"] = medianOf(storm.map(([me]) => me));
  w["login (storm, capped)"] = medianOf(storm.map(([, login]) => login));
  const peakRss = peakRssMiB(server.pid);

  const env = { ...process.env, JWT_SECRET: server.jwtSecret, BENCH_TOKEN: accessToken, BENCH_DB: server.dbFile };
  const baselines = {
    http: await baseline("http.mjs", accessToken, env),
    graphql: await baseline("graphql.mjs", accessToken, env),
    lean: await baseline("lean.mjs", accessToken, env),
  };
  const argon2Runs = await repeat("argon2 ceiling", async () =>
    JSON.parse(await runNode("bench/argon2-ceiling.mjs", [String(DURATION)], { env: process.env })),
  );
  const argon2 = medianOf(argon2Runs.map((run) => ({ rps: run.verifiesPerSecond, p50: 0, p99: 0, total: run.verifies, ok: run.verifies, failed: 0, firstErrors: [] })));
  await server.stop();

  const results = {
    machine: { cpu: cpus()[0]?.model ?? "unknown", cores: availableParallelism(), node: process.version, date: new Date().toISOString() },
    method: { tool: "autocannon", durationSeconds: DURATION, connections: CONNECTIONS, loginConnections, runs: RUNS, loginStormRate: loginRate, figures: RUNS > 1 ? "median of each figure over the runs" : "one run" },
    workloads: w,
    baselines,
    argon2Ceiling: { verifiesPerSecond: argon2.rps, concurrency: argon2Runs[0].concurrency, runs: argon2Runs.map((run) => run.verifiesPerSecond) },
    ratios: { meToLeanLimit: w.me.rps / baselines.lean.rps, loginToArgon2Ceiling: w.login.rps / argon2.rps },
    meP99DuringLoginStormMs: w["me (login storm)"].p99,
    serverPeakRssMiB: peakRss,
  };
  process.stdout.write(table(results));
  if (!smoke) {
    await writeFile("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
    await writeFile("bench/results.svg", chart(results));
    say("wrote bench/results.json and bench/results.svg");
  }

  const problems = Object.entries({ ...w, ...prefixed(baselines) })
    .filter(([, r]) => r.ok === 0 || r.errorRate > MAX_ERROR_RATE)
    .map(([name, r]) => `${name}: ${r.ok} ok of ${r.total}, ${(r.errorRate * 100).toFixed(2)}% errors ${r.firstErrors.join(" | ")}`);
  for (const problem of problems) say(`FAILED ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

const prefixed = (baselines) => Object.fromEntries(Object.entries(baselines).map(([k, v]) => [`baseline ${k}`, v]));

async function stopAll() {
  await Promise.allSettled(stops.map((stop) => stop()));
}

process.once("SIGINT", () => stopAll().finally(() => process.exit(130)));
try {
  await main();
} catch (error) {
  say(`bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
