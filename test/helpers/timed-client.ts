import { Worker } from "node:worker_threads";

/**
 * A GraphQL client on a thread of its own that times each request from its first byte sent
 * to its last byte received. A client in the test's own thread would share the server's
 * event loop, and count as the answer's time whatever the server does after answering.
 */
export interface TimedClient {
  /** POSTs `{ query, variables }` to `url`; `ms` is the time the answer took. */
  post(url: string, query: string, variables?: Record<string, unknown>): Promise<{ ms: number; status: number; body: unknown }>;
  close(): Promise<void>;
}

const WORKER = `
const { parentPort } = require("node:worker_threads");
const { performance } = require("node:perf_hooks");
parentPort.on("message", async ({ id, url, payload }) => {
  try {
    const started = performance.now();
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: payload });
    const text = await response.text();
    const ms = performance.now() - started;
    parentPort.postMessage({ id, ms, status: response.status, text });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
`;

export function startTimedClient(): TimedClient {
  const worker = new Worker(WORKER, { eval: true });
  const waiting = new Map<number, (reply: { ms: number; status: number; text: string } | { error: string }) => void>();
  let seq = 0;
  worker.on("message", (reply: { id: number }) => {
    waiting.get(reply.id)?.(reply as never);
    waiting.delete(reply.id);
  });
  return {
    async post(url, query, variables = {}) {
      const id = ++seq;
      const reply = await new Promise<{ ms: number; status: number; text: string } | { error: string }>((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage({ id, url, payload: JSON.stringify({ query, variables }) });
      });
      if ("error" in reply) throw new Error(reply.error);
      return { ms: reply.ms, status: reply.status, body: JSON.parse(reply.text) as unknown };
    },
    async close() {
      await worker.terminate();
    },
  };
}
