import type { MikroORM } from "@mikro-orm/core";
import type { Logger } from "pino";
import { LinkToken, Session } from "../entities/index.js";
import type { Clock } from "../lib/clock.js";
import { repeatEvery } from "../lib/repeat.js";

/**
 * Deletes what no request can use any more, so that the tables do not grow without bound:
 * sessions that ended (expired or revoked) more than `keepFor` ago, with their retired
 * refresh tokens (ON DELETE CASCADE), and link tokens expired as long. Ended sessions are
 * kept a while so that a late refresh still hears SESSION_EXPIRED or SESSION_REVOKED
 * rather than REFRESH_TOKEN_INVALID. Deleted in batches by id, each its own short
 * statement: a large backlog never holds a long lock. Safe to run in every instance at
 * once (a row deleted twice is deleted once).
 */

export interface PrunePolicy {
  /** Seconds an ended session (and an expired link) is kept. */
  keepFor: number;
  /** Rows per delete statement. */
  batch: number;
}

export const DEFAULT_PRUNE_POLICY: PrunePolicy = { keepFor: 7 * 86_400, batch: 1000 };

export interface PruneResult {
  sessions: number;
  links: number;
}

export class SessionPruner {
  private readonly policy: PrunePolicy;
  private runs: { stop(): void } | undefined;
  private running: Promise<PruneResult> | undefined;
  private stopped = false;

  constructor(
    private readonly options: {
      orm: MikroORM;
      clock: Clock;
      logger: Logger;
      /** Milliseconds between runs; null: only by hand (prune()). */
      interval: number | null;
      policy?: Partial<PrunePolicy>;
    },
  ) {
    this.policy = Object.assign({}, DEFAULT_PRUNE_POLICY, options.policy);
  }

  /** The first run a minute or so after start (not all instances at once), then every interval. */
  start(): void {
    const { interval } = this.options;
    if (interval === null || this.stopped) return;
    this.runs = repeatEvery(interval, () => this.prune(), Math.min(interval, 30_000 + Math.random() * 60_000));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.runs?.stop();
    await this.running?.catch(() => undefined);
  }

  /** One run; never overlaps itself. Logs `auth.pruned` when it deleted anything, `auth.prune_failed` when the database failed it. */
  prune(): Promise<PruneResult> {
    return (this.running ??= this.run().finally(() => (this.running = undefined)));
  }

  private async run(): Promise<PruneResult> {
    const { clock, logger } = this.options;
    const before = new Date(clock.now().getTime() - this.policy.keepFor * 1000);
    try {
      // Two queries, each on its own index: an OR of the two lets a planner with statistics
      // (and a LIMIT) fall back to scanning the table.
      const sessions =
        (await this.inBatches(Session, { expiresAt: { $lt: before } })) + (await this.inBatches(Session, { revokedAt: { $lt: before } }));
      const links = await this.inBatches(LinkToken, { expiresAt: { $lt: before } });
      if (sessions + links > 0) logger.info({ event: "auth.pruned", sessions, links }, "auth.pruned");
      return { sessions, links };
    } catch (error) {
      // No message: it may quote the SQL and its values.
      logger.error({ event: "auth.prune_failed", error: (error as Error).name }, "auth.prune_failed");
      throw error;
    }
  }

  private async inBatches(entity: typeof Session | typeof LinkToken, where: object): Promise<number> {
    let deleted = 0;
    for (;;) {
      const em = this.options.orm.em.fork();
      const ids = (await em.find(entity, where, { fields: ["id"], limit: this.policy.batch, disableIdentityMap: true })).map((row) => row.id);
      if (ids.length === 0 || this.stopped) return deleted;
      deleted += await em.nativeDelete(entity, { id: { $in: ids } });
      if (ids.length < this.policy.batch) return deleted;
    }
  }
}
