import "reflect-metadata";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";

const config = (() => {
  try {
    return loadConfig(process.env, { warn: (message) => console.warn(`warning: ${message}`) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`Invalid configuration: ${problem}`);
    process.exit(1);
  }
})();

const logger = createLogger(config.logLevel);
try {
  const app = await createApp({ config, logger });
  logger.info({ event: "server.started", url: app.url, env: config.env }, `GraphQL API ready at ${app.url}`);
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ event: "server.stopping", signal }, "server.stopping");
    app.stop().then(
      () => {
        logger.info({ event: "server.stopped" }, "server.stopped");
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
