import "reflect-metadata";
import cluster from "node:cluster";
import { createApp } from "./app.js";
import { runPrimary } from "./server/cluster.js";
import { onStopRequest } from "./server/lifecycle.js";
import { describeStartFailure } from "./server/start-failure.js";
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
  await runPrimary(config, logger).catch(failToStart);
} else {
  await serve();
}

/** One clear line, as for bad configuration; the details go to the log at debug. */
function failToStart(error: unknown): never {
  logger.debug({ err: error }, "server.start_failed");
  console.error(`Could not start: ${describeStartFailure(error, config)}`);
  process.exit(1);
}

/** One server: start, then stop cleanly when asked (finish requests in flight, exit 0). */
async function serve(): Promise<void> {
  const app = await createApp({ config, logger }).catch(failToStart);
  logger.info({ event: "server.started", url: app.url, env: config.env, pid: process.pid }, `GraphQL API ready at ${app.url}`);
  logger.flush(); // at once: scripts and operators wait for this line
  onStopRequest((reason) => {
    logger.info({ event: "server.stopping", reason }, "server.stopping");
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
  });
}
