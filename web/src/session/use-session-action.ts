import { useEffect, useMemo, useState, type RefObject } from "react";
import { apiErrorsOf, splitByField, type ApiError } from "../lib/graphql-errors";

interface Failure {
  errors: readonly ApiError[];
  /** What had focus when the form was sent: the busy (disabled) button drops it. */
  focused: Element | null;
}

/**
 * Runs one of the session's actions (sign in, register, change password) for a form: busy
 * while it runs, its errors by field after (AuthApiError's, or the network's).
 *
 * After a failure the first field in error (in `formRef`) gets the focus; with none, focus goes back to
 * where it was if disabling the button dropped it, and stays put otherwise.
 */
export function useSessionAction<Args extends unknown[]>(action: (...args: Args) => Promise<void>, formRef?: RefObject<HTMLFormElement | null>) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const split = useMemo(() => splitByField(failure?.errors ?? []), [failure]);

  useEffect(() => {
    if (!failure) return;
    const invalid = formRef?.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else if (document.activeElement === document.body && failure.focused instanceof HTMLElement) failure.focused.focus();
  }, [failure, formRef]);

  /** Resolves whether the action succeeded. */
  async function run(...args: Args): Promise<boolean> {
    const focused = document.activeElement;
    setBusy(true);
    setFailure(null);
    try {
      await action(...args);
      return true;
    } catch (error) {
      setFailure({ errors: apiErrorsOf(error), focused });
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { run, busy, fields: split.fields, other: split.other };
}
