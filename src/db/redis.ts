import type { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * The Redis client for shared throttling. Commands fail at once while Redis is away (no
 * offline queue, one try) so that a dead Redis costs a log line, not a hung request.
 * ioredis is loaded only when REDIS_URL is set (~5 MiB otherwise spent for nothing).
 */
export async function createRedis(url: string, logger: Logger): Promise<Redis> {
  const { Redis } = await import("ioredis");
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  let down = false;
  client.on("error", (error) => {
    if (!down) logger.error({ event: "redis.unavailable", err: error }, "redis.unavailable");
    down = true;
  });
  client.on("ready", () => {
    if (down) logger.info({ event: "redis.available" }, "redis.available");
    down = false;
  });
  return client;
}
