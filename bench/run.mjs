// npm run bench [-- --smoke]: measures the real server (built to dist/) with wrk (installed
// from Debian's packages when missing; --autocannon, or no wrk, falls back to autocannon),
// the stateful workloads with autocannon. Full: every workload 3 times for 10 s with 10
// connections, the server's and the baselines' rounds interleaved, the median of each figure,
// written to bench/results.json and bench/results.svg. --smoke: once for 2 s, nothing
// written. Either way it exits non-zero when a workload had no successful request or
// more than 1% errors; it never judges speed. Then the web app (bench/web.mjs): its initial
// JavaScript's size and the catalogue's first contentful paint in headless Chromium.
import { cpus, availableParallelism } from "node:os";
import { writeFile } from "node:fs/promises";
import process from "node:process";
import { peakRssMiB, resetPeakRss, runNode, startNode } from "./children.mjs";
import { measure, medianOf } from "./measure.mjs";
import { ensureWrk, measureWrk } from "./wrk.mjs";
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
const wanted = (name) => !only || only.has(name) || ((name === "login" || name === "argon2") && only.has("storm"));

const say = (line) => process.stderr.write(`${line}\n`);
const stops = [];

/** wrk when it is there (or can be installed), else autocannon: see BENCHMARKS.md, Method. */
const useWrk = !process.argv.includes("--autocannon") && ensureWrk(say);
const GENERATOR = useWrk ? "wrk" : "autocannon";
/** A stateless workload (one request, sent again and again) with the generator of the run. */
const load = (options) => (useWrk ? measureWrk(options) : measure(options));

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

/**
 * Runs every target once per round, round after round, so that a slow spell of the machine
 * lands on every target alike rather than on whichever ran then; the figures are the
 * medians over the rounds. Each target's peak RSS is the largest over its runs.
 */
async function interleaved(targets) {
  const runs = new Map(targets.map((t) => [t.name, []]));
  const peaks = new Map();
  for (let round = 0; round < RUNS; round++) {
    for (const target of targets) {
      say(`${target.name}: round ${round + 1} of ${RUNS}`);
      if (target.pid) resetPeakRss(target.pid);
      runs.get(target.name).push(await target.once(round));
      if (target.pid) peaks.set(target.name, Math.max(peaks.get(target.name) ?? 0, peakRssMiB(target.pid) ?? 0));
    }
  }
  return Object.fromEntries(targets.map((t) => [t.name, { ...medianOf(runs.get(t.name)), peakRssMiB: peaks.get(t.name) ?? null }]));
}

async function startBaseline(file, env, args = []) {
  const { child, line, stop } = await startNode(`bench/baselines/${file}`, args, { env, isReady: (text) => /^\d+$/.test(text) });
  stops.push(stop);
  return { url: `http://127.0.0.1:${line}/graphql`, pid: child.pid, stop };
}

