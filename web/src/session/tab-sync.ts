import type { TokenPair } from "./auth-api";

/**
 * What the tabs of one browser tell each other, and the lock that lets one of them refresh
 * at a time. All tabs share one refresh cookie: two refreshes at once would present the
 * same token twice (the server's reuse interval forgives that, but with
 * REFRESH_TOKEN_REUSE_INTERVAL=0 it is a theft, and it costs a rotation either way).
 *
 * - Web Locks: `withLock` runs its work while no other tab of the origin runs one. Without
 *   them (an old browser), the work runs at once and the reuse interval covers the race.
 * - BroadcastChannel: a tab that signs in or refreshes shares the new access token, so the
 *   others need no refresh of their own; one that signs out, or whose refresh ends the
 *   session, tells the others to drop theirs. Without it, each tab learns on its own request.
 */

export type TabMessage =
  /** `deadline`: when the access token is due for a refresh, by the browser's clock (shared by its tabs). */
  | { type: "tokens"; pair: TokenPair; deadline: number }
  /** `sessionId`: the session that ended (tokens of it that arrive later are stale). */
  | { type: "signed-out"; reason: string; sessionId: string | null };

export interface TabSync {
  withLock<T>(work: () => Promise<T>): Promise<T>;
  post(message: TabMessage): void;
  /** Messages from the other tabs (never this tab's own). */
  subscribe(listener: (message: TabMessage) => void): () => void;
  close(): void;
}

const NAME = "graphql-auth-api.session";

export interface BrowserTabSyncOptions {
  locks?: LockManager | undefined;
  channel?: BroadcastChannel | undefined;
}

export function createTabSync({
  locks = globalThis.navigator?.locks,
  channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(NAME) : undefined,
}: BrowserTabSyncOptions = {}): TabSync {
  const listeners = new Set<(message: TabMessage) => void>();
  const receive = (event: MessageEvent<TabMessage>) => {
    for (const listener of listeners) listener(event.data);
  };
  channel?.addEventListener("message", receive);

  return {
    withLock: (work) => (locks ? (locks.request(NAME, work) as Promise<Awaited<ReturnType<typeof work>>>) : work()),
    post: (message) => channel?.postMessage(message),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      channel?.removeEventListener("message", receive);
      channel?.close();
      listeners.clear();
    },
  };
}
