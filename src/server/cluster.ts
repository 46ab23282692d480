import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import { createOrm } from "../db/orm.js";
import { onStopRequest } from "./lifecycle.js";

/**
 * WEB_CONCURRENCY=N: the primary migrates the database once, then runs N workers that share
 * the port (Node's cluster module); a worker that dies is replaced. SIGTERM/SIGINT (or the
 * parent going away) stop every worker cleanly (each finishes its requests in flight), then the primary exits 0.
 */
export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  // Once, before any worker starts, so workers never race each other's migrations.
  await (await createOrm(config.databaseUrl, logger)).close();

  let stopping = false;
  const start = (): Worker => cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info({ event: "cluster.stopped" }, "cluster.stopped");
        process.exit(0);
      }
      return;
    }
    logger.error({ event: "cluster.worker_died", pid: worker.process.pid, code, signal }, "cluster.worker_died");
    start();
  });
  for (let i = 0; i < config.webConcurrency; i++) start();
  logger.info({ event: "cluster.started", workers: config.webConcurrency, pid: process.pid }, "cluster.started");
  logger.flush();

  onStopRequest((reason) => {
    stopping = true;
    logger.info({ event: "cluster.stopping", reason }, "cluster.stopping");
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker?.process.kill("SIGTERM");
  });
}
