/**
 * At most `permits` tasks at a time; the rest wait in arrival order (fair). A full queue
 * refuses at once rather than letting waiters pile up without bound.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly permits: number,
    readonly maxQueue = Infinity,
  ) {}

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` when a permit is free; throws QueueFullError when too many already wait. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.permits) {
      if (this.waiting.length >= this.maxQueue) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the permit passes straight to the next in line
      else this.active -= 1;
    }
  }
}

export class QueueFullError extends Error {
  constructor() {
    super("queue full");
    this.name = "QueueFullError";
  }
}
