import { useCallback, useEffect, useRef } from "react";

/**
 * `schedule()` runs `work` once changes pause for `delay` ms; `cancel()` drops a scheduled
 * run (the caller runs `work` itself on blur or Enter). Nothing runs after unmount.
 */
export function useDebounced(work: () => void, delay: number) {
  const latest = useRef(work);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    latest.current = work;
  });
  const cancel = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  const schedule = useCallback(() => {
    cancel();
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, delay);
  }, [cancel, delay]);
  useEffect(() => cancel, [cancel]);
  return { schedule, cancel };
}
