// One wrk run and its figures, in the shape measure.mjs returns. wrk (C, one event loop per
// thread) generates far more load per core than autocannon, whose one JavaScript thread
// caps the fastest baselines on two cores. Every response is read by a Lua `response`
// hook: a non-2xx status, or a 200 that carries GraphQL `errors`, counts as an error.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

/** Whether wrk is on the PATH; installs it from Debian's packages when it is not and this is root. */
export function ensureWrk(say) {
  const found = () => {
    try {
      execFileSync("wrk", ["--version"], { stdio: "ignore" });
      return true;
    } catch (error) {
      // `wrk --version` prints its usage and exits 1: it is there.
      return error.status === 1;
    }
  };
  if (found()) return true;
  if (process.getuid?.() === 0) {
    say("wrk not found: apt-get install -y wrk");
    try {
      execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore" });
      execFileSync("apt-get", ["install", "-y", "wrk"], { stdio: "ignore" });
    } catch {
      /* reported below */
    }
  }
  return found();
}

const luaString = (value) => JSON.stringify(value); // a JSON string literal is a valid Lua string literal for ASCII text

function script({ body, headers }) {
  const lines = [
    'wrk.method = "POST"',
    `wrk.body = ${luaString(body)}`,
    'wrk.headers["content-type"] = "application/json"',
    ...Object.entries(headers ?? {}).map(([name, value]) => `wrk.headers[${luaString(name)}] = ${luaString(value)}`),
    "local threads = {}",
    "function setup(thread) table.insert(threads, thread) end",
    "bad = 0",
    "first = nil",
    "function response(status, headers, body)",
    '  if status < 200 or status >= 300 or string.find(body, "\\"errors\\"", 1, true) then',
    "    bad = bad + 1",
    "    if first == nil then first = (string.gsub(tostring(status) .. ' ' .. string.sub(body, 1, 200), '[\"\\\\%c]', ' ')) end",
    "  end",
    "end",
    "function done(summary, latency, requests)",
    "  local failed, firstError = 0, ''",
    "  for _, t in ipairs(threads) do",
    "    failed = failed + t:get('bad')",
    "    local f = t:get('first')",
    "    if f ~= nil and firstError == '' then firstError = f end",
    "  end",
    "  local e = summary.errors",
    "  io.write(string.format('WRK_RESULT {\"requests\":%d,\"durationUs\":%d,\"p50Us\":%d,\"p99Us\":%d,\"socketErrors\":%d,\"failed\":%d,\"first\":\"%s\"}\\n',",
    "    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),",
    "    e.connect + e.read + e.write + e.timeout, failed, firstError))",
    "end",
  ];
  return lines.join("\n");
}

/**
 * @param {object} options
 * @param {string} options.url
 * @param {number} options.connections
 * @param {number} options.duration seconds
 * @param {number} [options.threads] wrk threads (default 1: on two cores, the server has the other)
 * @param {() => {body: string, headers?: object}} options.request the one request every connection sends
 */
export async function measureWrk({ url, connections, duration, threads = 1, request }) {
  const dir = mkdtempSync(join(tmpdir(), "bench-wrk-"));
  const file = join(dir, "request.lua");
  writeFileSync(file, script(request()));
  try {
    const output = await new Promise((resolve, reject) => {
      const child = spawn("wrk", ["-t", String(threads), "-c", String(Math.max(connections, threads)), "-d", `${duration}s`, "--timeout", "10s", "-s", file, url], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk) => (out += chunk));
      child.stderr.on("data", (chunk) => (err += chunk));
      child.once("error", reject);
      child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited with ${code}: ${err.slice(0, 500)}`))));
    });
    const line = output.split("\n").find((l) => l.startsWith("WRK_RESULT "));
    if (!line) throw new Error(`wrk printed no result:\n${output.slice(0, 500)}`);
    const r = JSON.parse(line.slice("WRK_RESULT ".length));
    const total = r.requests + r.socketErrors;
    const failed = r.failed + r.socketErrors;
    return {
      rps: r.requests / (r.durationUs / 1e6),
      p50: r.p50Us / 1000,
      p99: r.p99Us / 1000,
      total,
      ok: total - failed,
      failed,
      errorRate: total === 0 ? 1 : failed / total,
      firstErrors: r.first ? [r.first] : [],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
