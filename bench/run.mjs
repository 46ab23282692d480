// npm run bench [-- --smoke]: measures the real server (built to dist/) with autocannon.
// Full: every workload 3 times for 10 s with 10 connections, the median of each figure,
// written to bench/results.json and bench/results.svg. --smoke: once for 2 s, nothing
// written. Either way it exits non-zero when a workload had no successful request or
// more than 1% errors; it never judges speed. Then the web app (bench/web.mjs): its initial
// JavaScript's size and the catalogue's first contentful paint in headless Chromium.
import { cpus, availableParallelism } from "node:os";
import { writeFile } from "node:fs/promises";
import process from "node:process";
import { peakRssMiB, resetPeakRss, runNode, startNode } from "./children.mjs";
import { measure, medianOf } from "./measure.mjs";
import { chart, table } from "./report.mjs";
import { prepare, refreshTokens, startServer } from "./server.mjs";
import { measureWeb, webTable } from "./web.mjs";
import * as workloads from "./workloads.mjs";

const smoke = process.argv.includes("--smoke");
const DURATION = smoke ? 2 : 10;
const CONNECTIONS = 10;
const RUNS = smoke ? 1 : 3;
const PAINT_RUNS = smoke ? 3 : 10;
const MAX_ERROR_RATE = 0.01;
// --only=me,login: a subset while working on one thing (names: me, typename, products, login,
// refreshToken, register, storm, baselines, argon2, web); nothing is written then.
const onlyArg = process.argv.find((arg) => arg.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice("--only=".length).split(",")) : null;
const wanted = (name) => !only || only.has(name) || (name === "login" && only.has("storm"));

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