async function main() {
  const server = await startServer();
  stops.push(server.stop);
  const { url } = server;
  say(`server at ${url} (pid ${server.pid}), database ${server.dbFile}; load from ${GENERATOR}`);
  const { accessToken } = await prepare(url);
  const base = { url, connections: CONNECTIONS, duration: DURATION };
  const loginConnections = workloads.loginConnections();
  const peaks = { "start-up and data": peakRssMiB(server.pid) };

  // The baselines all listen from the start (idle, they cost nothing), so that their rounds
  // interleave with the server's.
  const env = { ...process.env, JWT_SECRET: server.jwtSecret, BENCH_TOKEN: accessToken, BENCH_DB: server.dbFile };
  const baselineServers = {};
  if (wanted("baselines")) {
    baselineServers.http = await startBaseline("http.mjs", env);
    baselineServers.graphql = await startBaseline("graphql.mjs", env);
    // The HTTP layer on its own: Apollo Server answering (b)'s query on three servers.
    baselineServers["apollo on node:http"] = await startBaseline("apollo.mjs", env, ["node-http"]);
    baselineServers["apollo on fastify"] = await startBaseline("apollo.mjs", env, ["fastify"]);
    baselineServers["apollo on express 5"] = await startBaseline("apollo.mjs", env, ["express5"]);
    baselineServers.lean = await startBaseline("lean.mjs", env);
  }
  const meOn = (target, extra = {}) => () => load({ ...base, url: target, ...workloads.me(accessToken), ...extra });
  const targets = [
    ...(wanted("me") ? [{ name: "me", pid: server.pid, once: meOn(url) }] : []),
    ...(wanted("typename") ? [{ name: "__typename (stack floor)", pid: server.pid, once: () => load({ ...base, ...workloads.typename() }) }] : []),
    ...(wanted("products") ? [{ name: "products", pid: server.pid, once: () => load({ ...base, ...workloads.products() }) }] : []),
    ...Object.entries(baselineServers).map(([name, b]) => ({ name: `baseline ${name}`, pid: b.pid, once: meOn(b.url) })),
    // Is the generator the limit? The fastest baseline again with a second generator thread:
    // if it rises, one thread was capping it (and the ratios), if it does not, it was not.
    ...(baselineServers.http && useWrk
      ? [{ name: "baseline http (2 generator threads)", pid: baselineServers.http.pid, once: meOn(baselineServers.http.url, { threads: 2 }) }]
      : []),
  ];
  const measured = await interleaved(targets);
  for (const b of Object.values(baselineServers)) await b.stop();
  const w = Object.fromEntries(Object.entries(measured).filter(([name]) => !name.startsWith("baseline ")));
  const baselines = Object.fromEntries(
    Object.entries(measured)
      .filter(([name]) => name.startsWith("baseline "))
      .map(([name, r]) => [name.slice("baseline ".length), r]),
  );

  // The stateful and rate-limited workloads stay on autocannon: each connection carries its
  // own refresh-token chain, and the storm offers logins at a fixed rate (wrk has neither).
  const run = async (name, key, measureOnce) => {
    if (!wanted(key)) return;
    resetPeakRss(server.pid);
    const result = await timed(name, measureOnce);
    w[name] = { ...result, peakRssMiB: peakRssMiB(server.pid) };
  };
  await run("login", "login", () => load({ ...base, connections: loginConnections, ...workloads.login() }));
  await run("refreshToken", "refreshToken", async () =>
    measure({ ...base, ...workloads.refreshToken(await refreshTokens(url, CONNECTIONS)) }),
  );
  await run("register", "register", (i) => measure({ ...base, ...workloads.register(i) }));

  let argon2Ceiling = null;
  if (wanted("argon2")) {
    const argon2Runs = await repeat("argon2 ceiling", async () =>
      JSON.parse(await runNode("bench/argon2-ceiling.mjs", [String(DURATION)], { env: process.env })),
    );
    const argon2 = medianOf(argon2Runs.map((run) => ({ rps: run.verifiesPerSecond, p50: 0, p99: 0, total: run.verifies, ok: run.verifies, failed: 0, firstErrors: [] })));
    argon2Ceiling = { verifiesPerSecond: argon2.rps, concurrency: argon2Runs[0].concurrency, runs: argon2Runs.map((r) => r.verifiesPerSecond) };
  }
  // `me` while logins arrive at the argon2 ceiling measured above (issue 14), or, without
  // that figure (--only=storm), at the login throughput measured above.
  const loginRate = argon2Ceiling ? Math.round(argon2Ceiling.verifiesPerSecond) : w.login ? Math.max(1, Math.round(w.login.rps)) : null;
  if (wanted("storm")) {
    resetPeakRss(server.pid);
    const storm = await repeat("me during login storm", () =>
      Promise.all([
        load({ ...base, ...workloads.me(accessToken) }),
        measure({ ...base, connections: loginConnections, overallRate: loginRate, ...workloads.login() }),
      ]),
    );
    const peakRssDuringStorm = peakRssMiB(server.pid);
    w["me (login storm)"] = { ...medianOf(storm.map(([me]) => me)), peakRssMiB: peakRssDuringStorm };
    w["login (storm, capped)"] = { ...medianOf(storm.map(([, login]) => login)), peakRssMiB: peakRssDuringStorm };
  }
  const peakRss = Math.max(...[peaks["start-up and data"], ...Object.values(w).map((r) => r.peakRssMiB)].filter((v) => v !== null && v !== undefined));

  // Last, on a server that has served everything above: the page as a visitor meets it.
  const web = wanted("web") ? await measureWeb(url.replace(/\/graphql$/, ""), { runs: PAINT_RUNS }) : null;
  await server.stop();

  const ratio = (a, b) => (a === undefined || !b ? null : a / b);
  const results = {
    machine: { cpu: cpus()[0]?.model ?? "unknown", cores: availableParallelism(), node: process.version, date: new Date().toISOString() },
    method: { tool: GENERATOR, statefulTool: "autocannon", rounds: "interleaved", durationSeconds: DURATION, connections: CONNECTIONS, loginConnections, runs: RUNS, loginStormRate: loginRate, figures: RUNS > 1 ? "median of each figure over the runs" : "one run" },
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
