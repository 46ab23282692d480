import { describe, expect, it, vi } from "vitest";
import { QueueFullError, Semaphore } from "../../src/lib/semaphore.js";

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Tasks the test finishes by hand, recording which started and how many ran at once. */
class Tasks {
  readonly started: string[] = [];
  running = 0;
  peak = 0;
  private readonly finishers = new Map<string, { resolve: (value: string) => void; reject: (error: Error) => void }>();

  task(name: string): () => Promise<string> {
    return async () => {
      this.started.push(name);
      this.running += 1;
      this.peak = Math.max(this.peak, this.running);
      try {
        return await new Promise<string>((resolve, reject) => this.finishers.set(name, { resolve, reject }));
      } finally {
        this.running -= 1;
      }
    };
  }

  async finish(name: string): Promise<void> {
    this.finisher(name).resolve(name);
    await settle();
  }

  async fail(name: string, error: Error): Promise<void> {
    this.finisher(name).reject(error);
    await settle();
  }

  private finisher(name: string) {
    const finisher = this.finishers.get(name);
    if (!finisher) throw new Error(`${name} has not started`);
    return finisher;
  }
}

describe("Semaphore", () => {
  it("runs at most `permits` tasks at once and queues the rest", async () => {
    const semaphore = new Semaphore(2);
    const tasks = new Tasks();
    const names = ["a", "b", "c", "d", "e"];
    const results = Promise.all(names.map((name) => semaphore.run(tasks.task(name))));
    await settle();
    expect(tasks.started).toEqual(["a", "b"]);
    expect(semaphore.queued).toBe(3);

    await tasks.finish("a");
    expect(tasks.started).toEqual(["a", "b", "c"]);
    expect(tasks.running).toBe(2);
    for (const name of ["b", "c", "d", "e"]) await tasks.finish(name);

    expect(await results).toEqual(names);
    expect(tasks.peak).toBe(2);
    expect(semaphore.queued).toBe(0);
  });

  it("starts waiters in the order they arrived", async () => {
    const semaphore = new Semaphore(1);
    const tasks = new Tasks();
    const names = ["first", "w1", "w2", "w3", "w4"];
    const runs = names.map((name) => semaphore.run(tasks.task(name)));
    await settle();
    for (const name of names) await tasks.finish(name);
    expect(tasks.started).toEqual(names);
    expect(await Promise.all(runs)).toEqual(names);
  });

  it("releases the permit of a task that throws, to a waiter and afterwards", async () => {
    const semaphore = new Semaphore(1);
    const tasks = new Tasks();
    const failing = semaphore.run(tasks.task("failing"));
    const rejected = expect(failing).rejects.toThrow("boom");
    const waiter = semaphore.run(tasks.task("waiter"));
    await settle();
    expect(tasks.started).toEqual(["failing"]);

    await tasks.fail("failing", new Error("boom"));
    await rejected;
    expect(tasks.started).toEqual(["failing", "waiter"]);
    await tasks.finish("waiter");
    expect(await waiter).toBe("waiter");

    // A task that throws synchronously gives its permit back too.
    const syncThrow = (() => {
      throw new Error("sync boom");
    }) as () => Promise<never>;
    await expect(semaphore.run(syncThrow)).rejects.toThrow("sync boom");
    expect(await semaphore.run(async () => "free again")).toBe("free again");
  });

  it("refuses at once with QueueFullError when maxQueue tasks already wait, without running the task", async () => {
    const semaphore = new Semaphore(1, 2);
    const tasks = new Tasks();
    const accepted = ["running", "w1", "w2"].map((name) => semaphore.run(tasks.task(name)));
    await settle();
    expect(semaphore.queued).toBe(2);

    const overflow = vi.fn(async () => "never");
    const outcome = vi.fn();
    semaphore.run(overflow).then(outcome, outcome);
    await settle(); // nothing has finished: a refusal now did not wait for a permit
    expect(outcome).toHaveBeenCalledOnce();
    expect(outcome.mock.calls[0]?.[0]).toBeInstanceOf(QueueFullError);
    expect(overflow).not.toHaveBeenCalled();
    expect(semaphore.queued).toBe(2);

    for (const name of ["running", "w1", "w2"]) await tasks.finish(name);
    expect(await Promise.all(accepted)).toEqual(["running", "w1", "w2"]);
    expect(await semaphore.run(async () => "room again")).toBe("room again");
  });

  it("hands a finished task's permit to the next waiter without freeing an extra one", async () => {
    const semaphore = new Semaphore(1);
    const tasks = new Tasks();
    const first = semaphore.run(tasks.task("first"));
    const second = semaphore.run(tasks.task("second"));
    await settle();

    await tasks.finish("first");
    expect(await first).toBe("first");
    expect(tasks.started).toEqual(["first", "second"]);

    // "second" holds the one permit it was handed: a newcomer must wait for it.
    const third = semaphore.run(tasks.task("third"));
    await settle();
    expect(tasks.started).toEqual(["first", "second"]);
    expect(semaphore.queued).toBe(1);

    await tasks.finish("second");
    expect(tasks.started).toEqual(["first", "second", "third"]);
    expect(tasks.peak).toBe(1);
    await tasks.finish("third");
    expect(await Promise.all([second, third])).toEqual(["second", "third"]);
  });
});
