import "reflect-metadata";
import cluster from "node:cluster";
import { createApp } from "./app.js";
import { runPrimary } from "./server/cluster.js";
import { ConfigError, loadConfig } from "./config/config.js";
import { createLogger, prettyDestination, wantsPrettyLogs } from "./lib/logger.js";

const config = (() => {
  try {
    // Workers read what the primary generated; only the primary warns.
    const warn = cluster.isPrimary ? (message: string) => console.warn(`warning: ${message}`) : () => {};
    return loadConfig(process.env, { warn });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`Invalid configuration: ${problem}`);
    process.exit(1);
  }
})();

const pretty = wantsPrettyLogs({ isProduction: config.isProduction, isTTY: process.stdout.isTTY === true });
const logger = createLogger(config.logLevel, pretty ? await prettyDestination() : undefined);
if (config.webConcurrency > 1 && cluster.isPrimary) {
  await runPrimary(config, logger);
} else {
  await serve();
}

/** One server: start, then stop cleanly on SIGTERM/SIGINT (finish requests in flight, exit 0). */
async function serve(): Promise<void> {
  try {
    const app = await createApp({ config, logger });
    logger.info(
      { event: "server.started", url: app.url, env: config.env, pid: process.pid },
      `GraphQL API ready at ${app.url}`,
    );
    let signalled = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (signalled) return;
      signalled = true;
      logger.info({ event: "server.stopping", signal }, "server.stopping");
      app.stop().then(
        () => {
          logger.info({ event: "server.stopped", pid: process.pid }, "server.stopped");
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, "server.stop_failed");
          process.exit(1);
        },
      );
    };
    process.on("SIGTERM", shutdown);
    process.on("SIGINT", shutdown);
  } catch (error) {
    logger.fatal({ err: error }, "server.start_failed");
    process.exit(1);
  }
}