async function baseline(file, accessToken, env, args = []) {
  const { child, line, stop } = await startNode(`bench/baselines/${file}`, args, { env, isReady: (text) => /^\d+$/.test(text) });
  stops.push(stop);
  try {
    const url = `http://127.0.0.1:${line}/graphql`;
    const result = await timed(`baseline ${[file, ...args].join(" ")}`, () => measure({ url, connections: CONNECTIONS, duration: DURATION, ...workloads.me(accessToken) }));
    return { ...result, peakRssMiB: peakRssMiB(child.pid) };
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

  // Each workload's own peak RSS: VmHWM is reset before it and read after it.
  const peaks = { "start-up and data": peakRssMiB(server.pid) };
  const w = {};
  const run = async (name, key, measureOnce) => {
    if (!wanted(key)) return;
    resetPeakRss(server.pid);
    const result = await timed(name, measureOnce);
    w[name] = { ...result, peakRssMiB: peakRssMiB(server.pid) };
  };
  await run("me", "me", () => measure({ ...base, ...workloads.me(accessToken) }));
  await run("__typename (stack floor)", "typename", () => measure({ ...base, ...workloads.typename() }));
  await run("products", "products", () => measure({ ...base, ...workloads.products() }));
  await run("login", "login", () => measure({ ...base, connections: loginConnections, ...workloads.login() }));
  await run("refreshToken", "refreshToken", async () =>
    measure({ ...base, ...workloads.refreshToken(await refreshTokens(url, CONNECTIONS)) }),
  );
  await run("register", "register", (i) => measure({ ...base, ...workloads.register(i) }));

  // `me` while logins arrive at half the login throughput measured above.
  const loginRate = w.login ? Math.max(1, Math.round(w.login.rps / 2)) : null;
  if (wanted("storm")) {
    resetPeakRss(server.pid);
    const storm = await repeat("me during login storm", () =>
      Promise.all([
        measure({ ...base, ...workloads.me(accessToken) }),
        measure({ ...base, connections: loginConnections, overallRate: loginRate, ...workloads.login() }),
      ]),
    );
    const peakRssDuringStorm = peakRssMiB(server.pid);
    w["me (login storm)"] = { ...medianOf(storm.map(([me]) => me)), peakRssMiB: peakRssDuringStorm };
    w["login (storm, capped)"] = { ...medianOf(storm.map(([, login]) => login)), peakRssMiB: peakRssDuringStorm };
  }
  const peakRss = Math.max(...[peaks["start-up and data"], ...Object.values(w).map((r) => r.peakRssMiB)].filter((v) => v !== null));

  const env = { ...process.env, JWT_SECRET: server.jwtSecret, BENCH_TOKEN: accessToken, BENCH_DB: server.dbFile };
  const baselines = {};
  if (wanted("baselines")) {
    baselines.http = await baseline("http.mjs", accessToken, env);
    baselines.graphql = await baseline("graphql.mjs", accessToken, env);
    // The HTTP layer on its own: Apollo Server answering (b)'s query on three servers.
    baselines["apollo on node:http"] = await baseline("apollo.mjs", accessToken, env, ["node-http"]);
    baselines["apollo on fastify"] = await baseline("apollo.mjs", accessToken, env, ["fastify"]);
    baselines["apollo on express 5"] = await baseline("apollo.mjs", accessToken, env, ["express5"]);
    baselines.lean = await baseline("lean.mjs", accessToken, env);
  }
  let argon2Ceiling = null;
  if (wanted("argon2")) {
    const argon2Runs = await repeat("argon2 ceiling", async () =>
      JSON.parse(await runNode("bench/argon2-ceiling.mjs", [String(DURATION)], { env: process.env })),
    );
    const argon2 = medianOf(argon2Runs.map((run) => ({ rps: run.verifiesPerSecond, p50: 0, p99: 0, total: run.verifies, ok: run.verifies, failed: 0, firstErrors: [] })));
    argon2Ceiling = { verifiesPerSecond: argon2.rps, concurrency: argon2Runs[0].concurrency, runs: argon2Runs.map((r) => r.verifiesPerSecond) };
  }
  // Last, on a server that has served everything above: the page as a visitor meets it.
  const web = wanted("web") ? await measureWeb(url.replace(/\/graphql$/, ""), { runs: PAINT_RUNS }) : null;
  await server.stop();

  const ratio = (a, b) => (a === undefined || !b ? null : a / b);
  const results = {
    machine: { cpu: cpus()[0]?.model ?? "unknown", cores: availableParallelism(), node: process.version, date: new Date().toISOString() },
    method: { tool: "autocannon", durationSeconds: DURATION, connections: CONNECTIONS, loginConnections, runs: RUNS, loginStormRate: loginRate, figures: RUNS > 1 ? "median of each figure over the runs" : "one run" },
    workloads: w,
    baselines,
    argon2Ceiling,
    ratios: { meToLeanLimit: ratio(w.me?.rps, baselines.lean?.rps), loginToArgon2Ceiling: ratio(w.login?.rps, argon2Ceiling?.verifiesPerSecond) },
    meP99DuringLoginStormMs: w["me (login storm)"]?.p99 ?? null,
    serverPeakRssMiB: peakRss,
    serverPeakRssStartupMiB: peaks["start-up and data"],
    web,
  };
  process.stdout.write(table(results) + (web ? webTable(web) : ""));
  if (!smoke && !only) {
    await writeFile("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
    await writeFile("bench/results.svg", chart(results));
    say("wrote bench/results.json and bench/results.svg");
  }

  const problems = Object.entries({ ...w, ...prefixed(baselines) })
    .filter(([, r]) => r.ok === 0 || r.errorRate > MAX_ERROR_RATE)
    .map(([name, r]) => `${name}: ${r.ok} ok of ${r.total}, ${(r.errorRate * 100).toFixed(2)}% errors ${r.firstErrors.join(" | ")}`);
  // The paint must be measured (CI installs Chromium); elsewhere a missing Chromium only skips it.
  if (web && (web.paint.skipped ? process.env.CI : !web.paint.fcpMs)) problems.push(`web: no first contentful paint measured (${web.paint.skipped ?? "no paint entry"})`);
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
