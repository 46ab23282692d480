/**
 * Runs `task` after `firstDelay` milliseconds, then `interval` after each run has ended (runs
 * never overlap), until `stop()`. The timer never keeps the process alive; a run that fails
 * is the task's to report, and the next one is scheduled all the same. The background
 * loops of the server (the mail worker's polls, the pruner) share this.
 */
export function repeatEvery(interval: number, task: () => Promise<unknown>, firstDelay = interval): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      void task()
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) schedule(interval);
        });
    }, delay);
    timer.unref();
  };
  schedule(firstDelay);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
