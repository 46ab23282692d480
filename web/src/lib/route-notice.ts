/**
 * A confirmation handed to the next page with the navigation to it (`navigate(to, { state:
 * withNotice(text) })`), for an action whose own page is gone once it succeeds (a deleted
 * account's Account page). The layout shows it above the page.
 */
export function withNotice(text: string): { notice: string } {
  return { notice: text };
}

/** The notice in a location's state, if it carries one. */
export function noticeOf(state: unknown): string | null {
  if (typeof state !== "object" || state === null || !("notice" in state)) return null;
  return typeof state.notice === "string" && state.notice !== "" ? state.notice : null;
}
