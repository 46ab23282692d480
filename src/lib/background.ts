import type { Logger } from "pino";

/**
 * Work a request starts and does not wait for (requestPasswordReset: so that the answer
 * takes the same time whether or not there is anything to do). At most `limit` tasks at
 * once: past it a task is dropped and logged, never queued without bound. `settled()`
 * waits for every task started so far: the server's stop, and tests.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: { logger: Logger; limit?: number }) {}

  /** Starts `task` (its failure is logged as `event`.failed); false when too many run already. */
  start(event: string, task: () => Promise<void>): boolean {
    if (this.running.size >= (this.options.limit ?? 1000)) {
      this.options.logger.warn({ event: `${event}.dropped`, running: this.running.size }, `${event}.dropped`);
      return false;
    }
    // After the answer is written, not among the microtasks that write it: on SQLite, whose
    // queries are synchronous, the task would otherwise delay the answer it must not show in.
    const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .catch((error: unknown) => this.options.logger.error({ event: `${event}.failed`, err: error }, `${event}.failed`))
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return true;
  }

  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
