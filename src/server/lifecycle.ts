/**
 * When the server should stop: SIGTERM or SIGINT, or its parent process going away. The
 * last is for `npm start`: npm exits on SIGTERM without passing it on, so a supervisor that
 * signals npm would otherwise leave the server running as an orphan. Whichever process is
 * signalled, the server then stops the same clean way (finish requests in flight, close
 * the database, exit 0).
 */

export type StopReason = NodeJS.Signals | "parent_exited";

/** How often the parent is looked for; the timer never keeps the process alive. */
const PARENT_POLL_MS = 500;

export function onStopRequest(stop: (reason: StopReason) => void): void {
  let requested = false;
  const once = (reason: StopReason) => {
    if (requested) return;
    requested = true;
    clearInterval(watch);
    stop(reason);
  };
  process.on("SIGTERM", () => once("SIGTERM"));
  process.on("SIGINT", () => once("SIGINT"));
  const parent = process.ppid;
  // A process started by init (a container's PID 1, systemd) has no parent to lose.
  const watch = setInterval(() => {
    if (parent !== 1 && process.ppid !== parent) once("parent_exited");
  }, PARENT_POLL_MS);
  watch.unref();
}
