// Child processes of the benchmark: start one, wait for the line that says it is ready,
// stop it with SIGTERM and wait for it to exit.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";
import { clearTimeout, setTimeout } from "node:timers";
import { setTimeout as sleep } from "node:timers/promises";

const READY_TIMEOUT_MS = 30_000;

/**
 * Spawns `node <script> ...args` and resolves when a stdout line passes `isReady`.
 * Resolves to { child, line, stop }. Keeps the last output for the error message.
 */
export function startNode(script, args, { env, isReady, name = script, execArgv = [] }) {
  const child = spawn(process.execPath, [...execArgv, script, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  const tail = [];
  const keep = (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
  };
  createInterface({ input: child.stderr }).on("line", keep);
  const stop = () => stopChild(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name}: not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const fail = (error) => {
      clearTimeout(timer);
      stop().finally(() => reject(new Error(`${error.message}\n${tail.join("\n")}`)));
    };
    let ready = false;
    createInterface({ input: child.stdout }).on("line", (line) => {
      keep(line);
      if (!ready && isReady(line)) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, line, stop });
      }
    });
    child.once("exit", (code, signal) => {
      if (!ready) fail(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
    });
  });
}

/** SIGTERM, then wait; SIGKILL if it has not exited after 10 s. */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
  if (timedOut) {
    child.kill("SIGKILL");
    await exited;
  }
}

/** Runs `node <script> ...args` to completion with `input` on stdin; resolves to stdout. */
export function runNode(script, args, { env, input = "" }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}: ${err.trim()}`))));
    child.stdin.end(input);
  });
}

/** Peak resident set size (VmHWM) of a live process, in MiB; null where /proc is missing. */
export function peakRssMiB(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/**
 * Starts a new peak: VmHWM falls back to the current RSS (Linux's clear_refs "5"), so the
 * next peakRssMiB is the peak of what ran in between. False where that is not possible.
 */
export function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}
